"""In Chromium: the charts are drawn (grafik.js marks each drawn div data-digambar="1"), a click
on a chart follows its link, the period picker switches the period, Sekber drills down."""

from datetime import date

import pytest

from tests.conftest import PITURUH
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]

_KLIK = """([id, potongan]) => {
  const gd = document.getElementById(id);
  const urls = gd.data[0].customdata;
  const i = urls.findIndex((u) => u.includes(potongan));
  const titik = gd.querySelectorAll("g.trace.bars g.point path")[i];
  // "instant": Bootstrap turns on smooth scrolling, which would move the bar after we measure.
  titik.scrollIntoView({block: "center", behavior: "instant"});
  const r = titik.getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2, urls[i]];
}"""


def _tunggu_grafik(halaman, *ids):
    for i in ids:
        halaman.wait_for_selector(f"#{i}[data-digambar='1']", state="attached")
        # Drawn means plotly.js built the SVG from the page's data.
        assert halaman.locator(f"#{i} .main-svg").count() >= 1


def _klik_batang(halaman, id_grafik, potongan_url):
    x, y, url = halaman.evaluate(_KLIK, [id_grafik, potongan_url])
    with halaman.expect_navigation():
        halaman.mouse.click(x, y)
    assert url.split("?")[0] in halaman.url
    return url


def test_camat_sees_charts_opens_a_village_and_switches_period(
    halaman, buat_pengguna, katalog, isi_agregat
):
    isi_agregat(katalog, kecamatan=(PITURUH,))
    isi_agregat(
        katalog, kecamatan=(PITURUH,), jenis="triwulan", periode=date(2025, 1, 1), tren=False
    )
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    halaman.masuk(camat.username)
    assert f"/dasbor/kecamatan/{PITURUH}/" in halaman.url  # the camat's home page
    _tunggu_grafik(halaman, "grafik-capaian", "grafik-peringkat", "grafik-heatmap", "grafik-tren")
    assert halaman.locator("[data-testid=label-periode]").inner_text() == "Maret 2025"
    # The heatmap holds all 49 villages.
    assert halaman.evaluate("document.getElementById('grafik-heatmap').data[0].y.length") == 49
    halaman.tangkap("dasbor-camat-beranda")

    # A click on the best-ranked village's bar opens its desa page.
    pertama = halaman.evaluate("document.getElementById('grafik-peringkat').data[0].customdata[0]")
    kode_desa = pertama.split("/dasbor/desa/")[1].split("/")[0]
    _klik_batang(halaman, "grafik-peringkat", f"/desa/{kode_desa}/")
    assert f"/dasbor/desa/{kode_desa}/" in halaman.url
    _tunggu_grafik(halaman, "grafik-tren")
    assert halaman.locator("[data-testid=tabel-indikator] tbody tr").count() == len(katalog)
    halaman.tangkap("dasbor-camat-desa")

    # The indicator page: bars per village, distribution, filterable table.
    halaman.click("[data-testid=tabel-indikator] tbody tr:first-child td:nth-child(2) a")
    halaman.wait_for_load_state("networkidle")
    assert "/indikator/" in halaman.url
    _tunggu_grafik(halaman, "grafik-batang", "grafik-sebaran")
    assert halaman.evaluate("document.getElementById('grafik-batang').data[0].x.length") == 49
    halaman.tangkap("dasbor-camat-indikator")

    # Back home, switch to the previous month.
    halaman.goto(f"{halaman.url_dasar}/dasbor/kecamatan/{PITURUH}/")
    halaman.select_option("#id_periode", "2025-02-01")
    halaman.click("#pilihan button[type=submit]")
    halaman.wait_for_load_state("networkidle")
    assert halaman.locator("[data-testid=label-periode]").inner_text() == "Februari 2025"
    assert "periode=2025-02-01" in halaman.url
    _tunggu_grafik(halaman, "grafik-capaian", "grafik-heatmap")
    halaman.tangkap("dasbor-camat-februari")

    # Quarterly view: the period type switches the picker and the page at once.
    with halaman.expect_navigation():
        halaman.select_option("#id_jenis", "triwulan")
    assert "jenis=triwulan" in halaman.url
    assert halaman.locator("[data-testid=label-periode]").inner_text() == "Triwulan I 2025"
    _tunggu_grafik(halaman, "grafik-capaian")


def test_sekber_provinsi_drills_down_to_a_kecamatan(halaman, buat_pengguna, katalog, isi_agregat):
    isi_agregat(katalog, kecamatan=(PITURUH,), tren=False)
    sekber = buat_pengguna(Peran.SEKBER_PROVINSI, "33", is_staff=True)
    halaman.masuk(sekber.username)
    assert "/dasbor/pantau/33/" in halaman.url
    _tunggu_grafik(halaman, "grafik-anak", "grafik-aktivitas", "grafik-capaian")
    halaman.tangkap("dasbor-sekber-provinsi")

    _klik_batang(halaman, "grafik-anak", "/pantau/33.06/")
    assert "/dasbor/pantau/33.06/" in halaman.url
    assert "Purworejo" in halaman.locator("h1").inner_text()
    _tunggu_grafik(halaman, "grafik-anak", "grafik-aktivitas")
    halaman.tangkap("dasbor-sekber-kabupaten")

    _klik_batang(halaman, "grafik-anak", f"/kecamatan/{PITURUH}/")
    assert f"/dasbor/kecamatan/{PITURUH}/" in halaman.url
    assert "Pituruh" in halaman.locator("h1").inner_text()
    _tunggu_grafik(halaman, "grafik-capaian", "grafik-heatmap")
    halaman.tangkap("dasbor-sekber-kecamatan")


@pytest.mark.slow
def test_camat_home_of_the_sample_data_reads_year_to_date_against_the_pro_rated_target(
    halaman, buat_pengguna
):
    """The demo's data (the real generator, one kecamatan): the page opens on the latest
    submitted month, SPM coverage is year-to-date beside the pro-rated target, and the lights
    are a mix, not a wall of red."""
    from layanan_dasar.models import Pengajuan
    from layanan_dasar.services import data_contoh_muat, katalog_muat

    katalog_muat()
    data_contoh_muat(wilayah_kode=PITURUH, jumlah_bulan=12, ulang=True)
    terakhir = (
        Pengajuan.objects.filter(kecamatan_id=PITURUH, sektor="kesehatan")
        .exclude(status=Pengajuan.Status.DRAFT)
        .order_by("-bulan")
        .first()
        .bulan
    )
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    halaman.masuk(camat.username)
    halaman.goto(f"{halaman.url_dasar}/dasbor/kecamatan/{PITURUH}/?sektor=kesehatan&kelompok=spm")
    _tunggu_grafik(halaman, "grafik-capaian")
    from django.utils.dates import MONTHS

    label = halaman.locator("[data-testid=label-periode]").inner_text()
    assert label == f"{MONTHS[terakhir.month]} {terakhir.year}"
    catatan = halaman.locator("[data-testid=catatan-kumulatif]").inner_text()
    assert f"kumulatif s.d. {MONTHS[terakhir.month]}" in catatan
    persen = f"{100 * terakhir.month / 12:.1f}".replace(".", ",")
    assert f"{persen} %" in catatan
    tabel = halaman.locator("table").filter(has_text="Target setahun").first
    assert tabel.locator("tbody tr").count() == 12  # the twelve SPM kesehatan indicators
    assert "kumulatif" in tabel.inner_text()
    # Year-to-date: every coverage is far above what one month over the annual target reads
    # (a twelfth of the year's services, 2–8 %): more than two full months' worth.
    nilai = halaman.evaluate(
        "document.getElementById('grafik-capaian').data[0].x.filter((v) => v !== null)"
    )
    target = halaman.evaluate(
        "document.getElementById('grafik-capaian').data[1].x.filter((v) => v !== null)"
    )
    assert len(nilai) == 12 and set(target) == {round(100 * terakhir.month / 12, 2)}
    assert terakhir.month < 4 or min(nilai) > 100 * 2 / 12, nilai
    # The sector cards count every indicator of the kecamatan by its light: a mix.
    import re

    kartu = halaman.locator("[data-testid=kartu-sektor]").text_content()
    hitung = [0, 0, 0]
    for m in re.finditer(r"(\d+) mencapai target, (\d+) mendekati, (\d+) di bawah", kartu):
        hitung = [a + int(b) for a, b in zip(hitung, m.groups(), strict=True)]
    assert sum(1 for n in hitung if n) >= 2, hitung
    halaman.tangkap("dasbor-camat-kumulatif")


def test_on_a_throttled_link_the_content_comes_before_the_chart_library(
    halaman, buat_pengguna, katalog, isi_agregat
):
    """Chromium's network throttling (4 Mbit/s, 300 ms): at DOMContentLoaded the figures'
    tables and the navigation are there and the chart library has not even been asked for; the
    charts follow. Times are bench/muat_lambat.py's to print, not this test's to assert."""
    isi_agregat(katalog, kecamatan=(PITURUH,))
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    halaman.masuk(camat.username)
    cdp = halaman.context.new_cdp_session(halaman)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 300,
            "downloadThroughput": 4_000_000 / 8,
            "uploadThroughput": 4_000_000 / 8,
        },
    )
    # What the page holds at its DOMContentLoaded, recorded by the page itself.
    halaman.add_init_script(
        """document.addEventListener('DOMContentLoaded', () => { window.__dcl = {
             plotly: typeof window.Plotly,
             diminta: !!document.querySelector('script[data-pustaka-grafik]'),
             tabel: document.querySelectorAll('table').length,
             nav: !!document.querySelector('nav a.navbar-brand'),
             digambar: document.querySelectorAll('.grafik[data-digambar]').length}; });"""
    )
    minta = []
    halaman.on("request", lambda r: minta.append(r.url))
    halaman.goto(f"{halaman.url_dasar}/dasbor/kecamatan/{PITURUH}/", wait_until="domcontentloaded")
    saat_konten = halaman.evaluate("window.__dcl")
    assert saat_konten["plotly"] == "undefined" and not saat_konten["diminta"]
    assert saat_konten["digambar"] == 0
    assert saat_konten["tabel"] >= 3 and saat_konten["nav"]
    _tunggu_grafik(halaman, "grafik-capaian", "grafik-peringkat", "grafik-heatmap", "grafik-tren")
    assert sum("plotly" in u for u in minta) == 1
    # A page without figures never fetches the library.
    minta.clear()
    halaman.goto(f"{halaman.url_dasar}/data/kelengkapan/{PITURUH}/", wait_until="load")
    halaman.wait_for_timeout(500)
    assert not any("plotly" in u for u in minta), minta
