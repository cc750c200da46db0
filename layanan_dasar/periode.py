"""Periods: values are entered per month (stored as the month's first day); quarters and years
are derived from it."""

import calendar
import datetime as dt
import re

from django.utils import dateformat, timezone

from . import conf

_RE_BULAN = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")
_RE_BULAN_ID = re.compile(r"^\s*(\d{1,2})[/-](\d{4})\s*$")


def bulan_dari_teks(teks):
    """'2025-03' (also '2025-03-01', '03/2025', a date or datetime) → date(2025, 3, 1).
    Raises ValueError for anything else."""
    if isinstance(teks, dt.datetime):
        return dt.date(teks.year, teks.month, 1)
    if isinstance(teks, dt.date):
        return teks.replace(day=1)
    teks = str(teks or "")
    m = _RE_BULAN.match(teks)
    if m:
        tahun, bulan = int(m.group(1)), int(m.group(2))
    else:
        m = _RE_BULAN_ID.match(teks)
        if not m:
            raise ValueError(teks)
        bulan, tahun = int(m.group(1)), int(m.group(2))
    if not (1 <= bulan <= 12 and 1900 <= tahun <= 2999):
        raise ValueError(teks)
    return dt.date(tahun, bulan, 1)


def teks_bulan(bulan):
    return f"{bulan.year:04d}-{bulan.month:02d}"


def nama_bulan(bulan):
    """'Maret 2025' in the active language."""
    return dateformat.format(bulan, "F Y")


def tambah_bulan(bulan, n):
    indeks = bulan.year * 12 + bulan.month - 1 + n
    return dt.date(indeks // 12, indeks % 12 + 1, 1)


def awal_triwulan(bulan):
    return dt.date(bulan.year, (bulan.month - 1) // 3 * 3 + 1, 1)


def awal_tahun(bulan):
    return dt.date(bulan.year, 1, 1)


def bulan_ini():
    return timezone.localdate().replace(day=1)


def rentang_bulan(awal, akhir):
    """Every first-of-month from `awal` to `akhir`, both included."""
    hasil = []
    b = awal
    while b <= akhir:
        hasil.append(b)
        b = tambah_bulan(b, 1)
    return hasil


def batas_pengajuan(bulan):
    """The last moment (local time) a month's submission counts as on time: the end of the
    configured day of the following month (clamped to that month's length)."""
    berikut = tambah_bulan(bulan, 1)
    hari = min(conf.hari_batas_pengajuan(), calendar.monthrange(berikut.year, berikut.month)[1])
    akhir_hari = dt.datetime.combine(berikut.replace(day=hari), dt.time.max)
    return timezone.make_aware(akhir_hari)
