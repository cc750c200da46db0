from django.core.management.base import BaseCommand, CommandError

from layanan_dasar.services import KatalogError, katalog_muat


class Command(BaseCommand):
    help = "Memuat katalog elemen data dan indikator dari fixtures/katalog (aman diulang)."

    def add_arguments(self, parser):
        parser.add_argument("--direktori", default=None)

    def handle(self, *args, **opts):
        try:
            n_elemen, n_indikator = katalog_muat(direktori=opts["direktori"])
        except KatalogError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Katalog dimuat: {n_elemen} elemen data, {n_indikator} indikator.")
