from django.apps import AppConfig


class DashboardKecamatanConfig(AppConfig):
    name = "dashboard_kecamatan"
