"""manage.py impor_eppgbm BERKAS.xlsx --kecamatan KODE [--desa KODE] [--pengguna USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from layanan_dasar.eppgbm import impor_eppgbm
from wilayah.models import Desa, Kecamatan


class Command(BaseCommand):
    help = (
        "Impor berkas e-PPGBM (pengukuran anak) menjadi jumlah balita diukur, pendek dan sangat "
        "pendek per desa per bulan. NIK dan nama tidak disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas")
        parser.add_argument("--kecamatan", required=True)
        parser.add_argument("--desa", default=None, help="bila berkas tidak memuat kolom desa")
        parser.add_argument("--pengguna", default=None)

    def handle(self, *args, **opts):
        kecamatan = (
            Kecamatan.objects.select_related("kabupaten").filter(kode=opts["kecamatan"]).first()
        )
        if kecamatan is None:
            raise CommandError(f"Kecamatan {opts['kecamatan']} tidak dikenal.")
        desa = None
        if opts["desa"]:
            desa = Desa.objects.filter(kode=opts["desa"], kecamatan=kecamatan).first()
            if desa is None:
                raise CommandError(f"Desa {opts['desa']} bukan desa Kecamatan {kecamatan.nama}.")
        User = get_user_model()
        if opts["pengguna"]:
            user = User.objects.filter(username=opts["pengguna"], is_active=True).first()
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError("Pengguna tidak ditemukan (buat superuser atau beri --pengguna).")
        path = Path(opts["berkas"])
        try:
            isi = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from None
        hasil = impor_eppgbm(
            user=user, kecamatan=kecamatan, isi=isi, nama_berkas=path.name, desa=desa
        )
        if not hasil.berhasil:
            daftar = "\n".join(f"  {g}" for g in hasil.galat[:200])
            raise CommandError(
                f"Berkas ditolak ({len(hasil.galat)} kesalahan), tidak ada yang disimpan:\n{daftar}"
            )
        self.stdout.write(
            f"e-PPGBM: {hasil.jumlah_ukur} pengukuran, {len(hasil.hitungan)} desa-bulan disimpan."
        )
