"""Every page that reads the aggregates, uncached, on a bench database that already holds them.

    .venv/bin/python bench/halaman_semua.py                  # BENCH_DB, default dk_bench_agregat
    BENCH_DB=dk_bench_load .venv/bin/python bench/halaman_semua.py

Meant for the database `bench/aggregate.py --lima-tahun` leaves behind (five national years of
aggregates) or bench/load.py's; it builds nothing. Logs in as the bench camat of Pituruh and the
bench Sekber nasional (bench/pages.py's users), turns the dashboard cache off, and prints per
page the median server time of 5 requests (in process, Django test client, DEBUG off), the
query count and the slowest query, so that a page whose reads grow with the stored years shows.
"""

import os
import statistics
import time

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["DASBOR_CACHE"] = "0"

from _db import siapkan  # noqa: E402

NAMA_DB = os.environ.get("BENCH_DB", "dk_bench_agregat")
KEC, DESA, KAB, PROV = "33.06.11", "33.06.11.2001", "33.06", "33"
N = 5


def halaman():
    from layanan_dasar.models import Indikator

    ind = Indikator.objects.filter(aktif=True).order_by("urutan", "kode").first().kode
    camat = [
        f"/dasbor/kecamatan/{KEC}/",
        f"/dasbor/kecamatan/{KEC}/upt/",
        f"/dasbor/desa/{DESA}/",
        f"/dasbor/kecamatan/{KEC}/indikator/{ind}/",
        f"/pelaporan/desa/{DESA}/profil/",
        f"/pelaporan/kecamatan/{KEC}/profil-desa/",
        f"/pelaporan/kecamatan/{KEC}/laporan/2025-4/",
        f"/perencanaan/kecamatan/{KEC}/",
        f"/pengaduan/desa/{DESA}/",
    ]
    sekber = ["/dasbor/pantau/", f"/dasbor/pantau/{PROV}/", f"/dasbor/pantau/{KAB}/"]
    sekber.append("/pelaporan/monitoring/")
    return [("bench_camat", u) for u in camat] + [("bench_sekber", u) for u in sekber]


def main():
    siapkan(NAMA_DB, baru=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pages import _pengguna

    pengguna = _pengguna()
    print(f"{'halaman':52} {'median':>8} {'kueri':>5}  kueri terlama")
    for nama, url in halaman():
        c = Client()
        c.force_login(pengguna[nama])
        assert c.get(url).status_code == 200, url
        ms = []
        for _ in range(N):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                c.get(url)
                ms.append((time.perf_counter() - t) * 1000)
        lama = max(q.captured_queries, key=lambda x: float(x["time"]))
        print(
            f"{url:52} {statistics.median(ms):6.1f} ms {len(q):5d}  "
            f"{float(lama['time']) * 1000:.0f} ms: {lama['sql'][:70]}"
        )


if __name__ == "__main__":
    main()
