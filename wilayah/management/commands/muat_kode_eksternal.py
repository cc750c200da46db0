"""manage.py muat_kode_eksternal BERKAS.csv — load crosswalk rows (all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from wilayah.padanan import PadananTidakValid, kode_eksternal_muat


class Command(BaseCommand):
    help = "Muat tabel padanan kode eksternal (Siskeudes, Kemendesa, BPS, Dapodik) dari CSV."

    def add_arguments(self, parser):
        parser.add_argument("berkas")

    def handle(self, *args, berkas, **opts):
        try:
            hasil = kode_eksternal_muat(berkas=berkas)
        except (OSError, PadananTidakValid) as exc:
            raise CommandError(f"Berkas ditolak, tidak ada yang dimuat:\n{exc}") from exc
        self.stdout.write(f"{hasil.baru} padanan baru, {hasil.diubah} diperbarui.")
