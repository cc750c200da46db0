"""Celery tasks of layanan_dasar: thin wrappers around the aggregation services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .jalan import agregasi_bangun, agregasi_inkremental

# A database hiccup (restart, failover, dropped connection) is retried with backoff; the work is
# idempotent and transactional, so a retry after a half-done attempt converges.
_ULANG = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(bind=True, name="layanan_dasar.agregasi_inkremental", **_ULANG)
def agregasi_inkremental_tugas(self):
    """Drain the queue of stale village-months. When another rebuild holds the write lock the
    marks stay queued and this task comes back later."""
    hasil = agregasi_inkremental()
    if hasil.dilewati == "terkunci":
        raise self.retry(countdown=30, max_retries=None)
    return {
        "tanda": hasil.tanda,
        "baris": hasil.baris,
        "detik": round(hasil.detik, 3),
        "rincian": hasil.rincian,
    }


@shared_task(bind=True, name="layanan_dasar.agregasi_bangun", **_ULANG)
def agregasi_bangun_tugas(self, kode="", tahun=None):
    """Rebuild a scope ('' = the whole country; tahun None = every year)."""
    hasil = agregasi_bangun(kode=kode, tahun=tahun)
    return {
        "baris": hasil.baris,
        "dilewati": hasil.dilewati,
        "detik": round(hasil.detik, 3),
        "rincian": hasil.rincian,
    }


@shared_task(name="layanan_dasar.agregasi_riwayat_pangkas")
def agregasi_riwayat_pangkas_tugas(hari=90):
    """Forget run records older than `hari` days (the latest one always stays)."""
    from .jalan import agregasi_riwayat_pangkas

    return agregasi_riwayat_pangkas(hari=hari)
