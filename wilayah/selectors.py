"""Reads for the wilayah app."""

from django.db.models import Count, Q
from django.db.models.functions import Substr

from .models import MODEL_TINGKAT, Desa, Kabupaten, Kecamatan, Provinsi, Tingkat, tingkat_dari_kode

_ANAK = {
    Tingkat.NASIONAL: (Provinsi, None),
    Tingkat.PROVINSI: (Kabupaten, "provinsi_id"),
    Tingkat.KABUPATEN: (Kecamatan, "kabupaten_id"),
    Tingkat.KECAMATAN: (Desa, "kecamatan_id"),
}


# What to select with a node so that its breadcrumbs (leluhur_dari) need no query.
_RANTAI = {
    Provinsi: (),
    Kabupaten: ("provinsi",),
    Kecamatan: ("kabupaten__provinsi",),
    Desa: ("kecamatan__kabupaten__provinsi",),
}


def wilayah_node(kode):
    """The model instance for a code ('' → None, the nation), with its parents."""
    if not kode:
        return None
    model = MODEL_TINGKAT[tingkat_dari_kode(kode)]
    qs = model.objects.filter(kode=kode)
    if _RANTAI[model]:  # select_related() with no field would follow every relation
        qs = qs.select_related(*_RANTAI[model])
    return qs.first()


def leluhur(kode, lingkup=None):
    """Breadcrumbs from the nation down to the node: [(kode, nama, dapat_dibuka)].

    One query. A crumb outside the user's scope (e.g. the kabupaten above a camat) is shown
    but not linked, since following it would only give a 404.
    """
    bagian = kode.split(".") if kode else []
    kode_leluhur = [".".join(bagian[: i + 1]) for i in range(len(bagian))]
    qs = None
    for model, k in zip(MODEL_TINGKAT.values(), kode_leluhur, strict=False):
        part = model.objects.filter(kode=k).order_by().values_list("kode", "nama")
        qs = part if qs is None else qs.union(part)
    nama = dict(qs) if qs is not None else {}
    return _remah([(k, nama.get(k, k)) for k in kode_leluhur], lingkup)


def _remah(simpul, lingkup):
    """[(kode, nama)] of the nodes below the nation → the crumbs, each linked only inside the
    scope."""

    def boleh(k):
        return lingkup is None or lingkup.mencakup_kode(k)

    return [("", "Nasional", boleh(""))] + [(k, nama, boleh(k)) for k, nama in simpul]


# The attribute leading from an instance to its parent node.
_INDUK = {Desa: "kecamatan", Kecamatan: "kabupaten", Kabupaten: "provinsi"}


def leluhur_dari(node, lingkup=None):
    """leluhur() of an instance, read from its parents: no query when they were loaded with it
    (wilayah.access.access_desa and access_kecamatan select them), so a page that already
    fetched its node through the access helper builds its breadcrumbs for free."""
    rantai = []
    while node is not None:
        rantai.append(node)
        attr = _INDUK.get(type(node))
        node = getattr(node, attr) if attr else None
    return _remah([(n.kode, n.nama) for n in reversed(rantai)], lingkup)


def anak_wilayah_dengan_jumlah(kode):
    """The node's children with the number of active desa and kelurahan below each.

    Three queries whatever the size of the node: children, and one GROUP BY over the village
    codes' prefix.
    """
    tingkat = tingkat_dari_kode(kode)
    model, fk = _ANAK[tingkat]
    anak = model.objects.all() if fk is None else model.objects.filter(**{fk: kode})
    anak = list(anak.order_by("kode"))
    if model is Desa:
        return anak
    panjang = {Provinsi: 2, Kabupaten: 5, Kecamatan: 8}[model]
    desa = Desa.objects.aktif().di_bawah(kode)
    jumlah = {
        row["induk"]: row
        for row in desa.annotate(induk=Substr("kode", 1, panjang))
        .values("induk")
        .annotate(
            n_desa=Count("kode", filter=~Q(jenis=Desa.Jenis.KELURAHAN)),
            n_kelurahan=Count("kode", filter=Q(jenis=Desa.Jenis.KELURAHAN)),
        )
    }
    for a in anak:
        row = jumlah.get(a.kode, {})
        a.n_desa = row.get("n_desa", 0)
        a.n_kelurahan = row.get("n_kelurahan", 0)
    return anak


def desa_untuk_kecamatan(kecamatan, filter_data=None):
    """The filtered village list of one kecamatan for its profile page (a FilterSet body)."""
    from .filters import DesaFilter

    qs = Desa.objects.filter(kecamatan=kecamatan).order_by("kode")
    return DesaFilter(filter_data, queryset=qs)


def jumlah_jenis_desa(kecamatan):
    rows = (
        Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .values("jenis")
        .annotate(n=Count("kode"))
    )
    hasil = dict.fromkeys(Desa.Jenis.values, 0)
    hasil.update({r["jenis"]: r["n"] for r in rows})
    return hasil
