"""The zero-setup demo (`make run`): SQLite and eager Celery. The suite runs on PostgreSQL, so
SQL that only PostgreSQL speaks would slip through; this walks the main pages of every role on a
small SQLite demo built by the same commands `make run` uses."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

HALAMAN = {
    "camat": [
        "/dasbor/kecamatan/33.06.11/",
        "/dasbor/kecamatan/33.06.11/?jenis=triwulan",
        "/dasbor/desa/33.06.11.2001/",
        "/dasbor/kecamatan/33.06.11/indikator/spm-kes-bumil/",
        "/wilayah/kecamatan/33.06.11/",
        "/data/kelengkapan/33.06.11/",
        "/perencanaan/kecamatan/33.06.11/",
        "/pengaduan/statistik/",
        "/pengaduan/",
        "/pengaduan/kelola/1/",
        "/pengaduan/desa/33.06.11.2001/",
        "/pengaduan/publik/",
        "/pelaporan/kecamatan/33.06.11/laporan/",
        "/pelaporan/desa/33.06.11.2001/profil/",
        "/pelaporan/kecamatan/33.06.11/aktivitas-desa/",
        "/perencanaan/impor/siskeudes/",
    ],
    "upt.kesehatan": [
        "/dasbor/kecamatan/33.06.11/upt/",
        "/data/isian/",
        "/data/eppgbm/33.06.11/",
        "/data/skorkard/33.06.11/",
    ],
    "operator.desa": ["/perencanaan/desa/33.06.11.2001/", "/dasbor/desa/33.06.11.2001/"],
    "sekber.nasional": ["/dasbor/pantau/", "/dasbor/pantau/33.06/", "/pelaporan/monitoring/"],
}


@pytest.mark.slow
def test_the_sqlite_demo_serves_every_roles_main_pages(tmp_path, _wilayah_sebagian):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}},
        "DEBUG": "1",
        "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }

    def manage(*args):
        r = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout

    manage("migrate", "--noinput")
    manage("muat_wilayah", "--dir", str(_wilayah_sebagian))
    manage("muat_katalog")
    manage("muat_referensi_perencanaan")
    manage("buat_pengguna_demo")
    manage("muat_data_contoh", "--wilayah", "33.06.11", "--bulan", "4")
    manage("buat_rencana_demo")
    manage("buat_impor_demo")
    manage("buat_pelaporan_demo")
    manage("buat_pengaduan_demo")
    skrip = textwrap.dedent(f"""
        from django.test import Client
        gagal = []
        for user, urls in {HALAMAN!r}.items():
            c = Client()
            assert c.login(username=user, password="demo12345"), user
            for url in urls:
                kode = c.get(url, follow=True).status_code
                if kode != 200:
                    gagal.append((user, url, kode))
        print("GAGAL", gagal)
    """)
    keluar = manage("shell", "-c", skrip)
    assert "GAGAL []" in keluar, keluar
