"""The Sekber's monitoring page and the batch export jobs per kabupaten/provinsi."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from dashboard_kecamatan.umum import ekspor as ekspor_tabel
from wilayah.access import access_object, lingkup_user, saring
from wilayah.models import Tingkat
from wilayah.selectors import leluhur, wilayah_node

from .. import forms, selectors, services
from ..models import (
    LaporanTriwulan,
    PekerjaanEkspor,
)
from ..tables import (
    MonitoringTable,
    PekerjaanTable,
)
from ..triwulan import Triwulan
from .akses import lingkup_permintaan, triwulan


@login_required
def monitoring(request):
    lingkup = lingkup_permintaan(request)
    if lingkup.tingkat == Tingkat.DESA or lingkup.sektor is not None:
        raise Http404
    tw = triwulan(request)
    data_filter = request.GET.copy()
    for kunci in ("tw", "format", "page", "sort"):
        data_filter.pop(kunci, None)
    filterset = selectors.monitoring_kecamatan(lingkup, tw, data_filter or None)
    qs = filterset.qs
    diharapkan = selectors.pengajuan_diharapkan(tw)
    format = request.GET.get("format")
    if format in ("csv", "xlsx"):
        return _monitoring_ekspor(qs, tw, lingkup, diharapkan, format)
    # Timeliness of every kecamatan in scope, read once: the summary counts it over the filtered
    # list, the table's page looks its rows up in it.
    ketepatan = selectors.ketepatan_per_kecamatan(tw, lingkup=lingkup)
    table = MonitoringTable(qs, diharapkan=diharapkan, tw=tw, ketepatan=ketepatan)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    ringkasan = selectors.monitoring_ringkasan(qs, tw, ketepatan)
    return render(
        request,
        "pelaporan/monitoring.html",
        {
            "tw": tw,
            "pilihan_tw": forms.pilihan_triwulan(),
            "filter": filterset,
            "table": table,
            "ringkasan": ringkasan,
            "remah": leluhur(lingkup.kode, lingkup),
            "query_ekspor": data_filter.urlencode(),
        },
    )


def _monitoring_ekspor(qs, tw, lingkup, diharapkan, format):
    ketepatan = selectors.ketepatan_per_kecamatan(tw, lingkup=lingkup)
    label_status = {k: str(v) for k, v in LaporanTriwulan.Status.choices}
    kepala = [
        _("Kode"),
        _("Kecamatan"),
        _("Kabupaten/kota"),
        _("Tim aktif"),
        _("Modul dilatih (dari 9)"),
        _("Staf terlatih"),
        _("Pengajuan diajukan"),
        _("Pengajuan tepat waktu"),
        _("Pengajuan diharapkan"),
        _("Rapat triwulan ini"),
        _("Rencana diputuskan"),
        _("Rencana lewat tenggat"),
        _("Status laporan"),
    ]
    baris = [
        [
            k.kode,
            k.nama,
            k.kabupaten.nama,
            k.tim_aktif,
            k.modul_dilatih,
            k.staf_dilatih,
            *ketepatan.get(k.kode, (0, 0)),
            diharapkan,
            k.rapat_triwulan,
            k.rencana_ditinjau,
            k.rencana_terlambat,
            label_status.get(k.status_laporan, _("Belum dibuat")),
        ]
        for k in qs
    ]
    nama = f"monitoring-p3pd-{lingkup.kode or 'nasional'}-{tw.teks}"
    return ekspor_tabel.respons_tabel(format, nama, _("Monitoring"), kepala, baris)


def _boleh_batch(lingkup):
    return lingkup.superuser or lingkup.is_sekber


@login_required
def pekerjaan_daftar(request):
    lingkup = lingkup_permintaan(request)
    qs = saring(PekerjaanEkspor.objects.all(), request.user)
    table = PekerjaanTable(qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/pekerjaan_daftar.html",
        {
            "table": table,
            "boleh_batch": _boleh_batch(lingkup),
            "remah": leluhur(lingkup.kode, lingkup),
        },
    )


@login_required
def pekerjaan_baru(request):
    lingkup = lingkup_permintaan(request)
    if not _boleh_batch(lingkup):
        raise Http404
    form = forms.PekerjaanLaporanForm(request.POST or None, lingkup=lingkup)
    if request.method == "POST" and form.is_valid():
        if not lingkup.mencakup_kode(form.cleaned_data["wilayah"]):
            raise Http404
        try:
            pekerjaan = services.pekerjaan_laporan_buat(
                user=request.user,
                wilayah_kode=form.cleaned_data["wilayah"],
                tw=form.cleaned_data["triwulan"],
                format=form.cleaned_data["format"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("pelaporan:pekerjaan_detail", pk=pekerjaan.pk)
    return render(
        request,
        "pelaporan/pekerjaan_baru.html",
        {"form": form, "remah": leluhur(lingkup.kode, lingkup)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def pekerjaan_detail(request, pk):
    pekerjaan = access_object(request.user, PekerjaanEkspor, pk=pk)
    return render(
        request,
        "pelaporan/pekerjaan_detail.html",
        {
            "pekerjaan": pekerjaan,
            "wilayah": wilayah_node(pekerjaan.wilayah_kode),
            "tw": Triwulan.dari_tanggal(pekerjaan.periode),
            "remah": leluhur(pekerjaan.wilayah_kode, lingkup_user(request.user)),
        },
    )


@login_required
def pekerjaan_status(request, pk):
    p = access_object(request.user, PekerjaanEkspor, pk=pk)
    return JsonResponse(
        {
            "status": p.status,
            "status_label": p.get_status_display(),
            "selesai": p.selesai,
            "total": p.total,
            "persen": p.persen,
            "galat": p.galat,
            "unduh": reverse("pelaporan:pekerjaan_unduh", args=[p.pk])
            if p.status == PekerjaanEkspor.Status.SELESAI
            else None,
        }
    )


@login_required
@require_POST
def pekerjaan_ulang(request, pk):
    """Start a failed job again (its worker died, or it hit an error). Whoever may see the job
    may have it built again: they could create the same job."""
    p = access_object(request.user, PekerjaanEkspor, pk=pk)
    try:
        services.pekerjaan_ulang(pekerjaan=p)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("pelaporan:pekerjaan_detail", pk=p.pk)


@login_required
def pekerjaan_unduh(request, pk):
    p = access_object(request.user, PekerjaanEkspor, pk=pk)
    if p.status != PekerjaanEkspor.Status.SELESAI or not p.berkas:
        raise Http404(_("Berkas belum siap."))
    path = Path(settings.MEDIA_ROOT) / p.berkas
    if not path.is_file():
        raise Http404(_("Berkas tidak ditemukan."))
    tw = Triwulan.dari_tanggal(p.periode)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{p.jenis}-{p.wilayah_kode}-{tw.teks}.zip",
        content_type="application/zip",
    )
