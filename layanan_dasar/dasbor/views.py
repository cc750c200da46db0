"""Dashboard pages: camat home, UPT home, desa page, indicator page, Sekber monitoring.

Thin views: authorise through wilayah.access (404 outside the scope), read through one selector,
assemble figures and tables (halaman.py), then render or export a table. The figures and tables,
rendered, are cached per scope and choice (singgahan.py); what must stay live (access, the "Data
per" line and its pending badge, the to-do list, the user's own submissions) is computed on every
request around the cached fragment.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from wilayah.access import access_desa, access_kecamatan, access_sektor, lingkup_user
from wilayah.models import Tingkat, tingkat_dari_kode
from wilayah.selectors import leluhur_dari, wilayah_node

from ..agregasi.selectors import StatusAgregat
from ..models import Indikator
from . import selectors as sel
from . import singgahan
from .ekspor import FORMAT, respons_ekspor
from .filters import DesaNilaiFilter, PilihanForm, WilayahFilter
from .halaman import (
    susun_desa,
    susun_indikator,
    susun_kecamatan,
    susun_pantau,
    susun_pengajuan,
)
from .hitung import angka, rentang_kuning
from .navigasi import beranda as beranda_peran


def _lingkup(request):
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    return lingkup


def _umum(ctx, node, lingkup, status, data_contoh):
    """Breadcrumbs (from the node the access helper loaded with its parents: no query), the
    sample-data banner and how current the aggregates are (sel.status_halaman, read before the
    cache) on every page: live, never cached."""
    ctx["remah"] = leluhur_dari(node, lingkup)
    ctx["data_contoh"] = data_contoh
    if status.data_per is None and ctx.get("data_per"):
        # Rows written without a logged run (an import of ready-made aggregates): the newest
        # row read is still the honest "data per".
        status = StatusAgregat(data_per=ctx["data_per"], tertunda=status.tertunda)
    ctx["status"] = status
    return ctx


def _atur_tabel(request, ctx, kunci="tabel"):
    """Sorting and paging of the page's tables from the query string, and their export links."""
    ctx.setdefault("rentang_kuning", angka(rentang_kuning(), 0))
    dasar = request.GET.copy()
    for t in ctx.get(kunci, {}).values():
        RequestConfig(request, paginate={"per_page": t._meta.per_page}).configure(t)
        q = dasar.copy()
        q["tabel"] = t.nama
        q["ekspor"] = "csv"
        t.url_csv = "?" + q.urlencode()
        q["ekspor"] = "xlsx"
        t.url_xlsx = "?" + q.urlencode()
    return ctx


def _ekspor(request, ctx, *, nama_berkas):
    """Serve ?ekspor=csv|xlsx&tabel=<key> from the page's own tables (never cached: the file
    is built from the very rows the page shows)."""
    fmt = request.GET.get("ekspor")
    t = ctx.get("tabel", {}).get(request.GET.get("tabel", ""))
    if fmt not in FORMAT or t is None:
        raise Http404
    RequestConfig(request, paginate=False).configure(t)
    return respons_ekspor(t, fmt, nama=f"{nama_berkas}-{t.nama}")


# Values of the assembled context that the live part of a page (its heading) shows.
KEPALA = (
    "label_periode",
    "data_per",
    "kelengkapan_node",
    "kelas_kelengkapan",
    "target_teks",
    "form_kueri",
    "bulan_pilihan",
)


def _halaman(
    request, halaman, kode, *, node, lingkup, indikator, susun, nama_berkas, live, sesudah=None
):
    """Serve the dashboard page of `node` (its wilayah instance, None for the nation):
    `susun()` builds the figures and tables (the expensive part), rendered into
    dasbor/isi/<halaman>.html and cached per scope and choice; `live` is the context computed
    on every request (the heading's objects), `sesudah(ctx)` the user's own tables, live too
    (they may depend on the cached heading values, e.g. the chosen month)."""
    if request.GET.get("ekspor"):
        ctx = susun()
        if sesudah is not None:
            ctx["tabel"].update(sesudah(ctx))
        return _ekspor(request, ctx, nama_berkas=nama_berkas)
    status, data_contoh = sel.status_halaman(kode)
    kunci = singgahan.kunci(
        halaman,
        kode,
        lingkup=lingkup,
        indikator=indikator,
        request=request,
        data_per=status.data_per,
    )

    def buat():
        ctx = _atur_tabel(request, susun())
        # Rendered without the context processors: the fragment sees nothing of the user
        # beyond what susun() put there (request is for the tables' sorting links).
        isi = get_template(f"dasbor/isi/{halaman}.html").render({**ctx, "request": request})
        return {"isi": isi, "kepala": {k: ctx[k] for k in KEPALA if k in ctx}}

    simpanan = singgahan.ambil_atau_buat(kunci, buat)
    ctx = {**simpanan["kepala"], **live, "isi": mark_safe(simpanan["isi"])}
    if sesudah is not None:
        ctx["tabel_hidup"] = sesudah(ctx)
        _atur_tabel(request, ctx, "tabel_hidup")
    _umum(ctx, node, lingkup, status, data_contoh)
    return render(request, f"dasbor/{halaman}.html", ctx)


@login_required
@require_GET
def beranda(request):
    url = beranda_peran(_lingkup(request))
    if url is None:
        return redirect("beranda")
    return redirect(url)


@login_required
@require_GET
def kecamatan(request, kode):
    """Camat home. Queries (fixed, whatever the number of villages): see for_kecamatan."""
    kec = access_kecamatan(request.user, kode)
    lingkup = _lingkup(request)
    indikator = sel.indikator_lingkup(lingkup)

    def susun():
        sektor = sel.sektor_lingkup(lingkup)
        form = PilihanForm.dari_request(
            request, node_kode=kode, sektor=sektor, indikator=indikator, dengan_indikator=True
        )
        data = sel.for_kecamatan(request.user, kec, indikator, form.pilihan)
        return susun_kecamatan(kec, data, form, sektor_list=sektor)

    return _halaman(
        request,
        "kecamatan",
        kode,
        node=kec,
        lingkup=lingkup,
        indikator=indikator,
        susun=susun,
        nama_berkas=f"kecamatan-{kode}",
        live={"kecamatan": kec, "lingkup": lingkup},
    )


@login_required
@require_GET
def upt(request, kode):
    """UPT home: the user's own sector(s) and the status of their monthly submissions."""
    kec = access_kecamatan(request.user, kode)
    lingkup = _lingkup(request)
    indikator = sel.indikator_lingkup(lingkup)
    sektor = sel.sektor_lingkup(lingkup)

    def susun():
        form = PilihanForm.dari_request(
            request, node_kode=kode, sektor=sektor, indikator=indikator, dengan_indikator=True
        )
        data = sel.for_kecamatan(request.user, kec, indikator, form.pilihan, dengan_peta=False)
        ctx = susun_kecamatan(kec, data, form, sektor_list=sektor, mode="upt")
        ctx["bulan_pilihan"] = form.pilihan.bulan
        return ctx

    return _halaman(
        request,
        "upt",
        kode,
        node=kec,
        lingkup=lingkup,
        indikator=indikator,
        susun=susun,
        nama_berkas=f"upt-{kode}",
        live={"kecamatan": kec, "lingkup": lingkup},
        sesudah=lambda ctx: {
            "pengajuan": _tabel_pengajuan(request, kec, sektor, ctx.get("bulan_pilihan"))
        },
    )


def _tabel_pengajuan(request, kec, sektor, akhir):
    """The UPT's own submissions (live: they change with each save, not with the aggregates),
    up to the chosen period's month, else up to last month."""
    if akhir is None:
        from django.utils import timezone

        from .hitung import geser_bulan

        akhir = geser_bulan(timezone.localdate().replace(day=1), -1)
    return susun_pengajuan(sel.pengajuan_kecamatan(request.user, kec, sektor, akhir), sektor, akhir)


@login_required
@require_GET
def desa(request, kode):
    """Every indicator of one village, with the kecamatan and kabupaten values beside it."""
    d = access_desa(request.user, kode)
    lingkup = _lingkup(request)
    indikator = sel.indikator_lingkup(lingkup)
    boleh_kecamatan = lingkup.mencakup_kode(d.kecamatan_id)

    def susun():
        form = PilihanForm.dari_request(
            request,
            node_kode=kode,
            sektor=sel.sektor_lingkup(lingkup),
            indikator=indikator,
            dengan_indikator=True,
        )
        data = sel.for_desa(request.user, d, indikator, form.pilihan)
        return susun_desa(d, data, form, tautan_kecamatan=boleh_kecamatan)

    return _halaman(
        request,
        "desa",
        kode,
        node=d,
        lingkup=lingkup,
        indikator=indikator,
        susun=susun,
        nama_berkas=f"desa-{kode}",
        live={"desa": d, "boleh_kecamatan": boleh_kecamatan},
    )


@login_required
@require_GET
def indikator(request, kode, indikator):
    """One indicator across the villages of a kecamatan: bars, distribution, table."""
    kec = access_kecamatan(request.user, kode)
    # With its elements: the cache key reads `kumulatif` (two lazy queries otherwise).
    ind = (
        Indikator.objects.select_related("pembilang", "penyebut")
        .filter(kode=indikator, aktif=True)
        .first()
    )
    if ind is None:
        raise Http404
    access_sektor(request.user, ind.sektor)
    lingkup = _lingkup(request)

    def susun():
        form = PilihanForm.dari_request(
            request, node_kode=kode, sektor=[ind.sektor], indikator=[ind], dengan_indikator=False
        )
        form.pilihan.indikator = ind
        data = sel.for_indikator(request.user, kec, ind, form.pilihan)
        filterset = DesaNilaiFilter(
            request.GET or None,
            queryset=sel.desa_indikator_qs(request.user, kec, ind, form.pilihan),
            indikator=ind,
        )
        baris = list(filterset.qs) if form.pilihan.periode is not None else []
        ctx = susun_indikator(kec, ind, data, form, baris)
        ctx["filter"] = filterset
        return ctx

    return _halaman(
        request,
        "indikator",
        kode,
        node=kec,
        lingkup=lingkup,
        indikator=[ind],
        susun=susun,
        nama_berkas=f"indikator-{ind.kode}-{kode}",
        live={"kecamatan": kec, "indikator": ind},
    )


@login_required
@require_GET
def pantau(request, kode=""):
    """Sekber monitoring at a node (nasional, provinsi, kabupaten); a kecamatan opens its
    camat home, a village its desa page."""
    lingkup = _lingkup(request)
    kueri = request.GET.urlencode()
    if not kode and lingkup.kode:
        return redirect(f"{_url_pantau(lingkup.kode)}{'?' + kueri if kueri else ''}")
    if kode.count(".") > 3 or (kode and not lingkup.mencakup_kode(kode)):
        raise Http404
    tingkat = tingkat_dari_kode(kode)
    if tingkat in (Tingkat.KECAMATAN, Tingkat.DESA):
        nama = "dasbor:kecamatan" if tingkat == Tingkat.KECAMATAN else "dasbor:desa"
        from django.urls import reverse

        return redirect(f"{reverse(nama, args=[kode])}{'?' + kueri if kueri else ''}")
    node = wilayah_node(kode)
    if kode and node is None:
        raise Http404
    indikator = sel.indikator_lingkup(lingkup)

    def susun():
        form = PilihanForm.dari_request(
            request,
            node_kode=kode,
            sektor=sel.sektor_lingkup(lingkup),
            indikator=indikator,
            dengan_indikator=True,
        )
        anak = list(sel.anak_qs(kode).values_list("kode", "nama"))
        filterset = WilayahFilter(request.GET, queryset=sel.anak_qs(kode))
        anak_tersaring = (
            list(filterset.qs.values_list("kode", "nama")) if request.GET.get("nama") else anak
        )
        data = sel.for_pantau(request.user, kode, anak, form.terpilih, form.pilihan)
        ctx = susun_pantau(kode, node, data, form, anak_tersaring)
        ctx["filter"] = filterset
        return ctx

    return _halaman(
        request,
        "pantau",
        kode,
        node=node,
        lingkup=lingkup,
        indikator=indikator,
        susun=susun,
        nama_berkas=f"pantau-{kode or 'nasional'}",
        live={"node": node},
    )


def _url_pantau(kode):
    from django.urls import reverse

    return reverse("dasbor:pantau", args=[kode]) if kode else reverse("dasbor:pantau_nasional")
