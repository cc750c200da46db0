"""Shared set-up for benchmarks: a scratch PostgreSQL database, migrated, settings loaded."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def siapkan(nama_db, *, baru=True):
    """Point Django at a scratch database `nama_db` (dropped and re-created when baru=True),
    migrate it and return the DATABASE_URL."""
    host = os.environ.get("PGHOST", "127.0.0.1")
    user = os.environ.get("PGUSER", "postgres")
    url = f"postgres://{user}@{host}:5432/{nama_db}"
    if baru:
        subprocess.run(["dropdb", "-h", host, "-U", user, "--if-exists", nama_db], check=True)
        subprocess.run(["createdb", "-h", host, "-U", user, nama_db], check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard_kecamatan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url
