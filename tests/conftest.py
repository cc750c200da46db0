"""Shared fixtures. The test database holds the whole official wilayah list (loaded once per
session with the real loader), so tests use real codes: Pituruh (33.06.11) is "our" kecamatan,
Kemiri (33.06.12) its neighbour in Purworejo, and Jawa Barat (32) another province."""

import itertools

import pytest
from django.conf import settings

from wilayah.models import Penugasan, Peran

PITURUH = "33.06.11"
KEMIRI = "33.06.12"
DESA_PITURUH = "33.06.11.2001"  # Kendalrejo
DESA_KEMIRI = "33.06.12.2001"

_urut = itertools.count()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from wilayah.services import wilayah_muat

    with django_db_blocker.unblock():
        wilayah_muat(direktori=settings.BASE_DIR / "fixtures" / "wilayah")


@pytest.fixture
def buat_pengguna(django_user_model):
    """Factory: buat_pengguna(peran, kode, sektor="") → a user with that assignment."""

    def _buat(peran, kode, sektor="", **extra):
        username = f"u{next(_urut)}_{peran}"
        user = django_user_model.objects.create_user(username=username, password="rahasia-123",
                                                     **extra)
        Penugasan.objects.create(user=user, peran=peran, wilayah_kode=kode, sektor=sektor)
        return user

    return _buat


@pytest.fixture
def camat(buat_pengguna):
    return buat_pengguna(Peran.CAMAT, PITURUH)


@pytest.fixture
def camat_luar(buat_pengguna):
    """The outsider: camat of the neighbouring kecamatan."""
    return buat_pengguna(Peran.CAMAT, KEMIRI)


@pytest.fixture
def upt_kesehatan(buat_pengguna):
    return buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)


@pytest.fixture
def upt_pendidikan(buat_pengguna):
    return buat_pengguna(Peran.UPT_PENDIDIKAN, PITURUH)


@pytest.fixture
def operator_kecamatan(buat_pengguna):
    return buat_pengguna(Peran.OPERATOR_KECAMATAN, PITURUH)


@pytest.fixture
def operator_desa(buat_pengguna):
    return buat_pengguna(Peran.OPERATOR_DESA, DESA_PITURUH)


@pytest.fixture
def sekber_nasional(buat_pengguna):
    return buat_pengguna(Peran.SEKBER_NASIONAL, "", is_staff=True)


@pytest.fixture
def sekber_provinsi(buat_pengguna):
    return buat_pengguna(Peran.SEKBER_PROVINSI, "33", is_staff=True)


@pytest.fixture
def sekber_kabupaten(buat_pengguna):
    return buat_pengguna(Peran.SEKBER_KABUPATEN, "33.06", is_staff=True)


@pytest.fixture
def klien(client):
    """client.force_login shortcut: klien(user) → logged-in client."""

    def _masuk(user):
        client.force_login(user)
        return client

    return _masuk
