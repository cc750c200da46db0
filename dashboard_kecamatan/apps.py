from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardKecamatanConfig(AppConfig):
    name = "dashboard_kecamatan"
    verbose_name = _("Dashboard Kecamatan")
