"""manage.py impor_siskeudes ZIP [--tahun TTTT] [--pengguna USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from perencanaan.siskeudes import siskeudes_impor


def pengguna_perintah(username):
    """The account a command acts as: the one named, else the first active superuser."""
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
    else:
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("Pengguna tidak ditemukan (buat superuser atau beri --pengguna).")
    return user


class Command(BaseCommand):
    help = (
        "Impor ekspor Siskeudes (zip berisi Ta_*.csv) menjadi APB Desa dan RKP Desa. Semua atau "
        "tidak sama sekali: satu baris ditolak, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("zip")
        parser.add_argument("--tahun", type=int, default=None)
        parser.add_argument("--pengguna", default=None)

    def handle(self, *args, **opts):
        path = Path(opts["zip"])
        try:
            isi = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from None
        hasil = siskeudes_impor(
            oleh=pengguna_perintah(opts["pengguna"]),
            isi=isi,
            nama_berkas=path.name,
            tahun=opts["tahun"],
        )
        if not hasil.berhasil:
            daftar = "\n".join(f"  {p}" for p in hasil.penolakan)
            raise CommandError(
                f"Berkas ditolak ({len(hasil.penolakan)} kesalahan), tidak ada yang disimpan:\n"
                f"{daftar}"
            )
        apb = sum(1 for r in hasil.rencana if r.jenis == "apb")
        rkp = len(hasil.rencana) - apb
        baru = sum(1 for r in hasil.rencana if r.baru)
        baris = sum(len(r.baris) for r in hasil.rencana)
        self.stdout.write(
            f"Siskeudes {hasil.tahun}: {apb} APB Desa dan {rkp} RKP Desa ({baru} baru), "
            f"{baris} baris kegiatan."
        )
        if hasil.dilewati:
            self.stdout.write(f"{len(hasil.dilewati)} desa di luar wilayah pengguna dilewati.")
