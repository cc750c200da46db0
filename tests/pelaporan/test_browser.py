"""What a camat, an operator and a Sekber monitor see and do in a real browser."""

import pytest

from tests.conftest import PITURUH
from tests.pelaporan.conftest import DESA_A

pytestmark = [pytest.mark.browser]


def test_camat_reads_writes_and_signs_the_quarterly_report(
    halaman, data_buatan, camat, status_agregat_uji
):
    import datetime as dt

    from pelaporan.models import LaporanTriwulan

    status_agregat_uji(dt.datetime(2025, 4, 2, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_A])
    halaman.masuk(camat.username)
    halaman.goto(f"{halaman.url_dasar}/pelaporan/kecamatan/{PITURUH}/laporan/2025-1/")
    assert halaman.get_by_test_id("kelengkapan-total").inner_text().startswith("39,46%")
    assert "Data per 2 Apr 2025 10.00" in halaman.get_by_test_id("status-agregat").inner_text()
    assert halaman.get_by_test_id("agregat-tertunda").is_visible()
    # The chart library loads after the page's content: wait until the figure is drawn.
    halaman.wait_for_selector("#grafik-capaian[data-digambar='1']", state="attached")
    assert halaman.locator("#grafik-capaian .main-svg").count() >= 1  # the chart is drawn
    # Keyed by indicator code: one bar per indicator, however alike their names.
    kode = halaman.evaluate("document.getElementById('grafik-capaian').data[1].y")
    assert len(kode) == len(set(kode)) and all(k.startswith("uji-") for k in kode)
    halaman.tangkap("pelaporan-laporan-draf")
    halaman.fill("#id_narasi", "Kelengkapan data kesehatan baik; PAUD perlu perhatian.")
    halaman.get_by_role("button", name="Simpan narasi").click()
    halaman.wait_for_load_state("networkidle")
    halaman.once("dialog", lambda d: d.accept())
    halaman.get_by_role("button", name="Tandatangani laporan").click()
    halaman.wait_for_load_state("networkidle")
    assert "Ditandatangani oleh" in halaman.get_by_test_id("status-laporan").inner_text()
    assert halaman.get_by_test_id("agregat-tertunda").count() == 0  # frozen: nothing pending
    halaman.tangkap("pelaporan-laporan-ditandatangani")
    assert LaporanTriwulan.objects.get().status == "ditandatangani"


def test_desa_profile_sheet(halaman, data_buatan, camat):
    halaman.masuk(camat.username)
    halaman.goto(f"{halaman.url_dasar}/pelaporan/desa/{DESA_A}/profil/?tw=2025-1")
    assert halaman.locator("[data-bagian=rencana]").inner_text().count("Insentif guru PAUD") == 1
    halaman.tangkap("pelaporan-profil-desa")


def test_operator_records_a_training(halaman, operator_kecamatan):
    halaman.masuk(operator_kecamatan.username)
    halaman.goto(f"{halaman.url_dasar}/pelaporan/kecamatan/{PITURUH}/pelatihan/baru/")
    halaman.select_option("#id_modul", "8")
    # Typed day first whatever the browser's language (a text field, not <input type=date>).
    halaman.fill("#id_tanggal_mulai", "03/02/2025")
    halaman.fill("#id_tempat", "Aula Kecamatan Pituruh")
    halaman.fill("#id_peserta-0-nama", "dr. Ani")
    halaman.select_option("#id_peserta-0-peran", "upt_kesehatan")
    halaman.fill("#id_peserta-1-nama", "Pak Kades")
    halaman.select_option("#id_peserta-1-peran", "kepala_desa")
    halaman.tangkap("pelaporan-pelatihan-form")
    halaman.get_by_role("button", name="Simpan").click()
    halaman.wait_for_load_state("networkidle")
    assert "Pelatihan tersimpan" in halaman.content()
    assert "dr. Ani" in halaman.content()
    assert "3 Feb 2025" in halaman.content()
    halaman.tangkap("pelaporan-pelatihan-detail")
    halaman.goto(f"{halaman.url_dasar}/pelaporan/kecamatan/{PITURUH}/")
    assert "1 dari 9 modul" in halaman.content()
    halaman.tangkap("pelaporan-kecamatan")


def test_sekber_monitors_and_builds_the_kabupaten_archive(
    halaman, data_buatan, sekber_kabupaten, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    halaman.masuk(sekber_kabupaten.username)
    halaman.goto(f"{halaman.url_dasar}/pelaporan/monitoring/?tw=2025-1")
    assert halaman.get_by_test_id("tim-aktif").inner_text() == "1"
    halaman.tangkap("pelaporan-monitoring")
    halaman.goto(f"{halaman.url_dasar}/pelaporan/ekspor/baru/")
    halaman.select_option("#id_wilayah", "33.06")
    halaman.select_option("#id_triwulan", "2025-1")
    halaman.select_option("#id_format", "xlsx")
    halaman.get_by_role("button", name="Mulai").click()
    halaman.wait_for_load_state("networkidle")
    # Without a broker the job runs at once; the page shows it finished with a download link.
    halaman.get_by_role("link", name="Unduh arsip").wait_for()
    assert "100%" in halaman.locator("#kemajuan-bar").inner_text()
    halaman.tangkap("pelaporan-ekspor-selesai")
