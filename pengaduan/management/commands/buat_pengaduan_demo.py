from django.core.management.base import BaseCommand, CommandError

from pengaduan.contoh import pengaduan_demo_buat
from wilayah.services import DEMO_KECAMATAN


class Command(BaseCommand):
    help = (
        "Membuat pengaduan dan penilaian masyarakat contoh (bukan data sebenarnya) untuk "
        "kecamatan demo, melalui alur kerja yang sebenarnya. Perlu akun camat demo. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)

    def handle(self, *args, **opts):
        try:
            n = pengaduan_demo_buat(kecamatan_kode=opts["kecamatan"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Pengaduan contoh: {n} dibuat.")
