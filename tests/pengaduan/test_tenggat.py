"""Complaint deadlines count working days (weekends and the holiday table skipped, as the plan
clock does) and fall on the village's own clock: WIB, WITA or WIT by province, as data."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pengaduan import services
from tests.conftest import PITURUH
from wilayah.models import HariLibur, Peran, Provinsi

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
DESA_DENPASAR = "51.71.01.1001"  # Serangan, Denpasar Selatan, Bali (WITA)
KEC_DENPASAR = "51.71.01"


def test_the_province_zones_are_data_loaded_with_the_codes():
    zona = dict(Provinsi.objects.values_list("kode", "zona_waktu"))
    assert zona["33"] == "Asia/Jakarta" and zona["62"] == "Asia/Jakarta"  # Kalimantan Tengah
    assert zona["51"] == zona["73"] == zona["64"] == "Asia/Makassar"  # Bali, Sulsel, Kaltim
    assert zona["81"] == zona["91"] == zona["96"] == "Asia/Jayapura"  # Maluku, Papua


def test_verification_deadline_skips_the_weekend_and_a_holiday(buat_pengaduan):
    HariLibur.objects.create(tanggal=date(2025, 3, 11), nama="Libur uji", jenis="libur_nasional")
    # Filed Friday 7 March 10.00: Mon 10 (1), Tue 11 holiday, Wed 12 (2), Thu 13 (3).
    with time_machine.travel(datetime(2025, 3, 7, 10, 0, tzinfo=WIB), tick=False):
        p = buat_pengaduan()
    assert p.batas_verifikasi == datetime(2025, 3, 13, 10, 0, tzinfo=WIB)


def test_first_response_deadline_counts_working_days_across_a_holiday(
    buat_pengaduan, camat, settings
):
    settings.PENGADUAN_HARI_TANGGAPAN = 5
    HariLibur.objects.create(tanggal=date(2025, 3, 31), nama="Idulfitri uji", jenis="cuti_bersama")
    HariLibur.objects.create(tanggal=date(2025, 4, 1), nama="Idulfitri uji", jenis="cuti_bersama")
    with time_machine.travel(datetime(2025, 3, 27, 14, 30, tzinfo=WIB), tick=False) as mesin:
        p = buat_pengaduan()
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
        # Thu 27 March: Fri 28 (1), weekend, Mon 31 + Tue 1 holidays, Wed 2 (2), Thu 3 (3),
        # Fri 4 (4), weekend, Mon 7 April (5).
        assert p.batas_tanggapan == datetime(2025, 4, 7, 14, 30, tzinfo=WIB)
        mesin.move_to(datetime(2025, 4, 3, 15, 0, tzinfo=WIB))  # 7 calendar days later
        assert not p.terlambat and services.pengaduan_periksa_tenggat()["terlambat_tanggapan"] == 0
        mesin.move_to(datetime(2025, 4, 7, 14, 31, tzinfo=WIB))
        assert p.terlambat


def test_a_wita_kecamatan_is_due_on_its_own_clock(buat_pengaduan, buat_pengguna, klien):
    # Friday 7 March 23.30 in Jakarta is already Saturday 00.30 in Denpasar: the three working
    # days start on Monday there. Counted on Jakarta's clock it would be due a day later.
    with time_machine.travel(datetime(2025, 3, 7, 23, 30, tzinfo=WIB), tick=False):
        p = buat_pengaduan(desa=DESA_DENPASAR)
    assert p.batas_verifikasi == datetime(2025, 3, 12, 0, 30, tzinfo=WITA)
    assert p.batas_verifikasi != datetime(2025, 3, 12, 23, 30, tzinfo=WIB)
    camat_bali = buat_pengguna(Peran.CAMAT, KEC_DENPASAR)
    with time_machine.travel(datetime(2025, 3, 10, 9, 0, tzinfo=WITA), tick=False):
        c = klien(camat_bali)
        halaman = c.get(reverse("pengaduan:detail", args=[p.pk])).text
        assert "12 Mar 2025 00.30 WITA" in halaman  # the deadline, on Denpasar's clock
        assert "8 Mar 2025 00.30 WITA" in halaman  # received, likewise
        kotak = c.get(reverse("pengaduan:kotak_masuk")).text
        assert "12 Mar 2025 00.30 WITA" in kotak
        # The citizen's tracking page reads the same clock.
        c.logout()
        publik = c.get(reverse("pengaduan:lacak_detail", args=[p.kode_lacak])).text
        assert "12 Mar 2025 00.30 WITA" in publik


def test_the_zone_is_data_a_province_can_change(buat_pengaduan):
    Provinsi.objects.filter(kode="33").update(zona_waktu="Asia/Makassar")
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=WIB), tick=False):
        p = buat_pengaduan()
    # 10.00 WITA on Thursday, the same instant as 09.00 WIB.
    assert p.batas_verifikasi == datetime(2025, 3, 6, 10, 0, tzinfo=WITA)
