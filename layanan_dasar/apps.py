from django.apps import AppConfig


class LayananDasarConfig(AppConfig):
    name = "layanan_dasar"
