"""Celery application. Tasks stay thin: they load by id and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard_kecamatan.settings")

app = Celery("dashboard_kecamatan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="dashboard_kecamatan.ping")
def ping(value):
    """Round-trip check used by the worker integration test and health probes."""
    return {"pong": value}
