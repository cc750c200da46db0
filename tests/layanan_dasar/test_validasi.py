import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from layanan_dasar.periode import batas_pengajuan, bulan_dari_teks
from layanan_dasar.validasi import NilaiTidakSah, baca_bilangan, cek_pencilan


@pytest.mark.parametrize(
    ("mentah", "hasil"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("12", 12),
        (" 7 ", 7),
        (0, 0),
        (5.0, 5),
        (Decimal("3"), 3),
        ("1.250", 1250),
        ("12.345.678", None),
    ],
)
def test_it_reads_whole_non_negative_numbers(mentah, hasil):
    if mentah == "12.345.678":  # above the default ceiling of 10 million
        with pytest.raises(NilaiTidakSah, match="terlalu besar"):
            baca_bilangan(mentah)
        return
    assert baca_bilangan(mentah) == hasil


@pytest.mark.parametrize(
    ("mentah", "pesan"),
    [
        ("-1", "negatif"),
        (-3, "negatif"),
        ("1,5", "desimal"),
        ("2.5", "desimal"),
        (2.5, "desimal"),
        ("abc", "angka"),
        ("1.2.3", "angka"),
        (True, "bulat"),
    ],
)
def test_it_refuses_anything_else_with_a_reason(mentah, pesan):
    with pytest.raises(NilaiTidakSah, match=pesan):
        baca_bilangan(mentah)


def test_a_value_far_from_the_village_history_is_an_outlier():
    riwayat = [20, 22, 19, 21, 20, 23, 18, 20, 21, 22, 19, 20]
    assert cek_pencilan(21, riwayat) is None
    p = cek_pencilan(200, riwayat)
    assert p is not None and p.skor > 3.5 and p.median == 20
    assert cek_pencilan(0, riwayat) is not None  # a sudden drop is suspicious too


def test_short_histories_and_tiny_differences_are_never_flagged():
    assert cek_pencilan(500, [10, 10, 10]) is None  # fewer than 6 months
    assert cek_pencilan(2, [0, 0, 0, 0, 0, 0, 1, 0]) is None  # |2 - 0| < 3


def test_a_flat_history_flags_only_a_large_relative_jump():
    assert cek_pencilan(100, [100] * 8) is None
    assert cek_pencilan(104, [100] * 8) is None
    assert cek_pencilan(160, [100] * 8) is not None


def test_the_due_moment_is_the_end_of_the_configured_day_of_the_next_month():
    batas = batas_pengajuan(dt.date(2025, 1, 1))
    assert (batas.year, batas.month, batas.day, batas.hour) == (2025, 2, 10, 23)
    with override_settings(LAYANAN_DASAR_HARI_BATAS_PENGAJUAN=31):
        assert batas_pengajuan(dt.date(2025, 1, 1)).day == 28  # clamped to February


def test_months_are_read_in_the_usual_spellings():
    assert bulan_dari_teks("2025-03") == dt.date(2025, 3, 1)
    assert bulan_dari_teks("03/2025") == dt.date(2025, 3, 1)
    assert bulan_dari_teks(dt.datetime(2025, 3, 17, 8)) == dt.date(2025, 3, 1)
    with pytest.raises(ValueError):
        bulan_dari_teks("2025-13")


def test_small_counts_are_never_flagged_and_the_floors_are_settings():
    kecil = [0, 1, 0, 1, 0, 1, 0, 1]  # a small village's births
    assert cek_pencilan(4, [1] * 8) is None  # |4 - 1| below the difference floor
    assert cek_pencilan(8, kecil) is None  # 8 and the median 0.5 are below the level floor
    assert cek_pencilan(100, kecil) is not None  # a typo in a small village is still seen
    with override_settings(
        LAYANAN_DASAR_PENCILAN_SELISIH_MIN=1, LAYANAN_DASAR_PENCILAN_TINGKAT_MIN=0
    ):
        assert cek_pencilan(8, kecil) is not None
