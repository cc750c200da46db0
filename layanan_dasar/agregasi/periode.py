"""The periods of an aggregation year: 12 months, 4 quarters and the year, numbered 1..17
(the column suffixes of the wide intermediate tables)."""

import datetime as dt
from dataclasses import dataclass

from ..models import N_PERIODE, JenisPeriode


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    idx: int  # 1..12 month, 13..16 quarter, 17 year

    @property
    def jenis(self):
        if self.idx <= 12:
            return JenisPeriode.BULAN.value
        return JenisPeriode.TRIWULAN.value if self.idx <= 16 else JenisPeriode.TAHUN.value

    @property
    def tanggal(self):
        if self.idx <= 12:
            return dt.date(self.tahun, self.idx, 1)
        if self.idx <= 16:
            return dt.date(self.tahun, 3 * (self.idx - 13) + 1, 1)
        return dt.date(self.tahun, 1, 1)


def periode_terdampak(bulan):
    """The periods a change in these months touches: each month and every later month of its
    year, their quarters and the year. Later months because year-to-date figures (coverage
    against an annual target, DESIGN §5) carry every earlier month of the year in them."""
    hasil = set()
    for b in bulan:
        for m in range(b.month, 13):
            hasil.add(Periode(b.year, m))
            hasil.add(Periode(b.year, 13 + (m - 1) // 3))
        hasil.add(Periode(b.year, 17))
    return hasil


def semua_periode(tahun):
    return {Periode(t, i) for t in tahun for i in range(1, N_PERIODE + 1)}
