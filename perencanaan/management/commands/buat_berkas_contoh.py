"""manage.py buat_berkas_contoh [--keluar DIR] [--kecamatan KODE] [--tahun TTTT]

Writes realistic sample exports (not real data) of the demo kecamatan: a Siskeudes zip and both
e-PPGBM layouts, following SUMBER.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layanan_dasar.contoh_eppgbm import anak_contoh, bulan_contoh, xlsx_bulanan, xlsx_dua_lembar
from perencanaan.contoh_siskeudes import siskeudes_zip
from wilayah.models import Desa
from wilayah.services import DEMO_KECAMATAN


class Command(BaseCommand):
    help = "Tulis berkas contoh Siskeudes (zip) dan e-PPGBM (dua format) untuk satu kecamatan."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keluar", default=str(Path(settings.BASE_DIR) / "fixtures" / "contoh")
        )
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)
        parser.add_argument("--tahun", type=int, default=timezone.localdate().year - 1)

    def handle(self, *args, **opts):
        desa = list(
            Desa.objects.filter(kecamatan_id=opts["kecamatan"], aktif=True)
            .order_by("kode")
            .values_list("kode", "nama")
        )
        if not desa:
            raise CommandError(f"Tidak ada desa aktif di kecamatan {opts['kecamatan']}.")
        keluar = Path(opts["keluar"])
        keluar.mkdir(parents=True, exist_ok=True)
        tahun = opts["tahun"]
        zip_path = siskeudes_zip(
            keluar / f"siskeudes-{opts['kecamatan']}-{tahun}.zip", desa, tahun=tahun
        )
        bulan = bulan_contoh(tahun)
        satu = anak_contoh(desa[0][0], 60, bulan=bulan)
        (keluar / f"eppgbm-bulanan-{desa[0][0]}-{tahun}.xlsx").write_bytes(
            xlsx_bulanan(satu, tahun=tahun)
        )
        semua = [a for kode, _n in desa for a in anak_contoh(kode, 40, bulan=bulan)]
        (keluar / f"eppgbm-dua-lembar-{opts['kecamatan']}-{tahun}.xlsx").write_bytes(
            xlsx_dua_lembar(semua)
        )
        self.stdout.write(
            f"Berkas contoh ditulis di {keluar} ({zip_path.name} dan dua berkas e-PPGBM)."
        )
