from django.apps import AppConfig


class WilayahConfig(AppConfig):
    name = "wilayah"
