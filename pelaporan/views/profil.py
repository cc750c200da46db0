"""The printable desa and kecamatan profiles for coaching."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum import ekspor as ekspor_tabel
from layanan_dasar.agregasi.selectors import status_agregat
from wilayah.access import access_desa, lingkup_user
from wilayah.selectors import leluhur

from .. import ekspor, forms, selectors, services
from .akses import access_laporan, konteks_kecamatan, triwulan


def _access_profil(user, kode_desa):
    desa = access_desa(user, kode_desa)
    if lingkup_user(user).sektor is not None:
        raise Http404(_("Profil desa mencakup semua sektor, di luar kewenangan Anda."))
    return desa


@login_required
def profil_desa(request, kode):
    desa = _access_profil(request.user, kode)
    tw = triwulan(request)
    profil = selectors.profil_desa(desa.kecamatan, tw, desa_kode=desa.kode)
    if request.GET.get("format") == "pdf":
        nama = f"profil-desa-{desa.kode}-{ekspor.slug(desa.nama)}-{tw.teks}"
        return ekspor_tabel.respons_berkas(ekspor.profil_pdf(profil), nama, "pdf")
    return render(
        request,
        "pelaporan/profil_desa.html",
        {
            "profil": profil,
            "daftar": profil["desa"],
            "desa": desa,
            "kecamatan": desa.kecamatan,
            "tw": tw,
            "pilihan_tw": forms.pilihan_triwulan(),
            "remah": leluhur(desa.kode, lingkup_user(request.user)),
            "status": status_agregat(desa.kode),
        },
    )


@login_required
def profil_kecamatan(request, kode):
    """Every village's sheet on one printable page; the PDF is built as a background job."""
    kecamatan = access_laporan(request.user, kode)
    tw = triwulan(request)
    if request.method == "POST":
        pekerjaan = services.pekerjaan_profil_buat(user=request.user, kecamatan=kecamatan, tw=tw)
        return redirect("pelaporan:pekerjaan_detail", pk=pekerjaan.pk)
    profil = selectors.profil_desa(kecamatan, tw)
    return render(
        request,
        "pelaporan/profil_desa.html",
        konteks_kecamatan(
            request,
            kecamatan,
            profil=profil,
            daftar=profil["desa"],
            tw=tw,
            pilihan_tw=forms.pilihan_triwulan(),
            semua=True,
            status=status_agregat(kecamatan.kode),
        ),
    )
