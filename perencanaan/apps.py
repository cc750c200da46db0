from django.apps import AppConfig


class PerencanaanConfig(AppConfig):
    name = "perencanaan"
