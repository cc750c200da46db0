"""manage.py buat_impor_demo — the demo's imports, through the real importers (sample files, not
real data): one village's APB Desa and RKP Desa from a generated Siskeudes export (the APB Desa
submitted, so the camat's review shows its RKP check), and this month's stunting counts of the
kecamatan from a generated e-PPGBM file. Safe to repeat: done once per kecamatan."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from layanan_dasar.contoh_eppgbm import anak_contoh, xlsx_dua_lembar
from layanan_dasar.eppgbm import impor_eppgbm
from layanan_dasar.models import RiwayatImpor
from perencanaan import services
from perencanaan.contoh_siskeudes import isi_zip, tabel_siskeudes
from perencanaan.models import Rencana
from perencanaan.siskeudes import siskeudes_impor
from wilayah.models import Desa, Kecamatan
from wilayah.services import DEMO_KECAMATAN


class Command(BaseCommand):
    help = "Impor contoh Siskeudes dan e-PPGBM untuk kecamatan demo (bukan data sebenarnya)."

    def add_arguments(self, parser):
        parser.add_argument("--kecamatan", default=DEMO_KECAMATAN)
        parser.add_argument("--tahun", type=int, default=timezone.localdate().year + 1)

    def handle(self, *args, **opts):
        admin = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        kecamatan = (
            Kecamatan.objects.select_related("kabupaten").filter(kode=opts["kecamatan"]).first()
        )
        if admin is None or kecamatan is None:
            raise CommandError("Butuh superuser (buat_pengguna_demo) dan kecamatan yang dikenal.")
        impor = RiwayatImpor.objects.filter(desa__kecamatan=kecamatan)
        if not impor.filter(sumber=RiwayatImpor.Sumber.SISKEUDES).exists():
            self._siskeudes(admin, kecamatan, opts["tahun"])
        if not impor.filter(sumber=RiwayatImpor.Sumber.EPPGBM).exists():
            self._eppgbm(admin, kecamatan)

    def _siskeudes(self, admin, kecamatan, tahun):
        # The first village with no plan of the year (the sample plans take the first few).
        desa = (
            Desa.objects.filter(kecamatan=kecamatan, aktif=True)
            .exclude(rencana__tahun=tahun)
            .order_by("kode")
            .first()
        )
        if desa is None:
            return
        tabel = tabel_siskeudes([(desa.kode, desa.nama)], tahun=tahun)
        hasil = siskeudes_impor(
            oleh=admin, isi=isi_zip(tabel), nama_berkas=f"siskeudes-contoh-{desa.kode}-{tahun}.zip"
        )
        if not hasil.berhasil:
            raise CommandError("\n".join(str(p) for p in hasil.penolakan))
        apb = Rencana.objects.get(desa=desa, tahun=tahun, jenis=Rencana.Jenis.APB)
        services.rencana_ajukan(rencana=apb, oleh=admin)
        self.stdout.write(
            f"Siskeudes contoh: APB Desa dan RKP Desa {tahun} Desa {desa.nama} diimpor."
        )

    def _eppgbm(self, admin, kecamatan):
        # This month: always still a draft, so the counts go through the grid's service as a
        # UPT's import would; the sample data's past months are submitted or locked.
        hari_ini = timezone.localdate()
        bulan = [hari_ini.replace(day=1)]
        anak = [
            a
            for d in Desa.objects.filter(kecamatan=kecamatan, aktif=True).order_by("kode")
            for a in anak_contoh(d.kode, 30, bulan=bulan, hari_ukur=min(hari_ini.day, 12))
        ]
        hasil = impor_eppgbm(
            user=admin,
            kecamatan=kecamatan,
            isi=xlsx_dua_lembar(anak),
            nama_berkas=f"eppgbm-contoh-{kecamatan.kode}-{bulan[0]:%Y-%m}.xlsx",
        )
        if not hasil.berhasil:
            raise CommandError("\n".join(str(g) for g in hasil.galat[:50]))
        self.stdout.write(
            f"e-PPGBM contoh: {hasil.jumlah_ukur} pengukuran, {len(hasil.hitungan)} desa, "
            f"{bulan[0]:%m/%Y}."
        )
