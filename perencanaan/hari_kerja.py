"""Working-day arithmetic for the review clock (Permendagri 20/2018: 20 working days).

Pure functions: the holiday set is passed in, so the rules are testable without a database and
the holidays stay data (`HariLibur`, editable in admin).
"""

from datetime import date, timedelta


def hari_kerja(tanggal: date, libur) -> bool:
    """Monday–Friday and not a holiday or collective leave day."""
    return tanggal.weekday() < 5 and tanggal not in libur


def tambah_hari_kerja(mulai: date, n: int, libur) -> date:
    """The n-th working day after `mulai` (the day of receipt itself is not counted).

    A document received on a Saturday or a holiday starts counting on the next working day,
    which this gives for free: only working days after `mulai` are counted.
    """
    if n < 0:
        raise ValueError("n harus >= 0")
    hari = mulai
    sisa = n
    while sisa:
        hari += timedelta(days=1)
        if hari_kerja(hari, libur):
            sisa -= 1
    return hari


def selisih_hari_kerja(dari: date, sampai: date, libur) -> int:
    """Working days in (dari, sampai] — negative when `sampai` is before `dari`.

    Used for "sisa N hari kerja" (dari=today, sampai=due date) and "terlambat N hari kerja".
    """
    if sampai < dari:
        return -selisih_hari_kerja(sampai, dari, libur)
    n = 0
    hari = dari
    while hari < sampai:
        hari += timedelta(days=1)
        if hari_kerja(hari, libur):
            n += 1
    return n
