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


def test_a_killed_workers_task_comes_back_sooner_than_an_hour_and_never_twice(settings):
    # acks_late: a task whose worker dies stays unacked until the visibility timeout and is
    # then delivered again; the hard time limit keeps every live task inside that timeout.
    from dashboard_kecamatan.celery import app

    vt = app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.task_time_limit < vt < 3600
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
