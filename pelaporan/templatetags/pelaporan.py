"""Formatting for report figures, which arrive as plain JSON values (ISO date strings, floats,
None for missing data) whether live or frozen at sign-off."""

import datetime

from django import template
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()

KOSONG = "—"  # missing data is shown as a dash, never as zero


@register.filter
def tgl(nilai, fmt="DATE_FORMAT"):
    if not nilai:
        return KOSONG
    if isinstance(nilai, str):
        nilai = parse_datetime(nilai) if "T" in nilai else parse_date(nilai)
        if nilai is None:
            return KOSONG
    if isinstance(nilai, datetime.datetime) and fmt == "DATE_FORMAT":
        fmt = "DATETIME_FORMAT"
    return formats.date_format(nilai, fmt)


@register.filter
def angka(nilai, desimal=2):
    if nilai is None or nilai == "":
        return KOSONG
    if isinstance(nilai, int):
        return formats.number_format(nilai, 0, force_grouping=True)
    return formats.number_format(nilai, int(desimal), force_grouping=True)


@register.filter
def persen(nilai):
    if nilai is None:
        return KOSONG
    return f"{formats.number_format(nilai, 2, force_grouping=True)}%"


@register.filter
def bertanda(nilai):
    """A change with its sign: +1,50 / −2,00 / 0,00."""
    if nilai is None:
        return KOSONG
    teks = formats.number_format(abs(nilai), 2, force_grouping=True)
    if nilai > 0:
        return f"+{teks}"
    if nilai < 0:
        return f"−{teks}"
    return teks


@register.filter
def ya_tidak(nilai):
    from django.utils.translation import gettext as _

    if nilai is None:
        return KOSONG
    return _("Ya") if nilai else _("Tidak")


@register.filter
def ambil(kamus, kunci):
    return (kamus or {}).get(kunci)
