"""Settings of the layanan_dasar app, read with defaults so settings.py needs no entry.

Rules that change by regulation or practice (the due day, outlier thresholds) live here as
settings, never as constants in the code that uses them.
"""

from django.conf import settings


def hari_batas_pengajuan():
    """Day of the following month by which a month's data is due (timeliness)."""
    return int(getattr(settings, "LAYANAN_DASAR_HARI_BATAS_PENGAJUAN", 10))


def pencilan_z():
    """Modified z-score above which a value is flagged (Iglewicz & Hoaglin suggest 3.5)."""
    return float(getattr(settings, "LAYANAN_DASAR_PENCILAN_Z", 3.5))


def pencilan_min_riwayat():
    """Months of history a village needs before its values can be judged outliers."""
    return int(getattr(settings, "LAYANAN_DASAR_PENCILAN_MIN_RIWAYAT", 6))


def pencilan_bulan_riwayat():
    """How many months back the history for the outlier check reaches."""
    return int(getattr(settings, "LAYANAN_DASAR_PENCILAN_BULAN_RIWAYAT", 12))


def pencilan_selisih_min():
    """Smallest distance from the history's median that can be flagged at all: small villages
    have histories like 0, 1, 0, 2 where any change looks extreme to a z-score."""
    return int(getattr(settings, "LAYANAN_DASAR_PENCILAN_SELISIH_MIN", 5))


def pencilan_tingkat_min():
    """Counts this small are never flagged: a value is judged only when it or the history's
    median reaches this level (3 births after a median of 1 is a village, not a typo)."""
    return int(getattr(settings, "LAYANAN_DASAR_PENCILAN_TINGKAT_MIN", 10))


def nilai_maksimum():
    """Largest count accepted for one village and month (guards against typos like 10^12)."""
    return int(getattr(settings, "LAYANAN_DASAR_NILAI_MAKSIMUM", 10_000_000))


def impor_maks_baris():
    return int(getattr(settings, "LAYANAN_DASAR_IMPOR_MAKS_BARIS", 200_000))
