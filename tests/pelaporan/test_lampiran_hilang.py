"""Found by the access matrix: editing a training whose attachment file is gone from disk
answered 500 (the size check asked the stored file's size)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import DESA_PITURUH, PITURUH
from tests.keamanan.formulir import formulir_post

pytestmark = pytest.mark.django_db


def test_a_training_whose_attachment_file_vanished_can_still_be_edited(
    camat, klien, settings, tmp_path
):
    from pelaporan.models import LampiranPelatihan, Pelatihan, PesertaPelatihan

    settings.MEDIA_ROOT = tmp_path
    p = Pelatihan.objects.create(kecamatan_id=PITURUH, modul=1, tanggal_mulai=dt.date(2025, 2, 3))
    PesertaPelatihan.objects.create(pelatihan=p, nama="Ani", peran="camat", desa_id=DESA_PITURUH)
    LampiranPelatihan.objects.create(
        pelatihan=p, berkas="pelaporan/lampiran/hilang.pdf", nama_asli="hilang.pdf"
    )
    c = klien(camat)
    url = reverse("pelaporan:pelatihan_ubah", args=[p.pk])
    data = formulir_post(c.get(url).text)
    data["lampiran-0-keterangan"] = "Daftar hadir"
    r = c.post(url, data)
    assert r.status_code == 302
    assert LampiranPelatihan.objects.get().keterangan == "Daftar hadir"
