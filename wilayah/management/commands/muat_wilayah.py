import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wilayah.services import BerkasWilayahTidakValid, wilayah_muat


class Command(BaseCommand):
    help = "Memuat/memperbarui daftar wilayah resmi (provinsi s.d. desa) dari berkas CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(settings.BASE_DIR / "fixtures" / "wilayah"),
            help="Folder berisi provinces.csv, regencies.csv, districts.csv, villages.csv",
        )
        parser.add_argument(
            "--rinci",
            type=int,
            default=10,
            help="Jumlah kode contoh yang dicetak per jenis perubahan",
        )

    def handle(self, *args, **opts):
        mulai = time.perf_counter()
        try:
            laporan = wilayah_muat(direktori=opts["dir"])
        except BerkasWilayahTidakValid as exc:
            n = len(exc.kesalahan)
            daftar = "\n".join(f"  - {k}" for k in exc.kesalahan[:200])
            lebih = f"\n  … dan {n - 200} kesalahan lain" if n > 200 else ""
            raise CommandError(
                f"Berkas wilayah tidak valid ({n} kesalahan); tidak ada yang diubah:\n"
                f"{daftar}{lebih}"
            ) from None
        detik = time.perf_counter() - mulai
        for t in laporan:
            self.stdout.write(
                f"{t.nama}: {t.jumlah_berkas} di berkas; baru {len(t.baru)}, diubah "
                f"{len(t.diubah)}, dinonaktifkan {len(t.dinonaktifkan)}, diaktifkan lagi "
                f"{len(t.diaktifkan)}"
            )
            for label, kode in (
                ("baru", t.baru),
                ("diubah", t.diubah),
                ("dinonaktifkan", t.dinonaktifkan),
                ("diaktifkan lagi", t.diaktifkan),
            ):
                if kode and len(kode) < 1000:
                    contoh = ", ".join(kode[: opts["rinci"]])
                    sisa = f" (+{len(kode) - opts['rinci']})" if len(kode) > opts["rinci"] else ""
                    self.stdout.write(f"  {label}: {contoh}{sisa}")
        if not any(t.ada_perubahan for t in laporan):
            self.stdout.write("Tidak ada perubahan.")
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {detik:.1f} detik."))
