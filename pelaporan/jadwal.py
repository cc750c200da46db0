"""Celery beat entries of pelaporan (merged in dashboard_kecamatan/celery.py)."""

JADWAL = {
    # Export jobs whose worker died stay "berjalan" forever without this: every 10 minutes they
    # are marked failed, and their page offers to start them again.
    "pelaporan-pekerjaan-macet": {
        "task": "pelaporan.pekerjaan_macet_tandai",
        "schedule": 600.0,
    },
}
