from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from perencanaan.services import rencana_demo_buat
from wilayah.services import DEMO_KECAMATAN


class Command(BaseCommand):
    help = (
        "Membuat rencana contoh (APB Desa, bukan data sebenarnya) untuk beberapa desa di "
        "kecamatan demo, satu per status. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)
        parser.add_argument("--tahun", type=int, default=timezone.localdate().year + 1)
        parser.add_argument("--jumlah", type=int, default=6)

    def handle(self, *args, **opts):
        try:
            n = rencana_demo_buat(
                kecamatan_kode=opts["kecamatan"], tahun=opts["tahun"], jumlah_desa=opts["jumlah"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Rencana contoh {opts['tahun']}: {n} dibuat.")
