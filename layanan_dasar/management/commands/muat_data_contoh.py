import time

from django.core.management.base import BaseCommand, CommandError

from layanan_dasar.periode import bulan_dari_teks, teks_bulan
from layanan_dasar.services import DEMO_WILAYAH, data_contoh_muat


class Command(BaseCommand):
    help = (
        "Membangkitkan data contoh (bukan data sebenarnya) untuk semua desa di satu wilayah, "
        "bawaan Kabupaten Purworejo (33.06), 24 bulan terakhir. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wilayah", default=DEMO_WILAYAH, help="kode kabupaten/kecamatan")
        parser.add_argument("--bulan", type=int, default=24, help="jumlah bulan")
        parser.add_argument(
            "--sampai", default="", help="bulan terakhir TTTT-BB (bawaan: bulan lalu)"
        )
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--ulang", action="store_true", help="bangkitkan ulang bila sudah ada")
        parser.add_argument(
            "--tanpa-agregat",
            action="store_true",
            help="jangan bangun ulang agregat wilayah ini sesudahnya (jalankan bangun_agregat)",
        )

    def handle(self, *args, **opts):
        try:
            sampai = bulan_dari_teks(opts["sampai"]) if opts["sampai"] else None
        except ValueError:
            raise CommandError("--sampai harus berformat TTTT-BB") from None
        if opts["bulan"] < 1:
            raise CommandError("--bulan minimal 1")
        t0 = time.perf_counter()
        try:
            hasil = data_contoh_muat(
                wilayah_kode=opts["wilayah"],
                jumlah_bulan=opts["bulan"],
                bulan_akhir=sampai,
                seed=opts["seed"],
                ulang=opts["ulang"],
                bangun_agregat=not opts["tanpa_agregat"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if hasil is None:
            self.stdout.write(
                f"Data contoh untuk {opts['wilayah']} sudah ada "
                "(pakai --ulang untuk membangkitkan ulang)."
            )
            return
        self.stdout.write(
            f"Data contoh {hasil.wilayah_kode}: {hasil.jumlah_nilai:,} nilai, "
            f"{teks_bulan(hasil.bulan_awal)} s.d. {teks_bulan(hasil.bulan_akhir)} "
            f"({time.perf_counter() - t0:.1f} s)."
        )
