"""Fixtures of the complaint-desk tests: a private MEDIA_ROOT, a clean cache (rate limits),
and a factory for complaints filed through the real service."""

import pytest

from tests.conftest import DESA_PITURUH


@pytest.fixture(autouse=True)
def _media_sementara(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _cache_bersih():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desa_pituruh(db):
    from wilayah.models import Desa

    return Desa.objects.get(kode=DESA_PITURUH)


@pytest.fixture
def buat_pengaduan(db):
    """buat_pengaduan(sektor="kesehatan", desa=DESA_PITURUH, **extra) → Pengaduan."""
    from pengaduan import services
    from wilayah.models import Desa

    def _buat(sektor="kesehatan", desa=DESA_PITURUH, **extra):
        data = {
            "judul": "Posyandu tidak buka",
            "isi": "Sudah dua bulan posyandu di dusun kami tidak buka.",
            "nama": "Siti Pelapor",
            "email": "siti@contoh.id",
            "telepon": "0812-3456-7890",
        }
        data.update(extra)
        return services.pengaduan_buat(sektor=sektor, desa=Desa.objects.get(kode=desa), **data)

    return _buat
