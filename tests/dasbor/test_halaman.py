"""Dashboard pages on PostgreSQL: scope (every page and export, with outsiders), the numbers each
chart shows against the aggregate table, and a query count that does not grow with villages."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan_dasar.dasbor.hitung import angka
from layanan_dasar.models import AgregatIndikator
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, KEMIRI, PITURUH
from tests.dasbor.conftest import PERIODE, SEBELUMNYA
from wilayah.models import Desa, Peran

pytestmark = pytest.mark.django_db


def _nilai(kode, ind, periode=PERIODE, jenis="bulan"):
    a = AgregatIndikator.objects.get(
        wilayah_kode=kode, indikator=ind, periode=periode, jenis_periode=jenis
    )
    return None if a.nilai is None else float(a.nilai)


@pytest.fixture
def data(katalog, isi_agregat):
    isi_agregat(katalog, tanpa_desa=("33.06.11.2003",))
    return katalog


# --- scope --------------------------------------------------------------------------------------


def _halaman(katalog):
    return [
        reverse("dasbor:kecamatan", args=[PITURUH]),
        reverse("dasbor:upt", args=[PITURUH]),
        reverse("dasbor:desa", args=[DESA_PITURUH]),
        reverse("dasbor:indikator", args=[PITURUH, katalog[2].kode]),
    ]


def test_camat_sees_own_pages_and_gets_404_outside(klien, camat, data):
    c = klien(camat)
    for url in _halaman(data):
        assert c.get(url).status_code == 200, url
    for url in [
        reverse("dasbor:kecamatan", args=[KEMIRI]),
        reverse("dasbor:upt", args=[KEMIRI]),
        reverse("dasbor:desa", args=[DESA_KEMIRI]),
        reverse("dasbor:indikator", args=[KEMIRI, data[2].kode]),
        reverse("dasbor:pantau", args=["33.06"]),
        reverse("dasbor:pantau", args=["33"]),
    ]:
        assert c.get(url).status_code == 404, url


def test_outsider_camat_gets_404_on_every_page_and_export(klien, camat_luar, data):
    c = klien(camat_luar)
    for url in _halaman(data):
        assert c.get(url).status_code == 404, url
        assert c.get(url, {"ekspor": "csv", "tabel": "capaian"}).status_code == 404, url


def test_upt_sees_only_its_sector(klien, upt_kesehatan, data):
    c = klien(upt_kesehatan)
    pendidikan = data[0]
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"sektor": "pendidikan"})
    assert r.status_code == 200
    assert r.context["pilihan"].sektor == "kesehatan"  # a sector outside the scope falls back
    assert [k["sektor"] for k in r.context["kartu"]] == ["kesehatan"]
    assert {i.sektor for i in r.context["form"].terpilih} == {"kesehatan"}
    assert pendidikan.nama not in r.content.decode()
    url = reverse("dasbor:indikator", args=[PITURUH, pendidikan.kode])
    assert c.get(url).status_code == 404
    r = c.get(reverse("dasbor:desa", args=[DESA_PITURUH]))
    assert {row["sektor"] for row in r.context["tabel"]["indikator"].data.data} == {"Kesehatan"}
    # The export carries the same scope.
    r = c.get(reverse("dasbor:desa", args=[DESA_PITURUH]), {"ekspor": "csv", "tabel": "indikator"})
    assert pendidikan.nama not in r.content.decode("utf-8-sig")


def test_operator_desa_sees_own_village_only(klien, operator_desa, data):
    c = klien(operator_desa)
    assert c.get(reverse("dasbor:desa", args=[DESA_PITURUH])).status_code == 200
    assert c.get(reverse("dasbor:desa", args=["33.06.11.2002"])).status_code == 404
    assert c.get(reverse("dasbor:kecamatan", args=[PITURUH])).status_code == 404


def test_sekber_scope_and_drill_down(klien, sekber_provinsi, sekber_kabupaten, data):
    c = klien(sekber_provinsi)
    r = c.get(reverse("dasbor:pantau_nasional"), {"sektor": "kesehatan"})
    assert r.status_code == 302 and r.url.startswith(reverse("dasbor:pantau", args=["33"]))
    assert "sektor=kesehatan" in r.url
    assert c.get(reverse("dasbor:pantau", args=["33"])).status_code == 200
    assert c.get(reverse("dasbor:pantau", args=["34"])).status_code == 404
    assert c.get(reverse("dasbor:pantau", args=["32.01"])).status_code == 404
    r = c.get(reverse("dasbor:pantau", args=[PITURUH]))
    assert r.status_code == 302 and r.url == reverse("dasbor:kecamatan", args=[PITURUH])
    assert c.get(reverse("dasbor:kecamatan", args=[PITURUH])).status_code == 200
    c = klien(sekber_kabupaten)
    assert c.get(reverse("dasbor:pantau", args=["33"])).status_code == 404
    assert c.get(reverse("dasbor:pantau", args=["33.06"])).status_code == 200
    assert c.get(reverse("dasbor:pantau", args=["33.99"])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, data):
    r = client.get(reverse("dasbor:kecamatan", args=[PITURUH]))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_homes_and_menus_by_role(buat_pengguna, camat, upt_kesehatan, sekber_provinsi):
    from layanan_dasar.dasbor import navigasi as navigasi_dasbor
    from wilayah.access import lingkup_user

    assert navigasi_dasbor.beranda(lingkup_user(camat)) == reverse(
        "dasbor:kecamatan", args=[PITURUH]
    )
    assert navigasi_dasbor.beranda(lingkup_user(upt_kesehatan)) == reverse(
        "dasbor:upt", args=[PITURUH]
    )
    ops = buat_pengguna(Peran.OPERATOR_KECAMATAN, PITURUH)
    assert navigasi_dasbor.beranda(lingkup_user(ops)) == reverse("dasbor:upt", args=[PITURUH])
    assert navigasi_dasbor.beranda(lingkup_user(sekber_provinsi)) == reverse(
        "dasbor:pantau", args=["33"]
    )
    nas = buat_pengguna(Peran.SEKBER_NASIONAL, "", is_staff=True)
    assert navigasi_dasbor.beranda(lingkup_user(nas)) == reverse("dasbor:pantau_nasional")
    assert navigasi_dasbor.menu(lingkup_user(camat))[0][1] == reverse(
        "dasbor:kecamatan", args=[PITURUH]
    )


# --- the numbers the charts show ----------------------------------------------------------------


def test_camat_home_charts_show_the_aggregate_numbers(klien, camat, data):
    c = klien(camat)
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"sektor": "kesehatan"})
    kes = [i for i in data if i.sektor == "kesehatan"]
    # Achievement bars: the kecamatan's rows.
    bar = r.context["fig_capaian"]["data"][0]
    assert bar["x"] == [_nilai(PITURUH, i) for i in kes]
    tabel = {row["indikator"]: row for row in r.context["tabel"]["capaian"].data.data}
    for i in kes:
        row = tabel[i.nama]
        assert row["nilai"] == _nilai(PITURUH, i)
        assert row["perubahan"] == pytest.approx(
            _nilai(PITURUH, i) - _nilai(PITURUH, i, SEBELUMNYA)
        )
    # Heatmap: every village of the kecamatan, one column per indicator, values from the table,
    # and the village without a report stays empty (missing is not zero).
    heat = r.context["fig_heatmap"]["data"][0]
    desa = list(
        Desa.objects.filter(kecamatan_id=PITURUH).order_by("kode").values_list("kode", "nama")
    )
    assert heat["y"] == [n for _k, n in desa]
    baris = {k: i for i, (k, _n) in enumerate(desa)}
    i2001 = baris[DESA_PITURUH]
    assert heat["text"][i2001][0] == angka(_nilai(DESA_PITURUH, kes[0]), 0)
    assert heat["z"][baris["33.06.11.2003"]] == [None] * len(kes)
    assert "Kemiri" not in " ".join(heat["y"])
    # Trend: 24 months of the kecamatan.
    tren = r.context["fig_tren"]["data"][0]
    assert len(tren["x"]) == 24 and tren["x"][-1] == PERIODE.isoformat()
    assert tren["y"][0] == _nilai(PITURUH, kes[0], date(2023, 4, 1))
    # Completeness badge: villages reported ÷ expected (48 of 49).
    kartu = {k["sektor"]: k for k in r.context["kartu"]}
    assert kartu["kesehatan"]["kelengkapan"] == round(100 * 48 / 49, 1)


def test_a_retired_indicator_stays_off_the_camat_home(klien, camat, data):
    """Its aggregate rows stay stored (the village rows are read without the list of ids), but
    neither its bar, its table row nor its heatmap column is drawn."""
    kes = [i for i in data if i.sektor == "kesehatan"]
    pensiun = kes[0]
    pensiun.aktif = False
    pensiun.save(update_fields=["aktif"])
    assert AgregatIndikator.objects.filter(indikator=pensiun, wilayah_kode=DESA_PITURUH).exists()
    c = klien(camat)
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"sektor": "kesehatan"})
    aktif = kes[1:]
    assert r.context["fig_capaian"]["data"][0]["x"] == [_nilai(PITURUH, i) for i in aktif]
    assert pensiun.nama not in {row["indikator"] for row in r.context["tabel"]["capaian"].data.data}
    heat = r.context["fig_heatmap"]["data"][0]
    i2001 = heat["y"].index(Desa.objects.get(kode=DESA_PITURUH).nama)
    assert len(heat["z"][i2001]) == len(aktif)
    assert heat["text"][i2001][0] == angka(_nilai(DESA_PITURUH, aktif[0]), 0)
    assert pensiun.nama not in " ".join(map(str, heat["x"]))


def test_lower_is_better_indicator_is_judged_the_other_way(klien, camat, data):
    c = klien(camat)
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"sektor": "kesehatan"})
    prev = next(i for i in data if i.arah == "turun")
    row = next(x for x in r.context["tabel"]["capaian"].data.data if x["id"] == prev.id)
    nilai = _nilai(PITURUH, prev)
    assert row["status"] == ("hijau" if nilai <= 14 else "kuning" if nilai <= 24 else "merah")


def test_period_switch_reads_the_chosen_period(klien, camat, data, isi_agregat):
    isi_agregat(data, jenis="triwulan", periode=date(2025, 1, 1), tren=False)
    c = klien(camat)
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"periode": SEBELUMNYA.isoformat()})
    assert r.context["label_periode"] == "Februari 2025"
    assert r.context["fig_capaian"]["data"][0]["x"][0] == _nilai(PITURUH, data[0], SEBELUMNYA)
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"jenis": "triwulan"})
    assert r.context["label_periode"] == "Triwulan I 2025"
    assert r.context["fig_capaian"]["data"][0]["x"][0] == _nilai(
        PITURUH, data[0], date(2025, 1, 1), "triwulan"
    )
    # A stale period (from another period type) falls back to the latest.
    r = c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"periode": "1999-01-01"})
    assert r.context["pilihan"].periode == PERIODE


def test_desa_page_compares_with_kecamatan_and_kabupaten(klien, camat, data):
    c = klien(camat)
    r = c.get(reverse("dasbor:desa", args=[DESA_PITURUH]))
    rows = {row["indikator"]: row for row in r.context["tabel"]["indikator"].data.data}
    assert len(rows) == len(data)
    for i in data:
        assert rows[i.nama]["nilai"] == _nilai(DESA_PITURUH, i)
        assert rows[i.nama]["kecamatan"] == _nilai(PITURUH, i)
        assert rows[i.nama]["kabupaten"] == _nilai("33.06", i)  # an ancestor, for comparison
    tren = r.context["fig_tren"]["data"]
    assert [t["name"] for t in tren] == ["Kendalrejo", "Pituruh", "Kabupaten Purworejo"]
    assert tren[0]["y"][-1] == _nilai(DESA_PITURUH, data[0])
    assert tren[2]["y"][-1] == _nilai("33.06", data[0])


def test_indicator_page_bars_distribution_and_filtered_table(klien, camat, data):
    c = klien(camat)
    ind = data[2]
    url = reverse("dasbor:indikator", args=[PITURUH, ind.kode])
    r = c.get(url)
    bar = r.context["fig_batang"]["data"][0]
    nilai = dict(zip(bar["x"], bar["y"], strict=True))
    assert len(nilai) == 49
    assert nilai["Kendalrejo"] == _nilai(DESA_PITURUH, ind)
    ada = [v for v in bar["y"] if v is not None]
    assert ada == sorted(ada, reverse=True)
    assert sorted(r.context["fig_sebaran"]["data"][0]["x"]) == sorted(ada)
    assert sum(x["jumlah"] for x in r.context["tabel"]["sebaran"].data.data) == 49
    r = c.get(url, {"nama": "kendal"})
    assert [x["nama"] for x in r.context["tabel"]["desa"].data.data] == ["Kendalrejo"]
    r = c.get(url, {"status": "merah"})
    assert all(x["status"] == "merah" for x in r.context["tabel"]["desa"].data.data)


def test_pages_without_aggregates_say_so(klien, camat, katalog):
    r = klien(camat).get(reverse("dasbor:kecamatan", args=[PITURUH]))
    assert r.status_code == 200
    assert "Belum ada data agregat" in r.content.decode()


# --- query counts -------------------------------------------------------------------------------


def _hitung(c, url, **q):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url, q).status_code == 200
    return len(ctx)


def test_query_count_does_not_grow_with_villages(
    buat_pengguna, katalog, isi_agregat, django_assert_max_num_queries
):
    # Pituruh has 49 villages, Kemiri 40; both fully aggregated.
    isi_agregat(katalog)
    assert (
        Desa.objects.filter(kecamatan_id=PITURUH).count()
        != Desa.objects.filter(kecamatan_id=KEMIRI).count()
    )
    besar, kecil = Client(), Client()
    besar.force_login(buat_pengguna(Peran.CAMAT, PITURUH))
    kecil.force_login(buat_pengguna(Peran.CAMAT, KEMIRI))
    n_besar = _hitung(besar, reverse("dasbor:kecamatan", args=[PITURUH]))
    n_kecil = _hitung(kecil, reverse("dasbor:kecamatan", args=[KEMIRI]))
    assert n_besar == n_kecil
    # session, user with penugasan; kecamatan; indicators; periods; kecamatan rows; villages;
    # village rows; 24-month trend; boundaries; "data per" (last run, and here, with no logged
    # run, the pending marks and the sample-data banner apart: see status_halaman); what waits
    # for the camat (submissions, plans, complaints: three) — plus what other apps' menu hooks
    # may read. (A warm hit of the cache: test_singgahan.)
    with django_assert_max_num_queries(22):
        besar.get(reverse("dasbor:kecamatan", args=[PITURUH]))
    # desa: session, user with penugasan; desa; indicators; periods; rows; trend; "data per",
    # pending marks, banner.
    with django_assert_max_num_queries(16):
        besar.get(reverse("dasbor:desa", args=[DESA_PITURUH]))
    assert _hitung(besar, reverse("dasbor:desa", args=[DESA_PITURUH])) == _hitung(
        kecil, reverse("dasbor:desa", args=[DESA_KEMIRI])
    )
    # indicator page: + indicator, village list, village rows, ancestors, filtered rows.
    url_b = reverse("dasbor:indikator", args=[PITURUH, katalog[0].kode])
    url_k = reverse("dasbor:indikator", args=[KEMIRI, katalog[0].kode])
    with django_assert_max_num_queries(18):
        besar.get(url_b)
    assert _hitung(besar, url_b) == _hitung(kecil, url_k)


def test_sekber_query_count_does_not_grow_with_the_node(klien, sekber_nasional, data):
    c = klien(sekber_nasional)

    def url(kode):
        return reverse("dasbor:pantau", args=[kode]) if kode else reverse("dasbor:pantau_nasional")

    n = {kode: _hitung(c, url(kode)) for kode in ("", "33", "34", "33.06", "33.07")}
    # Provinces of 35 and 5 kabupaten, kabupaten of 16 and 26 kecamatan: the same count.
    assert n["33"] == n["34"] and n["33.06"] == n["33.07"]
    # session, user with penugasan; indicators; periods; children; children + node rows;
    # trend; reporting activity (one GROUP BY); "data per" and the pending marks (no logged run
    # in this data set: read apart, see status_halaman) — plus other apps' menu hooks. Below the
    # nation: the node with its parents (the breadcrumbs are read from it) and the sample-data
    # banner (none to look for at the nation); at a kabupaten: the per-kecamatan submissions and
    # the boundaries lookup.
    assert n[""] <= 16
    assert n["33"] == n[""] + 2
    assert n["33.06"] == n["33"] + 2


def test_sample_data_carries_a_banner(klien, camat, data):
    from layanan_dasar.models import DataContoh

    url = reverse("dasbor:kecamatan", args=[PITURUH])
    assert "banner-data-contoh" not in klien(camat).get(url).content.decode()
    DataContoh.objects.create(wilayah_kode=PITURUH, bulan_awal=SEBELUMNYA, bulan_akhir=PERIODE)
    assert "banner-data-contoh" in klien(camat).get(url).content.decode()


def test_upt_home_lists_every_month_of_its_sector(klien, upt_kesehatan, data):
    from datetime import datetime

    from django.utils import timezone

    from layanan_dasar.models import Pengajuan

    Pengajuan.objects.create(
        kecamatan_id=PITURUH,
        sektor="kesehatan",
        bulan=PERIODE,
        status="diajukan",
        diajukan_pada=timezone.make_aware(datetime(2025, 4, 3)),
    )
    Pengajuan.objects.create(kecamatan_id=PITURUH, sektor="pendidikan", bulan=PERIODE)
    r = klien(upt_kesehatan).get(reverse("dasbor:upt", args=[PITURUH]))
    rows = r.context["tabel_hidup"]["pengajuan"].data.data
    assert len(rows) == 12 and {x["sektor"] for x in rows} == {"Kesehatan"}
    assert (rows[0]["bulan"], rows[0]["status"], rows[0]["kategori"]) == (
        "Maret 2025",
        "Diajukan",
        "Tepat waktu",
    )
    assert rows[1]["kategori"] == "Tidak ada data"  # February: no row at all, long overdue


def test_data_per_shows_the_last_run_and_pending_rebuilds(klien, camat, data):
    from layanan_dasar.models import AntrianAgregasi

    c = klien(camat)
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    html = c.get(url).content.decode()
    assert "Data per 2 Apr 2025 08.30" in html  # no logged run yet: the newest row read
    assert "agregat-tertunda" not in html
    from django.utils import timezone

    AntrianAgregasi.objects.create(
        desa_kode=DESA_PITURUH, bulan=PERIODE, dibuat_pada=timezone.now()
    )
    assert 'data-testid="agregat-tertunda"' in c.get(url).content.decode()
