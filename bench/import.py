"""Time the import of a 10,000-row file (Excel and CSV) into one kecamatan and sector.

    .venv/bin/python bench/import.py

Builds a long-layout file (kode_desa, kode_elemen, bulan, nilai) of 10,000 health values for
the 49 villages of Pituruh over 2025, then times `impor_berkas` (read, validate every row,
write all rows with their audit entries in one transaction) on an empty month range, again on
the same file (nothing changes), and on a file where every value changed. Target: <= 10 s.
"""

import csv
import datetime as dt
import io
import time

from _db import ROOT, siapkan

N_BARIS = 10_000
KECAMATAN = "33.06.11"


def buat_baris():
    from layanan_dasar.contoh import nilai_desa
    from layanan_dasar.periode import rentang_bulan
    from wilayah.models import Desa

    bulan = rentang_bulan(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    baris = []
    for kode in Desa.objects.filter(kecamatan_id=KECAMATAN).values_list("kode", flat=True):
        for (el, b), v in sorted(nilai_desa(kode, bulan, seed=7).items()):
            if el.startswith("kes-"):
                baris.append([kode, el, f"{b:%Y-%m}", v])
    # Denominators before numerators does not matter: the file is checked as a whole.
    return baris[:N_BARIS]


def sebagai_xlsx(baris):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["Kecamatan", KECAMATAN])
    ws.append(["Sektor", "kesehatan"])
    ws.append(["kode_desa", "kode_elemen", "bulan", "nilai"])
    for r in baris:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sebagai_csv(baris):
    buf = io.StringIO()
    tulis = csv.writer(buf, delimiter=";")
    tulis.writerow(["kode_desa", "kode_elemen", "bulan", "nilai"])
    tulis.writerows(baris)
    return buf.getvalue().encode()


def ukur(judul, isi, nama, user, kecamatan):
    from layanan_dasar.impor import impor_berkas

    t0 = time.perf_counter()
    # Random values have outliers; the bench times the store, as after the user confirmed them.
    hasil = impor_berkas(
        user=user,
        kecamatan=kecamatan,
        sektor="kesehatan",
        berkas=io.BytesIO(isi),
        nama_berkas=nama,
        wajib_konfirmasi=False,
    )
    detik = time.perf_counter() - t0
    assert not hasil.galat, hasil.galat[:5]
    s = hasil.simpan
    print(
        f"{judul:<38}: {detik:5.2f} s  ({hasil.jumlah_baris:,} baris; "
        f"{s.baru:,} baru, {s.diubah:,} diubah)   target <= 10 s"
    )


def main():
    siapkan("dk_bench_impor")
    from django.contrib.auth import get_user_model

    from layanan_dasar import services

    # The aggregation runs in the Celery worker after the import has committed; without a
    # broker it would run here, eagerly, and its time is not the import's.
    services.agregasi_jadwalkan = lambda **kw: None

    from layanan_dasar.models import AuditNilai, NilaiData
    from layanan_dasar.services import katalog_muat
    from wilayah.models import Kecamatan, Penugasan, Peran
    from wilayah.services import wilayah_muat

    wilayah_muat(direktori=ROOT / "fixtures" / "wilayah")
    katalog_muat()
    user = get_user_model().objects.create_user("bench_upt", password="x")
    Penugasan.objects.create(user=user, peran=Peran.UPT_KESEHATAN, wilayah_kode=KECAMATAN)
    kecamatan = Kecamatan.objects.get(kode=KECAMATAN)

    baris = buat_baris()
    xlsx = sebagai_xlsx(baris)
    ukur("XLSX 10.000 baris, semua baru", xlsx, "b.xlsx", user, kecamatan)
    ukur("XLSX yang sama lagi (tanpa perubahan)", xlsx, "b.xlsx", user, kecamatan)
    # Every value one lower: numerators stay within their denominators.
    ubah = [[d, e, b, max(0, v - 1)] for d, e, b, v in baris]
    ukur("CSV 10.000 baris, nilai berubah", sebagai_csv(ubah), "b.csv", user, kecamatan)
    print(f"nilai tersimpan: {NilaiData.objects.count():,}; audit: {AuditNilai.objects.count():,}")


if __name__ == "__main__":
    main()
