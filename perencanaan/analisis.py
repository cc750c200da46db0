"""Gap-vs-plan analysis, rule checks and budget shares: pure functions over plain rows.

The review page, the letter and the kecamatan overview feed the same functions, so a village's
numbers agree everywhere. Selectors load the rows (a fixed number of queries); nothing here
touches the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from wilayah.models import Sektor

from .models import kode_cocok


@dataclass(frozen=True)
class BarisRingkas:
    """What the analysis needs of an activity line."""

    id: int
    kode: str
    nama: str
    anggaran: int
    sumber_dana: str
    indikator_ids: frozenset = frozenset()
    indikator_sektor: frozenset = frozenset()
    lokasi: str = ""


@dataclass(frozen=True)
class NilaiIndikator:
    """One indicator's yearly value for the village (from AgregatIndikator)."""

    indikator_id: int
    kode: str
    nama: str
    sektor: str
    target: Decimal | None
    arah: str
    nilai: Decimal | None
    urutan: int = 0

    @property
    def sektor_label(self):
        return Sektor(self.sektor).label if self.sektor in Sektor.values else self.sektor


# How a line came to address an indicator (shown beside every match on the page and letter).
DITAUTKAN = "tertaut"  # the operator linked the indicator to the line
DARI_KODE = "kode"  # the line links none; the code ↔ indicator table maps its code


@dataclass(frozen=True)
class Cocok:
    """One line addressing one indicator, and how that was decided."""

    baris: BarisRingkas
    cara: str  # DITAUTKAN | DARI_KODE
    # Inferred from a code-table row still marked [verify].
    perlu_verifikasi: bool = False


@dataclass
class Kesenjangan:
    indikator: NilaiIndikator
    cocok: list = field(default_factory=list)  # Cocok, in plan order

    @property
    def baris(self):
        return [c.baris for c in self.cocok]

    @property
    def cara(self):
        """'tertaut' when any line links the indicator, 'kode' when only inferred, else ''."""
        if any(c.cara == DITAUTKAN for c in self.cocok):
            return DITAUTKAN
        return DARI_KODE if self.cocok else ""

    @property
    def ditangani(self):
        return bool(self.cocok)

    @property
    def anggaran(self):
        return sum(c.baris.anggaran for c in self.cocok)

    @property
    def selisih(self):
        """How far from target, in indicator units (always ≥ 0 for a gap)."""
        i = self.indikator
        return abs(i.target - i.nilai)


def sektor_kode(kode, pemetaan):
    """Sectors whose mapped prefixes cover activity code `kode`. pemetaan: [(sektor, awalan)]."""
    return frozenset(s for s, awalan in pemetaan if kode_cocok(kode, awalan))


def sektor_baris(baris, pemetaan):
    """The sectors a line serves (budget shares): its linked indicators' sectors, else its
    code's sectors."""
    if baris.indikator_ids:
        return baris.indikator_sektor
    return sektor_kode(baris.kode, pemetaan)


def indikator_kode(kode, peta):
    """Indicators the code ↔ indicator table maps activity code `kode` to.

    peta: [(awalan_kode, indikator_id, perlu_verifikasi)]. → {indikator_id: perlu_verifikasi};
    an indicator reached by a verified row and an unverified one counts as verified.
    """
    hasil = {}
    for awalan, ind_id, verifikasi in peta:
        if kode_cocok(kode, awalan):
            hasil[ind_id] = hasil.get(ind_id, True) and bool(verifikasi)
    return hasil


def sasaran_baris(baris, peta):
    """{indikator_id: (cara, perlu_verifikasi)} a line addresses (DESIGN §6).

    A line that links indicators addresses exactly those, whatever its code; a line that links
    none addresses the indicators the code table maps its code to, and nothing else.
    """
    if baris.indikator_ids:
        return dict.fromkeys(baris.indikator_ids, (DITAUTKAN, False))
    return {i: (DARI_KODE, v) for i, v in indikator_kode(baris.kode, peta).items()}


def di_bawah_target(nilai, target, arah):
    """Below target, respecting the direction (turun: lower is better). None when unknowable."""
    if nilai is None or target is None:
        return None
    return nilai > target if arah == "turun" else nilai < target


def menangani(baris, indikator, peta):
    """How `baris` addresses `indikator`: 'tertaut', 'kode' or '' (not at all)."""
    cara = sasaran_baris(baris, peta).get(indikator.indikator_id)
    return cara[0] if cara else ""


def analisis_kesenjangan(nilai_indikator, baris, peta):
    """Gaps (indicators below target) with the lines that address them.

    peta: the code ↔ indicator table, [(awalan_kode, indikator_id, perlu_verifikasi)].
    Returns (kesenjangan, tanpa_data): the gaps, unaddressed first, then by sector and indicator
    order; and the indicators with a target but no value for the year.
    """
    # Each line's targets once, not once per indicator: the overview runs this per village.
    sasaran = [(b, sasaran_baris(b, peta)) for b in baris]
    hasil = []
    tanpa_data = []
    for ind in nilai_indikator:
        bawah = di_bawah_target(ind.nilai, ind.target, ind.arah)
        if bawah is None:
            if ind.target is not None:
                tanpa_data.append(ind)
            continue
        if not bawah:
            continue
        k = Kesenjangan(indikator=ind)
        for b, tuju in sasaran:
            if ind.indikator_id in tuju:
                cara, verifikasi = tuju[ind.indikator_id]
                k.cocok.append(Cocok(b, cara, verifikasi))
        hasil.append(k)
    urutan_sektor = {s: i for i, s in enumerate(Sektor.values)}
    hasil.sort(
        key=lambda k: (
            k.ditangani,
            urutan_sektor.get(k.indikator.sektor, 99),
            k.indikator.urutan,
            k.indikator.kode,
        )
    )
    return hasil, tanpa_data


@dataclass
class PorsiSektor:
    sektor: str
    label: str
    anggaran: int
    persen: Decimal | None


def porsi_sektor(baris, pemetaan):
    """Budget per sector (a line serving two sectors counts in both) and the unmapped rest.

    Returns (rows, total, anggaran_layanan_dasar): the last counts each line once.
    """
    total = sum(b.anggaran for b in baris)
    per_sektor = defaultdict(int)
    layanan_dasar = 0
    lainnya = 0
    for b in baris:
        sektor = sektor_baris(b, pemetaan)
        if sektor:
            layanan_dasar += b.anggaran
        else:
            lainnya += b.anggaran
        for s in sektor:
            per_sektor[s] += b.anggaran
    rows = [
        PorsiSektor(s, str(label), per_sektor.get(s, 0), persen(per_sektor.get(s, 0), total))
        for s, label in Sektor.choices
    ]
    rows.append(
        PorsiSektor("", _("Lainnya (bukan layanan dasar)"), lainnya, persen(lainnya, total))
    )
    return rows, total, layanan_dasar


def persen(bagian, total):
    """bagian ÷ total × 100 as a Decimal with one decimal place; None when total is 0."""
    if not total:
        return None
    return (Decimal(bagian) * 100 / Decimal(total)).quantize(Decimal("0.1"))


@dataclass
class HasilAturan:
    aturan: object  # AturanDanaDesa
    dasar: int  # budget from the rule's funding sources
    bagian: int  # of which on the rule's codes
    persen: Decimal | None

    @property
    def dapat_dinilai(self):
        return self.dasar > 0

    @property
    def patuh(self):
        """True/False; None when the plan has no budget from the rule's sources."""
        if not self.dapat_dinilai:
            return None
        # Compare exactly (bagian/dasar vs batas/100) without rounding the share first.
        kiri = Decimal(self.bagian) * 100
        kanan = self.aturan.batas_persen * self.dasar
        return kiri <= kanan if self.aturan.pembanding == "lte" else kiri >= kanan


def cek_aturan(aturan, baris):
    """Check a plan's lines against its year's rules (an empty list gives no result, no error)."""
    hasil = []
    for a in aturan:
        sumber = set(a.daftar_sumber)
        awalan = a.daftar_awalan
        dasar = bagian = 0
        for b in baris:
            if sumber and b.sumber_dana not in sumber:
                continue
            dasar += b.anggaran
            if any(kode_cocok(b.kode, p) for p in awalan):
                bagian += b.anggaran
        hasil.append(HasilAturan(a, dasar, bagian, persen(bagian, dasar)))
    return hasil
