"""Enqueueing after commit with the broker down: the write stays, one log line names the task,
the aggregation marks wait for the periodic drain."""

import datetime as dt
import logging

import pytest
from django.db import transaction

from tests.conftest import DESA_PITURUH

pytestmark = pytest.mark.django_db


def test_a_grid_save_keeps_its_marks_for_the_drain_when_the_broker_is_down(
    broker_mati, caplog, django_capture_on_commit_callbacks
):
    from layanan_dasar.agregasi.antrian import agregasi_jadwalkan
    from layanan_dasar.models import AntrianAgregasi

    with (
        caplog.at_level(logging.ERROR, "dashboard_kecamatan.antrean"),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        agregasi_jadwalkan(desa_kode=[DESA_PITURUH], bulan=[dt.date(2025, 3, 1)])
    assert AntrianAgregasi.objects.filter(desa_kode=DESA_PITURUH).count() == 1
    assert "tugas layanan_dasar.agregasi_inkremental" in caplog.text
