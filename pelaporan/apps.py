from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelaporanConfig(AppConfig):
    name = "pelaporan"
    verbose_name = _("Pelaporan P3PD")
