from django.core.management.base import BaseCommand, CommandError

from layanan_dasar.agregasi import agregasi_bangun, agregasi_inkremental
from wilayah.models import Kabupaten, Kecamatan, Provinsi


class Command(BaseCommand):
    help = (
        "Membangun ulang agregat indikator. Tanpa opsi: seluruh negeri, semua tahun. "
        "--kecamatan/--kabupaten/--provinsi KODE dan --tahun TTTT membatasi lingkupnya; "
        "--antrian memproses antrian perubahan (pembaruan inkremental)."
    )

    def add_arguments(self, parser):
        lingkup = parser.add_mutually_exclusive_group()
        lingkup.add_argument("--kecamatan", metavar="KODE")
        lingkup.add_argument("--kabupaten", metavar="KODE")
        lingkup.add_argument("--provinsi", metavar="KODE")
        lingkup.add_argument("--antrian", action="store_true", help="Proses antrian perubahan.")
        parser.add_argument("--tahun", type=int)
        parser.add_argument(
            "--latar",
            action="store_true",
            help="Kirim sebagai tugas Celery alih-alih menjalankannya sekarang.",
        )

    def handle(self, *args, **opts):
        if opts["antrian"]:
            return self._antrian(opts)
        kode = ""
        for opsi, model in (
            ("kecamatan", Kecamatan),
            ("kabupaten", Kabupaten),
            ("provinsi", Provinsi),
        ):
            if opts[opsi]:
                kode = opts[opsi].strip()
                if not model.objects.filter(kode=kode).exists():
                    raise CommandError(f"Kode {opsi} tidak dikenal: {kode}")
        tahun = opts["tahun"]
        if tahun is not None and not 1900 <= tahun <= 2999:
            raise CommandError(f"Tahun tidak sah: {tahun}")
        lingkup = f"{kode or 'seluruh negeri'}, {tahun or 'semua tahun'}"
        if opts["latar"]:
            from layanan_dasar.agregasi.tasks import agregasi_bangun_tugas

            agregasi_bangun_tugas.delay(kode=kode, tahun=tahun)
            self.stdout.write(f"Pembangunan ulang agregat dijadwalkan ({lingkup}).")
            return
        hasil = agregasi_bangun(kode=kode, tahun=tahun)
        if hasil.dilewati:
            self.stdout.write(f"Dilewati: lingkup yang sama sedang dibangun ({lingkup}).")
            return
        baris = f"{hasil.baris:,}".replace(",", ".")
        detik = f"{hasil.detik:.1f}".replace(".", ",")
        self.stdout.write(
            f"Agregat dibangun ulang ({lingkup}): {baris} baris ditulis dalam {detik} detik."
        )

    def _antrian(self, opts):
        if opts["latar"]:
            from layanan_dasar.agregasi.tasks import agregasi_inkremental_tugas

            agregasi_inkremental_tugas.delay()
            self.stdout.write("Pembaruan inkremental dijadwalkan.")
            return
        hasil = agregasi_inkremental()
        if hasil.dilewati:
            self.stdout.write("Dilewati: pembangunan ulang lain sedang berjalan; antrian tetap.")
            return
        detik = f"{hasil.detik:.2f}".replace(".", ",")
        self.stdout.write(
            f"Antrian diproses: {hasil.tanda} desa-bulan, {hasil.baris} baris ditulis "
            f"dalam {detik} detik."
        )
