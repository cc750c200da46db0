"""Reads of the complaint desk. Staff reads start from `pengaduan_untuk_staf()`, which is the
wilayah/sector scope of wilayah.access narrowed to the user's own unit; public reads never touch
the reporter's identity."""

import re
from collections import OrderedDict
from datetime import timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from layanan_dasar.models import AgregatIndikator, Indikator
from wilayah.access import access_object, lingkup_user, saring
from wilayah.kalender import zona
from wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi, Sektor, Tingkat

from .models import (
    STATUS_AKHIR,
    Foto,
    Pengaduan,
    Penilaian,
    Riwayat,
    Status,
    Unit,
    normalisasi_kode,
    q_terlambat,
)

# --- staff -----------------------------------------------------------------------------------


def _q_unit(lingkup):
    """Officers of a unit see their unit's complaints; the camat/sekcam and monitors see the
    whole of their scope."""
    if lingkup is None or lingkup.is_pimpinan or lingkup.is_sekber:
        return Q()
    return Q(unit_peran=lingkup.peran, unit_kode=lingkup.kode)


def pengaduan_untuk_staf(user):
    return saring(Pengaduan.objects.all(), user).filter(_q_unit(lingkup_user(user)))


def access_pengaduan(user, pk, *, ubah=False):
    """One complaint inside the user's scope and unit, else 404."""
    qs = dengan_zona(pengaduan_untuk_staf(user)).select_related("desa__kecamatan")
    return access_object(user, qs, ubah=ubah, pk=pk)


def access_foto_staf(user, pk):
    qs = Foto.objects.filter(pengaduan__in=pengaduan_untuk_staf(user).values("pk"))
    return access_object(user, qs, pk=pk)


def dengan_zona(qs):
    """Annotate the village's time zone (Pengaduan.zona reads it), in the same query."""
    return qs.annotate(zona_waktu=F("desa__kecamatan__kabupaten__provinsi__zona_waktu"))


def dengan_unit(qs):
    """Annotate the village name of village units (for labels) and the village's time zone
    (for its deadlines), in the same query."""
    return qs.annotate(
        unit_desa_nama=Subquery(Desa.objects.filter(kode=OuterRef("unit_kode")).values("nama")[:1]),
    ).annotate(zona_waktu=F("desa__kecamatan__kabupaten__provinsi__zona_waktu"))


def label_unit(unit_peran, unit_desa_nama=None):
    if unit_peran == Unit.DESA:
        return _("Pemerintah Desa %(nama)s") % {"nama": unit_desa_nama or "?"}
    try:
        return str(Unit(unit_peran).label)
    except ValueError:
        return unit_peran


def nama_desa(kode):
    return Desa.objects.filter(kode=kode).values_list("nama", flat=True).first()


def pengaduan_kotak_masuk(user, data=None):
    """The inbox: a FilterSet over the user's complaints, one query for the page."""
    from .filters import PengaduanFilter

    qs = dengan_unit(pengaduan_untuk_staf(user)).select_related("desa")
    return PengaduanFilter(data, queryset=qs)


def unit_pilihan(kecamatan_kode):
    """Every unit of a kecamatan as (value, label) for the dispatch form: two queries at most."""
    pilihan = [
        (f"{u.value}|{kecamatan_kode}", u.label)
        for u in (Unit.UPT_KESEHATAN, Unit.UPT_PENDIDIKAN, Unit.OPERATOR_KECAMATAN)
    ]
    desa = Desa.objects.filter(kecamatan_id=kecamatan_kode, aktif=True).order_by("nama")
    pilihan += [
        (f"{Unit.DESA.value}|{kode}", label_unit(Unit.DESA, nama))
        for kode, nama in desa.values_list("kode", "nama")
    ]
    return pilihan


def identitas_pelapor(p, lingkup):
    """The reporter's identity for a staff page, or None. Hidden when the reporter chose
    anonim, and from read-only monitors (Sekber) always: they have no need to contact them."""
    if p.anonim or lingkup is None or lingkup.baca_saja:
        return None
    data = {"nama": p.nama_pelapor, "email": p.email_pelapor, "telepon": p.telepon_pelapor}
    return data if any(data.values()) else None


def detail_staf(p):
    """Messages (public and internal) and history of one complaint, for its staff page."""
    tanggapan = list(p.tanggapan.select_related("oleh").order_by("pada", "id"))
    riwayat = list(p.riwayat.select_related("oleh").order_by("pada", "id"))
    foto = list(p.foto.all())
    return tanggapan, riwayat, foto


# --- public ----------------------------------------------------------------------------------


def pengaduan_lacak(kode):
    kode = normalisasi_kode(kode)
    if not kode:
        return None
    return (
        dengan_zona(Pengaduan.objects.select_related("desa__kecamatan__kabupaten"))
        .filter(kode_lacak=kode)
        .first()
    )


def tanggapan_publik(p):
    return list(p.tanggapan.filter(publik=True).order_by("pada", "id"))


def riwayat_publik(p):
    """The steps (what and when), without who: officers are named by their unit only."""
    label = dict(Riwayat.Aksi.choices)
    return [
        {"label": label.get(r["aksi"], r["aksi"]), "pada": r["pada"]}
        for r in p.riwayat.order_by("pada", "id").values("aksi", "pada")
    ]


def pengaduan_publik(data=None):
    from .filters import PublikFilter

    qs = (
        Pengaduan.objects.publik()
        .select_related("desa__kecamatan")
        .annotate(
            n_tanggapan=Count(
                "tanggapan", filter=Q(tanggapan__publik=True, tanggapan__pelaku="staf")
            )
        )
        .only(
            "id",
            "judul",
            "sektor",
            "status",
            "diterima_pada",
            "desa__nama",
            "desa__kecamatan__nama",
        )
        .order_by("-diterima_pada", "-id")
    )
    return PublikFilter(data, queryset=qs)


def pengaduan_publik_satu(pk):
    qs = dengan_zona(Pengaduan.objects.publik().select_related("desa__kecamatan"))
    return qs.filter(pk=pk).first()


_POLA_KODE_WILAYAH = re.compile(r"^\d{2}[\d.]*$")
# Words people put around a village name that name no place ("Desa Waru, Kec. Pituruh").
_KATA_UMUM = {
    "desa", "kelurahan", "kel", "ds", "kec", "kecamatan", "kab", "kabupaten", "kota", "di",
    "prov", "provinsi",
}  # fmt: skip


def _kata(q):
    kata = [k for k in re.split(r"[\s,./()\-]+", q.lower()) if k]
    return [k for k in kata if k not in _KATA_UMUM] or kata


def cocok_desa(q, *, kecamatan=None, batas=15):
    """Villages the way people name them, best first: "waru" (the exact name first, then names
    starting with it, then containing it) or "waru pituruh" / "Waru, Kec. Pituruh, Purworejo"
    (every word must name the village, its kecamatan or its kabupaten). → [(Desa, peringkat)],
    peringkat 0 = the village's name is exactly one of the words typed and every other word
    names its kecamatan or kabupaten (what the citizen meant), higher = looser."""
    q = (q or "").strip()[:100]
    qs = Desa.objects.aktif().select_related("kecamatan__kabupaten")
    if kecamatan:
        qs = qs.filter(kecamatan_id=kecamatan)
    if _POLA_KODE_WILAYAH.match(q):
        return [(d, 0) for d in qs.filter(kode__startswith=q).order_by("kode")[:batas]]
    kata = _kata(q)
    if not kata or len(" ".join(kata)) < 3:
        return []
    syarat = Q()
    for k in kata:
        # The word names the village, or its kecamatan or kabupaten: matched on the 7,285
        # kecamatan (a subquery) rather than on every village joined to its parents.
        kec = Kecamatan.objects.filter(Q(nama__icontains=k) | Q(kabupaten__nama__icontains=k))
        syarat &= Q(nama__icontains=k) | Q(kecamatan_id__in=kec.values("kode"))
    utuh = " ".join(kata)
    # The village's name is the whole text, or one word (or two adjacent words) of it while the
    # rest name where it is.
    nama_tepat = Q(nama__iexact=utuh)
    for i, k in enumerate(kata):
        nama_tepat |= Q(nama__iexact=k)
        if i + 1 < len(kata):
            nama_tepat |= Q(nama__iexact=f"{k} {kata[i + 1]}")
    peringkat = Case(
        When(nama_tepat, then=Value(0)),
        When(nama__istartswith=kata[0], then=Value(1)),
        When(nama__icontains=kata[0], then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    qs = qs.filter(syarat).annotate(peringkat=peringkat).order_by("peringkat", "nama", "kode")
    return [(d, d.peringkat) for d in qs[:batas]]


def cari_desa(q, *, kecamatan=None, batas=15):
    """Matches for the searchable village field (cocok_desa), each with the kecamatan and
    kabupaten it lies in."""
    return [
        {"kode": d.kode, "label": label_desa(d)}
        for d, _p in cocok_desa(q, kecamatan=kecamatan, batas=batas)
    ]


def label_desa(d):
    return _("%(desa)s — Kec. %(kec)s, %(kab)s") % {
        "desa": d.nama,
        "kec": d.kecamatan.nama,
        "kab": d.kecamatan.kabupaten.nama,
    }


# --- statistics ------------------------------------------------------------------------------

_HARI = timedelta(days=1)


def _hari(td):
    return None if td is None else round(td / _HARI, 1)


def _durasi(akhir):
    return ExpressionWrapper(F(akhir) - F("diterima_pada"), output_field=DurationField())


def _ukuran(sekarang):
    return {
        "total": Count("pk"),
        "terbuka": Count("pk", filter=~Q(status__in=STATUS_AKHIR)),
        "selesai": Count("pk", filter=Q(status=Status.SELESAI)),
        "ditolak": Count("pk", filter=Q(status=Status.DITOLAK)),
        "terlambat": Count("pk", filter=q_terlambat(sekarang)),
        "ditanggapi": Count("pk", filter=Q(tanggapan_pertama_pada__isnull=False)),
        "tepat_waktu": Count(
            "pk", filter=Q(tanggapan_pertama_pada__isnull=False, terlambat_tanggapan=False)
        ),
        "rata_tanggapan": Avg(_durasi("tanggapan_pertama_pada")),
        "rata_selesai": Avg(_durasi("selesai_pada"), filter=Q(status=Status.SELESAI)),
    }


def _rapikan(row):
    row["rata_tanggapan"] = _hari(row["rata_tanggapan"])
    row["rata_selesai"] = _hari(row["rata_selesai"])
    return row


def _anak(kode):
    """(code length of the child level, its model) for grouping below a scope code."""
    tingkat = {0: Tingkat.NASIONAL, 2: Tingkat.PROVINSI, 5: Tingkat.KABUPATEN}.get(
        len(kode), Tingkat.KECAMATAN
    )
    return {
        Tingkat.NASIONAL: (2, Provinsi),
        Tingkat.PROVINSI: (5, Kabupaten),
        Tingkat.KABUPATEN: (8, Kecamatan),
        Tingkat.KECAMATAN: (13, Desa),
    }[tingkat]


def statistik(qs, *, kode_lingkup):
    """Counts and durations by sector, child wilayah, status and month for a scoped queryset.

    Six queries whatever the number of villages or complaints (totals, sector, wilayah + the
    wilayah names, status, month): set-based GROUP BYs in the database.
    """
    sekarang = timezone.now()
    ukuran = _ukuran(sekarang)
    ringkas = _rapikan(qs.aggregate(**ukuran))

    sektor_rows = {r["sektor"]: _rapikan(r) for r in qs.values("sektor").annotate(**ukuran)}
    per_sektor = [
        {"kode": s.value, "label": str(s.label), **sektor_rows[s.value]}
        for s in Sektor
        if s.value in sektor_rows
    ]

    panjang, model = _anak(kode_lingkup)
    wilayah_rows = list(
        qs.annotate(anak=Substr("desa_id", 1, panjang))
        .values("anak")
        .annotate(**ukuran)
        .order_by("anak")
    )
    nama = dict(
        model.objects.filter(kode__in=[r["anak"] for r in wilayah_rows]).values_list("kode", "nama")
    )
    per_wilayah = [
        {**_rapikan(r), "kode": r["anak"], "nama": nama.get(r["anak"], r["anak"])}
        for r in wilayah_rows
    ]

    status_rows = dict(
        qs.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n")
    )
    per_status = [
        {"kode": s.value, "label": str(s.label), "n": status_rows.get(s.value, 0)} for s in Status
    ]

    per_bulan = [
        {"bulan": r["bulan"], "n": r["n"], "selesai": r["selesai"]}
        for r in qs.annotate(bulan=TruncMonth("diterima_pada"))
        .values("bulan")
        .annotate(n=Count("pk"), selesai=Count("pk", filter=Q(status=Status.SELESAI)))
        .order_by("bulan")
    ]
    return {
        "ringkas": ringkas,
        "per_sektor": per_sektor,
        "per_wilayah": per_wilayah,
        "tingkat_anak": model,
        "per_status": per_status,
        "per_bulan": per_bulan,
    }


def ringkasan_periode(*, kode_wilayah, mulai, akhir):
    """Plain-typed summary of the complaints received in [mulai, akhir] (dates, inclusive) under
    a wilayah code, for other apps' reports (e.g. pelaporan's quarterly report): totals and the
    same measures per sector. No user scope here: the caller has already authorised the
    wilayah. Two queries."""
    qs = Pengaduan.objects.filter(
        Q(desa__kode=kode_wilayah) | Q(desa__kode__startswith=kode_wilayah + "."),
        diterima_pada__date__gte=mulai,
        diterima_pada__date__lte=akhir,
    )
    ukuran = _ukuran(timezone.now())
    per_sektor = {r["sektor"]: _rapikan(r) for r in qs.values("sektor").annotate(**ukuran)}
    return {
        "tersedia": True,
        **_rapikan(qs.aggregate(**ukuran)),
        "per_sektor": [
            {"sektor": s.value, "label": str(s.label), **per_sektor[s.value]}
            for s in Sektor
            if s.value in per_sektor
        ],
    }


def statistik_qs(user, data=None):
    from .filters import StatistikFilter

    return StatistikFilter(data, queryset=pengaduan_untuk_staf(user))


# Export columns. The reporter's identity is not among them, and the free-text title of a
# rahasia complaint is left out: exports travel further than the screen.
KOLOM_EKSPOR = [
    ("nomor", gettext_lazy("Nomor")),
    ("diterima_pada", gettext_lazy("Diterima")),
    ("sektor", gettext_lazy("Sektor")),
    ("desa_kode", gettext_lazy("Kode desa")),
    ("desa", gettext_lazy("Desa/kelurahan")),
    ("kecamatan", gettext_lazy("Kecamatan")),
    ("status", gettext_lazy("Status")),
    ("unit", gettext_lazy("Unit")),
    ("batas_verifikasi", gettext_lazy("Batas verifikasi")),
    ("diverifikasi_pada", gettext_lazy("Diverifikasi")),
    ("batas_tanggapan", gettext_lazy("Batas tanggapan pertama")),
    ("tanggapan_pertama_pada", gettext_lazy("Tanggapan pertama")),
    ("selesai_pada", gettext_lazy("Ditutup")),
    ("hari_tanggapan", gettext_lazy("Hari sampai tanggapan pertama")),
    ("hari_selesai", gettext_lazy("Hari sampai ditutup")),
    ("terlambat", gettext_lazy("Terlambat")),
    ("rahasia", gettext_lazy("Rahasia")),
    ("judul", gettext_lazy("Judul")),
]


def baris_ekspor(qs):
    """Yield one dict per complaint (KOLOM_EKSPOR keys), streamed in one query."""
    sekarang = timezone.now()
    status_label = {k: str(v) for k, v in Status.choices}
    sektor_label = {k: str(v) for k, v in Sektor.choices}
    kolom = [
        "pk",
        "diterima_pada",
        "sektor",
        "desa_id",
        "desa__nama",
        "desa__kecamatan__nama",
        "status",
        "unit_peran",
        "unit_desa_nama",
        "batas_verifikasi",
        "diverifikasi_pada",
        "batas_tanggapan",
        "tanggapan_pertama_pada",
        "selesai_pada",
        "rahasia",
        "judul",
        "terlambat_verifikasi",
        "terlambat_tanggapan",
        "zona_waktu",
    ]
    for r in dengan_unit(qs).order_by("diterima_pada", "pk").values(*kolom).iterator(2000):
        tz = zona(r["zona_waktu"])  # each complaint on its own village's clock

        def lokal(v, tz=tz):
            return timezone.localtime(v, tz)

        p = Pengaduan(
            status=r["status"],
            batas_verifikasi=r["batas_verifikasi"],
            batas_tanggapan=r["batas_tanggapan"],
            tanggapan_pertama_pada=r["tanggapan_pertama_pada"],
            terlambat_verifikasi=r["terlambat_verifikasi"],
            terlambat_tanggapan=r["terlambat_tanggapan"],
        )
        yield {
            "nomor": f"ADU-{r['pk']:06d}",
            "diterima_pada": lokal(r["diterima_pada"]),
            "sektor": sektor_label.get(r["sektor"], r["sektor"]),
            "desa_kode": r["desa_id"],
            "desa": r["desa__nama"],
            "kecamatan": r["desa__kecamatan__nama"],
            "status": status_label.get(r["status"], r["status"]),
            "unit": label_unit(r["unit_peran"], r["unit_desa_nama"]),
            "batas_verifikasi": lokal(r["batas_verifikasi"]),
            "diverifikasi_pada": r["diverifikasi_pada"] and lokal(r["diverifikasi_pada"]),
            "batas_tanggapan": r["batas_tanggapan"] and lokal(r["batas_tanggapan"]),
            "tanggapan_pertama_pada": r["tanggapan_pertama_pada"]
            and lokal(r["tanggapan_pertama_pada"]),
            "selesai_pada": r["selesai_pada"] and lokal(r["selesai_pada"]),
            "hari_tanggapan": _selisih_hari(r["diterima_pada"], r["tanggapan_pertama_pada"]),
            "hari_selesai": _selisih_hari(r["diterima_pada"], r["selesai_pada"]),
            "terlambat": _("Ya") if p.terlambat_pada(sekarang) else _("Tidak"),
            "rahasia": _("Ya") if r["rahasia"] else _("Tidak"),
            "judul": "" if r["rahasia"] else r["judul"],
        }


def _selisih_hari(awal, akhir):
    return None if akhir is None else round((akhir - awal) / _HARI, 1)


# --- community ratings -----------------------------------------------------------------------


def penilaian_ringkas(qs):
    """Per sector: number of ratings, mean (sum ÷ count), and the 1–5 distribution. One query."""
    hasil = OrderedDict()
    for s in Sektor:
        hasil[s.value] = {
            "kode": s.value,
            "label": str(s.label),
            "n": 0,
            "jumlah": 0,
            "sebaran": {},
        }
    for r in qs.values("sektor", "nilai").annotate(n=Count("pk")).order_by():
        h = hasil.get(r["sektor"])
        if h is None:
            continue
        h["n"] += r["n"]
        h["jumlah"] += r["n"] * r["nilai"]
        h["sebaran"][r["nilai"]] = r["n"]
    for h in hasil.values():
        h["rata"] = round(h["jumlah"] / h["n"], 2) if h["n"] else None
        h["sebaran_list"] = [h["sebaran"].get(i, 0) for i in range(1, 6)]
    return list(hasil.values())


def penilaian_desa(user, desa, *, sejak):
    return saring(Penilaian.objects.filter(desa=desa, dibuat__gte=sejak), user)


def indikator_terbaru_desa(user, desa_kode, jenis_periode):
    """Every active indicator the user may see, with the village's latest aggregate of the
    chosen period type (None = no data yet). Two queries: the catalogue, and the aggregates
    with a correlated subquery picking each indicator's latest period."""
    lingkup = lingkup_user(user)
    indikator = Indikator.objects.filter(aktif=True)
    if lingkup is not None and lingkup.sektor is not None:
        indikator = indikator.filter(sektor__in=lingkup.sektor)
    dasar = AgregatIndikator.objects.filter(
        tingkat=Tingkat.DESA, wilayah_kode=desa_kode, jenis_periode=jenis_periode
    )
    # The latest period the village itself reported (year-to-date coverage carries values
    # into later months it never reported).
    terbaru = (
        dasar.filter(indikator=OuterRef("indikator"), nilai__isnull=False, desa_lapor__gt=0)
        .order_by("-periode")
        .values("periode")[:1]
    )
    agregat = {a.indikator_id: a for a in saring(dasar.filter(periode=Subquery(terbaru)), user)}
    hasil = OrderedDict((s.value, {"label": s.label, "baris": []}) for s in Sektor)
    for ind in indikator.order_by("sektor", "kelompok", "urutan", "kode"):
        a = agregat.get(ind.pk)
        status_target = None
        if a is not None and a.nilai is not None and ind.target is not None:
            naik = ind.arah == Indikator.Arah.NAIK
            # Year-to-date coverage is compared with the pro-rated target (DESIGN §5).
            target = ind.target * a.bulan_kumulatif / 12 if a.bulan_kumulatif else ind.target
            status_target = (a.nilai >= target) if naik else (a.nilai <= target)
        hasil[ind.sektor]["baris"].append(
            {"indikator": ind, "agregat": a, "capai_target": status_target}
        )
    return hasil


def komentar_terbaru(qs, batas=20):
    return list(qs.exclude(komentar="").order_by("-dibuat", "-id")[:batas])


def pengaduan_terlambat_terbuka(user, kecamatan):
    """Open complaints of the kecamatan past a deadline, in the user's units, oldest first
    (one query): the camat's home lists them."""
    return list(
        pengaduan_untuk_staf(user)
        .filter(desa__kecamatan=kecamatan)
        .exclude(status__in=STATUS_AKHIR)
        .terlambat()
        .select_related("desa")
        .order_by("diterima_pada")[:50]
    )
