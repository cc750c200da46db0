"""Celery application. Tasks stay thin: they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard_kecamatan.settings")

app = Celery("dashboard_kecamatan")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Packages whose `tasks` and `jadwal` modules are collected: the apps, and the sub-packages that
# hold a sub-system of their own (the aggregation engine).
PAKET = (
    "wilayah",
    "layanan_dasar",
    "layanan_dasar.agregasi",
    "perencanaan",
    "pengaduan",
    "pelaporan",
)
app.autodiscover_tasks(list(PAKET))


def _kumpulkan_jadwal():
    """Each app (or sub-package of PAKET) may declare its periodic jobs as JADWAL in its
    `jadwal.py` (a Celery beat schedule dict); they are merged here so no app edits another's
    schedule."""
    from importlib import import_module

    from django.conf import settings

    jadwal = dict(getattr(settings, "CELERY_BEAT_SCHEDULE", {}))
    for nama in PAKET:
        try:
            modul = import_module(f"{nama}.jadwal")
        except ModuleNotFoundError as exc:
            if exc.name != f"{nama}.jadwal":
                raise
            continue
        jadwal.update(modul.JADWAL)
    return jadwal


@app.on_after_finalize.connect
def _pasang_jadwal(sender, **kwargs):
    sender.conf.beat_schedule = _kumpulkan_jadwal()


@app.task(name="dashboard_kecamatan.ping")
def ping(value):
    """Round-trip check used by the worker integration test and health probes."""
    return {"pong": value}
