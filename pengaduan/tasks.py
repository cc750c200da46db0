"""Thin Celery tasks: load by id, call a service. Enqueued with transaction.on_commit."""

from smtplib import SMTPException

from celery import shared_task

from . import services
from .models import Pengaduan, Tanggapan

_ULANG = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(name="pengaduan.kirim_email_tanggapan", **_ULANG)
def kirim_email_tanggapan(tanggapan_id):
    t = Tanggapan.objects.select_related("pengaduan").filter(pk=tanggapan_id).first()
    return 0 if t is None else services.email_pelapor_kirim(tanggapan=t)


@shared_task(name="pengaduan.kirim_email_unit", **_ULANG)
def kirim_email_unit(pengaduan_id):
    p = Pengaduan.objects.filter(pk=pengaduan_id).first()
    return 0 if p is None else services.email_unit_kirim(pengaduan=p)


@shared_task(name="pengaduan.periksa_tenggat")
def periksa_tenggat():
    return services.pengaduan_periksa_tenggat()


@shared_task(name="pengaduan.foto_yatim_hapus")
def foto_yatim_hapus():
    return services.foto_yatim_hapus()
