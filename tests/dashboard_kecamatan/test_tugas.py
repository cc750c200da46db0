"""The camat's home lists what waits for them: submissions to verify, plans to review,
complaints past their deadline; only their own kecamatan's, and only for the camat/sekcam."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan_dasar.models import Pengajuan
from pengaduan.models import Pengaduan
from perencanaan.models import Rencana
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, KEMIRI, PITURUH

pytestmark = pytest.mark.django_db


def _aduan(desa, judul, **kw):
    lalu = timezone.now() - dt.timedelta(days=10)
    return Pengaduan.objects.create(
        kode_lacak=judul[:16],
        sektor="kesehatan",
        desa_id=desa,
        judul=judul,
        isi="isi",
        unit_peran="upt_kesehatan",
        unit_kode=desa[:8],
        diterima_pada=lalu,
        batas_verifikasi=lalu + dt.timedelta(days=3),
        **kw,
    )


def test_the_camat_home_lists_what_waits_in_its_own_kecamatan(
    klien, camat, upt_kesehatan, camat_luar
):
    Pengajuan.objects.create(
        kecamatan_id=PITURUH, sektor="kesehatan", bulan=dt.date(2025, 3, 1), status="diajukan"
    )
    Pengajuan.objects.create(
        kecamatan_id=KEMIRI, sektor="kesehatan", bulan=dt.date(2025, 3, 1), status="diajukan"
    )
    Rencana.objects.create(desa_id=DESA_PITURUH, tahun=2026, jenis="rkp", status="diajukan")
    Rencana.objects.create(desa_id=DESA_PITURUH, tahun=2025, jenis="rkp", status="disetujui")
    Rencana.objects.create(desa_id=DESA_KEMIRI, tahun=2026, jenis="rkp", status="diajukan")
    _aduan(DESA_PITURUH, "Posyandu tutup")
    _aduan(DESA_PITURUH, "Sudah selesai", status="selesai")
    _aduan(DESA_KEMIRI, "Di Kemiri")

    html = klien(camat).get(reverse("dasbor:kecamatan", args=[PITURUH])).content.decode()
    assert 'data-testid="tugas-camat"' in html
    assert "1 data diajukan, menunggu verifikasi" in html
    assert "1 rencana desa menunggu tinjauan" in html
    assert "RKP Desa 2026 ·" in html and "2.026" not in html  # a year, not a number
    assert "1 pengaduan melewati tenggat" in html and "Posyandu tutup" in html
    assert "Sudah selesai" not in html and "Di Kemiri" not in html
    # Not the UPT's list (their home is the sector's), even on the camat page.
    html = klien(upt_kesehatan).get(reverse("dasbor:kecamatan", args=[PITURUH])).content.decode()
    assert 'data-testid="tugas-camat"' not in html
    assert klien(camat_luar).get(reverse("dasbor:kecamatan", args=[PITURUH])).status_code == 404
