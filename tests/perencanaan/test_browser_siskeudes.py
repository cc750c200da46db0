"""In a real browser: the camat uploads a Siskeudes export from the kecamatan overview, sees
what was imported, then reviews one village's APB Desa beside its RKP Desa check."""

import pytest

from perencanaan import services
from perencanaan.contoh_siskeudes import KEGIATAN, RKP_SAJA, TIDAK_DI_RKP, isi_zip, tabel_siskeudes
from perencanaan.models import Rencana
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Desa, Peran

pytestmark = [pytest.mark.browser]


def test_the_camat_imports_siskeudes_and_reviews_the_rkp_check(halaman, buat_pengguna, tmp_path):
    services.referensi_muat()
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    operator = buat_pengguna(Peran.OPERATOR_DESA, DESA_PITURUH)
    desa = list(
        Desa.objects.filter(kecamatan_id=PITURUH).order_by("kode").values_list("kode", "nama")[:3]
    )
    zip_path = tmp_path / "siskeudes-pituruh.zip"
    zip_path.write_bytes(isi_zip(tabel_siskeudes(desa, tahun=2026)))
    # A broken copy first: one non-integer amount refuses the whole file.
    rusak = tabel_siskeudes(desa, tahun=2026)
    rusak["Ta_RABRinci"][3]["Anggaran"] = "15000000.50"
    rusak_path = tmp_path / "rusak.zip"
    rusak_path.write_bytes(isi_zip(rusak))

    h = halaman
    h.masuk(camat.username)
    h.goto(f"{h.url_dasar}/perencanaan/kecamatan/{PITURUH}/?tahun=2026")
    h.click("#tautan-siskeudes")
    h.set_input_files("input[name=berkas]", str(rusak_path))
    h.click("button:has-text('Impor')")
    h.wait_for_selector("#daftar-kesalahan")
    assert "Ta_RABRinci.csv" in h.inner_text("#daftar-kesalahan")
    assert "bilangan bulat" in h.inner_text("#daftar-kesalahan")
    assert not Rencana.objects.exists()

    h.set_input_files("input[name=berkas]", str(zip_path))
    h.click("button:has-text('Impor')")
    h.wait_for_selector("#hasil-impor")
    assert h.locator("#hasil-impor tbody tr").count() == 6
    h.tangkap("siskeudes-1-impor")

    apb = Rencana.objects.get(desa_id=DESA_PITURUH, tahun=2026, jenis="apb")
    services.rencana_ajukan(rencana=apb, oleh=operator)
    h.goto(f"{h.url_dasar}/perencanaan/rencana/{apb.pk}/tinjau/")
    h.click("#tombol-mulai")
    h.wait_for_selector("#tabel-kesesuaian")
    tabel = h.inner_text("#tabel-kesesuaian")
    assert KEGIATAN[TIDAK_DI_RKP][1] in tabel  # budgeted, not in the RKP Desa
    assert RKP_SAJA[1] in tabel  # planned, left out of the budget
    assert h.locator("#tabel-kesesuaian [data-temuan=selisih]").count() == 1
    assert "Diposting di Siskeudes" in h.inner_text("body")
    h.tangkap("siskeudes-2-tinjau")
