from django.apps import AppConfig


class PelaporanConfig(AppConfig):
    name = "pelaporan"
