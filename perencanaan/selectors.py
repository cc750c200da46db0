"""Reads of the perencanaan app. Each page has one function here with a fixed number of queries
(the kecamatan overview does not grow with the number of villages).

Gap data: the "latest full year" is the latest year strictly before the current year (Asia/
Jakarta) — and before the plan's own year — for which desa-level yearly aggregates exist in the
kecamatan. It is chosen per kecamatan, so every village of a kecamatan is compared on the same
year; a village without aggregates for that year shows "belum ada data".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan_dasar.models import AgregatIndikator, Indikator, JenisPeriode
from wilayah.access import access_object, lingkup_user, saring
from wilayah.kalender import selisih_hari_kerja
from wilayah.models import Desa, HariLibur, Sektor, Tingkat

from .analisis import (
    DARI_KODE,
    BarisRingkas,
    NilaiIndikator,
    analisis_kesenjangan,
    cek_aturan,
    persen,
    porsi_sektor,
    sasaran_baris,
)
from .kesesuaian import BarisBanding, batas_persen, cek_rkp_apb
from .models import (
    AturanDanaDesa,
    BarisKegiatan,
    CatatanRevisi,
    KodeKegiatan,
    PemetaanKodeIndikator,
    PemetaanSektorKode,
    Rencana,
    RiwayatRencana,
)

STATUS_AKTIF = (Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU, Rencana.Status.PERLU_REVISI)


# --- reference data ------------------------------------------------------------------------


def libur_antara(dari, sampai):
    return set(
        HariLibur.objects.filter(tanggal__gte=dari, tanggal__lte=sampai).values_list(
            "tanggal", flat=True
        )
    )


def kode_kegiatan_tingkat():
    """{kode: tingkat} of the active classification (validation of lines: one query)."""
    return dict(KodeKegiatan.objects.filter(aktif=True).values_list("kode", "tingkat"))


def daftar_kegiatan():
    """(kode, nama) of every active kegiatan, for the entry grid's suggestions."""
    return list(
        KodeKegiatan.objects.filter(aktif=True, tingkat=KodeKegiatan.Tingkat.KEGIATAN).values_list(
            "kode", "nama"
        )
    )


def indikator_aktif():
    return list(Indikator.objects.filter(aktif=True).only("id", "kode", "nama", "sektor", "urutan"))


def pilihan_indikator(indikator=None):
    """Choices grouped by sector: [(sector label, [(id, name), …]), …]."""
    indikator = indikator_aktif() if indikator is None else indikator
    kelompok = defaultdict(list)
    for i in indikator:
        kelompok[i.sektor].append((i.id, i.nama))
    return [(label, kelompok[s]) for s, label in Sektor.choices if kelompok[s]]


def pemetaan_sektor():
    return list(PemetaanSektorKode.objects.values_list("sektor", "awalan_kode"))


def pemetaan_indikator():
    """The code ↔ indicator table as [(awalan_kode, indikator_id, perlu_verifikasi)]."""
    return list(
        PemetaanKodeIndikator.objects.filter(indikator__aktif=True).values_list(
            "awalan_kode", "indikator_id", "perlu_verifikasi"
        )
    )


def aturan_tahun(tahun):
    return list(AturanDanaDesa.objects.filter(tahun=tahun, aktif=True))


def aturan_tahun_semua(tahun):
    """(active rules, inactive rules) of a year in one query: the inactive ones are shown as
    'not checked this year' with their reason (e.g. a share the year's regulation dropped)."""
    semua = list(AturanDanaDesa.objects.filter(tahun=tahun))
    return [a for a in semua if a.aktif], [a for a in semua if not a.aktif]


# --- plans ---------------------------------------------------------------------------------


def rencana_untuk(user, pk, *, ubah=False):
    """The plan if inside the user's scope, else 404."""
    return access_object(
        user,
        Rencana.objects.select_related("desa__kecamatan__kabupaten__provinsi"),
        ubah=ubah,
        pk=pk,
    )


def rencana_desa(user, desa):
    return saring(Rencana.objects.filter(desa=desa), user).order_by("-tahun", "jenis")


def baris_rencana(rencana):
    """Lines with their code and indicators (two queries)."""
    return list(
        rencana.baris.select_related("kode_kegiatan").prefetch_related(
            Prefetch("indikator", queryset=Indikator.objects.only("id", "kode", "nama", "sektor"))
        )
    )


def ringkas(baris):
    return [
        BarisRingkas(
            id=b.id,
            kode=b.kode_kegiatan_id,
            nama=b.nama,
            anggaran=b.anggaran,
            sumber_dana=b.sumber_dana,
            indikator_ids=frozenset(i.id for i in b.indikator.all()),
            indikator_sektor=frozenset(i.sektor for i in b.indikator.all()),
            lokasi=b.lokasi,
        )
        for b in baris
    ]


def riwayat_rencana(rencana):
    return list(
        rencana.riwayat.select_related("oleh").prefetch_related("catatan_baris").order_by("pada")
    )


def catatan_revisi_terakhir(rencana):
    """The reasons of the latest return: ({baris_id: [teks]}, general note, riwayat) or empty."""
    kembali = (
        RiwayatRencana.objects.filter(rencana=rencana, aksi=RiwayatRencana.Aksi.DIKEMBALIKAN)
        .order_by("-pada", "-id")
        .first()
    )
    if kembali is None:
        return {}, "", None
    per_baris = defaultdict(list)
    for c in CatatanRevisi.objects.filter(riwayat=kembali):
        per_baris[c.baris_id].append(c)
    return per_baris, kembali.catatan, kembali


def keputusan_terakhir(rencana):
    """The latest decision step (return or approval), for the review letter."""
    return (
        RiwayatRencana.objects.filter(
            rencana=rencana,
            aksi__in=[RiwayatRencana.Aksi.DIKEMBALIKAN, RiwayatRencana.Aksi.DISETUJUI],
        )
        .select_related("oleh")
        .order_by("-pada", "-id")
        .first()
    )


@dataclass
class StatusTenggat:
    tenggat: date | None
    pihak: str
    sisa_hari_kerja: int | None
    terlambat: bool
    libur_tersedia: bool = True

    @property
    def hari_terlambat(self):
        return -self.sisa_hari_kerja if self.sisa_hari_kerja and self.sisa_hari_kerja < 0 else 0


def status_tenggat(rencana, hari_ini=None):
    """The running clock: due date, who is on it, working days left (negative when late)."""
    if rencana.tenggat is None or rencana.status not in STATUS_AKTIF:
        return StatusTenggat(None, "", None, False)
    hari_ini = hari_ini or timezone.localdate()
    a, b = sorted([hari_ini, rencana.tenggat])
    libur = libur_antara(a, b + timedelta(days=1))
    tersedia = HariLibur.objects.filter(tanggal__year=rencana.tenggat.year).exists()
    sisa = selisih_hari_kerja(hari_ini, rencana.tenggat, libur)
    return StatusTenggat(
        rencana.tenggat, rencana.tenggat_pihak, sisa, hari_ini > rencana.tenggat, tersedia
    )


def tahun_data(kode_kecamatan, tahun_rencana, hari_ini=None):
    """The latest full year of desa-level aggregates in the kecamatan (see module docstring)."""
    hari_ini = hari_ini or timezone.localdate()
    batas = min(hari_ini.year, tahun_rencana)
    desa = AgregatIndikator.objects.filter(
        tingkat=Tingkat.DESA,
        jenis_periode=JenisPeriode.TAHUN,
        wilayah_kode__startswith=kode_kecamatan + ".",
    )
    # Nearly always the year before the limit: one probe that its first stored row answers,
    # before the MAX over every earlier year (which unpacks each stored year row of the
    # kecamatan: 90 ms on five national years).
    if desa.filter(periode=date(batas - 1, 1, 1)).exists():
        return batas - 1
    terakhir = desa.filter(periode__lt=date(batas - 1, 1, 1)).aggregate(m=Max("periode"))["m"]
    return terakhir.year if terakhir else None


def _indikator_dalam_lingkup(user, indikator):
    lingkup = lingkup_user(user)
    return [i for i in indikator if lingkup is not None and lingkup.mencakup_sektor(i.sektor)]


def _agregat_desa(user, kode_prefiks, tahun):
    """Yearly desa values of active indicators with a target, inside the user's sectors."""
    qs = AgregatIndikator.objects.filter(
        tingkat=Tingkat.DESA,
        jenis_periode=JenisPeriode.TAHUN,
        periode=date(tahun, 1, 1),
        indikator__aktif=True,
        indikator__target__isnull=False,
    )
    if kode_prefiks.count(".") == 3:
        qs = qs.filter(wilayah_kode=kode_prefiks)
    else:
        qs = qs.filter(wilayah_kode__startswith=kode_prefiks + ".")
    return saring(qs, user).values_list("wilayah_kode", "indikator_id", "nilai")


def _nilai_indikator(indikator, nilai):
    return [
        NilaiIndikator(
            indikator_id=i.id,
            kode=i.kode,
            nama=i.nama,
            sektor=i.sektor,
            target=i.target,
            arah=i.arah,
            nilai=nilai.get(i.id),
            urutan=i.urutan,
        )
        for i in indikator
        if i.target is not None
    ]


@dataclass
class AnalisisRencana:
    tahun_data: int | None
    ada_data: bool
    kesenjangan: list = field(default_factory=list)
    tanpa_data: list = field(default_factory=list)
    porsi: list = field(default_factory=list)
    total: int = 0
    layanan_dasar: int = 0
    aturan: list = field(default_factory=list)
    aturan_tidak_diperiksa: list = field(default_factory=list)
    dari_kode: dict = field(default_factory=dict)  # {baris_id: [indicator names]}, unlinked

    @property
    def aturan_disalin_dari(self):
        """The earlier year(s) whose rules were carried into this plan's year (unverified)."""
        return sorted({h.aturan.disalin_dari for h in self.aturan if h.aturan.disalin_dari})

    @property
    def aturan_belum_diverifikasi(self):
        return any(h.aturan.perlu_verifikasi for h in self.aturan)

    @property
    def belum_ditangani(self):
        return [k for k in self.kesenjangan if not k.ditangani]

    @property
    def pelanggaran(self):
        return [h for h in self.aturan if h.patuh is False]

    @property
    def persen_layanan_dasar(self):
        return persen(self.layanan_dasar, self.total)


def analisis_rencana(user, rencana, baris=None):
    """Gap-vs-plan, rule checks and budget shares for one plan (a fixed number of queries)."""
    baris = baris_rencana(rencana) if baris is None else baris
    rows = ringkas(baris)
    pemetaan = pemetaan_sektor()
    peta = pemetaan_indikator()
    tahun = tahun_data(rencana.desa.kecamatan_id, rencana.tahun)
    indikator = _indikator_dalam_lingkup(
        user, Indikator.objects.filter(aktif=True, target__isnull=False)
    )
    nilai = {}
    if tahun is not None:
        nilai = {i: v for _k, i, v in _agregat_desa(user, rencana.desa_id, tahun)}
    hasil = AnalisisRencana(tahun_data=tahun, ada_data=bool(nilai))
    if nilai:
        hasil.kesenjangan, hasil.tanpa_data = analisis_kesenjangan(
            _nilai_indikator(indikator, nilai), rows, peta
        )
    # What each unlinked line is taken to serve, shown beside it so the operator sees what
    # the code table assumes (and links indicators where it assumes wrong).
    urut = {i.id: (i.urutan, i.kode, i.nama) for i in indikator}
    hasil.dari_kode = {
        b.id: [
            urut[i][2]
            for i in sorted((i for i in sasaran_baris(b, peta) if i in urut), key=urut.get)
        ]
        for b in rows
        if not b.indikator_ids
    }
    hasil.porsi, hasil.total, hasil.layanan_dasar = porsi_sektor(rows, pemetaan)
    aktif, tidak_aktif = aturan_tahun_semua(rencana.tahun)
    hasil.aturan = cek_aturan(aktif, rows)
    hasil.aturan_tidak_diperiksa = tidak_aktif
    return hasil


# --- kecamatan overview --------------------------------------------------------------------


def desa_dengan_rencana(kecamatan, tahun, jenis):
    """The kecamatan's villages, each annotated with its plan of (tahun, jenis) if any."""
    rencana = Rencana.objects.filter(desa=OuterRef("pk"), tahun=tahun, jenis=jenis)
    return (
        Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .annotate(
            rencana_id=Subquery(rencana.values("id")[:1]),
            rencana_status=Subquery(rencana.values("status")[:1]),
            rencana_tenggat=Subquery(rencana.values("tenggat")[:1]),
            rencana_tenggat_pihak=Subquery(rencana.values("tenggat_pihak")[:1]),
        )
        .order_by("kode")
    )


@dataclass
class RingkasanIndikator:
    """One indicator across the kecamatan's villages on the overview."""

    indikator: NilaiIndikator
    desa_bawah: list = field(default_factory=list)
    desa_belum_ditangani: list = field(default_factory=list)
    # Villages whose plan addresses the gap only through lines inferred from their code.
    desa_dari_kode: list = field(default_factory=list)
    anggaran: int = 0


@dataclass
class RekapKecamatan:
    tahun_data: int | None
    baris: list  # one dict per village (the table rows)
    porsi: list
    total: int
    layanan_dasar: int
    per_indikator: list
    ada_aturan: bool
    aturan_disalin_dari: list = field(default_factory=list)

    @property
    def persen_layanan_dasar(self):
        return persen(self.layanan_dasar, self.total)


def rekap_kecamatan(user, kecamatan, tahun, jenis, desa_qs, hari_ini=None):
    """Rows of the overview table and the kecamatan-wide gap and budget summaries.

    Queries (constant in the number of villages): villages with their plan, lines, line ↔
    indicator links, the data year, the yearly aggregates, active indicators, the sector and the
    code ↔ indicator mappings and the year's rules.
    """
    hari_ini = hari_ini or timezone.localdate()
    desa = list(desa_qs)
    rencana_ids = [d.rencana_id for d in desa if d.rencana_id]
    pemetaan = pemetaan_sektor()
    peta = pemetaan_indikator()
    aturan = aturan_tahun(tahun)

    tautan = defaultdict(list)
    for baris_id, ind_id, sektor in BarisKegiatan.indikator.through.objects.filter(
        bariskegiatan__rencana_id__in=rencana_ids
    ).values_list("bariskegiatan_id", "indikator_id", "indikator__sektor"):
        tautan[baris_id].append((ind_id, sektor))
    baris_per_rencana = defaultdict(list)
    for bid, rid, kode, nama, anggaran, sumber in BarisKegiatan.objects.filter(
        rencana_id__in=rencana_ids
    ).values_list("id", "rencana_id", "kode_kegiatan_id", "nama", "anggaran", "sumber_dana"):
        baris_per_rencana[rid].append(
            BarisRingkas(
                id=bid,
                kode=kode,
                nama=nama,
                anggaran=anggaran,
                sumber_dana=sumber,
                indikator_ids=frozenset(i for i, _s in tautan[bid]),
                indikator_sektor=frozenset(s for _i, s in tautan[bid]),
            )
        )

    tahun_d = tahun_data(kecamatan.kode, tahun, hari_ini)
    nilai_desa = defaultdict(dict)
    indikator = []
    if tahun_d is not None:
        for kode, ind_id, nilai in _agregat_desa(user, kecamatan.kode, tahun_d):
            nilai_desa[kode][ind_id] = nilai
        indikator = _indikator_dalam_lingkup(
            user, Indikator.objects.filter(aktif=True, target__isnull=False)
        )

    per_indikator = {}
    semua_baris = []
    rows = []
    for d in desa:
        baris = baris_per_rencana.get(d.rencana_id, [])
        semua_baris.extend(baris)
        kesenjangan = []
        if nilai_desa.get(d.kode):
            kesenjangan, _tanpa = analisis_kesenjangan(
                _nilai_indikator(indikator, nilai_desa[d.kode]), baris, peta
            )
        for k in kesenjangan:
            r = per_indikator.setdefault(k.indikator.indikator_id, RingkasanIndikator(k.indikator))
            r.desa_bawah.append(d)
            r.anggaran += k.anggaran
            if not k.ditangani:
                r.desa_belum_ditangani.append(d)
            elif k.cara == DARI_KODE:
                r.desa_dari_kode.append(d)
        _porsi, total, layanan_dasar = porsi_sektor(baris, pemetaan)
        pelanggaran = sum(1 for h in cek_aturan(aturan, baris) if h.patuh is False)
        aktif = d.rencana_status in STATUS_AKTIF
        rows.append(
            {
                "desa_kode": d.kode,
                "desa_nama": d.nama,
                "rencana_id": d.rencana_id,
                "status": d.rencana_status or "",
                "status_label": (
                    Rencana.Status(d.rencana_status).label if d.rencana_status else _("Belum ada")
                ),
                "tenggat": d.rencana_tenggat if aktif else None,
                "tenggat_pihak": d.rencana_tenggat_pihak if aktif else "",
                "terlambat": bool(aktif and d.rencana_tenggat and hari_ini > d.rencana_tenggat),
                "total": total if d.rencana_id else None,
                "persen_layanan_dasar": persen(layanan_dasar, total),
                "kesenjangan": len(kesenjangan) if nilai_desa.get(d.kode) else None,
                "belum_ditangani": (
                    sum(1 for k in kesenjangan if not k.ditangani)
                    if nilai_desa.get(d.kode)
                    else None
                ),
                "pelanggaran": pelanggaran if d.rencana_id and aturan else None,
            }
        )
    porsi, total, layanan_dasar = porsi_sektor(semua_baris, pemetaan)
    urutan_sektor = {s: i for i, s in enumerate(Sektor.values)}
    ringkasan = sorted(
        per_indikator.values(),
        key=lambda r: (
            -len(r.desa_belum_ditangani),
            urutan_sektor.get(r.indikator.sektor, 99),
            r.indikator.urutan,
        ),
    )
    return RekapKecamatan(
        tahun_data=tahun_d,
        baris=rows,
        porsi=porsi,
        total=total,
        layanan_dasar=layanan_dasar,
        per_indikator=ringkasan,
        ada_aturan=bool(aturan),
        aturan_disalin_dari=sorted({a.disalin_dari for a in aturan if a.disalin_dari}),
    )


def tahun_rencana_terakhir(kecamatan):
    """Default year of the overview: the latest plan year in the kecamatan, else next year."""
    m = Rencana.objects.filter(desa__kecamatan=kecamatan).aggregate(m=Max("tahun"))["m"]
    return m or timezone.localdate().year + 1


def kecamatan_dengan_rencana(user):
    """For Sekber and other wide scopes: kecamatan in scope with plans, and counts per status."""
    qs = saring(Rencana.objects.all(), user).values(
        "desa__kecamatan_id", "desa__kecamatan__nama", "status"
    )
    hasil = {}
    for r in qs.annotate(n=Count("id")).order_by("desa__kecamatan_id"):
        k = hasil.setdefault(
            r["desa__kecamatan_id"],
            {"kode": r["desa__kecamatan_id"], "nama": r["desa__kecamatan__nama"], "n": 0},
        )
        k[r["status"]] = r["n"]
        k["n"] += r["n"]
    return list(hasil.values())


def rencana_menunggu(user, kecamatan):
    """Plans of the kecamatan's villages waiting for the camat (submitted or under review),
    nearest deadline first (one query): the camat's home lists them."""
    return list(
        saring(Rencana.objects.all(), user)
        .filter(
            desa__kecamatan=kecamatan,
            status__in=[Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU],
        )
        .select_related("desa")
        .order_by("tenggat", "desa__kode")
    )


# --- RKP Desa ⟷ APB Desa -------------------------------------------------------------------


def _banding(rows):
    """{(desa, jenis): [BarisBanding]} from (desa, jenis, kode, nama, anggaran, Kd_Keg) rows."""
    hasil = defaultdict(list)
    for desa, jenis, kode, nama, anggaran, kd_keg in rows:
        hasil[(desa, jenis)].append(BarisBanding(kode, nama, anggaran, kd_keg))
    return hasil


_KOLOM_BANDING = (
    "rencana__desa_id",
    "rencana__jenis",
    "kode_kegiatan_id",
    "nama",
    "anggaran",
    "kode_siskeudes",
)


def kesesuaian_rencana(rencana):
    """RKP Desa ⟷ APB Desa of the plan's village and year (two queries)."""
    ada = set(
        Rencana.objects.filter(desa_id=rencana.desa_id, tahun=rencana.tahun).values_list(
            "jenis", flat=True
        )
    )
    baris = _banding(
        BarisKegiatan.objects.filter(
            rencana__desa_id=rencana.desa_id, rencana__tahun=rencana.tahun
        ).values_list(*_KOLOM_BANDING)
    )
    return cek_rkp_apb(
        baris.get((rencana.desa_id, Rencana.Jenis.RKP), []) if Rencana.Jenis.RKP in ada else None,
        baris.get((rencana.desa_id, Rencana.Jenis.APB), []) if Rencana.Jenis.APB in ada else None,
    )


def kesesuaian_kecamatan(kecamatan, tahun):
    """{desa code: HasilKesesuaian} for every village of the kecamatan with both plans of the
    year (two queries, whatever the number of villages)."""
    ada = defaultdict(set)
    for desa, jenis in Rencana.objects.filter(desa__kecamatan=kecamatan, tahun=tahun).values_list(
        "desa_id", "jenis"
    ):
        ada[desa].add(jenis)
    baris = _banding(
        BarisKegiatan.objects.filter(
            rencana__desa__kecamatan=kecamatan, rencana__tahun=tahun
        ).values_list(*_KOLOM_BANDING)
    )
    batas = batas_persen()
    return {
        desa: cek_rkp_apb(
            baris.get((desa, Rencana.Jenis.RKP), []),
            baris.get((desa, Rencana.Jenis.APB), []),
            batas=batas,
        )
        for desa, jenis in ada.items()
        if {Rencana.Jenis.RKP, Rencana.Jenis.APB} <= jenis
    }
