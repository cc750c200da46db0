from django.core.management.base import BaseCommand, CommandError

from wilayah.services import DEMO_KECAMATAN, pengguna_buat_demo


class Command(BaseCommand):
    help = "Membuat (atau menyetel ulang) satu akun demo per peran di satu kecamatan."

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)
        parser.add_argument("--sandi", default="demo12345")

    def handle(self, *args, **opts):
        try:
            akun = pengguna_buat_demo(kecamatan_kode=opts["kecamatan"], sandi=opts["sandi"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Akun demo (nama pengguna / kata sandi / nama / peran / wilayah):")
        for username, peran, kode, sandi, nama in akun:
            self.stdout.write(
                f"  {username:<20} {sandi:<12} {nama:<22} {peran} {kode or 'nasional'}"
            )
