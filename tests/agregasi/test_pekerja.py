"""With a real Celery worker on Redis: a committed edit is aggregated by the worker, a full
rebuild runs as a task, and a worker killed in the middle of a run leaves no damage."""

import datetime as dt
import os
import signal
import time

import psycopg2
import pytest
from django.db import connection, transaction

from layanan_dasar.agregasi import TABEL, agregasi_inkremental, agregasi_jadwalkan
from layanan_dasar.agregasi.tasks import agregasi_bangun_tugas
from layanan_dasar.models import AntrianAgregasi, RiwayatAgregasi

from .conftest import agregat, isi

pytestmark = [pytest.mark.celery_worker]

A = "33.06.11.2001"


def _tunggu(syarat, detik=30):
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if syarat():
            return True
        time.sleep(0.2)
    return False


def _pid_pekerja():
    nama = f"uji-{os.getpid()}@".encode()
    hasil = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if nama in fh.read() and int(pid) != os.getpid():
                    hasil.append(int(pid))
        except OSError:
            continue
    return hasil


def _koneksi_lain():
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    conn.autocommit = True
    return conn


def test_the_worker_aggregates_a_committed_edit(
    celery_worker_nyata, wilayah_transaksional, indikator
):
    ind = indikator()
    with transaction.atomic():
        isi(A, ind.pembilang, "2025-03", 3)
        isi(A, ind.penyebut, "2025-03", 12)
        agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])

    assert _tunggu(lambda: agregat(ind, "", "bulan", "2025-03") is not None)
    row = agregat(ind, "33.06.11", "triwulan", "2025-01")
    assert (row.pembilang, row.penyebut) == (3, 12)
    assert not AntrianAgregasi.objects.exists()

    isi(A, ind.pembilang, "2025-03", 6)  # outside the services: no mark; the full rebuild fixes it
    agregasi_bangun_tugas.delay()
    # Polled in the database: an eager task earlier in the session may have left the app with
    # a disabled result backend.
    assert _tunggu(lambda: RiwayatAgregasi.objects.filter(jenis="penuh").exists(), 120)
    assert agregat(ind, "", "bulan", "2025-03").pembilang == 6


def test_a_worker_killed_mid_run_leaves_no_damage(
    celery_worker_nyata, wilayah_transaksional, indikator
):
    ind = indikator()
    with transaction.atomic():
        isi(A, ind.pembilang, "2025-03", 1)
        isi(A, ind.penyebut, "2025-03", 10)
        agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    assert _tunggu(lambda: agregat(ind, A, "bulan", "2025-03") is not None)

    # Hold the aggregate table so the worker's next run stops at its first write, after it
    # took the marks.
    penghalang = _koneksi_lain()
    cur = penghalang.cursor()
    cur.execute("BEGIN")
    cur.execute(f"LOCK TABLE {TABEL} IN EXCLUSIVE MODE")
    try:
        with transaction.atomic():
            isi(A, ind.pembilang, "2025-03", 7)
            agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
        pengamat = _koneksi_lain().cursor()

        def pekerja_tertahan():
            pengamat.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            return pengamat.fetchone()[0] > 0

        assert _tunggu(pekerja_tertahan)
        # The solo worker is busy, so it cannot answer `inspect`: find the process that the
        # fixture started for this test session by its node name.
        (pid,) = _pid_pekerja()
        os.kill(pid, signal.SIGKILL)
    finally:
        cur.execute("ROLLBACK")
        penghalang.close()

    # The dead worker's transaction is rolled back: its mark is back, nothing half-written.
    assert _tunggu(lambda: AntrianAgregasi.objects.count() == 1)
    assert agregat(ind, A, "bulan", "2025-03").pembilang == 1
    # The next run converges.
    assert _tunggu(
        lambda: (
            agregasi_inkremental().dilewati == ""
            and agregat(ind, "", "bulan", "2025-03").pembilang == 7
        )
    )
    assert not AntrianAgregasi.objects.exists()
