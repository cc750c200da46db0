"""Periodic jobs of layanan_dasar (merged into Celery beat by dashboard_kecamatan/celery.py)."""

from celery.schedules import crontab

JADWAL = {
    # The nightly full rebuild: whatever went wrong during the day (a lost message, an edit made
    # outside the services), the aggregates converge to the values by morning.
    "agregasi-penuh-malam": {
        "task": "layanan_dasar.agregasi_bangun",
        "schedule": crontab(hour=1, minute=30),
    },
    # Safety net for incremental runs whose message was lost (broker down at commit time): the
    # marks wait in AntrianAgregasi and are drained here.
    "agregasi-antrian": {
        "task": "layanan_dasar.agregasi_inkremental",
        "schedule": 300.0,
    },
    "agregasi-riwayat-pangkas": {
        "task": "layanan_dasar.agregasi_riwayat_pangkas",
        "schedule": crontab(hour=3, minute=15, day_of_week=0),
    },
}
