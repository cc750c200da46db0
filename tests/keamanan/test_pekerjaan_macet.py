"""Stuck export jobs recover: the periodic sweep marks dead ones failed (their worker died
mid-run, or their message was lost), and the user starts them again from the job page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db


def _pekerjaan(status, **extra):
    from pelaporan.models import PekerjaanEkspor

    return PekerjaanEkspor.objects.create(
        jenis=PekerjaanEkspor.Jenis.PROFIL_DESA,
        wilayah_kode=PITURUH,
        periode=dt.date(2025, 1, 1),
        format="pdf",
        status=status,
        total=49,
        selesai=12,
        **extra,
    )


def test_the_sweep_marks_dead_jobs_failed_and_leaves_live_ones(settings):
    from pelaporan import services

    sekarang = timezone.now()
    mati = _pekerjaan("berjalan", mulai_pada=sekarang - dt.timedelta(hours=2))
    hidup = _pekerjaan("berjalan", mulai_pada=sekarang - dt.timedelta(minutes=5))
    hilang = _pekerjaan("menunggu")
    type(hilang).objects.filter(pk=hilang.pk).update(dibuat=sekarang - dt.timedelta(hours=7))
    antre = _pekerjaan("menunggu")
    assert services.pekerjaan_macet_tandai(sekarang=sekarang) == 2
    for p in (mati, hidup, hilang, antre):
        p.refresh_from_db()
    assert (mati.status, hidup.status, hilang.status, antre.status) == (
        "gagal",
        "berjalan",
        "gagal",
        "menunggu",
    )
    assert "Mulai ulang" in mati.galat


def test_the_sweep_runs_on_the_beat_schedule():
    from dashboard_kecamatan.celery import _kumpulkan_jadwal

    assert _kumpulkan_jadwal()["pelaporan-pekerjaan-macet"]["task"] == (
        "pelaporan.pekerjaan_macet_tandai"
    )


def test_a_failed_job_is_restarted_from_its_page(
    camat, camat_luar, klien, django_capture_on_commit_callbacks
):
    p = _pekerjaan("gagal", galat="Proses pembuatan terhenti")
    url = reverse("pelaporan:pekerjaan_ulang", args=[p.pk])
    assert klien(camat_luar).post(url).status_code == 404
    c = klien(camat)
    assert "Mulai ulang" in c.get(reverse("pelaporan:pekerjaan_detail", args=[p.pk])).text
    assert c.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=False) as antre:
        r = c.post(url)
    assert r.url == reverse("pelaporan:pekerjaan_detail", args=[p.pk])
    p.refresh_from_db()
    assert (p.status, p.selesai, p.galat) == ("menunggu", 0, "")
    assert len(antre) == 1
    # A job that is not failed is not restarted (no double run).
    with django_capture_on_commit_callbacks(execute=False) as antre:
        c.post(url)
    assert antre == []
