"""The holiday table's move from perencanaan to wilayah keeps every row."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

SEBELUM = [("wilayah", "0003_kode_eksternal"), ("perencanaan", "0004_siskeudes")]
SESUDAH = [("wilayah", "0004_hari_libur_zona_waktu"), ("perencanaan", "0005_hari_libur_pindah")]


def _migrasi(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_the_move_keeps_the_holidays_already_entered():
    lama = _migrasi(SEBELUM).get_model("perencanaan", "HariLibur")
    lama.objects.create(tanggal="2026-12-25", nama="Natal", jenis="libur_nasional")
    lama.objects.create(
        tanggal="2026-12-24", nama="Cuti bersama Natal", jenis="cuti_bersama", perlu_verifikasi=True
    )
    baru = _migrasi(SESUDAH).get_model("wilayah", "HariLibur")
    assert set(baru.objects.values_list("tanggal", "nama", "perlu_verifikasi")) >= {
        (dt.date(2026, 12, 25), "Natal", False),
        (dt.date(2026, 12, 24), "Cuti bersama Natal", True),
    }
    assert "perencanaan_harilibur" not in connection.introspection.table_names()
