"""Shared plumbing of the reference-data loading commands."""

from django.core.management.base import BaseCommand, CommandError

from perencanaan.services import ReferensiTidakValid


class MuatCommand(BaseCommand):
    layanan = None  # the service function to call
    nama = ""

    def add_arguments(self, parser):
        parser.add_argument("--berkas", help="Berkas CSV lain (bawaan: fixtures/perencanaan/).")
        parser.add_argument(
            "--timpa",
            action="store_true",
            help="Timpa baris yang sudah ada (termasuk perubahan dari admin).",
        )

    def handle(self, *args, **opts):
        try:
            baru, diubah = type(self).layanan(berkas=opts["berkas"], timpa=opts["timpa"])
        except (ReferensiTidakValid, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{self.nama}: {baru} baru, {diubah} ditimpa.")
