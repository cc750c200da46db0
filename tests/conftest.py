"""Shared fixtures. The test database holds the whole official wilayah list (loaded once per
session with the real loader), so tests use real codes: Pituruh (33.06.11) is "our" kecamatan,
Kemiri (33.06.12) its neighbour in Purworejo, and Jawa Barat (32) another province."""

import itertools

import pytest
from django.conf import settings
from django.utils import translation

from wilayah.models import Penugasan, Peran

PITURUH = "33.06.11"
KEMIRI = "33.06.12"
DESA_PITURUH = "33.06.11.2001"  # Kendalrejo
DESA_KEMIRI = "33.06.12.2001"

_urut = itertools.count()


@pytest.fixture(autouse=True)
def _bahasa_bawaan():
    # A request with the English cookie leaves English active in the thread (BahasaMiddleware
    # activates per request, as Django's LocaleMiddleware does); the next test starts afresh.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _sandi_cepat(settings):
    # Tests create users by the dozen; the production hasher's deliberate cost (~0.3 s a user)
    # is not what they test. Login, throttling and the demo accounts still hash and check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _cache_kosong():
    # Each test starts on an empty cache: the local-memory cache outlives a test's database
    # transaction, and a dashboard fragment cached by one test must not answer the next.
    from django.core.cache import caches

    for alias in ("default", "dasbor"):
        caches[alias].clear()


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
        user = django_user_model.objects.create_user(
            username=username, password="rahasia-123", **extra
        )
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
def status_agregat_uji():
    """Record a completed rebuild finished at `selesai` (aware datetime) and mark `tertunda`
    (desa codes) as waiting for the incremental rebuild: what "Data per …" and the pending
    badge read."""
    import datetime as dt

    from django.utils import timezone

    from layanan_dasar.models import AntrianAgregasi, RiwayatAgregasi

    def buat(selesai, tertunda=()):
        RiwayatAgregasi.objects.create(
            jenis=RiwayatAgregasi.Jenis.PENUH, mulai=selesai, selesai=selesai, baris=1
        )
        for kode in tertunda:
            AntrianAgregasi.objects.create(
                desa_kode=kode, bulan=dt.date(2025, 3, 1), dibuat_pada=timezone.now()
            )

    return buat


@pytest.fixture
def klien_lain(db):
    """A second, independent browser: klien_lain(user) → its own logged-in client."""
    from django.test import Client

    def _masuk(user):
        c = Client()
        c.force_login(user)
        return c

    return _masuk


@pytest.fixture
def klien(client):
    """client.force_login shortcut: klien(user) → logged-in client."""

    def _masuk(user):
        client.force_login(user)
        return client

    return _masuk


# --- wilayah for transactional tests -------------------------------------------------------
# Transactional tests (browser tests, the Celery worker test) flush the database afterwards, so
# the session-wide national list is gone for them. They load the provinces they need (Jawa
# Tengah and DI Yogyakarta: ~9k villages, well under a second) through the same loader.


@pytest.fixture(scope="session")
def _wilayah_sebagian(tmp_path_factory):
    import csv

    sumber = settings.BASE_DIR / "fixtures" / "wilayah"
    tujuan = tmp_path_factory.mktemp("wilayah")
    simpan = ("33", "34")
    for nama in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        with (
            (sumber / nama).open(encoding="utf-8", newline="") as fh,
            (tujuan / nama).open("w", encoding="utf-8", newline="") as out,
        ):
            reader = csv.reader(fh)
            writer = csv.writer(out)
            writer.writerow(next(reader))
            writer.writerows(row for row in reader if row[0][:2] in simpan)
    return tujuan


@pytest.fixture
def wilayah_transaksional(transactional_db, _wilayah_sebagian):
    from wilayah.models import Provinsi
    from wilayah.services import wilayah_muat

    if not Provinsi.objects.filter(kode="33").exists():
        wilayah_muat(direktori=_wilayah_sebagian)


# --- browser ---------------------------------------------------------------------------------

ARTEFAK = settings.BASE_DIR / "tests" / "artefak"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def peramban():
    """The system Chromium driven by Playwright (Playwright's own browsers cannot be fetched)."""
    import os

    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls while
    # one runs unless told this thread is safe, which it is (one test at a time).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def halaman(peramban, live_server, wilayah_transaksional):
    """A fresh browser page; `halaman.masuk(username, password)` logs in through the form."""
    context = peramban.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    # Every browser test is also a Content-Security-Policy test: any script, style or image the
    # policy blocks (an inline handler without the nonce, a CDN) fails the test at teardown.
    pelanggaran = []
    page.on(
        "console",
        lambda m: pelanggaran.append(m.text) if "Content Security Policy" in m.text else None,
    )

    def masuk(username, password="rahasia-123"):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")

    def tangkap(nama):
        ARTEFAK.mkdir(parents=True, exist_ok=True)
        path = ARTEFAK / f"{nama}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    page.masuk = masuk
    page.tangkap = tangkap
    page.url_dasar = live_server.url
    page.pelanggaran_csp = pelanggaran
    yield page
    context.close()
    assert pelanggaran == [], pelanggaran


# --- a real Celery worker ----------------------------------------------------------------------


def _lupakan_pool(app):
    """An eager .delay() earlier in the session leaves connection pools bound to the previous
    broker settings; drop them (as Celery does after a fork) so the producer reconnects."""
    app._pool = None
    # An eager task also caches a disabled result backend in the app's thread-local state.
    app._local.__dict__.pop("backend", None)
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@pytest.fixture
def celery_worker_nyata(transactional_db):
    """Start a real Celery worker process against Redis and the test database; point the
    in-process Celery app at the same broker for the duration of the test."""
    import os
    import subprocess
    import sys
    import time

    from django.db import connection

    from dashboard_kecamatan.celery import app

    broker = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    db = connection.settings_dict
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    lama = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=broker, result_backend=broker, task_always_eager=False)
    _lupakan_pool(app)
    import redis

    redis.Redis.from_url(broker).flushdb()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dashboard_kecamatan",
            "worker",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
            "-n",
            f"uji-{os.getpid()}@%h",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        batas = time.monotonic() + 60
        while time.monotonic() < batas:
            if proc.poll() is not None:
                raise RuntimeError("worker Celery berhenti saat start")
            if app.control.ping(timeout=1.0):
                break
        else:
            raise RuntimeError("worker Celery tidak siap dalam 60 detik")
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        app.conf.update(**lama)
        _lupakan_pool(app)


@pytest.fixture
def broker_mati():
    """The in-process Celery app pointed at a broker nobody listens on (Redis down): what a
    page does when it enqueues work then."""
    from dashboard_kecamatan.celery import app

    mati = "redis://127.0.0.1:9/0"  # the discard port: connection refused at once
    lama = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=mati, result_backend=mati, task_always_eager=False)
    _lupakan_pool(app)
    try:
        yield app
    finally:
        app.conf.update(**lama)
        _lupakan_pool(app)
