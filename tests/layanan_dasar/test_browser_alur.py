"""Confirm and withdraw in Chromium: "Ajukan" on an incomplete month shows its completeness and
asks; the UPT withdraws and submits again; the camat verifies from their home after a
confirmation page. The UPT's part runs with JavaScript switched off: the steps are plain forms."""

import pytest

from layanan_dasar.models import DataElemen, NilaiData, Pengajuan, RiwayatPengajuan
from layanan_dasar.services import katalog_muat
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Peran

from .conftest import BULAN, BULAN_TEKS

pytestmark = [pytest.mark.browser]


def test_submit_asks_on_an_incomplete_month_withdraw_and_verify_from_home(
    peramban, halaman, buat_pengguna
):
    katalog_muat()
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    camat = buat_pengguna(Peran.CAMAT, PITURUH, first_name="Siti", last_name="Rahayu")
    NilaiData.objects.create(
        desa_id=DESA_PITURUH,
        elemen=DataElemen.objects.get(kode="kes-bumil-layanan"),
        bulan=BULAN,
        nilai=4,
    )
    tanpa_js = peramban.new_context(java_script_enabled=False, locale="id-ID")
    h = tanpa_js.new_page()
    h.set_default_timeout(15000)
    try:
        h.goto(f"{halaman.url_dasar}/masuk/")
        h.fill("#id_username", upt.username)
        h.fill("#id_password", "rahasia-123")
        h.click("form button[type=submit]")
        h.wait_for_load_state("load")
        isian = f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/"
        h.goto(isian)
        h.click("button[data-aksi=ajukan]")
        h.wait_for_selector("[data-testid=yakin]")
        assert "1 dari 49 desa sudah mengisi" in h.inner_text("[data-testid=kelengkapan]")
        assert "belum lengkap" in h.inner_text("[data-testid=belum-lengkap]")
        h.screenshot(path=str(_artefak("alur-ajukan-tanya")), full_page=True)
        # "Batal" goes back and changes nothing.
        h.click("[data-testid=batal]")
        h.wait_for_selector("button[data-aksi=ajukan]")
        assert not Pengajuan.objects.filter(status="diajukan").exists()
        h.click("button[data-aksi=ajukan]")
        h.click("[data-testid=ya]")
        h.wait_for_selector("[data-testid=status]:has-text('Diajukan')")
        # Withdraw while the camat has not acted, then submit again.
        h.click("button[data-aksi=tarik]")
        h.wait_for_selector("[data-testid=status]:has-text('Draf')")
        assert Pengajuan.objects.get().status == "draft"
        h.click("button[data-aksi=ajukan]")
        h.click("[data-testid=ya]")
        h.wait_for_selector("[data-testid=status]:has-text('Diajukan')")
    finally:
        tanpa_js.close()

    halaman.masuk(camat.username)
    halaman.goto(f"{halaman.url_dasar}/dasbor/kecamatan/{PITURUH}/")
    tugas = halaman.locator("[data-testid=tugas-camat]")
    assert "1 data diajukan" in tugas.inner_text()
    tugas.locator("input[name=pilih]").first.check()
    halaman.click("[data-testid=verifikasi-terpilih]")
    halaman.wait_for_selector("[data-testid=yakin-massal]")
    assert Pengajuan.objects.get().status == "diajukan"
    halaman.tangkap("alur-verifikasi-massal")
    halaman.click("[data-testid=ya]")
    halaman.wait_for_selector(".alert-success")
    assert Pengajuan.objects.get().status == "diverifikasi"
    assert list(RiwayatPengajuan.objects.order_by("id").values_list("ke", flat=True)) == [
        "diajukan",
        "draft",
        "diajukan",
        "diverifikasi",
    ]


def _artefak(nama):
    from tests.conftest import ARTEFAK

    ARTEFAK.mkdir(parents=True, exist_ok=True)
    return ARTEFAK / f"{nama}.png"
