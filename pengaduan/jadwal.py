"""Celery beat entries of the complaint desk (merged in dashboard_kecamatan/celery.py)."""

from celery.schedules import crontab

JADWAL = {
    # Hourly: a deadline is missed by at most an hour before it is flagged, and an unanswered
    # complaint closes within the hour its reply window ends.
    "pengaduan-periksa-tenggat": {
        "task": "pengaduan.periksa_tenggat",
        "schedule": crontab(minute=7),
    },
    # Daily: photo files left behind by rolled-back filings or deleted complaints.
    "pengaduan-foto-yatim": {
        "task": "pengaduan.foto_yatim_hapus",
        "schedule": crontab(hour=2, minute=40),
    },
}
