"""Reads of the dashboards: one pre-shaped read per page, a fixed number of queries whatever the
number of villages.

Pages read only the aggregate table (AgregatIndikator), the small wilayah and catalogue tables,
and Pengajuan for the reporting status; never NilaiData. Rows inside the user's scope go through
`saring()`; the ancestors' rows (the kabupaten value a camat compares with) are read by exact
code, which the design allows for comparison.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from wilayah.access import saring
from wilayah.models import (
    BatasDesa,
    Desa,
    Kabupaten,
    Kecamatan,
    Provinsi,
    Sektor,
    Tingkat,
    tingkat_dari_kode,
)

from ..agregasi.selectors import StatusAgregat, antrian_di
from ..models import (
    AgregatIndikator,
    Indikator,
    JenisPeriode,
    Pengajuan,
    RiwayatAgregasi,
    ekspr_kumulatif,
)
from ..periode import batas_pengajuan  # the one due-date rule (also completeness pages)
from ..selectors import data_contoh_di, data_contoh_qs
from .hitung import (
    KOLOM_BARIS,
    Baris,
    bulan_terakhir,
    bulan_tren,
    geser_bulan,
    periode_sebelumnya,
)

# --- what every page reads live ---------------------------------------------------------------


def status_halaman(kode=""):
    """(StatusAgregat, sample data?) of the wilayah `kode`: what `agregasi.selectors.
    status_agregat` and `selectors.data_contoh_di` return, read in one query instead of three,
    since every dashboard request reads them live (the "Data per" line keys the cache, its
    pending badge and the sample-data banner are never cached). The latest completed run with
    the queued marks under the node and the sample-data record beside it as subqueries; before
    any logged run (no row to hang them on: aggregates imported ready-made) the marks and the
    banner are read apart."""
    antrian = antrian_di(kode)
    # COUNT as a plain function (not an aggregate): no GROUP BY, one row however many marks.
    tertunda = antrian.order_by().values(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    baris = (
        RiwayatAgregasi.objects.order_by("-selesai")
        .annotate(tertunda=Subquery(tertunda), contoh=Exists(data_contoh_qs(kode)))
        .values_list("selesai", "tertunda", "contoh")
        .first()
    )
    if baris is None:
        return StatusAgregat(data_per=None, tertunda=antrian.count()), data_contoh_di(kode)
    selesai, n, contoh = baris
    return StatusAgregat(data_per=selesai, tertunda=n or 0), contoh


# --- catalogue and periods ---------------------------------------------------------------------


def sektor_lingkup(lingkup):
    """The sectors the user works in, in the catalogue's order."""
    return [s for s in Sektor.values if lingkup.mencakup_sektor(s)]


def indikator_lingkup(lingkup):
    """Active indicators of the user's sectors (one query; the catalogue is small)."""
    qs = Indikator.objects.filter(aktif=True)
    if lingkup.sektor is not None:
        qs = qs.filter(sektor__in=lingkup.sektor)
    return list(
        qs.order_by("urutan", "kode")
        .only("id", "kode", "nama", "sektor", "kelompok", "target", "arah", "faktor", "urutan")
        .annotate(kumulatif=ekspr_kumulatif())
    )


def periode_tersedia(kode, jenis, n=36):
    """The latest periods (newest first) in which some village under the node `kode` reported
    submitted data (the aggregates hold submitted months only).

    Months nobody reported are not offered even where rows exist: annual target populations
    apply to every month of their year, and year-to-date coverage carries into later months,
    so such a month has rows (and even values) without one report of its own. A page opens on
    the latest period with data, never on an empty one (DESIGN §5)."""
    return list(
        AgregatIndikator.objects.filter(wilayah_kode=kode, jenis_periode=jenis, desa_lapor__gt=0)
        .order_by("-periode")
        .values_list("periode", flat=True)
        .distinct()[:n]
    )


def _baris(qs):
    # The value arrives as a float (cast in SQL): building thousands of Decimals per page
    # costs more than the query. Four decimals of a percentage survive a double exactly enough.
    kolom = [k if k != "nilai" else "nilai_f" for k in KOLOM_BARIS]
    rows = qs.annotate(nilai_f=Cast("nilai", FloatField())).values_list(*kolom)
    return [Baris._make(r) for r in rows]


def _data_per(*kelompok_baris):
    waktu = [b.dihitung_pada for baris in kelompok_baris for b in baris if b.dihitung_pada]
    return max(waktu) if waktu else None


@dataclass
class Pilihan:
    """What the period / sector picker chose (see filters.PilihanForm)."""

    jenis: str
    periode: object  # date | None when nothing has been aggregated yet
    sektor: str
    kelompok: str = ""
    indikator: object = None  # the chosen Indikator for one-indicator charts

    @property
    def sebelumnya(self):
        return periode_sebelumnya(self.jenis, self.periode) if self.periode else None

    @property
    def bulan(self):
        """The month whose submissions the reporting status describes."""
        return bulan_terakhir(self.jenis, self.periode) if self.periode else None


def indikator_terpilih(indikator, pilihan):
    return [
        i
        for i in indikator
        if i.sektor == pilihan.sektor and (not pilihan.kelompok or i.kelompok == pilihan.kelompok)
    ]


# --- camat home and UPT home --------------------------------------------------------------------


@dataclass
class DataKecamatan:
    indikator: list  # every indicator in scope (priority villages cover all sectors)
    terpilih: list  # the chosen sector / group
    kec: dict  # {(indikator_id, periode): Baris} of the kecamatan, this and the previous period
    desa: list  # [(kode, nama)] of the kecamatan's villages
    sel: dict  # {(desa_kode, indikator_id): Baris} for the chosen period
    tren: dict  # {(indikator_id, bulan): Baris} of the kecamatan, 24 months
    bulan_tren: list
    data_per: object = None
    peta: object = None  # (bentuk, kotak) when the kabupaten has village boundaries
    pengajuan: list = field(default_factory=list)


def _desa_kecamatan(kecamatan):
    return list(
        Desa.objects.filter(kecamatan_id=kecamatan.kode, aktif=True)
        .order_by("kode")
        .values_list("kode", "nama")
    )


def for_kecamatan(user, kecamatan, indikator, pilihan, *, dengan_peta=True):
    """Everything the camat home draws. Queries: kecamatan rows (this + previous period), the
    village list, the village rows of the period, the 24-month trend, and the boundaries."""
    terpilih = indikator_terpilih(indikator, pilihan)
    if pilihan.periode is None:
        return DataKecamatan(indikator, terpilih, {}, _desa_kecamatan(kecamatan), {}, {}, [])
    ids = [i.id for i in indikator]
    kode = kecamatan.kode
    kec_rows = _baris(
        saring(AgregatIndikator.objects.all(), user).filter(
            wilayah_kode=kode,
            jenis_periode=pilihan.jenis,
            periode__in=[pilihan.periode, pilihan.sebelumnya],
            indikator_id__in=ids,
        )
    )
    desa = _desa_kecamatan(kecamatan)
    # Every indicator of the scope's sectors (saring), the few retired ones dropped here: a
    # list of ids beside a range of village codes is one index descent per id over the whole
    # range on PostgreSQL 15 (77 ms of a 5-year national table, against one range scan).
    semua = set(ids)
    desa_rows = [
        b
        for b in _baris(
            saring(AgregatIndikator.objects.all(), user).filter(
                tingkat=Tingkat.DESA,
                wilayah_kode__in=Desa.objects.filter(kecamatan_id=kode).values("kode"),
                jenis_periode=pilihan.jenis,
                periode=pilihan.periode,
            )
        )
        if b.indikator_id in semua
    ]
    bulan = bulan_tren(pilihan.jenis, pilihan.periode)
    tren_rows = _baris(
        saring(AgregatIndikator.objects.all(), user).filter(
            wilayah_kode=kode,
            jenis_periode=JenisPeriode.BULAN,
            periode__gte=bulan[0],
            periode__lte=bulan[-1],
            indikator_id__in=[i.id for i in terpilih],
        )
    )
    data = DataKecamatan(
        indikator=indikator,
        terpilih=terpilih,
        kec={(b.indikator_id, b.periode): b for b in kec_rows},
        desa=desa,
        sel={(b.wilayah_kode, b.indikator_id): b for b in desa_rows},
        tren={(b.indikator_id, b.periode): b for b in tren_rows},
        bulan_tren=bulan,
        data_per=_data_per(kec_rows, desa_rows, tren_rows),
    )
    if dengan_peta:
        data.peta = peta_kabupaten(kecamatan.kabupaten_id, awalan=kode)
    return data


def peta_kabupaten(kabupaten_kode, awalan=None):
    """(shapes, bounding box) of the kabupaten's villages, or None without boundaries. With
    `awalan`, only the villages under that code (e.g. one kecamatan)."""
    row = (
        BatasDesa.objects.filter(kabupaten_id=kabupaten_kode).values_list("bentuk", "kotak").first()
    )
    if row is None:
        return None
    bentuk, kotak = row
    if awalan:
        bentuk = {k: v for k, v in bentuk.items() if k.startswith(awalan + ".")}
        if not bentuk:
            return None
        xs = [p[0] for rings in bentuk.values() for r in rings for p in r]
        ys = [p[1] for rings in bentuk.values() for r in rings for p in r]
        kotak = [min(xs), min(ys), max(xs), max(ys)]
    return bentuk, kotak


def _pengajuan_lingkup(user):
    """Pengajuan inside the user's scope. Through the kecamatan's code rather than saring():
    a prefix lookup on the raw foreign-key column (`kecamatan_id__startswith`) is refused by
    Django, which the model's `wilayah_kode_field = "kecamatan_id"` would need."""
    from wilayah.access import lingkup_user

    lingkup = lingkup_user(user)
    if lingkup is None:
        return Pengajuan.objects.none()
    qs = Pengajuan.objects.filter(lingkup.q_kode("kecamatan__kode"))
    if lingkup.sektor is not None:
        qs = qs.filter(sektor__in=lingkup.sektor)
    return qs


def pengajuan_kecamatan(user, kecamatan, sektor, bulan_akhir, n=12):
    """The submissions of the last n months for the given sectors (UPT home). One query."""
    awal = geser_bulan(bulan_akhir, -(n - 1))
    return list(
        _pengajuan_lingkup(user)
        .filter(kecamatan_id=kecamatan.kode, sektor__in=sektor, bulan__gte=awal)
        .filter(bulan__lte=bulan_akhir)
        .order_by("-bulan", "sektor")
        .values("sektor", "bulan", "status", "diajukan_pada", "diverifikasi_pada", "dikunci_pada")
    )


# --- desa page ----------------------------------------------------------------------------------


@dataclass
class DataDesa:
    indikator: list
    desa: dict  # {(indikator_id, periode): Baris} of the village (this + previous period)
    kec: dict  # {indikator_id: Baris} of the kecamatan in the period
    kab: dict  # {indikator_id: Baris} of the kabupaten in the period
    tren_desa: dict  # {(indikator_id, bulan): Baris}, 24 months, every indicator
    tren_banding: dict  # {(wilayah_kode, bulan): Baris} for the chosen indicator (kec, kab)
    bulan_tren: list
    data_per: object = None


def for_desa(user, desa, indikator, pilihan):
    """The village's every indicator with the kecamatan and kabupaten values beside it.
    Queries: the three nodes' rows for the period, the village's 24 months, the comparison
    trend of the chosen indicator."""
    if pilihan.periode is None:
        return DataDesa(indikator, {}, {}, {}, {}, {}, [])
    ids = [i.id for i in indikator]
    kec_kode = desa.kecamatan_id
    kab_kode = kec_kode[:5]
    # The village is in scope (access_desa); its ancestors are read by exact code for
    # comparison only, limited to the user's sectors through `ids`.
    rows = _baris(
        AgregatIndikator.objects.filter(
            Q(wilayah_kode=desa.kode, periode__in=[pilihan.periode, pilihan.sebelumnya])
            | Q(wilayah_kode__in=[kec_kode, kab_kode], periode=pilihan.periode),
            jenis_periode=pilihan.jenis,
            indikator_id__in=ids,
        )
    )
    bulan = bulan_tren(pilihan.jenis, pilihan.periode)
    q_tren = Q(wilayah_kode=desa.kode)
    if pilihan.indikator is not None:
        q_tren |= Q(wilayah_kode__in=[kec_kode, kab_kode], indikator_id=pilihan.indikator.id)
    tren_rows = _baris(
        AgregatIndikator.objects.filter(
            q_tren,
            jenis_periode=JenisPeriode.BULAN,
            periode__gte=bulan[0],
            periode__lte=bulan[-1],
            indikator_id__in=ids,
        )
    )
    return DataDesa(
        indikator=indikator,
        desa={(b.indikator_id, b.periode): b for b in rows if b.wilayah_kode == desa.kode},
        kec={b.indikator_id: b for b in rows if b.wilayah_kode == kec_kode},
        kab={b.indikator_id: b for b in rows if b.wilayah_kode == kab_kode},
        tren_desa={
            (b.indikator_id, b.periode): b for b in tren_rows if b.wilayah_kode == desa.kode
        },
        tren_banding={
            (b.wilayah_kode, b.periode): b for b in tren_rows if b.wilayah_kode != desa.kode
        },
        bulan_tren=bulan,
        data_per=_data_per(rows, tren_rows),
    )


# --- indicator page -----------------------------------------------------------------------------


@dataclass
class DataIndikator:
    desa: list  # [(kode, nama)]
    sel: dict  # {(desa_kode, periode): Baris} for this and the previous period
    kec: object  # Baris | None
    kab: object  # Baris | None
    data_per: object = None


def for_indikator(user, kecamatan, indikator, pilihan):
    """One indicator across the kecamatan's villages. Queries: the village list, the village
    rows (this + previous period), the kecamatan and kabupaten rows."""
    desa = _desa_kecamatan(kecamatan)
    if pilihan.periode is None:
        return DataIndikator(desa, {}, None, None)
    periode = [pilihan.periode, pilihan.sebelumnya]
    rows = _baris(
        saring(AgregatIndikator.objects.all(), user).filter(
            tingkat=Tingkat.DESA,
            wilayah_kode__in=Desa.objects.filter(kecamatan_id=kecamatan.kode).values("kode"),
            indikator_id=indikator.id,
            jenis_periode=pilihan.jenis,
            periode__in=periode,
        )
    )
    atas = {
        b.wilayah_kode: b
        for b in _baris(
            AgregatIndikator.objects.filter(
                wilayah_kode__in=[kecamatan.kode, kecamatan.kabupaten_id],
                indikator_id=indikator.id,
                jenis_periode=pilihan.jenis,
                periode=pilihan.periode,
            )
        )
    }
    return DataIndikator(
        desa=desa,
        sel={(b.wilayah_kode, b.periode): b for b in rows},
        kec=atas.get(kecamatan.kode),
        kab=atas.get(kecamatan.kabupaten_id),
        data_per=_data_per(rows, atas.values()),
    )


def _kode_biasa(ref):
    """An aggregate's wilayah code compared with a wilayah table's key. On PostgreSQL the
    aggregate column has the "C" collation (prefix filters use its index); compared as is, the
    village key's index (default collation) is unusable and each row scans every village (1.5 s
    for one kecamatan's 49 rows on a province). Cast to the default collation, it is one index
    probe a row."""
    from django.db import connection
    from django.db.models.functions import Collate

    return Collate(ref, "default") if connection.vendor == "postgresql" else ref


def desa_indikator_qs(user, kecamatan, indikator, pilihan):
    """The village rows of one indicator and period as a queryset (body of the table's
    FilterSet), with the village name alongside."""
    from django.db.models import OuterRef, Subquery

    return (
        saring(AgregatIndikator.objects.all(), user)
        .filter(
            tingkat=Tingkat.DESA,
            wilayah_kode__in=Desa.objects.filter(kecamatan_id=kecamatan.kode).values("kode"),
            indikator_id=indikator.id,
            jenis_periode=pilihan.jenis,
            periode=pilihan.periode,
        )
        .annotate(
            nama_desa=Subquery(
                Desa.objects.filter(kode=_kode_biasa(OuterRef("wilayah_kode"))).values("nama")
            )
        )
        .order_by("wilayah_kode")
    )


# --- Sekber monitoring --------------------------------------------------------------------------

# The level below each node, and the length of a child's code.
ANAK = {
    Tingkat.NASIONAL: (Provinsi, None, Tingkat.PROVINSI, 2),
    Tingkat.PROVINSI: (Kabupaten, "provinsi_id", Tingkat.KABUPATEN, 5),
    Tingkat.KABUPATEN: (Kecamatan, "kabupaten_id", Tingkat.KECAMATAN, 8),
}


def anak_qs(kode):
    model, fk, _t, _n = ANAK[tingkat_dari_kode(kode)]
    qs = model.objects.filter(aktif=True)
    if fk:
        qs = qs.filter(**{fk: kode})
    return qs.order_by("kode")


@dataclass
class DataPantau:
    anak: list  # [(kode, nama)]
    tingkat_anak: str
    sel: dict  # {(anak_kode, indikator_id): Baris}, chosen period
    node: dict  # {(indikator_id, periode): Baris} of the node, this + previous period
    tren: dict  # {bulan: Baris} of the node for the chosen indicator
    bulan_tren: list
    aktivitas: dict  # {anak_kode: {kategori: n}}
    status_kecamatan: list = field(default_factory=list)  # kabupaten level: per kecamatan
    peta: object = None
    sel_desa: dict = field(default_factory=dict)  # {desa_kode: Baris} for the map
    nama_desa: dict = field(default_factory=dict)
    data_per: object = None


def for_pantau(user, kode, anak, terpilih, pilihan, *, sekarang=None):
    """The monitoring page of a node (nasional, provinsi, kabupaten). Queries: children and
    node rows (one), node trend (one), reporting activity (one GROUP BY), and at kabupaten level
    the per-kecamatan statuses and, with boundaries, the map's village rows and names."""
    tingkat = tingkat_dari_kode(kode)
    model, _fk, tingkat_anak, _n = ANAK[tingkat]
    data = DataPantau(anak, tingkat_anak, {}, {}, {}, [], {})
    if pilihan.periode is None:
        return data
    ids = [i.id for i in terpilih]
    # The children's codes as a list, not a subquery: the view's manager can then narrow the
    # stored rows to them and the node (by a subquery it only knew the levels: every
    # kecamatan row of the country for one kabupaten's page, 0.2 s).
    kode_anak = [k for k, _nama in anak]
    rows = _baris(
        saring(AgregatIndikator.objects.all(), user).filter(
            Q(tingkat=tingkat_anak, wilayah_kode__in=kode_anak, periode=pilihan.periode)
            | Q(
                tingkat=tingkat,
                wilayah_kode=kode,
                periode__in=[pilihan.periode, pilihan.sebelumnya],
            ),
            jenis_periode=pilihan.jenis,
            indikator_id__in=ids,
        )
    )
    data.sel = {(b.wilayah_kode, b.indikator_id): b for b in rows if b.wilayah_kode != kode}
    data.node = {(b.indikator_id, b.periode): b for b in rows if b.wilayah_kode == kode}
    data.bulan_tren = bulan_tren(pilihan.jenis, pilihan.periode)
    tren_rows = []
    if pilihan.indikator is not None:
        tren_rows = _baris(
            saring(AgregatIndikator.objects.all(), user).filter(
                tingkat=tingkat,
                wilayah_kode=kode,
                indikator_id=pilihan.indikator.id,
                jenis_periode=JenisPeriode.BULAN,
                periode__gte=data.bulan_tren[0],
                periode__lte=data.bulan_tren[-1],
            )
        )
        data.tren = {b.periode: b for b in tren_rows}
    data.aktivitas = aktivitas_pelaporan(kode, pilihan.bulan, [pilihan.sektor], sekarang=sekarang)
    peta_rows = []
    if tingkat == Tingkat.KABUPATEN:
        data.status_kecamatan = status_pengajuan_kecamatan(
            user, kode, pilihan.bulan, sekarang=sekarang
        )
        data.peta = peta_kabupaten(kode)
        if data.peta is not None and pilihan.indikator is not None:
            desa_kab = Desa.objects.filter(kecamatan__kabupaten_id=kode)
            peta_rows = _baris(
                saring(AgregatIndikator.objects.all(), user).filter(
                    tingkat=Tingkat.DESA,
                    wilayah_kode__in=desa_kab.values("kode"),
                    indikator_id=pilihan.indikator.id,
                    jenis_periode=pilihan.jenis,
                    periode=pilihan.periode,
                )
            )
            data.sel_desa = {b.wilayah_kode: b for b in peta_rows}
            data.nama_desa = dict(desa_kab.values_list("kode", "nama"))
    data.data_per = _data_per(rows, tren_rows, peta_rows)
    return data


# --- reporting activity -------------------------------------------------------------------------

TEPAT, TERLAMBAT, TANPA, BELUM = "tepat", "terlambat", "tanpa", "belum"
URUTAN_AKTIVITAS = [TEPAT, TERLAMBAT, TANPA, BELUM]


def aktivitas_pelaporan(kode, bulan, sektor, *, sekarang=None):
    """Per child of the node, how many kecamatan reported `bulan` on time, late, or not at all
    (or are not yet due). One GROUP BY over Pengajuan joined to the kecamatan list.

    A kecamatan is on time when every sector in `sektor` was submitted by the due day; late when
    a sector was submitted after it, or the deadline passed with only some sectors submitted;
    without data when the deadline passed with nothing submitted.
    """
    sekarang = sekarang or timezone.now()
    batas = batas_pengajuan(bulan)
    lewat = sekarang > batas
    panjang = ANAK[tingkat_dari_kode(kode)][3]
    # Driven from the kecamatan list: each kecamatan's rows of the month are an index probe on
    # pengajuan_unik (kecamatan, sektor, bulan), so the cost follows the number of kecamatan in
    # scope, not the size of two years of submissions. Plain correlated subqueries, so the same
    # statement runs on PostgreSQL and on the demo's SQLite.
    bulan_ini = Pengajuan.objects.filter(
        kecamatan_id=OuterRef("kode"),
        sektor__in=list(sektor),
        bulan=bulan,
        diajukan_pada__isnull=False,
    ).exclude(status=Pengajuan.Status.DRAFT)

    def hitung(qs):
        return Coalesce(
            Subquery(qs.order_by().values("kecamatan_id").annotate(n=Count("id")).values("n")[:1]),
            0,
        )

    kecamatan = Kecamatan.objects.filter(aktif=True)
    if kode:
        kecamatan = kecamatan.filter(kode__startswith=kode + ".")
    rows = (
        kecamatan.annotate(
            tepat=hitung(bulan_ini.filter(diajukan_pada__lte=batas)),
            diajukan=hitung(bulan_ini),
        )
        .annotate(
            anak=Substr("kode", 1, panjang),
            kategori=Case(
                When(tepat__gte=len(sektor), then=Value(TEPAT)),
                When(diajukan__gt=F("tepat"), then=Value(TERLAMBAT)),
                When(diajukan__gt=0, then=Value(TERLAMBAT if lewat else BELUM)),
                default=Value(TANPA if lewat else BELUM),
            ),
        )
        .order_by()
        .values_list("anak", "kategori")
        .annotate(n=Count("kode"))
    )
    hasil = {}
    for anak, kategori, n in rows:
        hasil.setdefault(anak, dict.fromkeys(URUTAN_AKTIVITAS, 0))[kategori] = n
    return hasil


def kategori_pengajuan(status, diajukan_pada, bulan, sekarang=None):
    """The reporting category of one (kecamatan, sector, month) submission."""
    sekarang = sekarang or timezone.now()
    batas = batas_pengajuan(bulan)
    if status and status != Pengajuan.Status.DRAFT and diajukan_pada is not None:
        return TEPAT if diajukan_pada <= batas else TERLAMBAT
    return TANPA if sekarang > batas else BELUM


def status_pengajuan_kecamatan(user, kabupaten_kode, bulan, *, sekarang=None):
    """Per kecamatan of a kabupaten and sector: the submission of `bulan` (one query)."""
    rows = (
        _pengajuan_lingkup(user)
        .filter(kecamatan__kabupaten_id=kabupaten_kode, bulan=bulan)
        .values_list("kecamatan_id", "sektor", "status", "diajukan_pada")
    )
    return [
        {
            "kecamatan": k,
            "sektor": s,
            "status": st,
            "diajukan_pada": d,
            "kategori": kategori_pengajuan(st, d, bulan, sekarang),
        }
        for k, s, st, d in rows
    ]
