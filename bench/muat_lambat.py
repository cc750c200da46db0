"""The camat home on a slow link, in Chromium: bytes and time to usable content and to charts
drawn, cold and repeat, for the `make run` demo and for the production build.

    .venv/bin/python bench/muat_lambat.py                 # builds the demo database if missing
    .venv/bin/python bench/muat_lambat.py --bangun        # rebuild it first
    .venv/bin/python bench/muat_lambat.py --proyek DIR    # measure another checkout (before/after)

The link is Chromium's own network throttling (DevTools protocol Network.emulateNetworkConditions):
1 Mbit/s down and up, 300 ms latency, applied after logging in and clearing the cache.

- demo: the server `make run` starts (`manage.py runserver` with the Makefile's DEMO_ENV), on the
  demo's SQLite database built by the same commands as `make demo-data`;
- produksi: gunicorn with DEBUG=0 and collected static files, as the Dockerfile runs it, on the
  same database (the weight and the waits on this link are the static files' and the HTML's, not
  the database's: the page's server time is tens of milliseconds).

Figures, per mode, cold (empty cache) and repeat (same browser, cache kept):
- bytes: what crossed the wire, as the page accounts it (Resource Timing transferSize of the
  document and every resource: compressed bodies and headers; 0 when served from the cache);
- usable: the later of first contentful paint and DOMContentLoaded (styles applied, the figures'
  tables and the navigation on screen and working);
- charts: every figure on the page drawn by plotly.js (grafik.js marks it data-digambar).

Targets (issue 14): usable <= 3 s cold on this link, first load <= 450 KB, repeat <= 40 KB.
"""

import argparse
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SINI = Path(__file__).resolve().parent.parent
HALAMAN = "/dasbor/kecamatan/33.06.11/"
RINCI = False
CHROMIUM = "/usr/bin/chromium"
JARINGAN = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 1_000_000 / 8,
    "uploadThroughput": 1_000_000 / 8,
}
PERINTAH_DEMO = [
    ["migrate", "--noinput", "-v0"],
    ["muat_wilayah"],
    ["muat_katalog"],
    ["muat_referensi_perencanaan"],
    ["buat_pengguna_demo"],
    ["muat_data_contoh", "--wilayah", "33.06"],
    ["buat_rencana_demo"],
    ["buat_pelaporan_demo"],
    ["buat_pengaduan_demo"],
]


def _env_demo(proyek):
    """DEMO_ENV of the project's Makefile: the environment `make run` serves the demo with."""
    teks = (proyek / "Makefile").read_text(encoding="utf-8")
    cocok = re.search(r"^DEMO_ENV\s*:=\s*(.*)$", teks, re.MULTILINE)
    return dict(x.split("=", 1) for x in shlex.split(cocok.group(1))) if cocok else {}


def _env(proyek, mode):
    hasil = proyek / "bench" / "hasil"
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        SQLITE_PATH=str(hasil / "lambat.sqlite3"),
        MEDIA_ROOT=str(hasil / "lambat-media"),
        LOG_LEVEL="WARNING",
    )
    if mode == "demo":
        env.update(_env_demo(proyek))
        env.setdefault("DEBUG", "1")
    else:
        env.update(
            DEBUG="0", SECRET_KEY="bench-only", ALLOWED_HOSTS="127.0.0.1", STATIC_MANIFEST="1"
        )
    return env


def _manage(proyek, env, *args):
    subprocess.run(
        [str(proyek / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=proyek,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bangun_demo(proyek, ulang):
    env = _env(proyek, "demo")
    db = Path(env["SQLITE_PATH"])
    if db.exists() and not ulang:
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    for args in PERINTAH_DEMO:
        _manage(proyek, env, *args)
    print(f"demo database built in {time.perf_counter() - t0:.0f} s ({db})")


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jalankan_server(proyek, mode):
    env = _env(proyek, mode)
    if env.get("STATIC_MANIFEST") == "1":
        _manage(proyek, env, "collectstatic", "--noinput", "-v0")
    port = _port()
    py = str(proyek / ".venv" / "bin" / "python")
    if mode == "demo":
        cmd = [py, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        gunicorn = str(proyek / ".venv" / "bin" / "gunicorn")
        cmd = [gunicorn, "dashboard_kecamatan.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    proses = subprocess.Popen(
        cmd, cwd=proyek, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proses, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proses.kill()
    raise SystemExit(f"server ({mode}) did not start")


def _muat(page, url):
    """Navigate once; (bytes, usable s, charts s, requests, charts) as the page itself accounts
    them (Resource Timing transferSize: compressed body and headers, 0 from the cache)."""
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "[...document.querySelectorAll('.grafik')].every(e => e.dataset.digambar)",
        polling=50,
        timeout=120_000,
    )
    ukuran = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const fcp = performance.getEntriesByName('first-contentful-paint')[0];
          const res = performance.getEntriesByType('resource');
          return {dcl: nav.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : 0,
                  grafik: performance.now(), n: document.querySelectorAll('.grafik').length,
                  byte: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
                  daftar: [[nav.name, nav.transferSize, nav.encodedBodySize]].concat(
                    res.map(r => [r.name, r.transferSize, r.encodedBodySize]))};
        }"""
    )
    if RINCI:
        for nama, byte, badan in sorted(ukuran["daftar"], key=lambda x: -x[1]):
            print(f"      {byte / 1000:8.1f} KB (body {badan / 1000:7.1f})  {nama[-70:]}")
    return (
        ukuran["byte"],
        max(ukuran["dcl"], ukuran["fcp"]) / 1000,
        ukuran["grafik"] / 1000,
        len(ukuran["daftar"]),
        ukuran["n"],
    )


def ukur(url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
        page = context.new_page()
        page.goto(url + "/masuk/")
        page.fill("#id_username", "camat")
        page.fill("#id_password", "demo12345")
        page.click("form button[type=submit]")
        page.wait_for_load_state("load")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", JARINGAN)
        dingin = _muat(page, url + HALAMAN)
        ulang = _muat(page, url + HALAMAN)
        browser.close()
    return dingin, ulang


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proyek", default=str(SINI), help="checkout to measure")
    ap.add_argument("--bangun", action="store_true", help="rebuild the demo database")
    ap.add_argument("--mode", choices=["demo", "produksi"], action="append")
    ap.add_argument("--rinci", action="store_true", help="print every request")
    args = ap.parse_args()
    global RINCI
    RINCI = args.rinci
    proyek = Path(args.proyek).resolve()
    bangun_demo(proyek, args.bangun)
    print(f"{proyek}: {HALAMAN} as camat, 1 Mbit/s, 300 ms latency (Chromium throttling)")
    for mode in args.mode or ["demo", "produksi"]:
        proses, url = jalankan_server(proyek, mode)
        try:
            dingin, ulang = ukur(url)
        finally:
            proses.send_signal(signal.SIGTERM)
            proses.wait(timeout=20)
        for nama, (byte, pakai, grafik, n, n_grafik) in (("cold", dingin), ("repeat", ulang)):
            print(
                f"  {mode:<8} {nama:<6}: {byte / 1000:7.1f} KB in {n:2d} requests; "
                f"usable {pakai:5.2f} s; {n_grafik} charts drawn {grafik:5.2f} s"
            )
    print("  targets: usable <= 3 s cold; first load <= 450 KB; repeat <= 40 KB")


if __name__ == "__main__":
    sys.exit(main())
