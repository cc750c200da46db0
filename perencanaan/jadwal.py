"""Celery beat entries of perencanaan (merged in dashboard_kecamatan/celery.py)."""

from celery.schedules import crontab

JADWAL = {
    # Just after midnight (Asia/Jakarta): a deadline is a date, so the draft takes effect on the
    # first day after it.
    "perencanaan-berlaku-otomatis": {
        "task": "perencanaan.berlaku_otomatis",
        "schedule": crontab(hour=0, minute=20),
    },
}
