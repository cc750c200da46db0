"""Time the load of the whole national wilayah list into an empty PostgreSQL database.

    .venv/bin/python bench/load_wilayah.py

Prints the wall time of the first load (83,762 villages, bulk inserts) and of a re-load of the
same files (nothing changes). Target: first load <= 10 s on the 2-core machine.
"""

import time

from _db import ROOT, siapkan


def main():
    siapkan("dk_bench_wilayah")
    from wilayah.models import Desa
    from wilayah.services import wilayah_muat

    sumber = ROOT / "fixtures" / "wilayah"
    t0 = time.perf_counter()
    wilayah_muat(direktori=sumber)
    pertama = time.perf_counter() - t0
    t0 = time.perf_counter()
    wilayah_muat(direktori=sumber)
    ulang = time.perf_counter() - t0
    print(f"desa dimuat           : {Desa.objects.count():,}")
    print(f"muat pertama (kosong) : {pertama:.2f} s   (target <= 10 s)")
    print(f"muat ulang (tanpa ubah): {ulang:.2f} s")


if __name__ == "__main__":
    main()
