import pytest

from tests.conftest import PITURUH
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]


def test_camat_logs_in_and_sees_the_kecamatan_page(halaman, buat_pengguna):
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    halaman.masuk(camat.username)
    assert f"/dasbor/kecamatan/{PITURUH}/" in halaman.url  # the camat's home: the dashboard
    halaman.click("text=Profil kecamatan")
    halaman.wait_for_load_state("networkidle")
    assert f"/wilayah/kecamatan/{PITURUH}/" in halaman.url
    assert halaman.locator("h1").inner_text().startswith("Kecamatan Pituruh")
    assert halaman.locator("[data-testid=jumlah-desa]").inner_text() == "49"
    assert halaman.locator("table tbody tr").count() == 49
    halaman.tangkap("camat-kecamatan")
    # Filter by name through the form.
    halaman.fill("#id_nama", "kendal")
    halaman.click("#saring-desa button[type=submit]")
    halaman.wait_for_load_state("networkidle")
    assert halaman.locator("table tbody tr").count() == 1


def test_camat_of_another_kecamatan_gets_404(halaman, buat_pengguna):
    luar = buat_pengguna(Peran.CAMAT, "33.06.12")
    halaman.masuk(luar.username)
    resp = halaman.goto(f"{halaman.url_dasar}/wilayah/kecamatan/{PITURUH}/")
    assert resp.status == 404
