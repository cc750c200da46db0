"""One throttle for every login door: the site's and the admin's, per account, per device
cookie and per address; a progressive delay, never a lock a stranger can hold on a camat."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboard_kecamatan import auth

pytestmark = pytest.mark.django_db

SANDI = "rahasia-123"


@pytest.fixture(autouse=True)
def _cache_bersih():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jam(monkeypatch):
    """A clock the test moves: jam.maju(detik)."""

    class Jam:
        t = 1_000_000.0

        def maju(self, detik):
            self.t += detik

    j = Jam()
    monkeypatch.setattr(auth, "_sekarang", lambda: j.t)
    return j


def _masuk(client, username, sandi, alamat="10.0.0.1", pintu="login"):
    data = {"username": username, "password": sandi}
    if pintu == "admin:login":
        data["this_is_the_login_form"] = "1"
    return client.post(reverse(pintu), data, REMOTE_ADDR=alamat)


def _sudah_masuk(client):
    return "_auth_user_id" in client.session


def test_the_admin_door_is_throttled_like_the_site(client, django_user_model, jam):
    django_user_model.objects.create_superuser("admin", password=SANDI)
    for _ in range(25):
        _masuk(client, "admin", "salah", pintu="admin:login")
    r = _masuk(client, "admin", SANDI, pintu="admin:login")
    assert "Terlalu banyak percobaan" in r.text
    assert not _sudah_masuk(client)


def test_the_delay_is_progressive_not_a_lock(client, camat, settings, jam):
    settings.LOGIN_GAGAL_MAKS = 3
    settings.LOGIN_JEDA_DASAR_DETIK = 10
    for _ in range(3):
        _masuk(client, camat.username, "salah")
    r = _masuk(client, camat.username, SANDI)
    assert "Coba lagi dalam 10 detik" in r.text and not _sudah_masuk(client)
    jam.maju(11)
    _masuk(client, camat.username, "salah")  # the 4th failure doubles the delay
    jam.maju(11)
    assert "Coba lagi dalam 9 detik" in _masuk(client, camat.username, SANDI).text
    jam.maju(10)
    _masuk(client, camat.username, SANDI)
    assert _sudah_masuk(client)


def test_a_stranger_cannot_lock_the_camat_out_of_a_browser_the_camat_used(
    client, camat, settings, jam
):
    from django.test import Client

    settings.LOGIN_GAGAL_MAKS = 3
    settings.LOGIN_JEDA_MAKS_DETIK = 600
    milik_camat = Client()
    _masuk(milik_camat, camat.username, SANDI, alamat="10.0.0.5")  # earns the device cookie
    assert auth.COOKIE_PERANGKAT in milik_camat.cookies
    milik_camat.post(reverse("logout"))

    asing = client
    for _ in range(50):
        _masuk(asing, camat.username, "salah", alamat="192.0.2.7")
        jam.maju(1)
    assert "Terlalu banyak percobaan" in _masuk(asing, camat.username, SANDI, "192.0.2.7").text

    _masuk(milik_camat, camat.username, SANDI, alamat="10.0.0.5")
    assert _sudah_masuk(milik_camat)


def test_a_device_cookie_does_not_buy_unlimited_guesses(client, camat, settings, jam):
    settings.LOGIN_GAGAL_MAKS = 3
    _masuk(client, camat.username, SANDI)
    client.post(reverse("logout"))
    for _ in range(6):  # 3 free on the device, then the account's own count
        _masuk(client, camat.username, "salah")
    assert "Terlalu banyak percobaan" in _masuk(client, camat.username, SANDI).text


def test_one_address_guessing_many_accounts_is_slowed(
    client, django_user_model, settings, jam, camat
):
    settings.LOGIN_GAGAL_MAKS_ALAMAT = 5
    for i in range(5):
        _masuk(client, f"tebakan{i}", "salah", alamat="198.51.100.9")
    r = _masuk(client, camat.username, SANDI, alamat="198.51.100.9")
    assert "Terlalu banyak percobaan" in r.text
    _masuk(client, camat.username, SANDI, alamat="198.51.100.10")
    assert _sudah_masuk(client)


def test_rotating_x_forwarded_for_does_not_give_new_addresses(client, camat, settings, jam):
    settings.PROKSI_TEPERCAYA = 1
    settings.LOGIN_GAGAL_MAKS_ALAMAT = 5
    for i in range(5):
        client.post(
            reverse("login"),
            {"username": f"tebakan{i}", "password": "salah"},
            REMOTE_ADDR="172.18.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 198.51.100.9",
        )
    r = client.post(
        reverse("login"),
        {"username": camat.username, "password": SANDI},
        REMOTE_ADDR="172.18.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.9",
    )
    assert "Terlalu banyak percobaan" in r.text and not _sudah_masuk(client)


def test_client_address_is_the_hop_the_trusted_proxy_appended(rf, settings):
    from dashboard_kecamatan.umum.klien import alamat_klien

    req = rf.get("/", REMOTE_ADDR="172.18.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3")
    settings.PROKSI_TEPERCAYA = 0
    assert alamat_klien(req) == "172.18.0.2"
    settings.PROKSI_TEPERCAYA = 1
    assert alamat_klien(req) == "3.3.3.3"
    settings.PROKSI_TEPERCAYA = 2
    assert alamat_klien(req) == "2.2.2.2"
