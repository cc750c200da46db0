"""Reads of the layanan_dasar entry pages. The entry grid reads raw values, but only of the one
kecamatan, sector and month being edited (that is editing, not dashboard aggregation); the
completeness page reads the counts kept on the submissions."""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from wilayah.access import saring
from wilayah.models import Desa, Sektor

from . import conf
from .models import (
    AuditNilai,
    DataContoh,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
    ekspr_kumulatif,
)
from .periode import batas_pengajuan, bulan_ini, rentang_bulan, tambah_bulan

KELOMPOK_SPM = "spm"
KELOMPOK_STUNTING = "stunting"


def sektor_user(lingkup):
    """The sectors a user works in, in the usual order."""
    return [s for s in Sektor if lingkup is not None and lingkup.mencakup_sektor(s.value)]


def kelompok_sektor(sektor):
    """Which column groups (SPM, stunting convergence) the sector's indicators fall in."""
    kel = set(
        Indikator.objects.filter(sektor=sektor, aktif=True).values_list("kelompok", flat=True)
    )
    hasil = []
    if Indikator.Kelompok.SPM in kel:
        hasil.append(KELOMPOK_SPM)
    if kel - {Indikator.Kelompok.SPM}:
        hasil.append(KELOMPOK_STUNTING)
    return hasil


def elemen_sektor(sektor, kelompok=""):
    """The active data elements of a sector, optionally only those of one indicator group
    (the health sector has ~50; a page per group keeps the grid usable)."""
    qs = DataElemen.objects.filter(sektor=sektor, aktif=True)
    if kelompok in (KELOMPOK_SPM, KELOMPOK_STUNTING):
        ingin_spm = kelompok == KELOMPOK_SPM
        ids = set()
        for k, p, q in Indikator.objects.filter(aktif=True, pembilang__sektor=sektor).values_list(
            "kelompok", "pembilang_id", "penyebut_id"
        ):
            if (k == Indikator.Kelompok.SPM) == ingin_spm:
                ids.update((p, q))
        qs = qs.filter(id__in=ids)
    return list(qs.distinct().order_by("urutan", "kode"))


def data_contoh_qs(kode):
    """The sample-data records of this wilayah (or of a node above or below it)."""
    bagian = kode.split(".") if kode else []
    leluhur = [".".join(bagian[: i + 1]) for i in range(len(bagian))]
    q = Q(wilayah_kode__in=leluhur)
    if kode:
        q |= Q(wilayah_kode__startswith=kode + ".")
    return DataContoh.objects.filter(q)


def data_contoh_di(kode):
    """Whether sample data was generated for this wilayah (or a node above or below it)."""
    return data_contoh_qs(kode).exists()


@dataclass
class Sel:
    elemen: DataElemen
    nama: str  # input name
    nilai: int | None
    bisa_diisi: bool
    mentah: str = ""  # what the user typed, shown again when a save is refused
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)
    riwayat: tuple | None = None  # (median, scale) for the in-browser outlier hint


@dataclass
class Baris:
    desa: Desa
    sel: list
    asal: str = ""


@dataclass
class Grid:
    kecamatan: object
    sektor: str
    bulan: dt.date
    elemen: list
    kolom_isi: list  # ids of the editable columns, in order
    baris: list
    pengajuan: Pengajuan | None
    riwayat: list
    bisa_diisi: bool
    penyebut: dict  # elemen_id → penyebut elemen_id (in-browser numerator check)


def grid_isian(*, kecamatan, sektor, bulan, elemen, boleh_ubah):
    """Everything the entry grid shows for one (kecamatan, sector, month), in six queries:
    villages, this month's values (+ January's annual targets), history, submission, its
    history, indicator pairs."""
    desa = list(Desa.objects.filter(kecamatan=kecamatan, aktif=True).order_by("kode"))
    januari = bulan.replace(month=1)
    id_tahunan = {e.id for e in elemen if e.tahunan}
    id_bulanan = {e.id for e in elemen if not e.tahunan}
    nilai = {}
    for d, e, v in NilaiData.objects.filter(
        Q(bulan=bulan, elemen_id__in=id_bulanan) | Q(bulan=januari, elemen_id__in=id_tahunan),
        desa__kecamatan=kecamatan,
    ).values_list("desa_id", "elemen_id", "nilai"):
        nilai[(d, e)] = v
    statistik = riwayat_statistik(kecamatan, id_bulanan, bulan)
    pengajuan = Pengajuan.objects.filter(kecamatan=kecamatan, sektor=sektor, bulan=bulan).first()
    status = pengajuan.status if pengajuan else Pengajuan.Status.DRAFT
    bisa = boleh_ubah and status == Pengajuan.Status.DRAFT
    riwayat = (
        list(pengajuan.riwayat.select_related("oleh").order_by("pada", "id")) if pengajuan else []
    )
    kolom_isi = [e.id for e in elemen if bisa and (not e.tahunan or bulan.month == 1)]
    isi = set(kolom_isi)
    baris = []
    for d in desa:
        sel = [
            Sel(
                elemen=e,
                nama=f"v-{d.kode}-{e.id}",
                nilai=nilai.get((d.kode, e.id)),
                bisa_diisi=e.id in isi,
                riwayat=statistik.get((d.kode, e.id)),
            )
            for e in elemen
        ]
        for s in sel:
            s.mentah = "" if s.nilai is None else str(s.nilai)
        asal = json.dumps([s.mentah for s in sel if s.bisa_diisi])
        baris.append(Baris(desa=d, sel=sel, asal=asal))
    ids = [e.id for e in elemen]
    penyebut = dict(
        Indikator.objects.filter(aktif=True, pembilang_id__in=ids, penyebut_id__in=ids)
        .exclude(pembilang_id=F("penyebut_id"))
        .values_list("pembilang_id", "penyebut_id")
    )
    return Grid(
        kecamatan=kecamatan,
        sektor=sektor,
        bulan=bulan,
        elemen=elemen,
        kolom_isi=kolom_isi,
        baris=baris,
        pengajuan=pengajuan,
        riwayat=riwayat,
        bisa_diisi=bisa,
        penyebut=penyebut,
    )


def riwayat_statistik(kecamatan, id_elemen, bulan):
    """{(desa, elemen_id): (median, scale)} over the preceding months, for the in-browser
    warning. The server repeats the check on save; this only makes it visible while typing."""
    n = conf.pencilan_bulan_riwayat()
    seri = defaultdict(list)
    for d, e, v in NilaiData.objects.filter(
        desa__kecamatan=kecamatan,
        elemen_id__in=id_elemen,
        bulan__gte=tambah_bulan(bulan, -n),
        bulan__lt=bulan,
    ).values_list("desa_id", "elemen_id", "nilai"):
        seri[(d, e)].append(v)
    minimum = conf.pencilan_min_riwayat()
    hasil = {}
    for k, xs in seri.items():
        if len(xs) < minimum:
            continue
        med = median(xs)
        simpangan = [abs(x - med) for x in xs]
        mad = median(simpangan)
        skala = mad / 0.6745 if mad > 0 else 1.253314 * sum(simpangan) / len(simpangan)
        hasil[k] = (round(med, 2), round(skala, 3))
    return hasil


# --- completeness and timeliness ---------------------------------------------------------------


class Ketepatan:
    TEPAT = "tepat"
    TERLAMBAT = "terlambat"
    BELUM_TERLAMBAT = "belum_terlambat"  # not submitted, and the due day has passed
    BELUM_JATUH_TEMPO = "belum_jatuh_tempo"


@dataclass
class SelKelengkapan:
    bulan: dt.date
    lapor: int
    diharapkan: int
    status: str | None
    ketepatan: str
    batas: dt.datetime
    diajukan_pada: dt.datetime | None

    @property
    def draf(self):
        """Values entered but not submitted (a draft, or sent back): not yet data for the
        dashboards and reports, so not counted as reported (DESIGN §5)."""
        return self.status in (None, Pengajuan.Status.DRAFT)

    @property
    def lapor_data(self):
        return 0 if self.draf else self.lapor

    @property
    def persen(self):
        if not self.diharapkan:
            return None
        return 100 * self.lapor_data / self.diharapkan


@dataclass
class BarisKelengkapan:
    sektor: Sektor
    sel: list

    @property
    def total_lapor(self):
        return sum(s.lapor_data for s in self.sel)

    @property
    def total_draf(self):
        """Village-months entered as drafts, counted apart."""
        return sum(s.lapor for s in self.sel if s.draf)

    @property
    def total_diharapkan(self):
        return sum(s.diharapkan for s in self.sel)

    @property
    def persen(self):
        # A ratio of sums over the months, never the mean of monthly percentages.
        return 100 * self.total_lapor / self.total_diharapkan if self.total_diharapkan else None

    @property
    def tepat_waktu(self):
        return sum(1 for s in self.sel if s.ketepatan == Ketepatan.TEPAT)

    @property
    def jatuh_tempo(self):
        return sum(1 for s in self.sel if s.ketepatan != Ketepatan.BELUM_JATUH_TEMPO)


def kelengkapan_kecamatan(*, kecamatan, tahun, user, sekarang=None):
    """Completeness (villages reported ÷ expected) and timeliness per sector and month of one
    year, from the counts kept on the submissions: two queries whatever the village count."""
    from wilayah.access import lingkup_user

    sekarang = sekarang or timezone.now()
    lingkup = lingkup_user(user)
    sektor = sektor_user(lingkup)
    akhir = min(dt.date(tahun, 12, 1), bulan_ini())
    daftar_bulan = rentang_bulan(dt.date(tahun, 1, 1), akhir) if akhir.year == tahun else []
    pengajuan = {
        (p.sektor, p.bulan): p
        for p in saring(Pengajuan.objects.filter(kecamatan=kecamatan, bulan__year=tahun), user)
    }
    n_desa = Desa.objects.filter(kecamatan=kecamatan, aktif=True).count()
    baris = []
    for s in sektor:
        sel = []
        for b in daftar_bulan:
            p = pengajuan.get((s.value, b))
            batas = batas_pengajuan(b)
            diajukan = p.diajukan_pada if p else None
            if diajukan is not None:
                ket = Ketepatan.TEPAT if diajukan <= batas else Ketepatan.TERLAMBAT
            else:
                ket = Ketepatan.BELUM_TERLAMBAT if sekarang > batas else Ketepatan.BELUM_JATUH_TEMPO
            sel.append(
                SelKelengkapan(
                    bulan=b,
                    lapor=p.desa_lapor if p else 0,
                    diharapkan=(p.desa_diharapkan if p and p.desa_diharapkan else n_desa),
                    status=p.status if p else None,
                    ketepatan=ket,
                    batas=batas,
                    diajukan_pada=diajukan,
                )
            )
        baris.append(BarisKelengkapan(sektor=s, sel=sel))
    return daftar_bulan, baris


def sasaran_terlampaui(*, desa_qs, tahun, sektor=None):
    """Villages whose flows of `tahun` for an indicator against an annual target add up to more
    than that target (DESIGN §5: a data-quality warning, never a silent 100 %+): one row per
    (desa, indicator) with the sum and the target. Every entered value counts, drafts too:
    this is for the people entering them. Two grouped queries, bounded by `desa_qs` (a
    kecamatan's villages, or the few a save touched); `sektor` narrows to the user's sectors."""
    indikator = Indikator.objects.filter(aktif=True)
    if sektor is not None:
        indikator = indikator.filter(sektor__in=sektor)
    indikator = list(
        indikator.annotate(kumulatif=ekspr_kumulatif())
        .filter(kumulatif=True)
        .values("id", "kode", "nama", "pembilang_id", "penyebut_id")
    )
    if not indikator:
        return []
    dasar = NilaiData.objects.filter(desa__in=desa_qs, bulan__year=tahun)
    jumlah = {
        (r["desa_id"], r["elemen_id"]): r["s"]
        for r in dasar.filter(elemen_id__in={i["pembilang_id"] for i in indikator})
        .values("desa_id", "elemen_id")
        .annotate(s=Sum("nilai"))
    }
    # The annual target sits on the January row (the year's latest, should it be elsewhere).
    sasaran = {}
    for d, e, v in (
        dasar.filter(elemen_id__in={i["penyebut_id"] for i in indikator})
        .order_by("bulan")
        .values_list("desa_id", "elemen_id", "nilai")
    ):
        sasaran[(d, e)] = v
    nama = dict(Desa.objects.filter(kode__in={d for d, _e in jumlah}).values_list("kode", "nama"))
    hasil = []
    for (d, e), s in sorted(jumlah.items()):
        for i in indikator:
            if i["pembilang_id"] != e:
                continue
            t = sasaran.get((d, i["penyebut_id"]))
            if t is not None and s > t:
                hasil.append(
                    {
                        "desa_kode": d,
                        "desa": nama.get(d, d),
                        "indikator": i["nama"],
                        "indikator_kode": i["kode"],
                        "jumlah": s,
                        "sasaran": t,
                    }
                )
    return hasil


# --- audit -------------------------------------------------------------------------------------


def audit_desa(*, desa, user, elemen_kode=""):
    """The value changes of one village inside the user's sectors, newest first."""
    qs = saring(AuditNilai.objects.filter(desa=desa), user).select_related("elemen", "oleh")
    if elemen_kode:
        qs = qs.filter(elemen__kode=elemen_kode)
    return qs.order_by("-pada", "-id")


def ekspor_nilai(*, kecamatan, sektor, dari, sampai):
    """Stored values of one kecamatan and sector over a month range, for export (one query,
    streamed)."""
    return (
        NilaiData.objects.filter(
            desa__kecamatan=kecamatan,
            elemen__sektor=sektor,
            bulan__gte=dari,
            bulan__lte=sampai,
        )
        .order_by("bulan", "desa_id", "elemen__urutan", "elemen__kode")
        .values_list(
            "desa_id",
            "desa__nama",
            "elemen__kode",
            "elemen__nama",
            "elemen__satuan",
            "bulan",
            "nilai",
        )
    )


def status_pengajuan(*, kecamatan, sektor, daftar_bulan):
    return dict(
        Pengajuan.objects.filter(
            kecamatan=kecamatan, sektor=sektor, bulan__in=daftar_bulan
        ).values_list("bulan", "status")
    )


# --- the month's completeness before a workflow step, and what waits for the camat ---------------


@dataclass
class KelengkapanBulan:
    desa_diharapkan: int
    desa_lapor: int
    belum: list  # names of the villages with no value this month
    sel_terisi: int
    sel_total: int

    @property
    def lengkap(self):
        return self.desa_lapor >= self.desa_diharapkan

    @property
    def persen_sel(self):
        return round(100 * self.sel_terisi / self.sel_total) if self.sel_total else 0


def kelengkapan_bulan(*, kecamatan, sektor, bulan):
    """Villages reported and cells filled of one (kecamatan, sector, month), from the values
    themselves (two queries): what "Ajukan" shows before it sends a month. A village reports when
    it has a monthly value, as on the completeness page; annual targets are not counted."""
    desa = list(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .order_by("kode")
        .values_list("kode", "nama")
    )
    elemen = DataElemen.objects.filter(sektor=sektor, aktif=True, tahunan=False)
    terisi = dict(
        NilaiData.objects.filter(desa__kecamatan=kecamatan, elemen__in=elemen, bulan=bulan)
        .values("desa_id")
        .annotate(n=Count("id"))
        .values_list("desa_id", "n")
    )
    n_elemen = elemen.count()
    return KelengkapanBulan(
        desa_diharapkan=len(desa),
        desa_lapor=sum(1 for k, _n in desa if terisi.get(k)),
        belum=[n for k, n in desa if not terisi.get(k)],
        sel_terisi=sum(terisi.get(k, 0) for k, _n in desa),
        sel_total=n_elemen * len(desa),
    )


def pengajuan_menunggu(*, user, kecamatan):
    """Submissions of the kecamatan waiting for the camat (diajukan), in the user's sectors,
    oldest month first (one query)."""
    return list(
        saring(
            Pengajuan.objects.filter(kecamatan=kecamatan, status=Pengajuan.Status.DIAJUKAN), user
        ).order_by("bulan", "sektor")
    )
