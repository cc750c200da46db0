"""Redis down: the complaint is stored and the citizen sees the tracking code; the staff
response is saved; the log says which task was not sent. The broker is never on the request
path."""

import logging

import pytest
from django.urls import reverse

from pengaduan.models import Pengaduan, Status
from tests.conftest import PITURUH

from .test_publik import LAPOR, _data_lapor

pytestmark = pytest.mark.django_db


def test_filing_answers_with_the_tracking_code_while_the_broker_is_down(
    client, broker_mati, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.ERROR, "dashboard_kecamatan.antrean"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r = client.post(LAPOR, _data_lapor())
    p = Pengaduan.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("pengaduan:lacak_detail", args=[p.kode_lacak]) + "?baru=1"
    assert "Antrean Celery tidak tersedia: tugas pengaduan.kirim_email_unit" in caplog.text


def test_a_staff_response_is_saved_while_the_broker_is_down(
    klien, upt_kesehatan, buat_pengaduan, broker_mati, caplog, django_capture_on_commit_callbacks
):
    p = buat_pengaduan()
    c = klien(upt_kesehatan)
    with django_capture_on_commit_callbacks(execute=True):
        c.post(
            reverse("pengaduan:verifikasi", args=[p.pk]),
            {"disposisikan": "on", "unit": f"upt_kesehatan|{PITURUH}", "catatan": ""},
        )
        r = c.post(
            reverse("pengaduan:tanggapi", args=[p.pk]),
            {"isi": "Stok obat datang Kamis.", "publik": "1"},
        )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DITINDAKLANJUTI
    assert "tugas pengaduan.kirim_email_tanggapan" in caplog.text


def test_the_broker_attempt_is_bounded(broker_mati):
    # What keeps the failed attempt short (the tests cannot time it): one publish retry, a one
    # second connect timeout on the broker and on the result backend.
    conf = broker_mati.conf
    assert conf.task_publish_retry_policy["max_retries"] <= 1
    assert conf.broker_transport_options["socket_connect_timeout"] <= 1
    assert conf.redis_socket_connect_timeout <= 1
