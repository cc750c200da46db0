import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Penugasan, Peran

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_bersih():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "peran, kode, tujuan",
    [
        (Peran.CAMAT, PITURUH, reverse("dasbor:kecamatan", args=[PITURUH])),
        (Peran.SEKCAM, PITURUH, reverse("dasbor:kecamatan", args=[PITURUH])),
        (Peran.UPT_KESEHATAN, PITURUH, reverse("dasbor:upt", args=[PITURUH])),
        (Peran.OPERATOR_KECAMATAN, PITURUH, reverse("dasbor:upt", args=[PITURUH])),
        (Peran.OPERATOR_DESA, DESA_PITURUH, reverse("perencanaan:desa", args=[DESA_PITURUH])),
        (Peran.SEKBER_PROVINSI, "33", reverse("dasbor:pantau", args=["33"])),
        (Peran.SEKBER_NASIONAL, "", reverse("dasbor:pantau_nasional")),
    ],
)
def test_each_role_lands_on_its_home_after_login(client, buat_pengguna, peran, kode, tujuan):
    user = buat_pengguna(peran, kode)
    r = client.post(
        reverse("login"), {"username": user.username, "password": "rahasia-123"}, follow=True
    )
    assert r.redirect_chain[-1][0] == tujuan
    assert r.status_code == 200


def test_login_page_speaks_indonesian(client):
    r = client.get(reverse("login"))
    html = r.content.decode()
    assert "Nama pengguna" in html and "Kata sandi" in html and 'lang="id"' in html


def test_wrong_password_gets_an_indonesian_message(client, camat):
    r = client.post(reverse("login"), {"username": camat.username, "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in r.content.decode()


def test_failed_logins_are_throttled_even_with_the_right_password(client, camat, settings):
    settings.LOGIN_GAGAL_MAKS = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": camat.username, "password": "salah"})
    r = client.post(reverse("login"), {"username": camat.username, "password": "rahasia-123"})
    assert r.status_code == 200
    assert "Terlalu banyak percobaan" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_user_without_assignment_is_told_so(client, django_user_model):
    django_user_model.objects.create_user("kosong", password="rahasia-123")
    client.login(username="kosong", password="rahasia-123")
    r = client.get(reverse("beranda"), follow=True)
    assert "belum ditugaskan" in r.content.decode()


def test_assignment_level_must_match_role(camat):
    p = Penugasan(user=camat, peran=Peran.CAMAT, wilayah_kode="33.06")
    with pytest.raises(ValidationError):
        p.clean()
    p = Penugasan(user=camat, peran=Peran.OPERATOR_DESA, wilayah_kode="33.06.11.9999")
    with pytest.raises(ValidationError):
        p.clean()


def test_health_probe(client):
    assert client.get(reverse("sehat")).content == b"ok"


def test_pages_stay_indonesian_for_an_english_browser(client):
    r = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert r["Content-Language"] == "id"
    assert "Kata sandi" in r.content.decode()


def test_a_user_may_choose_english_explicitly(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("login"))["Content-Language"] == "en"
