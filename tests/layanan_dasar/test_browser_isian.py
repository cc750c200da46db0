"""A health UPT fills part of the grid in Chromium with the keyboard, saves, is warned about an
outlier, confirms it, and sees the stored values."""

import pytest

from layanan_dasar.models import AuditNilai, DataElemen, NilaiData
from layanan_dasar.periode import tambah_bulan
from layanan_dasar.services import katalog_muat
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Peran

from .conftest import BULAN, BULAN_TEKS

pytestmark = [pytest.mark.browser]
DESA2 = "33.06.11.2002"


def test_upt_fills_the_grid_and_confirms_an_outlier(halaman, buat_pengguna):
    katalog_muat()
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    layanan = DataElemen.objects.get(kode="kes-bumil-layanan")
    bulin = DataElemen.objects.get(kode="kes-bulin-layanan")
    NilaiData.objects.bulk_create(
        NilaiData(
            desa_id=DESA_PITURUH, elemen=layanan, bulan=tambah_bulan(BULAN, -i), nilai=10 + i % 3
        )
        for i in range(1, 13)
    )
    galat_js = []
    halaman.on("pageerror", lambda e: galat_js.append(str(e)))
    halaman.masuk(upt.username)
    halaman.goto(f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/?kelompok=spm")
    sel = f'input[name="v-{DESA_PITURUH}-{layanan.id}"]'
    halaman.click(sel)
    halaman.keyboard.type("300")
    halaman.keyboard.press("Enter")  # down to the next village, same column
    assert halaman.evaluate("document.activeElement.name") == f"v-{DESA2}-{layanan.id}"
    halaman.keyboard.type("9")
    halaman.keyboard.press(
        "Tab"
    )  # right, to the next editable element (targets are read-only in March)
    assert halaman.evaluate("document.activeElement.name") == f"v-{DESA2}-{bulin.id}"
    halaman.keyboard.type("4")
    # The outlier is flagged while typing, before anything is sent.
    assert "peringatan" in halaman.get_attribute(f"td:has({sel})", "class")
    halaman.tangkap("isian-diketik")

    halaman.click("[data-testid=simpan]")
    halaman.wait_for_selector("[data-testid=peringatan]")
    assert "jauh dari riwayat desa" in halaman.inner_text("[data-testid=peringatan]")
    assert halaman.input_value(sel) == "300"  # nothing to type again
    assert not NilaiData.objects.filter(bulan=BULAN).exists()
    halaman.tangkap("isian-peringatan-pencilan")

    halaman.check("#konfirmasi-pencilan")
    halaman.click("[data-testid=simpan]")
    halaman.wait_for_selector(".alert-success")
    halaman.wait_for_load_state("load")
    assert "3 nilai disimpan" in halaman.inner_text(".alert-success")
    # The stored outlier stays marked for whoever opens the month later.
    assert "peringatan" in halaman.get_attribute(f"td:has({sel})", "class")
    assert halaman.input_value(sel) == "300"
    assert halaman.input_value(f'input[name="v-{DESA2}-{layanan.id}"]') == "9"
    assert halaman.input_value(f'input[name="v-{DESA2}-{bulin.id}"]') == "4"
    halaman.tangkap("isian-tersimpan")
    assert NilaiData.objects.filter(bulan=BULAN).count() == 3
    assert AuditNilai.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).pencilan
    assert galat_js == []


def test_one_outlier_rule_small_counts_in_the_grid_and_a_confirmed_import(
    halaman, buat_pengguna, settings, tmp_path
):
    """The grid's script and the import apply the same rule: a small village's 0 → 8 is not
    flagged while typing nor on save; an import with a real outlier shows it, stores nothing, and
    stores everything once confirmed, without asking for the file again."""
    import io

    from openpyxl import Workbook

    settings.MEDIA_ROOT = tmp_path
    katalog_muat()
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    layanan = DataElemen.objects.get(kode="kes-bumil-layanan")
    NilaiData.objects.bulk_create(
        [
            NilaiData(desa_id=DESA2, elemen=layanan, bulan=tambah_bulan(BULAN, -i), nilai=i % 2)
            for i in range(1, 13)
        ]
        + [
            NilaiData(
                desa_id=DESA_PITURUH,
                elemen=layanan,
                bulan=tambah_bulan(BULAN, -i),
                nilai=20 + i % 3,
            )
            for i in range(1, 13)
        ]
    )
    galat_js = []
    halaman.on("pageerror", lambda e: galat_js.append(str(e)))
    halaman.masuk(upt.username)
    halaman.goto(f"{halaman.url_dasar}/data/isian/{PITURUH}/kesehatan/{BULAN_TEKS}/?kelompok=spm")
    kecil = f'input[name="v-{DESA2}-{layanan.id}"]'
    halaman.fill(kecil, "8")
    assert "peringatan" not in (halaman.get_attribute(f"td:has({kecil})", "class") or "")
    halaman.click("[data-testid=simpan]")
    halaman.wait_for_selector(".alert-success")
    assert NilaiData.objects.get(desa_id=DESA2, bulan=BULAN).nilai == 8

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in [
        ["Kecamatan", PITURUH],
        ["Sektor", "kesehatan"],
        ["Bulan", BULAN_TEKS],
        ["kode_desa", "nama_desa", layanan.kode],
        [DESA_PITURUH, "Kendalrejo", 250],
    ]:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    halaman.goto(f"{halaman.url_dasar}/data/impor/{PITURUH}/kesehatan/")
    halaman.set_input_files(
        "input[name=berkas]",
        {"name": "isian.xlsx", "mimeType": "application/octet-stream", "buffer": buf.getvalue()},
    )
    halaman.click("form[enctype] button[type=submit]")
    halaman.wait_for_selector("[data-testid=peringatan-impor]")
    teks = halaman.inner_text("[data-testid=peringatan-impor]")
    assert "Belum ada data yang diimpor." in teks and "250 jauh dari riwayat desa" in teks
    assert not NilaiData.objects.filter(desa_id=DESA_PITURUH, bulan=BULAN).exists()
    halaman.tangkap("impor-pencilan")
    halaman.check("#konfirmasi-pencilan-impor")
    halaman.click("[data-testid=impor-konfirmasi]")
    halaman.wait_for_selector(".alert-success")
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).nilai == 250
    assert galat_js == []
