"""The quarterly P3PD 1D report: list, live view, narrative, sign-off and downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboard_kecamatan.umum import ekspor as ekspor_tabel
from layanan_dasar.agregasi.selectors import StatusAgregat, status_agregat
from wilayah.access import lingkup_user
from wilayah.models import Peran

from .. import ekspor, forms, selectors, services
from .akses import access_laporan, konteks_kecamatan, tw_dari_url


@login_required
def laporan_daftar(request, kode):
    kecamatan = access_laporan(request.user, kode)
    return render(
        request,
        "pelaporan/laporan_daftar.html",
        konteks_kecamatan(request, kecamatan, daftar=selectors.daftar_laporan_kecamatan(kecamatan)),
    )


@login_required
def laporan_detail(request, kode, tw):
    kecamatan = access_laporan(request.user, kode)
    tw = tw_dari_url(tw)
    laporan, data = selectors.laporan_tampil(kecamatan, tw)
    lingkup = lingkup_user(request.user)
    boleh_narasi = (
        lingkup.is_pimpinan and not lingkup.baca_saja and not (laporan and laporan.ditandatangani)
    )
    return render(
        request,
        "pelaporan/laporan.html",
        konteks_kecamatan(
            request,
            kecamatan,
            tw=tw,
            laporan=laporan,
            data=data,
            form=forms.NarasiForm(initial={"narasi": laporan.narasi if laporan else ""})
            if boleh_narasi
            else None,
            boleh_tandatangan=(
                boleh_narasi and lingkup.peran == Peran.CAMAT and tw.akhir < timezone.localdate()
            ),
            grafik_capaian=_grafik_capaian(data),
            status=StatusAgregat.beku(data.get("agregat_per"))
            if laporan and laporan.ditandatangani
            else status_agregat(kecamatan.kode),
        ),
    )


def _grafik_capaian(data):
    """This quarter against the previous, per indicator with data (the table shows the same)."""
    from dashboard_kecamatan.umum.grafik import figur

    baris = [i for i in data["capaian"]["indikator"] if i["nilai"] is not None]
    if not baris:
        return None
    # Keyed by indicator code, labelled by name: two names cut to the same 50 characters
    # must stay two bars, never one stacked false bar.
    kode = [i["kode"] for i in baris]
    nama = [i["nama"][:50] for i in baris]
    fig = figur(
        judul=_("Capaian indikator: %(tw)s dan %(lalu)s")
        % {"tw": data["triwulan"]["label"], "lalu": data["triwulan"]["sebelumnya"]},
        tinggi=120 + 22 * len(baris),
        barmode="group",
        margin={"l": 320, "r": 20, "t": 40, "b": 40},
    )
    fig.add_bar(
        y=kode,
        x=[i["nilai_sebelumnya"] for i in baris],
        orientation="h",
        name=data["triwulan"]["sebelumnya"],
    )
    fig.add_bar(
        y=kode, x=[i["nilai"] for i in baris], orientation="h", name=data["triwulan"]["label"]
    )
    fig.add_scatter(
        y=kode,
        x=[i["target"] for i in baris],
        mode="markers",
        name=_("Target triwulan ini"),
        marker={"symbol": "line-ns-open", "size": 14, "color": "#000000"},
    )
    fig.update_yaxes(
        autorange="reversed", type="category", tickmode="array", tickvals=kode, ticktext=nama
    )
    return fig


@login_required
@require_POST
def laporan_narasi(request, kode, tw):
    kecamatan = access_laporan(request.user, kode, ubah=True)
    tw = tw_dari_url(tw)
    if not lingkup_user(request.user).is_pimpinan:
        raise PermissionDenied(_("Narasi diisi oleh camat atau sekretaris camat."))
    form = forms.NarasiForm(request.POST)
    if form.is_valid():
        try:
            services.laporan_narasi_simpan(
                kecamatan=kecamatan, tw=tw, narasi=form.cleaned_data["narasi"], user=request.user
            )
            messages.success(request, _("Narasi tersimpan."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Narasi tidak tersimpan: %(e)s") % {"e": form.errors.as_text()})
    return redirect("pelaporan:laporan_detail", kode=kode, tw=tw.teks)


@login_required
@require_POST
def laporan_tandatangani(request, kode, tw):
    kecamatan = access_laporan(request.user, kode, ubah=True)
    tw = tw_dari_url(tw)
    try:
        services.laporan_tandatangani(kecamatan=kecamatan, tw=tw, user=request.user)
        messages.success(request, _("Laporan ditandatangani; angkanya kini dibekukan."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("pelaporan:laporan_detail", kode=kode, tw=tw.teks)


@login_required
def laporan_unduh(request, kode, tw, format):
    if format not in ("xlsx", "pdf"):
        raise Http404
    kecamatan = access_laporan(request.user, kode)
    tw = tw_dari_url(tw)
    laporan, data = selectors.laporan_tampil(kecamatan, tw)
    nama = f"laporan-{kecamatan.kode}-{ekspor.slug(kecamatan.nama)}-{tw.teks}"
    if format == "xlsx":
        return ekspor_tabel.respons_berkas(ekspor.laporan_xlsx(data, laporan), nama, "xlsx")
    return ekspor_tabel.respons_berkas(ekspor.laporan_pdf(data, laporan), nama, "pdf")
