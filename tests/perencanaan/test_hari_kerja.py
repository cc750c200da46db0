"""The working-day clock as a pure function: weekends and holidays are skipped."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wilayah.kalender import hari_kerja, selisih_hari_kerja, tambah_hari_kerja

SENIN_LIBUR = {date(2025, 1, 6)}


def test_it_skips_the_weekend_and_a_holiday():
    # Thu 2 Jan → Fri 3 (1), Sat/Sun skipped, Mon 6 is a holiday, Tue 7 (2), Wed 8 (3).
    assert tambah_hari_kerja(date(2025, 1, 2), 3, SENIN_LIBUR) == date(2025, 1, 8)
    assert tambah_hari_kerja(date(2025, 1, 2), 3, set()) == date(2025, 1, 7)


def test_receipt_on_a_saturday_counts_from_the_next_working_day():
    assert tambah_hari_kerja(date(2025, 1, 4), 1, SENIN_LIBUR) == date(2025, 1, 7)
    assert tambah_hari_kerja(date(2025, 1, 4), 0, SENIN_LIBUR) == date(2025, 1, 4)


def test_twenty_working_days_across_lebaran_2025():
    # Received Fri 21 Mar 2025. Counted: 24–27 Mar (1–4); 28 Mar – 7 Apr are Nyepi, Idulfitri
    # and cuti bersama; 8–11 Apr (5–8); 14–17 Apr (9–12), Fri 18 Apr is Wafat Yesus Kristus;
    # 21–25 Apr (13–17); 28–30 Apr (18–20).
    libur = {
        date(2025, 3, 28),
        date(2025, 3, 29),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 4, 2),
        date(2025, 4, 3),
        date(2025, 4, 4),
        date(2025, 4, 7),
        date(2025, 4, 18),
    }
    assert tambah_hari_kerja(date(2025, 3, 21), 20, libur) == date(2025, 4, 30)


def test_working_days_between_is_signed():
    assert selisih_hari_kerja(date(2025, 1, 2), date(2025, 1, 8), SENIN_LIBUR) == 3
    assert selisih_hari_kerja(date(2025, 1, 8), date(2025, 1, 2), SENIN_LIBUR) == -3
    assert selisih_hari_kerja(date(2025, 1, 8), date(2025, 1, 8), SENIN_LIBUR) == 0


@given(
    mulai=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=1, max_value=60),
    libur=st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 6, 30)), max_size=30),
)
def test_the_due_date_is_a_working_day_n_working_days_later(mulai, n, libur):
    tenggat = tambah_hari_kerja(mulai, n, libur)
    assert hari_kerja(tenggat, libur)
    assert selisih_hari_kerja(mulai, tenggat, libur) == n
    assert tenggat > mulai
    # Never more than n weeks plus the holidays later.
    assert tenggat - mulai <= timedelta(days=7 * n + len(libur) + 3)
