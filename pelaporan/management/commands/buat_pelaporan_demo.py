from django.core.management.base import BaseCommand, CommandError

from pelaporan.services import pelaporan_demo_buat
from wilayah.services import DEMO_KECAMATAN


class Command(BaseCommand):
    help = (
        "Membuat catatan P3PD 1D contoh (tim, pelatihan, rapat, monev; bukan data sebenarnya) "
        "untuk kecamatan demo. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)

    def handle(self, *args, **opts):
        try:
            n = pelaporan_demo_buat(kecamatan_kode=opts["kecamatan"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Catatan P3PD contoh: {n} dibuat.")
