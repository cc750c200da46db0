"""Two stale meeting-record forms (and every other P3PD record form, which shares the page):
the first save wins, the second is refused with "muat ulang", nothing of the first is lost."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import PITURUH
from tests.keamanan.formulir import formulir_post

pytestmark = pytest.mark.django_db


def test_a_stale_meeting_form_is_refused_and_the_first_change_stays(
    camat, operator_kecamatan, klien, klien_lain
):
    from pelaporan.models import KehadiranRapat, RapatKoordinasi

    rapat = RapatKoordinasi.objects.create(
        kecamatan_id=PITURUH, tanggal=dt.date(2025, 2, 3), judul="Rapat Februari", agenda="A"
    )
    KehadiranRapat.objects.create(rapat=rapat, nama="Bu Camat")
    url = reverse("pelaporan:rapat_ubah", args=[rapat.pk])
    a, b = klien_lain(camat), klien(operator_kecamatan)
    data_a, data_b = formulir_post(a.get(url).text), formulir_post(b.get(url).text)
    data_a["keputusan"] = "Posyandu buka tiap Senin."
    assert a.post(url, data_a).status_code == 302
    data_b["judul"] = "Rapat Februari (revisi)"
    r = b.post(url, data_b)
    assert r.status_code == 400
    assert "Data ini sudah diubah oleh" in r.text and "muat ulang" in r.text
    rapat.refresh_from_db()
    assert (rapat.judul, rapat.keputusan) == ("Rapat Februari", "Posyandu buka tiap Senin.")


def test_a_fresh_form_saves(camat, klien):
    from pelaporan.models import AgendaMonev

    agenda = AgendaMonev.objects.create(
        kecamatan_id=PITURUH, kegiatan="Monev", tanggal_rencana=dt.date(2025, 2, 1)
    )
    url = reverse("pelaporan:monev_ubah", args=[agenda.pk])
    c = klien(camat)
    data = formulir_post(c.get(url).text)
    data["kegiatan"] = "Monev bersama"
    assert c.post(url, data).status_code == 302
    agenda.refresh_from_db()
    assert agenda.kegiatan == "Monev bersama"
