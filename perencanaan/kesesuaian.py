"""RKP Desa ⟷ APB Desa: the APB Desa must follow the RKP Desa (Permendagri 20/2018), so the
camat checks, per activity: budgeted but not planned, planned but left out, and a budget far
from its planned cost (the threshold is the setting PERENCANAAN_SELISIH_RKP_APB_PERSEN).

Pure arithmetic on plain rows: the selectors fetch the lines, this module compares them.
Activities are matched on Siskeudes' own key (Kd_Keg) when both lines were imported, else on
the activity code and its name (normalised), so a village that types both plans is checked too.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings


def batas_persen():
    return getattr(settings, "PERENCANAAN_SELISIH_RKP_APB_PERSEN", 20)


@dataclass(frozen=True)
class BarisBanding:
    kode: str
    nama: str
    anggaran: int
    kode_siskeudes: str = ""


def _norm(nama):
    return re.sub(r"[^a-z0-9]", "", (nama or "").lower())


def kunci(b):
    return b.kode_siskeudes or f"{b.kode}|{_norm(b.nama)}"


@dataclass(frozen=True)
class Temuan:
    kode: str
    nama: str
    biaya_rkp: int | None
    pagu_apb: int | None

    @property
    def selisih(self):
        return (self.pagu_apb or 0) - (self.biaya_rkp or 0)

    @property
    def persen(self):
        """Difference as a share of the planned cost (None when nothing was planned)."""
        if not self.biaya_rkp:
            return None
        return (Decimal(self.selisih) * 100 / self.biaya_rkp).quantize(Decimal("0.1"))


@dataclass
class HasilKesesuaian:
    ada_rkp: bool
    ada_apb: bool
    batas_persen: int
    tidak_di_rkp: list = field(default_factory=list)
    tidak_dianggarkan: list = field(default_factory=list)
    selisih_besar: list = field(default_factory=list)
    sesuai: int = 0

    @property
    def dapat_dicek(self):
        return self.ada_rkp and self.ada_apb

    @property
    def jumlah_temuan(self):
        return len(self.tidak_di_rkp) + len(self.tidak_dianggarkan) + len(self.selisih_besar)


def _kelompok(baris):
    hasil = {}
    jumlah = defaultdict(int)
    for b in baris:
        k = kunci(b)
        hasil.setdefault(k, b)
        jumlah[k] += b.anggaran
    return {k: (b, jumlah[k]) for k, b in hasil.items()}


def cek_rkp_apb(rkp, apb, *, batas=None):
    """Compare the lines of an RKP Desa and an APB Desa (BarisBanding each; None when that plan
    does not exist). Lines of one activity (several funding sources) are summed first."""
    batas = batas_persen() if batas is None else batas
    hasil = HasilKesesuaian(ada_rkp=rkp is not None, ada_apb=apb is not None, batas_persen=batas)
    if not hasil.dapat_dicek:
        return hasil
    r, a = _kelompok(rkp), _kelompok(apb)
    for k, (b, pagu) in a.items():
        if k not in r:
            hasil.tidak_di_rkp.append(Temuan(b.kode, b.nama, None, pagu))
    for k, (b, biaya) in r.items():
        if k not in a:
            hasil.tidak_dianggarkan.append(Temuan(b.kode, b.nama, biaya, None))
            continue
        pagu = a[k][1]
        t = Temuan(b.kode, b.nama, biaya, pagu)
        # More than `batas` % of the planned cost, either way (nothing planned: any budget).
        if (biaya == 0 and pagu > 0) or abs(pagu - biaya) * 100 > batas * biaya:
            hasil.selisih_besar.append(t)
        else:
            hasil.sesuai += 1
    for daftar in (hasil.tidak_di_rkp, hasil.tidak_dianggarkan, hasil.selisih_besar):
        daftar.sort(key=lambda t: (t.kode, t.nama))
    return hasil
