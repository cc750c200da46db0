import pytest
from django.urls import reverse

from tests.conftest import DESA_PITURUH, PITURUH

pytestmark = pytest.mark.django_db


def test_pages_render(klien, camat, sekber_provinsi, katalog, isi_agregat):
    isi_agregat(katalog)
    c = klien(camat)
    for url in [
        reverse("dasbor:kecamatan", args=[PITURUH]),
        reverse("dasbor:upt", args=[PITURUH]),
        reverse("dasbor:desa", args=[DESA_PITURUH]),
        reverse("dasbor:indikator", args=[PITURUH, katalog[0].kode]),
    ]:
        r = c.get(url)
        assert r.status_code == 200, url
    c = klien(sekber_provinsi)
    for url in [
        reverse("dasbor:pantau", args=["33"]),
        reverse("dasbor:pantau", args=["33.06"]),
    ]:
        r = c.get(url)
        assert r.status_code == 200, url
