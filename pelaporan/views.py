"""Pages of P3PD 1D reporting. Thin: authorise through wilayah.access, read through selectors,
write through services."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from dashboard_kecamatan import ekspor as ekspor_tabel
from layanan_dasar.selectors_agregasi import StatusAgregat, status_agregat
from wilayah.access import access_desa, access_kecamatan, access_object, lingkup_user, saring
from wilayah.models import Peran, Tingkat
from wilayah.selectors import leluhur, wilayah_node

from . import ekspor, forms, selectors, services
from .filters import PelatihanFilter, RapatFilter, TindakLanjutFilter
from .models import (
    STATUS_TERBUKA,
    AgendaMonev,
    KehadiranRapat,
    LampiranPelatihan,
    LaporanTriwulan,
    PekerjaanEkspor,
    Pelatihan,
    RapatKoordinasi,
    TimPengelola,
    TindakLanjutRapat,
)
from .tables import (
    MonevTable,
    MonitoringTable,
    PekerjaanTable,
    PelatihanTable,
    RapatTable,
    TindakLanjutTable,
)
from .triwulan import Triwulan

# Who keeps the kecamatan's P3PD records (DESIGN §2: the operator, under the camat).
PERAN_PENCATAT = {Peran.CAMAT, Peran.SEKCAM, Peran.OPERATOR_KECAMATAN}


# --- access -----------------------------------------------------------------------------------


def _lingkup(request):
    lingkup = lingkup_user(request.user)
    if lingkup is None:
        raise Http404
    return lingkup


def _boleh_catat(lingkup):
    return not lingkup.baca_saja and (lingkup.superuser or lingkup.peran in PERAN_PENCATAT)


def access_pencatat(user, kode):
    """The kecamatan `kode` for a user who may write its records: 404 outside the scope (and
    for read-only Sekber), 403 inside it for roles that do not keep the records."""
    kecamatan = access_kecamatan(user, kode, ubah=True)
    if not _boleh_catat(lingkup_user(user)):
        raise PermissionDenied(_("Peran Anda tidak mencatat kegiatan P3PD kecamatan."))
    return kecamatan


def access_rekaman(user, model, pk, *, ubah=False):
    obj = access_object(user, model, ubah=ubah, pk=pk)
    if ubah and not _boleh_catat(lingkup_user(user)):
        raise PermissionDenied(_("Peran Anda tidak mencatat kegiatan P3PD kecamatan."))
    return obj


def access_laporan(user, kode, *, ubah=False):
    """A kecamatan's report spans every sector: only users with all sectors (camat, sekcam,
    Sekber) read it; sector staff get the same 404 as outsiders."""
    kecamatan = access_kecamatan(user, kode, ubah=ubah)
    if lingkup_user(user).sektor is not None:
        raise Http404(_("Laporan mencakup semua sektor, di luar kewenangan Anda."))
    return kecamatan


def _triwulan(request, bawaan=None):
    teks = request.GET.get("tw") or request.POST.get("tw")
    if not teks:
        return bawaan or Triwulan.terakhir_selesai()
    try:
        return Triwulan.dari_teks(teks)
    except ValueError:
        raise Http404(_("Triwulan tidak dikenal.")) from None


def _tw_dari_url(teks):
    try:
        return Triwulan.dari_teks(teks)
    except ValueError:
        raise Http404(_("Triwulan tidak dikenal.")) from None


def _konteks_kecamatan(request, kecamatan, **extra):
    lingkup = lingkup_user(request.user)
    return {
        "kecamatan": kecamatan,
        "remah": leluhur(kecamatan.kode, lingkup),
        "boleh_catat": _boleh_catat(lingkup),
        **extra,
    }


# --- entry ----------------------------------------------------------------------------------


@login_required
def indeks(request):
    lingkup = _lingkup(request)
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return redirect("pelaporan:kecamatan", kode=lingkup.kode)
    if lingkup.tingkat == Tingkat.DESA:
        raise Http404
    return redirect("pelaporan:monitoring")


@login_required
def kecamatan_ringkasan(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    hari_ini = timezone.localdate()
    tim = (
        TimPengelola.objects.filter(kecamatan=kecamatan)
        .aktif_pada(hari_ini)
        .prefetch_related("anggota")
        .first()
    )
    pelatihan = (
        Pelatihan.objects.filter(kecamatan=kecamatan)
        .annotate(n_peserta=Count("peserta"))
        .order_by("-tanggal_mulai")[:5]
    )
    rapat = RapatKoordinasi.objects.filter(kecamatan=kecamatan).order_by("-tanggal")[:5]
    tindak = TindakLanjutRapat.objects.filter(rapat__kecamatan=kecamatan)
    monev = AgendaMonev.objects.filter(kecamatan=kecamatan).order_by("-tanggal_rencana")[:5]
    modul = sorted(
        set(Pelatihan.objects.filter(kecamatan=kecamatan).values_list("modul", flat=True))
    )
    return render(
        request,
        "pelaporan/kecamatan.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            tim=tim,
            pelatihan=pelatihan,
            modul_tercakup=modul,
            rapat=rapat,
            tindak_terbuka=tindak.filter(status__in=STATUS_TERBUKA).count(),
            tindak_terlambat=tindak.terlambat_pada(hari_ini).count(),
            monev=monev,
            boleh_laporan=lingkup_user(request.user).sektor is None,
        ),
    )


# --- team -----------------------------------------------------------------------------------


@login_required
def tim_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    tim = (
        TimPengelola.objects.filter(kecamatan=kecamatan)
        .annotate(n_anggota=Count("anggota"))
        .order_by("-berlaku_dari")
    )
    aktif = set(
        TimPengelola.objects.filter(kecamatan=kecamatan)
        .aktif_pada(timezone.localdate())
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "pelaporan/tim_daftar.html",
        _konteks_kecamatan(request, kecamatan, daftar=tim, aktif=aktif),
    )


@login_required
def tim_detail(request, pk):
    tim = access_rekaman(request.user, TimPengelola, pk)
    return render(
        request,
        "pelaporan/tim_detail.html",
        _konteks_kecamatan(
            request, tim.kecamatan, tim=tim, anggota=tim.anggota.order_by("peran", "nama")
        ),
    )


def _form_tim(request, kecamatan, tim=None):
    data = request.POST if request.method == "POST" else None
    form = forms.TimForm(data, instance=tim)
    fs = forms.AnggotaFormSet(data, instance=tim or TimPengelola(kecamatan=kecamatan))
    if data is not None and form.is_valid() and fs.is_valid():
        tim = services.tim_simpan(form=form, formset_anggota=fs, kecamatan=kecamatan)
        messages.success(request, _("Tim pengelola tersimpan."))
        return redirect("pelaporan:tim_detail", pk=tim.pk)
    return render(
        request,
        "pelaporan/form.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Tim Pengelola Dashboard Kecamatan"),
            form=form,
            formsets=[(_("Anggota tim"), fs)],
            batal=reverse("pelaporan:tim_daftar", args=[kecamatan.kode]),
        ),
        status=400 if data is not None else 200,
    )


@login_required
def tim_baru(request, kode):
    return _form_tim(request, access_pencatat(request.user, kode))


@login_required
def tim_ubah(request, pk):
    tim = access_rekaman(request.user, TimPengelola, pk, ubah=True)
    return _form_tim(request, tim.kecamatan, tim)


# --- trainings --------------------------------------------------------------------------------


@login_required
def pelatihan_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    qs = Pelatihan.objects.filter(kecamatan=kecamatan).annotate(
        n_peserta=Count("peserta", distinct=True), n_lampiran=Count("lampiran", distinct=True)
    )
    f = PelatihanFilter(request.GET or None, queryset=qs)
    table = PelatihanTable(f.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/daftar.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Pelatihan"),
            filter=f,
            table=table,
            baru=reverse("pelaporan:pelatihan_baru", args=[kode]),
        ),
    )


@login_required
def pelatihan_detail(request, pk):
    pelatihan = access_rekaman(request.user, Pelatihan, pk)
    return render(
        request,
        "pelaporan/pelatihan_detail.html",
        _konteks_kecamatan(
            request,
            pelatihan.kecamatan,
            pelatihan=pelatihan,
            peserta=pelatihan.peserta.select_related("desa").order_by("peran", "nama"),
            lampiran=pelatihan.lampiran.all(),
        ),
    )


def _form_pelatihan(request, kecamatan, pelatihan=None):
    post = request.method == "POST"
    data, files = (request.POST, request.FILES) if post else (None, None)
    induk = pelatihan or Pelatihan(kecamatan=kecamatan)
    form = forms.PelatihanForm(data, instance=pelatihan)
    fs_peserta = forms.PesertaFormSet(
        data, instance=induk, form_kwargs={"kecamatan": kecamatan}, prefix="peserta"
    )
    fs_lampiran = forms.LampiranFormSet(data, files, instance=induk, prefix="lampiran")
    if post and form.is_valid() and fs_peserta.is_valid() and fs_lampiran.is_valid():
        pelatihan = services.pelatihan_simpan(
            form=form,
            formset_peserta=fs_peserta,
            formset_lampiran=fs_lampiran,
            kecamatan=kecamatan,
        )
        messages.success(request, _("Pelatihan tersimpan."))
        return redirect("pelaporan:pelatihan_detail", pk=pelatihan.pk)
    return render(
        request,
        "pelaporan/form.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Pelatihan"),
            form=form,
            formsets=[(_("Peserta"), fs_peserta), (_("Lampiran"), fs_lampiran)],
            multipart=True,
            batal=reverse("pelaporan:pelatihan_daftar", args=[kecamatan.kode]),
        ),
        status=400 if post else 200,
    )


@login_required
def pelatihan_baru(request, kode):
    return _form_pelatihan(request, access_pencatat(request.user, kode))


@login_required
def pelatihan_ubah(request, pk):
    pelatihan = access_rekaman(request.user, Pelatihan, pk, ubah=True)
    return _form_pelatihan(request, pelatihan.kecamatan, pelatihan)


@login_required
def lampiran_unduh(request, pk):
    """Attachments are served only through this scoped view, never from a public URL."""
    lampiran = access_rekaman(request.user, LampiranPelatihan, pk)
    try:
        berkas = lampiran.berkas.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas tidak ditemukan.")) from None
    nama = lampiran.nama_asli or lampiran.berkas.name.rsplit("/", 1)[-1]
    return FileResponse(berkas, as_attachment=True, filename=nama)


# --- coordination meetings ----------------------------------------------------------------------


@login_required
def rapat_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    hadir = (
        KehadiranRapat.objects.filter(rapat=OuterRef("pk"))
        .values("rapat")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = RapatKoordinasi.objects.filter(kecamatan=kecamatan).annotate(
        n_hadir=Coalesce(Subquery(hadir), 0),
        n_tindak_lanjut=Count("tindak_lanjut"),
        n_terbuka=Count("tindak_lanjut", filter=Q(tindak_lanjut__status__in=STATUS_TERBUKA)),
    )
    f = RapatFilter(request.GET or None, queryset=qs)
    table = RapatTable(f.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/daftar.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Rapat koordinasi layanan dasar"),
            filter=f,
            table=table,
            baru=reverse("pelaporan:rapat_baru", args=[kode]),
            tautan_lain=[
                (_("Semua tindak lanjut"), reverse("pelaporan:tindak_lanjut", args=[kode]))
            ],
        ),
    )


@login_required
def rapat_detail(request, pk):
    rapat = access_rekaman(request.user, RapatKoordinasi, pk)
    return render(
        request,
        "pelaporan/rapat_detail.html",
        _konteks_kecamatan(
            request,
            rapat.kecamatan,
            rapat=rapat,
            kehadiran=rapat.kehadiran.select_related("desa"),
            tindak_lanjut=rapat.tindak_lanjut.all(),
            hari_ini=timezone.localdate(),
        ),
    )


def _form_rapat(request, kecamatan, rapat=None):
    data = request.POST if request.method == "POST" else None
    induk = rapat or RapatKoordinasi(kecamatan=kecamatan)
    form = forms.RapatForm(data, instance=rapat)
    fs_hadir = forms.KehadiranFormSet(
        data, instance=induk, form_kwargs={"kecamatan": kecamatan}, prefix="hadir"
    )
    fs_tl = forms.TindakLanjutFormSet(data, instance=induk, prefix="tl")
    if data is not None and form.is_valid() and fs_hadir.is_valid() and fs_tl.is_valid():
        rapat = services.rapat_simpan(
            form=form, formset_kehadiran=fs_hadir, formset_tindak_lanjut=fs_tl, kecamatan=kecamatan
        )
        messages.success(request, _("Rapat koordinasi tersimpan."))
        return redirect("pelaporan:rapat_detail", pk=rapat.pk)
    return render(
        request,
        "pelaporan/form.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Rapat koordinasi layanan dasar"),
            form=form,
            formsets=[(_("Daftar hadir"), fs_hadir), (_("Tindak lanjut"), fs_tl)],
            batal=reverse("pelaporan:rapat_daftar", args=[kecamatan.kode]),
        ),
        status=400 if data is not None else 200,
    )


@login_required
def rapat_baru(request, kode):
    return _form_rapat(request, access_pencatat(request.user, kode))


@login_required
def rapat_ubah(request, pk):
    rapat = access_rekaman(request.user, RapatKoordinasi, pk, ubah=True)
    return _form_rapat(request, rapat.kecamatan, rapat)


@login_required
def tindak_lanjut_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    qs = TindakLanjutRapat.objects.filter(rapat__kecamatan=kecamatan).select_related("rapat")
    f = TindakLanjutFilter(request.GET or None, queryset=qs)
    table = TindakLanjutTable(f.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/daftar.html",
        _konteks_kecamatan(
            request, kecamatan, judul=_("Tindak lanjut rapat"), filter=f, table=table
        ),
    )


# --- joint monitoring agenda ------------------------------------------------------------------


@login_required
def monev_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    lingkup = lingkup_user(request.user)
    table = MonevTable(
        AgendaMonev.objects.filter(kecamatan=kecamatan), boleh_ubah=_boleh_catat(lingkup)
    )
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/daftar.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Agenda monitoring dan evaluasi bersama Sekber"),
            table=table,
            baru=reverse("pelaporan:monev_baru", args=[kode]),
        ),
    )


def _form_monev(request, kecamatan, agenda=None):
    data = request.POST if request.method == "POST" else None
    form = forms.AgendaMonevForm(data, instance=agenda)
    if data is not None and form.is_valid():
        services.monev_simpan(form=form, kecamatan=kecamatan)
        messages.success(request, _("Agenda monev tersimpan."))
        return redirect("pelaporan:monev_daftar", kode=kecamatan.kode)
    return render(
        request,
        "pelaporan/form.html",
        _konteks_kecamatan(
            request,
            kecamatan,
            judul=_("Agenda monitoring dan evaluasi bersama Sekber"),
            form=form,
            formsets=[],
            batal=reverse("pelaporan:monev_daftar", args=[kecamatan.kode]),
        ),
        status=400 if data is not None else 200,
    )


@login_required
def monev_baru(request, kode):
    return _form_monev(request, access_pencatat(request.user, kode))


@login_required
def monev_ubah(request, pk):
    agenda = access_rekaman(request.user, AgendaMonev, pk, ubah=True)
    return _form_monev(request, agenda.kecamatan, agenda)


# --- quarterly report -------------------------------------------------------------------------


@login_required
def laporan_daftar(request, kode):
    kecamatan = access_laporan(request.user, kode)
    return render(
        request,
        "pelaporan/laporan_daftar.html",
        _konteks_kecamatan(
            request, kecamatan, daftar=selectors.daftar_laporan_kecamatan(kecamatan)
        ),
    )


@login_required
def laporan_detail(request, kode, tw):
    kecamatan = access_laporan(request.user, kode)
    tw = _tw_dari_url(tw)
    laporan, data = selectors.laporan_tampil(kecamatan, tw)
    lingkup = lingkup_user(request.user)
    boleh_narasi = (
        lingkup.is_pimpinan and not lingkup.baca_saja and not (laporan and laporan.ditandatangani)
    )
    return render(
        request,
        "pelaporan/laporan.html",
        _konteks_kecamatan(
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
    from dashboard_kecamatan.grafik import figur

    baris = [i for i in data["capaian"]["indikator"] if i["nilai"] is not None]
    if not baris:
        return None
    nama = [i["nama"][:50] for i in baris]
    fig = figur(
        judul=_("Capaian indikator: %(tw)s dan %(lalu)s")
        % {"tw": data["triwulan"]["label"], "lalu": data["triwulan"]["sebelumnya"]},
        tinggi=120 + 22 * len(baris),
        barmode="group",
        margin={"l": 320, "r": 20, "t": 40, "b": 40},
    )
    fig.add_bar(
        y=nama,
        x=[i["nilai_sebelumnya"] for i in baris],
        orientation="h",
        name=data["triwulan"]["sebelumnya"],
    )
    fig.add_bar(
        y=nama, x=[i["nilai"] for i in baris], orientation="h", name=data["triwulan"]["label"]
    )
    fig.add_scatter(
        y=nama,
        x=[i["target"] for i in baris],
        mode="markers",
        name=_("Target"),
        marker={"symbol": "line-ns-open", "size": 14, "color": "#000000"},
    )
    fig.update_yaxes(autorange="reversed")
    return fig


@login_required
@require_POST
def laporan_narasi(request, kode, tw):
    kecamatan = access_laporan(request.user, kode, ubah=True)
    tw = _tw_dari_url(tw)
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
    tw = _tw_dari_url(tw)
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
    tw = _tw_dari_url(tw)
    laporan, data = selectors.laporan_tampil(kecamatan, tw)
    nama = f"laporan-{kecamatan.kode}-{ekspor.slug(kecamatan.nama)}-{tw.teks}"
    if format == "xlsx":
        return ekspor_tabel.respons_berkas(ekspor.laporan_xlsx(data, laporan), nama, "xlsx")
    return ekspor_tabel.respons_berkas(ekspor.laporan_pdf(data, laporan), nama, "pdf")


# --- desa profile -----------------------------------------------------------------------------


def _access_profil(user, kode_desa):
    desa = access_desa(user, kode_desa)
    if lingkup_user(user).sektor is not None:
        raise Http404(_("Profil desa mencakup semua sektor, di luar kewenangan Anda."))
    return desa


@login_required
def profil_desa(request, kode):
    desa = _access_profil(request.user, kode)
    tw = _triwulan(request)
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
    tw = _triwulan(request)
    if request.method == "POST":
        pekerjaan = services.pekerjaan_profil_buat(user=request.user, kecamatan=kecamatan, tw=tw)
        return redirect("pelaporan:pekerjaan_detail", pk=pekerjaan.pk)
    profil = selectors.profil_desa(kecamatan, tw)
    return render(
        request,
        "pelaporan/profil_desa.html",
        _konteks_kecamatan(
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


# --- Sekber monitoring --------------------------------------------------------------------------


@login_required
def monitoring(request):
    lingkup = _lingkup(request)
    if lingkup.tingkat == Tingkat.DESA or lingkup.sektor is not None:
        raise Http404
    tw = _triwulan(request)
    data_filter = request.GET.copy()
    for kunci in ("tw", "format", "page", "sort"):
        data_filter.pop(kunci, None)
    filterset = selectors.monitoring_kecamatan(lingkup, tw, data_filter or None)
    qs = filterset.qs
    diharapkan = selectors.pengajuan_diharapkan(tw)
    format = request.GET.get("format")
    if format in ("csv", "xlsx"):
        return _monitoring_ekspor(qs, tw, lingkup, diharapkan, format)
    table = MonitoringTable(qs, diharapkan=diharapkan, tw=tw)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    kode_halaman = [row.record.kode for row in table.page.object_list] if table.page else []
    table.peta_ketepatan = selectors.ketepatan_per_kecamatan(tw, kode_kecamatan=kode_halaman)
    ringkasan = selectors.monitoring_ringkasan(
        qs, tw, selectors.ketepatan_per_kecamatan(tw, lingkup=lingkup)
    )
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


# --- export jobs ------------------------------------------------------------------------------


def _boleh_batch(lingkup):
    return lingkup.superuser or lingkup.is_sekber


@login_required
def pekerjaan_daftar(request):
    lingkup = _lingkup(request)
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
    lingkup = _lingkup(request)
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
