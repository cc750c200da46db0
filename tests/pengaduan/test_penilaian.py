"""Community ratings beside a village's service indicators."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan_dasar.models import AgregatIndikator, DataElemen, Indikator
from pengaduan import services
from tests.conftest import DESA_KEMIRI, DESA_PITURUH
from wilayah.models import Desa

pytestmark = pytest.mark.django_db


def _indikator(kode, sektor, target=100):
    pembilang = DataElemen.objects.create(kode=f"{kode}-p", nama=f"{kode} dilayani", sektor=sektor)
    penyebut = DataElemen.objects.create(kode=f"{kode}-s", nama=f"{kode} sasaran", sektor=sektor)
    return Indikator.objects.create(
        kode=kode,
        nama=f"Indikator {kode}",
        sektor=sektor,
        kelompok=Indikator.Kelompok.SPM,
        pembilang=pembilang,
        penyebut=penyebut,
        target=target,
    )


def _agregat(ind, periode, pembilang, penyebut, desa=DESA_PITURUH):
    return AgregatIndikator.objects.create(
        indikator=ind,
        tingkat="desa",
        wilayah_kode=desa,
        jenis_periode="tahun",
        periode=periode,
        pembilang=pembilang,
        penyebut=penyebut,
        nilai=None if pembilang is None else Decimal(pembilang * 100) / penyebut,
        desa_lapor=1,
        desa_diharapkan=1,
        dihitung_pada=timezone.now(),
    )


@pytest.fixture
def katalog():
    bumil = _indikator("bumil", "kesehatan")
    balita = _indikator("balita", "kesehatan")
    air = _indikator("air-minum", "pu")
    _indikator("paud", "pendidikan")  # no aggregate rows yet
    _agregat(bumil, date(2024, 1, 1), 40, 50)
    _agregat(bumil, date(2025, 1, 1), 45, 50)  # the latest year wins
    _agregat(balita, date(2025, 1, 1), 120, 120)
    _agregat(air, date(2025, 1, 1), 90, 100)
    _agregat(air, date(2025, 1, 1), 10, 100, desa=DESA_KEMIRI)  # another village
    return {"bumil": bumil, "balita": balita, "air": air}


@pytest.fixture
def penilaian():
    desa = Desa.objects.get(kode=DESA_PITURUH)
    for nilai in (5, 4, 4, 1):
        services.penilaian_buat(desa=desa, sektor="kesehatan", nilai=nilai)
    services.penilaian_buat(desa=desa, sektor="pu", nilai=2, komentar="Air sering mati.")
    lain = Desa.objects.get(kode=DESA_KEMIRI)
    services.penilaian_buat(desa=lain, sektor="pu", nilai=5)


def test_the_village_page_puts_ratings_beside_the_latest_indicators(
    klien, camat, katalog, penilaian
):
    r = klien(camat).get(reverse("pengaduan:desa", args=[DESA_PITURUH]))
    assert r.status_code == 200
    ringkas = {x["kode"]: x for x in r.context["ringkas"]}
    # Mean as sum ÷ count: (5 + 4 + 4 + 1) / 4.
    assert (ringkas["kesehatan"]["n"], ringkas["kesehatan"]["rata"]) == (4, 3.5)
    assert ringkas["kesehatan"]["sebaran_list"] == [1, 0, 0, 2, 1]
    assert (ringkas["pu"]["n"], ringkas["pu"]["rata"]) == (1, 2.0)  # Kemiri's 5 not counted
    assert ringkas["sosial"]["n"] == 0 and ringkas["sosial"]["rata"] is None
    sektor = {s["kode"]: s for s in r.context["sektor"]}
    baris = {b["indikator"].kode: b for b in sektor["kesehatan"]["baris"]}
    assert baris["bumil"]["agregat"].periode == date(2025, 1, 1)
    assert baris["bumil"]["agregat"].nilai == Decimal("90")
    assert baris["bumil"]["capai_target"] is False
    assert baris["balita"]["capai_target"] is True
    assert sektor["pu"]["baris"][0]["agregat"].pembilang == 90
    assert sektor["pendidikan"]["baris"][0]["agregat"] is None
    html = r.content.decode()
    assert 'data-grafik="grafik-penilaian"' in html
    assert "belum ada data" in html
    assert "Air sering mati." in html


def test_without_any_aggregate_the_page_says_there_is_no_data_yet(klien, camat):
    _indikator("bumil", "kesehatan")
    r = klien(camat).get(reverse("pengaduan:desa", args=[DESA_PITURUH]))
    assert r.status_code == 200
    assert "belum ada data" in r.content.decode()


def test_the_village_page_is_scoped(
    klien, camat_luar, operator_desa, buat_pengguna, upt_kesehatan, katalog, penilaian
):
    url = reverse("pengaduan:desa", args=[DESA_PITURUH])
    assert klien(camat_luar).get(url).status_code == 404
    assert klien(operator_desa).get(url).status_code == 200
    assert (
        klien(operator_desa).get(reverse("pengaduan:desa", args=["33.06.11.2002"])).status_code
        == 404
    )
    r = klien(upt_kesehatan).get(url)
    assert {x["kode"] for x in r.context["ringkas"]} == {"kesehatan"}
    assert [s["kode"] for s in r.context["sektor"]] == ["kesehatan"]
    assert "Air sering mati." not in r.content.decode()


def test_the_village_page_query_count_is_fixed(
    klien, camat, katalog, penilaian, django_assert_max_num_queries
):
    c = klien(camat)
    # session, user, assignment, village, ratings GROUP BY, aggregates (latest period per
    # indicator in one correlated query), indicator catalogue, comments, breadcrumbs, the
    # aggregates' status (latest run, pending marks) and the menu's role label (base.html).
    with django_assert_max_num_queries(12):
        c.get(reverse("pengaduan:desa", args=[DESA_PITURUH]))


def test_the_village_page_says_how_current_the_indicators_are(
    klien, camat, katalog, status_agregat_uji
):
    import datetime as dt

    status_agregat_uji(dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_PITURUH])
    html = klien(camat).get(reverse("pengaduan:desa", args=[DESA_PITURUH])).content.decode()
    assert "Data per 1 Jun 2025 10.00" in html
    assert 'data-testid="agregat-tertunda"' in html
    html = klien(camat).get(reverse("pengaduan:desa", args=["33.06.11.2002"])).content.decode()
    assert "Data per 1 Jun 2025 10.00" in html
    assert 'data-testid="agregat-tertunda"' not in html  # nothing pending in that village
