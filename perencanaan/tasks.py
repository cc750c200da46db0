"""Celery tasks of perencanaan: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task(name="perencanaan.berlaku_otomatis")
def berlaku_otomatis():
    return services.rencana_berlaku_otomatis()
