"""The Sekber monitoring page: which kecamatan have an active team, trained staff, timely data
and a signed report, inside the user's scope only."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import KEMIRI, PITURUH
from tests.csv_excel import baca_csv
from tests.pelaporan.conftest import waktu

pytestmark = pytest.mark.django_db

GRABAG = "33.06.01"


@pytest.fixture
def tepat_semua(db):
    """Grabag submitted all 12 months × sectors of TW I 2025 on time; Pituruh's report is
    signed."""
    from layanan_dasar.models import Pengajuan

    for sektor in ("pendidikan", "kesehatan", "pu", "sosial"):
        for m in (1, 2, 3):
            Pengajuan.objects.create(
                kecamatan_id=GRABAG,
                sektor=sektor,
                bulan=dt.date(2025, m, 1),
                status="diajukan",
                diajukan_pada=waktu(2025, m + 1, 2, 9, 0),
            )


@pytest.fixture
def ditandatangani(camat):
    from pelaporan.models import LaporanTriwulan

    LaporanTriwulan.objects.create(
        kecamatan_id=PITURUH,
        periode=dt.date(2025, 1, 1),
        narasi="n",
        status="ditandatangani",
        data_beku={},
        ditandatangani_oleh=camat,
        ditandatangani_pada=waktu(2025, 4, 10, 9, 0),
    )


def _url(**q):
    from urllib.parse import urlencode

    return reverse("pelaporan:monitoring") + "?" + urlencode({"tw": "2025-1", **q})


def test_sekber_kabupaten_sees_its_kecamatan_with_what_it_monitors(
    data_buatan, tepat_semua, ditandatangani, sekber_kabupaten, klien, hari_laporan
):
    from wilayah.models import Kecamatan

    r = klien(sekber_kabupaten).get(_url())
    assert r.status_code == 200
    n = Kecamatan.objects.aktif().filter(kode__startswith="33.06.").count()
    assert r.context["ringkasan"] == {
        "total": n,
        "tim_aktif": 1,
        "terlatih": 2,  # Pituruh and Kemiri trained kecamatan staff
        "ditandatangani": 1,
        "tepat_waktu": 1,  # Grabag: all 12 on time
        "meninjau_rencana": 2,  # Pituruh (2 decisions) and Kemiri (1)
        "rencana_terlambat": 1,  # Pituruh: desa B's plan waits past its due date
        "pengajuan_diharapkan": 12,
    }
    baris = {row.record.kode: row for row in r.context["table"].rows}
    assert set(baris) <= {k for k in baris if k.startswith("33.06.")}
    pituruh = baris[PITURUH].record
    assert (pituruh.tim_aktif, pituruh.modul_dilatih, pituruh.staf_dilatih) == (True, 3, 4)
    assert (pituruh.rapat_triwulan, pituruh.status_laporan) == (2, "ditandatangani")
    assert (pituruh.rencana_ditinjau, pituruh.rencana_terlambat) == (2, 1)
    assert r.context["table"].peta_ketepatan[PITURUH] == (4, 3)
    html = r.content.decode()
    assert "3/12" in html and "12/12" in html


def test_filters_by_team_and_report(
    data_buatan, ditandatangani, sekber_provinsi, klien, hari_laporan
):
    c = klien(sekber_provinsi)
    r = c.get(_url(tim_aktif="true"))
    assert [row.record.kode for row in r.context["table"].rows] == [PITURUH]
    assert r.context["ringkasan"]["total"] == 1
    r = c.get(_url(kabupaten="33.06", status_laporan="belum", nama="kemiri"))
    assert [row.record.kode for row in r.context["table"].rows] == [KEMIRI]
    # A province monitor cannot widen the list to another province.
    r = c.get(_url(kabupaten="32.01"))
    assert r.context["ringkasan"]["total"] > 0 and all(
        row.record.kode.startswith("33.") for row in r.context["table"].rows
    )


def test_camat_sees_only_its_own_kecamatan_and_sector_staff_nothing(
    data_buatan, camat_luar, upt_kesehatan, operator_desa, klien, hari_laporan
):
    r = klien(camat_luar).get(_url())
    assert [row.record.kode for row in r.context["table"].rows] == [KEMIRI]
    assert klien(upt_kesehatan).get(_url()).status_code == 404
    assert klien(operator_desa).get(_url()).status_code == 404


def test_monitoring_query_count_does_not_grow_with_kecamatan(
    data_buatan, sekber_nasional, sekber_kabupaten, klien, django_assert_max_num_queries
):
    # session, user with penugasan; count + page of kecamatan (subqueries); the scope's
    # timeliness (the page's rows and the summary read it); the summary's rows; the filter's
    # choice lists (province and kabupaten at the nation; breadcrumbs below it). No query per
    # kecamatan.
    for user in (sekber_kabupaten, sekber_nasional):
        c = klien(user)
        with django_assert_max_num_queries(8):
            assert c.get(_url()).status_code == 200


def test_monitoring_exports(data_buatan, sekber_kabupaten, klien, hari_laporan):
    r = klien(sekber_kabupaten).get(_url(format="xlsx"))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rows = {row[0]: row for row in wb.active.iter_rows(min_row=2, values_only=True)}
    assert rows[PITURUH][3:13] == ("Ya", 3, 4, 4, 3, 12, 2, 2, 1, "Belum dibuat")
    assert all(k.startswith("33.06.") for k in rows)
    r = klien(sekber_kabupaten).get(_url(format="csv"))
    rows = {row[0]: row for row in baca_csv(r)[1:]}
    assert rows[PITURUH][3:6] == ["Ya", "3", "4"]
