"""Dashboards under load: gunicorn (4 workers) on a bench PostgreSQL database, over loopback.

    .venv/bin/python bench/load.py                # builds dk_bench_load (one province), measures
    .venv/bin/python bench/load.py --ulang        # reuse the database of a previous run
    .venv/bin/python bench/load.py --detik 10     # seconds per measured run (default 15)
    .venv/bin/python bench/load.py --nasional     # the whole country (14.7 M rows, slow to build)

BENCH_LOAD_DB names the scratch database (default dk_bench_load), so that two checkouts can
measure side by side without dropping each other's.

The data set is bench/pages.py's (aggregates written as the engine would, submitted
Pengajuan rows so that the months are offered), limited to Jawa Tengah (33) unless --nasional,
plus one logged rebuild so that the pages show a "Data per" time (the cache is keyed on it).

Each run starts its own gunicorn on 127.0.0.1 (a free port), with the Django cache on Redis
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/9, flushed before each cold measurement), and
stops it afterwards; every run lasts a fixed number of seconds. It measures, with the
dashboard cache off (DASBOR_CACHE=0, the code before the cache) and on:

- the first request of each page on a cold cache (ms);
- 1 and 10 concurrent users (threads, one keep-alive connection each) alternating the camat
  home (Pituruh), the desa page, the indicator page and the Sekber national page: throughput
  and p50 / p95 / p99 per page, and the errors (any status other than 200).

Targets, warm at 10 users: p95 <= 150 ms, >= 80 req/s, 0 errors.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "0")

from _db import ROOT, siapkan  # noqa: E402

NAMA_DB = os.environ.get("BENCH_LOAD_DB", "dk_bench_load")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PITURUH = "33.06.11"
DESA = "33.06.11.2001"
PEKERJA = 4


def _arg(nama, bawaan):
    if nama in sys.argv:
        return type(bawaan)(sys.argv[sys.argv.index(nama) + 1])
    return bawaan


def muat():
    from django.utils import timezone
    from pages import muat_data

    from layanan_dasar.models import RiwayatAgregasi

    muat_data(awalan="" if "--nasional" in sys.argv else "33")
    sekarang = timezone.now()
    RiwayatAgregasi.objects.create(
        jenis=RiwayatAgregasi.Jenis.PENUH,
        mulai=sekarang,
        selesai=sekarang,
        baris=0,
        catatan="bench/load.py: data set written directly",
    )


def sesi():
    """Session cookies of a camat of Pituruh and a Sekber nasional (sessions in the database,
    so every gunicorn worker knows them)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from wilayah.models import Penugasan, Peran

    User = get_user_model()
    hasil = {}
    for nama, peran, kode in (
        ("bench_camat", Peran.CAMAT, PITURUH),
        ("bench_sekber", Peran.SEKBER_NASIONAL, ""),
    ):
        user, _ = User.objects.get_or_create(username=nama)
        Penugasan.objects.update_or_create(
            user=user, defaults={"peran": peran, "wilayah_kode": kode}
        )
        c = Client()
        c.force_login(user)
        hasil[nama] = c.cookies["sessionid"].value
    return hasil


def _indikator_pertama():
    from layanan_dasar.models import Indikator

    return Indikator.objects.filter(aktif=True).order_by("urutan", "kode").first().kode


def _port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mulai_gunicorn(url_db, *, cache):
    port = _port_bebas()
    env = dict(
        os.environ,
        DATABASE_URL=url_db,
        CACHE_URL=REDIS,
        DASBOR_CACHE="1" if cache else "0",
        DEBUG="0",
        # Source static files, no manifest: bench/pages.py (imported to build the data set) sets
        # STATIC_MANIFEST=1 for its own collected copy, which this server does not have.
        STATIC_MANIFEST="0",
        # Persistent database connections, as docker-compose runs the web service (a new
        # PostgreSQL backend per request costs more than a cached page).
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
    )
    proses = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "dashboard_kecamatan.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(PEKERJA),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    batas = time.monotonic() + 60
    while time.monotonic() < batas:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/sehat/")
            if c.getresponse().status == 200:
                return proses, port
        except OSError:
            time.sleep(0.3)
    proses.kill()
    raise SystemExit("gunicorn did not start")


def henti(proses):
    os.killpg(proses.pid, signal.SIGTERM)
    try:
        proses.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proses.pid, signal.SIGKILL)


def kosongkan_cache():
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def _minta(conn, url, cookie):
    t = time.perf_counter()
    conn.request("GET", url, headers={"Cookie": f"sessionid={cookie}"})
    r = conn.getresponse()
    r.read()
    return r.status, (time.perf_counter() - t) * 1000


def jalankan(port, halaman, *, pengguna, detik):
    """`pengguna` threads, each cycling through the pages for `detik` seconds."""
    hasil = {nama: [] for nama, _u, _c in halaman}
    salah = [0]
    kunci = threading.Lock()
    akhir = time.monotonic() + detik

    def kerja(mulai):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = mulai
        lokal = {nama: [] for nama, _u, _c in halaman}
        err = 0
        while time.monotonic() < akhir:
            nama, url, cookie = halaman[i % len(halaman)]
            i += 1
            try:
                status, ms = _minta(conn, url, cookie)
            except (OSError, http.client.HTTPException):
                err += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            if status != 200:
                err += 1
            lokal[nama].append(ms)
        with kunci:
            for k, v in lokal.items():
                hasil[k].extend(v)
            salah[0] += err

    t0 = time.monotonic()
    benang = [threading.Thread(target=kerja, args=(j,)) for j in range(pengguna)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    lama = time.monotonic() - t0
    return hasil, salah[0], lama


def _p(ms, q):
    if not ms:
        return float("nan")
    s = sorted(ms)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def ukur(url_db, halaman, *, cache, detik):
    label = "cache ON" if cache else "cache OFF"
    kosongkan_cache()
    proses, port = mulai_gunicorn(url_db, cache=cache)
    try:
        # Warm every worker's imports, templates and connection on every page (one new
        # connection a request, so that they spread over the workers), then empty the cache:
        # "cold" below is a cold cache, not a cold process.
        for _ in range(PEKERJA * 2):
            for _nama, url, cookie in halaman:
                _minta(http.client.HTTPConnection("127.0.0.1", port, timeout=60), url, cookie)
        kosongkan_cache()
        print(f"\n== {label}: first request on a cold cache ==")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for nama, url, cookie in halaman:
            status, ms = _minta(conn, url, cookie)
            print(f"  {nama:24} {ms:8.1f} ms  (HTTP {status})")
        baris = []
        for n in (1, 10):
            hasil, salah, lama = jalankan(port, halaman, pengguna=n, detik=detik)
            total = sum(len(v) for v in hasil.values())
            baris.append((n, total / lama, hasil, salah))
        print(f"\n== {label}: {detik} s per run, gunicorn -w {PEKERJA} ==")
        print(f"  {'users':>5} {'req/s':>7} {'errors':>6}  page: p50 / p95 / p99 ms")
        for n, rps, hasil, salah in baris:
            print(f"  {n:5d} {rps:7.1f} {salah:6d}")
            for nama, ms in hasil.items():
                print(
                    f"        {nama:24} {_p(ms, 0.5):7.1f} / {_p(ms, 0.95):7.1f} / "
                    f"{_p(ms, 0.99):7.1f}  (n={len(ms)})"
                )
    finally:
        henti(proses)
    return baris


def tabel(hasil):
    """The README's table: per mode and number of users, throughput, the camat home and the
    Sekber national p50 / p95, and the errors."""
    print("\n| cache | users | req/s | camat home p50 / p95 | Sekber national p50 / p95 | errors |")
    print("|---|---|---|---|---|---|")
    for cache, baris in hasil:
        for n, rps, per, salah in baris:
            cam, sek = per["camat home (Pituruh)"], per["Sekber national"]
            print(
                f"| {'on' if cache else 'off'} | {n} | {rps:.1f} | "
                f"{_p(cam, 0.5):.0f} / {_p(cam, 0.95):.0f} ms | "
                f"{_p(sek, 0.5):.0f} / {_p(sek, 0.95):.0f} ms | {salah} |"
            )


def main():
    ulang = "--ulang" in sys.argv
    detik = _arg("--detik", 15)
    url_db = siapkan(NAMA_DB, baru=not ulang)
    if not ulang:
        t = time.perf_counter()
        muat()
        print(f"data set built in {time.perf_counter() - t:.0f} s")
    if "--hanya-data" in sys.argv:
        return
    k = sesi()
    ind = _indikator_pertama()
    halaman = [
        ("camat home (Pituruh)", f"/dasbor/kecamatan/{PITURUH}/", k["bench_camat"]),
        ("desa page", f"/dasbor/desa/{DESA}/", k["bench_camat"]),
        ("indicator page", f"/dasbor/kecamatan/{PITURUH}/indikator/{ind}/", k["bench_camat"]),
        ("Sekber national", "/dasbor/pantau/", k["bench_sekber"]),
    ]
    modus = [False, True]
    if "--hanya-cache" in sys.argv:
        modus = [True]
    tabel([(cache, ukur(url_db, halaman, cache=cache, detik=detik)) for cache in modus])


if __name__ == "__main__":
    main()
