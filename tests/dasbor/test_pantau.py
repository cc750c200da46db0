"""Sekber monitoring: drill-down numbers and reporting activity (on time / late / no data)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan_dasar.dasbor.selectors import aktivitas_pelaporan, batas_pengajuan
from layanan_dasar.models import AgregatIndikator, Pengajuan
from tests.conftest import KEMIRI, PITURUH
from wilayah.models import Kecamatan

pytestmark = pytest.mark.django_db
MARET = date(2025, 3, 1)


def _waktu(*args):
    return timezone.make_aware(datetime(*args))


PER_DETIK = timedelta(seconds=1)


def _pengajuan(kecamatan, sektor, status, diajukan):
    return Pengajuan.objects.create(
        kecamatan_id=kecamatan, sektor=sektor, bulan=MARET, status=status, diajukan_pada=diajukan
    )


def test_due_day_is_a_setting(settings):
    # The last on-time instant is the end of the due day of the next month.
    assert batas_pengajuan(MARET) < _waktu(2025, 4, 11) < batas_pengajuan(MARET) + PER_DETIK
    settings.LAYANAN_DASAR_HARI_BATAS_PENGAJUAN = 5
    assert batas_pengajuan(MARET) < _waktu(2025, 4, 6) < batas_pengajuan(MARET) + PER_DETIK


def test_reporting_activity_per_kecamatan(django_assert_num_queries):
    # Pituruh: on time. Kemiri: late. Bagelen (33.06.04): only a draft. Others: nothing.
    _pengajuan(PITURUH, "kesehatan", "diverifikasi", _waktu(2025, 4, 10, 23, 59))
    _pengajuan(KEMIRI, "kesehatan", "diajukan", _waktu(2025, 4, 11, 0, 1))
    _pengajuan("33.06.04", "kesehatan", "draft", None)
    sekarang = _waktu(2025, 5, 1)
    with django_assert_num_queries(1):  # one GROUP BY, whatever the number of kecamatan
        kab = aktivitas_pelaporan("33.06", MARET, ["kesehatan"], sekarang=sekarang)
    assert kab[PITURUH]["tepat"] == 1
    assert kab[KEMIRI]["terlambat"] == 1
    assert kab["33.06.04"]["tanpa"] == 1
    n = Kecamatan.objects.filter(kabupaten_id="33.06").count()
    assert sum(sum(v.values()) for v in kab.values()) == n
    # One level up, counted per kabupaten.
    prov = aktivitas_pelaporan("33", MARET, ["kesehatan"], sekarang=sekarang)
    assert prov["33.06"] == {"tepat": 1, "terlambat": 1, "tanpa": n - 2, "belum": 0}
    # Before the due day, nothing submitted is not yet late.
    awal = aktivitas_pelaporan("33.06", MARET, ["kesehatan"], sekarang=_waktu(2025, 4, 5))
    assert awal["33.06.04"]["belum"] == 1
    # A kecamatan that submitted one sector of two on time is late once the deadline passed.
    dua = aktivitas_pelaporan("33.06", MARET, ["kesehatan", "pu"], sekarang=sekarang)
    assert dua[PITURUH]["terlambat"] == 1


def test_sekber_page_shows_children_and_activity(klien, sekber_nasional, katalog, isi_agregat):
    isi_agregat(katalog, tren=False)
    _pengajuan(PITURUH, "pendidikan", "dikunci", _waktu(2025, 4, 2))
    c = klien(sekber_nasional)
    r = c.get(reverse("dasbor:pantau", args=["33"]), {"sektor": "pendidikan"})
    ind = r.context["pilihan"].indikator
    bar = r.context["fig_anak"]["data"][0]
    nilai = dict(zip(bar["y"], bar["x"], strict=True))
    purworejo = AgregatIndikator.objects.get(
        wilayah_kode="33.06", indikator=ind, periode=MARET, jenis_periode="bulan"
    )
    assert nilai["Kabupaten Purworejo"] == float(purworejo.nilai)
    assert len(nilai) == 35
    url = next(u for u in bar["customdata"] if "/pantau/33.06/" in u)
    assert "sektor=pendidikan" in url  # the drill-down keeps the choice
    akt = {row["kode"]: row for row in r.context["tabel"]["aktivitas"].data.data}
    assert akt["33.06"]["tepat"] == 1
    # At kabupaten level the children are kecamatan, which open the camat home.
    r = c.get(reverse("dasbor:pantau", args=["33.06"]), {"sektor": "pendidikan"})
    bar = r.context["fig_anak"]["data"][0]
    assert any(f"/dasbor/kecamatan/{PITURUH}/" in u for u in bar["customdata"])
    status = r.context["tabel"]["status"].data.data
    assert [(s["nama"], s["kategori"]) for s in status] == [("Pituruh", "Tepat waktu")]
    # Filter the children table by name.
    r = c.get(reverse("dasbor:pantau", args=["33.06"]), {"nama": "pitu"})
    assert [row["nama"] for row in r.context["tabel"]["wilayah"].data.data] == ["Pituruh"]
