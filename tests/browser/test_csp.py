"""The Content-Security-Policy in Chromium: an injected inline script does not run (and the
browser tests' CSP watch sees it); the page's own nonce'd script and buttons still work."""

import pytest

from tests.conftest import PITURUH
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]


def test_an_injected_inline_script_is_blocked_and_reported(halaman):
    halaman.goto(f"{halaman.url_dasar}/masuk/")
    halaman.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.disusupkan = 1"; document.body.appendChild(s); }"""
    )
    assert halaman.evaluate("window.disusupkan === undefined")
    halaman.wait_for_timeout(200)
    assert any("inline script" in p for p in halaman.pelanggaran_csp)
    halaman.pelanggaran_csp.clear()  # expected here; any other page's violation fails its test


def test_the_plan_grid_script_runs_under_the_policy(halaman, buat_pengguna):
    from perencanaan import services
    from wilayah.models import Desa

    operator = buat_pengguna(Peran.OPERATOR_DESA, f"{PITURUH}.2001")
    services.referensi_muat()
    rencana = services.rencana_buat(
        desa=Desa.objects.get(kode=f"{PITURUH}.2001"), tahun=2025, jenis="apb", oleh=operator
    )
    halaman.masuk(operator.username)
    halaman.goto(f"{halaman.url_dasar}/perencanaan/rencana/{rencana.pk}/ubah/")
    n = int(halaman.input_value("#id_baris-TOTAL_FORMS"))
    halaman.click("#tambah-baris")  # bound by the nonce'd inline script
    assert int(halaman.input_value("#id_baris-TOTAL_FORMS")) == n + 1
