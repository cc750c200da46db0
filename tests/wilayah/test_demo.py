import pytest
from django.contrib.auth import get_user_model

from wilayah.access import lingkup_user
from wilayah.models import Penugasan
from wilayah.services import pengguna_buat_demo

pytestmark = pytest.mark.django_db


def test_demo_users_cover_every_role_have_full_names_and_a_second_run_duplicates_nothing():
    akun = pengguna_buat_demo()
    n_user = get_user_model().objects.count()
    pengguna_buat_demo()
    assert get_user_model().objects.count() == n_user
    assert Penugasan.objects.count() == 9
    assert {p.peran for p in Penugasan.objects.all()} == {
        "camat",
        "sekcam",
        "upt_kesehatan",
        "upt_pendidikan",
        "operator_kecamatan",
        "operator_desa",
        "sekber_nasional",
        "sekber_provinsi",
        "sekber_kabupaten",
    }
    for username, _peran, kode, _sandi, nama in akun:
        user = get_user_model().objects.get(username=username)
        assert user.check_password("demo12345")
        assert lingkup_user(user).kode == kode
        # Letters and histories print full names, never the login.
        assert nama == user.get_full_name() and " " in nama and username not in nama
