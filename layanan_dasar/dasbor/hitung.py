"""Pure arithmetic of the dashboards (no database): periods, traffic lights, change, village
index, ranking, priorities, completeness. Everything here works on rows already read from the
aggregate table, so it is unit-testable and adds no query.
"""

from collections import namedtuple
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.dates import MONTHS
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..models import Indikator, JenisPeriode

# One aggregate row as the pages use it (nilai as float, None = no data).
Baris = namedtuple(
    "Baris",
    "indikator_id wilayah_kode periode nilai pembilang penyebut desa_lapor desa_diharapkan "
    "pembilang_periode bulan_kumulatif dihitung_pada",
)
KOLOM_BARIS = Baris._fields

# --- periods ------------------------------------------------------------------------------------

LANGKAH_BULAN = {JenisPeriode.BULAN: 1, JenisPeriode.TRIWULAN: 3, JenisPeriode.TAHUN: 12}
BULAN_TREN = 24  # "trends over 24 months"


def geser_bulan(d, n):
    """The first day of the month n months after (n < 0: before) the month of d."""
    i = d.year * 12 + (d.month - 1) + n
    return date(i // 12, i % 12 + 1, 1)


def awal_periode(jenis, d):
    """Normalise any date to the first day of its month, quarter or year."""
    if jenis == JenisPeriode.TAHUN:
        return date(d.year, 1, 1)
    if jenis == JenisPeriode.TRIWULAN:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    return date(d.year, d.month, 1)


def periode_sebelumnya(jenis, p):
    return geser_bulan(p, -LANGKAH_BULAN[jenis])


def bulan_terakhir(jenis, p):
    """The last month inside the period (a month's own first day for monthly periods)."""
    return geser_bulan(p, LANGKAH_BULAN[jenis] - 1)


def bulan_tren(jenis, p, n=BULAN_TREN):
    """The n months ending with the last month of the period, oldest first."""
    akhir = bulan_terakhir(jenis, p)
    return [geser_bulan(akhir, -i) for i in range(n - 1, -1, -1)]


_ROMAWI = {1: "I", 4: "II", 7: "III", 10: "IV"}


def label_periode(jenis, p):
    if jenis == JenisPeriode.TAHUN:
        return str(p.year)
    if jenis == JenisPeriode.TRIWULAN:
        return _("Triwulan %(r)s %(y)d") % {"r": _ROMAWI.get(p.month, "?"), "y": p.year}
    return f"{MONTHS[p.month]} {p.year}"


def label_bulan_pendek(p):
    return f"{str(MONTHS[p.month])[:3]} {p.year}"


# --- targets of a period (DESIGN §5) -------------------------------------------------------------


def bulan_berjalan(jenis, p):
    """The number (1..12) of the period's last month: how much of the year a year-to-date
    figure covers."""
    return bulan_terakhir(jenis, p).month


def target_periode(target, kumulatif, jenis, p):
    """The target a figure of period `p` is compared with: for coverage against an annual
    target (year-to-date) the pro-rated target, target × months elapsed ÷ 12 (the straight
    "garis target" of PWS-KIA); the target itself otherwise. None without a target."""
    if target is None:
        return None
    if not kumulatif or p is None:
        return Decimal(target)
    return (Decimal(target) * bulan_berjalan(jenis, p) / 12).quantize(Decimal("0.01"))


def label_kumulatif(jenis, p):
    """ "kumulatif s.d. Maret" — what a year-to-date figure of period `p` covers."""
    return _("kumulatif s.d. %(b)s") % {"b": MONTHS[bulan_terakhir(jenis, p).month]}


def sesuaikan_target(indikator, jenis, p):
    """Give each indicator of a page the target of the page's period: `target` becomes the
    period's (pro-rated for year-to-date coverage), `target_tahunan` keeps the annual one and
    `label_target` says which it is. Every colour, score, rank and status drawn from these
    objects then compares like with like. Idempotent; the objects are the page's own (read
    per request), never saved."""
    for ind in indikator:
        if not hasattr(ind, "target_tahunan"):
            ind.target_tahunan = ind.target
        ind.target = target_periode(ind.target_tahunan, ind.kumulatif, jenis, p)
        ind.label_target = ""
        if ind.kumulatif and p is not None and ind.target is not None:
            ind.label_target = _("target s.d. %(b)s") % {
                "b": MONTHS[bulan_terakhir(jenis, p).month]
            }
    return indikator


def target_bulanan(ind, bulan):
    """{month: the target of that month} for a trend line: pro-rated month by month for
    year-to-date coverage (it starts again each January), flat otherwise."""
    tahunan = getattr(ind, "target_tahunan", ind.target)
    return {b: target_periode(tahunan, ind.kumulatif, JenisPeriode.BULAN, b) for b in bulan}


# --- traffic lights -----------------------------------------------------------------------------

HIJAU, KUNING, MERAH, ABU, TANPA_TARGET = "hijau", "kuning", "merah", "abu", "tanpa"
LABEL_LAMPU = {
    HIJAU: gettext_lazy("Mencapai target"),
    KUNING: gettext_lazy("Mendekati target"),
    MERAH: gettext_lazy("Di bawah target"),
    ABU: gettext_lazy("Tidak ada data"),
    TANPA_TARGET: gettext_lazy("Tanpa target"),
}
# The shape carried beside the colour, so the light reads without colour vision.
SIMBOL_LAMPU = {HIJAU: "●", KUNING: "▲", MERAH: "■", ABU: "○", TANPA_TARGET: "○"}
URUTAN_LAMPU = [HIJAU, KUNING, MERAH, ABU]


def rentang_kuning():
    """Points below target that still count as 'yellow' (a setting, not a constant)."""
    return float(getattr(settings, "DASBOR_RENTANG_KUNING", 10))


def kekurangan(nilai, target, arah):
    """How far the value falls short of the target, in the indicator's unit (≤ 0: reached)."""
    if nilai is None or target is None:
        return None
    target = float(target)
    return nilai - target if arah == Indikator.Arah.TURUN else target - nilai


def lampu(nilai, target, arah, rentang=None):
    if nilai is None:
        return ABU
    if target is None:
        return TANPA_TARGET
    k = kekurangan(nilai, target, arah)
    if k <= 0:
        return HIJAU
    if k <= (rentang_kuning() if rentang is None else rentang):
        return KUNING
    return MERAH


def perubahan(sekarang, lalu, arah):
    """(difference, 'membaik'|'memburuk'|'tetap'|None) between two values of one indicator."""
    if sekarang is None or lalu is None:
        return None, None
    beda = round(sekarang - lalu, 4)
    if beda == 0:
        return 0.0, "tetap"
    naik_baik = arah != Indikator.Arah.TURUN
    return beda, "membaik" if (beda > 0) == naik_baik else "memburuk"


def perubahan_capaian(ind, sekarang, lalu, jenis, periode_lalu):
    """`perubahan()` for an indicator of a page whose indicators carry their period's target
    (`sesuaikan_target`). A year-to-date figure always grows within a year and starts again in
    January, so for it the change is that of its distance to the pro-rated target: on pace
    stays 0, falling behind reads "memburuk"."""
    if not getattr(ind, "kumulatif", False) or periode_lalu is None:
        return perubahan(sekarang, lalu, ind.arah)
    target_lalu = target_periode(ind.target_tahunan, True, jenis, periode_lalu)
    if sekarang is None or lalu is None or ind.target is None or target_lalu is None:
        return None, None
    return perubahan(sekarang - float(ind.target), lalu - float(target_lalu), ind.arah)


def skor(nilai, target, arah):
    """0–100: 100 when the target is reached, minus the shortfall in points; None if no data."""
    k = kekurangan(nilai, target, arah)
    if k is None:
        return None
    return max(0.0, min(100.0, 100.0 - max(0.0, k)))


def bobot_indikator(kode):
    """Weights of the composite index are data (settings), equal unless configured."""
    return float(getattr(settings, "DASBOR_BOBOT_INDIKATOR", {}).get(kode, 1))


# --- numbers ------------------------------------------------------------------------------------


_PEMISAH = {}


def angka(nilai, desimal=1):
    """Number text in the active locale's format (Indonesian: 1.234,5); an em dash for no
    data. Python's own formatting with the locale's separators: a page formats hundreds of
    numbers and Django's number_format costs ten times more per call."""
    if nilai is None:
        return "—"
    bahasa = get_language()
    if bahasa not in _PEMISAH:
        _PEMISAH[bahasa] = (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"))
    desimal_sep, ribuan = _PEMISAH[bahasa]
    teks = f"{float(nilai):,.{desimal}f}"
    return teks.replace(",", "\x00").replace(".", desimal_sep).replace("\x00", ribuan)


def persen_rasio(pembilang, penyebut):
    if not penyebut:
        return None
    return round(100.0 * pembilang / penyebut, 1)


def kelengkapan(baris):
    """Villages reported ÷ expected over a set of rows (a ratio of sums), in percent."""
    lapor = sum(b.desa_lapor for b in baris)
    harap = sum(b.desa_diharapkan for b in baris)
    return persen_rasio(lapor, harap)


# --- villages: index, ranking, priorities -------------------------------------------------------


def indeks_desa(indikator, sel_desa, *, rentang=None, bobot=None, terburuk=False):
    """Weighted mean of the indicator scores of one village (indicators with data only).

    `sel_desa` is {indikator_id: Baris}. Returns (index or None, {lampu: count}), plus the
    (shortfall, indicator) furthest below target with terburuk=True. The same rules as
    lampu()/skor(), inlined: a camat home evaluates thousands of village-indicator cells.
    """
    rentang = rentang_kuning() if rentang is None else rentang
    bobot = getattr(settings, "DASBOR_BOBOT_INDIKATOR", {}) if bobot is None else bobot
    total = berat = 0.0
    hitung = dict.fromkeys(URUTAN_LAMPU, 0)
    paling = None
    for ind in indikator:
        b = sel_desa.get(ind.id)
        nilai = b.nilai if b else None
        if nilai is None:
            hitung[ABU] += 1
            continue
        if ind.target is None:
            continue
        t = float(ind.target)
        k = nilai - t if ind.arah == Indikator.Arah.TURUN else t - nilai
        hitung[HIJAU if k <= 0 else (KUNING if k <= rentang else MERAH)] += 1
        w = float(bobot.get(ind.kode, 1))
        total += w * max(0.0, min(100.0, 100.0 - max(0.0, k)))
        berat += w
        if paling is None or k > paling[0]:
            paling = (k, ind)
    idx = round(total / berat, 1) if berat else None
    if terburuk:
        return idx, hitung, paling
    return idx, hitung


def peringkat_desa(indikator, desa, sel):
    """Villages ranked by index (best first; no data last). `desa` is [(kode, nama)], `sel` is
    {(desa_kode, indikator_id): Baris}."""
    rentang = rentang_kuning()
    bobot = getattr(settings, "DASBOR_BOBOT_INDIKATOR", {})
    hasil = []
    for kode, nama in desa:
        sel_desa = {ind.id: sel.get((kode, ind.id)) for ind in indikator}
        sel_desa = {k: v for k, v in sel_desa.items() if v is not None}
        idx, hitung = indeks_desa(indikator, sel_desa, rentang=rentang, bobot=bobot)
        lapor = sum(1 for v in sel_desa.values() if v.nilai is not None)
        hasil.append(
            {
                "kode": kode,
                "nama": nama,
                "indeks": idx,
                "hijau": hitung[HIJAU],
                "kuning": hitung[KUNING],
                "merah": hitung[MERAH],
                "tanpa_data": hitung[ABU],
                "indikator_berdata": lapor,
            }
        )
    hasil.sort(key=lambda r: (r["indeks"] is None, -(r["indeks"] or 0), r["nama"]))
    for i, r in enumerate(hasil, start=1):
        r["peringkat"] = i if r["indeks"] is not None else None
    return hasil


def jumlah_desa_prioritas():
    return int(getattr(settings, "DASBOR_JUMLAH_DESA_PRIORITAS", 5))


def desa_prioritas(indikator, desa, sel, n=None):
    """Per sector, the villages furthest below target: lowest index first, only villages with
    at least one indicator short of target, each with its largest shortfall."""
    n = jumlah_desa_prioritas() if n is None else n
    rentang = rentang_kuning()
    bobot = getattr(settings, "DASBOR_BOBOT_INDIKATOR", {})
    per_sektor = {}
    for ind in indikator:
        per_sektor.setdefault(ind.sektor, []).append(ind)
    hasil = {}
    for sektor, inds in per_sektor.items():
        baris = []
        for kode, nama in desa:
            sel_desa = {i.id: sel[(kode, i.id)] for i in inds if (kode, i.id) in sel}
            idx, hitung, terburuk = indeks_desa(
                inds, sel_desa, rentang=rentang, bobot=bobot, terburuk=True
            )
            if idx is None or idx >= 100:
                continue
            baris.append(
                {
                    "kode": kode,
                    "nama": nama,
                    "indeks": idx,
                    "merah": hitung[MERAH],
                    "kuning": hitung[KUNING],
                    "terburuk": terburuk[1],
                    "kekurangan": round(terburuk[0], 1),
                }
            )
        baris.sort(key=lambda r: (r["indeks"], -r["merah"], r["nama"]))
        hasil[sektor] = baris[:n]
    return hasil
