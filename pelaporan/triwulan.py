"""Quarters (triwulan): the reporting period of P3PD 1D. A quarter is identified by its year and
number; in AgregatIndikator its `periode` is the quarter's first day."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Triwulan:
    tahun: int
    ke: int  # 1..4

    def __post_init__(self):
        if self.ke not in ROMAWI or not 2000 <= self.tahun <= 2100:
            raise ValueError(f"triwulan tidak valid: {self.tahun}-{self.ke}")

    @classmethod
    def dari_tanggal(cls, tanggal):
        return cls(tanggal.year, (tanggal.month - 1) // 3 + 1)

    @classmethod
    def dari_teks(cls, teks):
        """'2025-1' → Triwulan(2025, 1); ValueError on anything else."""
        tahun, _sep, ke = (teks or "").partition("-")
        return cls(int(tahun), int(ke))

    @classmethod
    def terakhir_selesai(cls, hari_ini=None):
        """The last quarter that has ended: the one reports are normally written for."""
        hari_ini = hari_ini or timezone.localdate()
        return cls.dari_tanggal(hari_ini).sebelumnya

    @property
    def mulai(self):
        return datetime.date(self.tahun, 3 * self.ke - 2, 1)

    @property
    def akhir(self):
        return self.berikutnya.mulai - datetime.timedelta(days=1)

    @property
    def bulan(self):
        """The first days of the quarter's three months."""
        return [datetime.date(self.tahun, 3 * self.ke - 2 + i, 1) for i in range(3)]

    @property
    def sebelumnya(self):
        return Triwulan(self.tahun - 1, 4) if self.ke == 1 else Triwulan(self.tahun, self.ke - 1)

    @property
    def berikutnya(self):
        return Triwulan(self.tahun + 1, 1) if self.ke == 4 else Triwulan(self.tahun, self.ke + 1)

    def mundur(self, n):
        """This quarter and the n-1 before it, oldest first."""
        hasil = [self]
        for _i in range(n - 1):
            hasil.append(hasil[-1].sebelumnya)
        return hasil[::-1]

    @property
    def teks(self):
        return f"{self.tahun}-{self.ke}"

    @property
    def label(self):
        return _("Triwulan %(ke)s %(tahun)s") % {"ke": ROMAWI[self.ke], "tahun": self.tahun}

    @property
    def label_pendek(self):
        return f"TW {ROMAWI[self.ke]} {self.tahun}"

    def __str__(self):
        return self.label


def bulan_berikut(bulan):
    return datetime.date(bulan.year + bulan.month // 12, bulan.month % 12 + 1, 1)
