"""Data-quality rules for entered values: pure functions, no database.

- a value is a non-negative whole number (missing stays missing, never zero);
- a numerator may not exceed its denominator where both exist;
- a value far from the village's own history is a warning, not an error (modified z-score of
  Iglewicz & Hoaglin, robust to the odd bad month in the history itself).
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from statistics import median

from django.utils.translation import gettext as _

from . import conf

# Indonesian spreadsheets group thousands with dots ("1.250"); accept that, but never a
# decimal part, since every element counts people, households or facilities.
_RE_RIBUAN = re.compile(r"^\d{1,3}(\.\d{3})+$")
_RE_BULAT = re.compile(r"^\d+$")


class NilaiTidakSah(ValueError):
    """Carries the Indonesian message for the user."""


def baca_bilangan(mentah):
    """A cell's content → int, or None when blank. Raises NilaiTidakSah with the reason."""
    if mentah is None:
        return None
    if isinstance(mentah, bool):
        raise NilaiTidakSah(_("harus berupa bilangan bulat"))
    if isinstance(mentah, int):
        angka = mentah
    elif isinstance(mentah, float | Decimal):
        if not (mentah.is_finite() if isinstance(mentah, Decimal) else math.isfinite(mentah)):
            raise NilaiTidakSah(_("harus berupa bilangan bulat"))
        if mentah != int(mentah):
            raise NilaiTidakSah(_("harus bilangan bulat, tanpa angka desimal"))
        angka = int(mentah)
    else:
        teks = str(mentah).strip().replace("\u00a0", "").replace(" ", "")
        if not teks:
            return None
        negatif = teks.startswith("-")
        badan = teks[1:] if negatif else teks
        if _RE_BULAT.match(badan):
            angka = int(badan)
        elif _RE_RIBUAN.match(badan):
            angka = int(badan.replace(".", ""))
        else:
            try:
                angka_desimal = Decimal(badan.replace(",", "."))
            except InvalidOperation:
                raise NilaiTidakSah(_("harus berupa angka")) from None
            if not angka_desimal.is_finite():  # "inf", "NaN"
                raise NilaiTidakSah(_("harus berupa angka"))
            if "e" in badan.lower():  # "1E999", "2e3"
                raise NilaiTidakSah(_("tulis sebagai bilangan bulat biasa, tanpa notasi E"))
            raise NilaiTidakSah(_("harus bilangan bulat, tanpa angka desimal"))
        if negatif:
            angka = -angka
    if angka < 0:
        raise NilaiTidakSah(_("tidak boleh negatif"))
    batas = conf.nilai_maksimum()
    if angka > batas:
        raise NilaiTidakSah(_("terlalu besar (maksimum %(batas)s)") % {"batas": f"{batas:,}"})
    return angka


@dataclass(frozen=True)
class Pencilan:
    skor: float
    median: float


def cek_pencilan(nilai, riwayat):
    """Pencilan(skor, median) when `nilai` is far from `riwayat` (the same village's values of
    the same element in the preceding months), else None.

    The one outlier rule: the grid's script (static/js/isian.js) applies the same thresholds,
    which the page hands it from conf. Small counts are never flagged, whatever the score: the
    difference from the median must reach `pencilan_selisih_min` and the value or the median
    must reach `pencilan_tingkat_min`."""
    if nilai is None or len(riwayat) < conf.pencilan_min_riwayat():
        return None
    med = median(riwayat)
    selisih = nilai - med
    if abs(selisih) < conf.pencilan_selisih_min():
        return None
    if max(nilai, med) < conf.pencilan_tingkat_min():
        return None
    simpangan = [abs(x - med) for x in riwayat]
    mad = median(simpangan)
    if mad > 0:
        skor = 0.6745 * selisih / mad
    else:
        rata = sum(simpangan) / len(simpangan)
        if rata > 0:
            # Most months identical: fall back to the mean absolute deviation (scaled so it
            # estimates the same spread as the MAD would).
            skor = selisih / (1.253314 * rata)
        else:
            # A perfectly flat history: only a large relative jump is suspicious.
            skor = math.copysign(math.inf, selisih) if abs(selisih) > 0.5 * med else 0.0
    if abs(skor) > conf.pencilan_z():
        return Pencilan(skor=skor, median=med)
    return None


def pesan_pencilan(nilai, pencilan):
    return _(
        "%(nilai)s jauh dari riwayat desa ini (median %(n)s bulan sebelumnya: %(median)s)."
    ) % {
        "nilai": _angka(nilai),
        "n": conf.pencilan_bulan_riwayat(),
        "median": _angka(pencilan.median),
    }


def _angka(x):
    if x == int(x):
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
