from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayananDasarConfig(AppConfig):
    name = "layanan_dasar"
    verbose_name = _("Layanan Dasar")

    def ready(self):
        from wilayah.sinyal import status_desa_berubah

        from .agregasi.antrian import tandai_desa_berubah

        # A village added or retired changes the expected counts of its kecamatan's figures.
        status_desa_berubah.connect(tandai_desa_berubah, dispatch_uid="agregasi-desa-berubah")
