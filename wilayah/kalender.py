"""Working days and local time: the clocks of the plan review (Permendagri 20/2018: 20 working
days) and of complaints (SP4N-LAPOR!: days counted as working days) both count here.

The arithmetic is pure (the holiday set is passed in), so the rules are testable without a
database and the holidays stay data (`HariLibur`, editable in admin). Each kecamatan keeps the
time of its province's zone (WIB/WITA/WIT, `Provinsi.zona_waktu`): a complaint filed at 08.00
in Makassar is due at 08.00 there, not at 08.00 Jakarta time.
"""

import datetime as dt
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


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


def libur_antara(dari: date, sampai: date) -> frozenset:
    """The holidays in [dari, sampai] from the table (one query)."""
    from .models import HariLibur

    return frozenset(
        HariLibur.objects.filter(tanggal__gte=dari, tanggal__lte=sampai).values_list(
            "tanggal", flat=True
        )
    )


def zona(nama: str | None) -> ZoneInfo:
    """A zone by its IANA name; the project's TIME_ZONE when none is recorded."""
    return _zona(nama or settings.TIME_ZONE)


@lru_cache(maxsize=8)
def _zona(nama):
    return ZoneInfo(nama)


def zona_desa(desa_kode: str) -> ZoneInfo:
    """The zone of the province a village (or kecamatan: any code below a province) lies in."""
    from .models import Provinsi

    nama = Provinsi.objects.filter(kode=desa_kode[:2]).values_list("zona_waktu", flat=True).first()
    return zona(nama)


def batas_hari_kerja(mulai: dt.datetime, n: int, tz: ZoneInfo, libur=None) -> dt.datetime:
    """The moment `n` working days after `mulai`, read on the wall clock of zone `tz`: the same
    local time of day on the n-th working day after the local date of `mulai` (that day itself
    not counted; weekends and holidays skipped). `libur` defaults to the holiday table."""
    lokal = timezone.localtime(mulai, tz)
    if libur is None:
        # n working days never span more than n weeks plus the longest run of holidays
        # (Idulfitri with cuti bersama: about two weeks).
        libur = libur_antara(lokal.date(), lokal.date() + timedelta(days=7 * n + 21))
    hari = tambah_hari_kerja(lokal.date(), n, libur)
    return dt.datetime.combine(hari, lokal.timetz().replace(tzinfo=None), tzinfo=tz)
