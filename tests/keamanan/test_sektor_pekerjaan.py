"""Export jobs span every sector: sector staff get the outsider's 404 on the job, its status
and its archive, as they do on the all-sector desa profiles the archive holds."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db


@pytest.fixture
def pekerjaan_profil(tmp_path, settings):
    from pelaporan.models import PekerjaanEkspor

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "profil.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return PekerjaanEkspor.objects.create(
        jenis=PekerjaanEkspor.Jenis.PROFIL_DESA,
        wilayah_kode=PITURUH,
        periode=dt.date(2025, 1, 1),
        format="pdf",
        status=PekerjaanEkspor.Status.SELESAI,
        berkas="profil.zip",
    )


@pytest.mark.parametrize("nama", ["pekerjaan_detail", "pekerjaan_status", "pekerjaan_unduh"])
def test_sector_staff_cannot_reach_an_all_sector_export_job(
    pekerjaan_profil, upt_kesehatan, upt_pendidikan, operator_kecamatan, camat, klien, nama
):
    url = reverse(f"pelaporan:{nama}", args=[pekerjaan_profil.pk])
    for user in (upt_kesehatan, upt_pendidikan, operator_kecamatan):
        assert klien(user).get(url).status_code == 404, user.penugasan.peran
    assert klien(camat).get(url).status_code == 200


def test_sector_staff_do_not_see_export_jobs_in_the_list(pekerjaan_profil, upt_kesehatan, klien):
    r = klien(upt_kesehatan).get(reverse("pelaporan:pekerjaan_daftar"))
    assert r.status_code == 200
    assert reverse("pelaporan:pekerjaan_detail", args=[pekerjaan_profil.pk]) not in r.text
