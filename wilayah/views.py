from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from . import selectors
from .access import access_desa, access_kecamatan, lingkup_user
from .models import Tingkat, tingkat_dari_kode
from .tables import AnakWilayahTable, DesaTable


@login_required
def jelajah(request, kode=""):
    """Wilayah browser: nasional → provinsi → kabupaten → kecamatan, inside the user's scope."""
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    if not kode and lingkup.kode:
        return redirect("wilayah:jelajah", kode=lingkup.kode)
    if kode and not lingkup.mencakup_kode(kode):
        raise Http404
    tingkat = tingkat_dari_kode(kode) if kode else Tingkat.NASIONAL
    if tingkat == Tingkat.KECAMATAN:
        return redirect("wilayah:kecamatan", kode=kode)
    if tingkat == Tingkat.DESA:
        return redirect("wilayah:desa", kode=kode)
    node = selectors.wilayah_node(kode)
    if kode and node is None:
        raise Http404
    table = AnakWilayahTable(selectors.anak_wilayah_dengan_jumlah(kode))
    return render(
        request,
        "wilayah/jelajah.html",
        {
            "node": node,
            "tingkat": Tingkat(tingkat),
            "remah": selectors.leluhur(kode, lingkup),
            "table": table,
        },
    )


@login_required
def kecamatan_profil(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    filterset = selectors.desa_untuk_kecamatan(kecamatan, request.GET or None)
    table = DesaTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "wilayah/kecamatan.html",
        {
            "kecamatan": kecamatan,
            "filter": filterset,
            "table": table,
            "jumlah": selectors.jumlah_jenis_desa(kecamatan),
            "remah": selectors.leluhur(kecamatan.kode, lingkup_user(request.user)),
        },
    )


@login_required
def desa_detail(request, kode):
    desa = access_desa(request.user, kode)
    return render(
        request,
        "wilayah/desa.html",
        {
            "desa": desa,
            "remah": selectors.leluhur(desa.kode, lingkup_user(request.user)),
        },
    )
