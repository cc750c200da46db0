"""Time the imports of other systems' exports at the size a kabupaten or a Puskesmas has.

    .venv/bin/python bench/sumber.py

- Siskeudes: one zip holding every village of Kabupaten Purworejo (494 desa; 8 activities and
  their budget detail per village, RKP Desa lines, posting log), imported as a superuser into
  an empty year (494 APB Desa + 494 RKP Desa created), then the same zip again (every plan a
  draft, so every plan's lines are replaced).
- e-PPGBM: a two-sheet file of 5,000 children of Kecamatan Pituruh (~100 per village), each
  measured in Februari and Agustus, imported by the kecamatan's UPT kesehatan: z-scores, counts,
  write through the grid's service (aggregation is the worker's, after commit, not timed).
"""

import time

from _db import ROOT, siapkan

KABUPATEN = "33.06"
KECAMATAN = "33.06.11"
TAHUN = 2025


def main():
    siapkan("dk_bench_sumber")
    from django.contrib.auth import get_user_model

    from layanan_dasar import services

    services.agregasi_jadwalkan = lambda **kw: None

    from layanan_dasar.contoh_eppgbm import anak_contoh, bulan_contoh, xlsx_dua_lembar
    from layanan_dasar.eppgbm import impor_eppgbm
    from layanan_dasar.services import katalog_muat
    from perencanaan.contoh_siskeudes import isi_zip, tabel_siskeudes
    from perencanaan.models import BarisKegiatan, Rencana
    from perencanaan.services import referensi_muat
    from perencanaan.siskeudes import siskeudes_impor
    from wilayah.models import Desa, Kecamatan, Penugasan, Peran
    from wilayah.services import wilayah_muat

    wilayah_muat(direktori=ROOT / "fixtures" / "wilayah")
    katalog_muat()
    referensi_muat()
    admin = get_user_model().objects.create_superuser("bench_admin", password="x")

    desa = list(
        Desa.objects.aktif().di_bawah(KABUPATEN).order_by("kode").values_list("kode", "nama")
    )
    isi = isi_zip(tabel_siskeudes(desa, tahun=TAHUN))
    for judul in ("baru", "diganti (semua draf)"):
        t0 = time.perf_counter()
        hasil = siskeudes_impor(oleh=admin, isi=isi, nama_berkas="purworejo.zip")
        detik = time.perf_counter() - t0
        assert hasil.berhasil, hasil.penolakan[:5]
        print(
            f"Siskeudes {len(desa)} desa ({len(isi) / 2**20:.1f} MB zip), {judul:<22}: "
            f"{detik:5.2f} s  ({Rencana.objects.count():,} rencana, "
            f"{BarisKegiatan.objects.count():,} baris kegiatan)"
        )

    upt = get_user_model().objects.create_user("bench_upt", password="x")
    Penugasan.objects.create(user=upt, peran=Peran.UPT_KESEHATAN, wilayah_kode=KECAMATAN)
    kecamatan = Kecamatan.objects.select_related("kabupaten").get(kode=KECAMATAN)
    kode_desa = list(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True).values_list("kode", flat=True)
    )
    per_desa, sisa = divmod(5000, len(kode_desa))
    anak = []
    for i, kode in enumerate(kode_desa):
        anak += anak_contoh(kode, per_desa + (i < sisa), bulan=bulan_contoh(TAHUN))
    t0 = time.perf_counter()
    xlsx = xlsx_dua_lembar(anak)
    tulis = time.perf_counter() - t0
    t0 = time.perf_counter()
    hasil = impor_eppgbm(user=upt, kecamatan=kecamatan, isi=xlsx, nama_berkas="eppgbm.xlsx")
    detik = time.perf_counter() - t0
    assert hasil.berhasil, hasil.galat[:5]
    print(
        f"e-PPGBM {len(anak):,} anak, {hasil.jumlah_ukur:,} pengukuran ({len(xlsx) / 2**20:.1f} MB "
        f"xlsx, ditulis dalam {tulis:.1f} s): {detik:5.2f} s  ({len(hasil.hitungan)} desa-bulan)"
    )


if __name__ == "__main__":
    main()
