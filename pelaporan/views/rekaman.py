"""The kecamatan's P3PD records: the overview, Tim Pengelola, trainings, coordination meetings
with follow-ups, the joint monev agenda. Thin: authorise, read through selectors, write through
services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from dashboard_kecamatan.umum.versi import NAMA_FIELD as NAMA_VERSI
from dashboard_kecamatan.umum.versi import periksa_versi, versi_dari
from wilayah.access import access_kecamatan, lingkup_user
from wilayah.models import Tingkat

from .. import forms, impor_hadir, services
from ..filters import PelatihanFilter, RapatFilter, TindakLanjutFilter
from ..models import (
    STATUS_TERBUKA,
    AgendaMonev,
    KehadiranRapat,
    LampiranPelatihan,
    Pelatihan,
    RapatKoordinasi,
    TimPengelola,
    TindakLanjutRapat,
)
from ..tables import (
    MonevTable,
    PelatihanTable,
    RapatTable,
    TindakLanjutTable,
)
from .akses import (
    access_pencatat,
    access_rekaman,
    boleh_catat,
    konteks_kecamatan,
    lingkup_permintaan,
)


@login_required
def indeks(request):
    lingkup = lingkup_permintaan(request)
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
        konteks_kecamatan(
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
        konteks_kecamatan(request, kecamatan, daftar=tim, aktif=aktif),
    )


@login_required
def tim_detail(request, pk):
    tim = access_rekaman(request.user, TimPengelola, pk)
    return render(
        request,
        "pelaporan/tim_detail.html",
        konteks_kecamatan(
            request, tim.kecamatan, tim=tim, anggota=tim.anggota.order_by("peran", "nama")
        ),
    )


def _daftar_hadir(request, kecamatan, data, *, prefix, kolom):
    """(data, errors, n): an attendance list uploaded with the page (field "daftar_hadir")
    appended to the formset `prefix`; with any bad row, no row is added and the page is not
    saved (errors lists every bad row)."""
    berkas = request.FILES.get("daftar_hadir") if request.method == "POST" else None
    if not berkas:
        return data, [], 0
    baris, galat = impor_hadir.baca_daftar_hadir(
        berkas, berkas.name, kecamatan=kecamatan, dengan_peran="peran" in kolom
    )
    if galat:
        return data, galat, 0
    return impor_hadir.tambahkan_ke_formset(data, prefix, baris, kolom), [], len(baris)


def _form_rekaman(
    request,
    kecamatan,
    *,
    judul,
    form,
    formsets,
    simpan,
    pesan,
    ke,
    batal,
    multipart=False,
    impor=None,
):
    """The create/edit page every P3PD record shares: when the form and all its formsets are
    valid, `simpan()` (a service) saves them, a message says so and `ke(obj)` redirects;
    otherwise the page shows the form again (400 after a POST, so tests and proxies see it).
    `impor` = (label, errors, n) offers an attendance-list upload (see _daftar_hadir).

    An edit carries the record's version (its last-modified time) and is refused when the
    record changed since the page was loaded: two stale forms never both save."""
    post = request.method == "POST"
    galat_impor = impor[1] if impor else []
    lama = form.instance if form.instance.pk else None
    versi = request.POST.get(NAMA_VERSI) if post else None
    if (
        post
        and not galat_impor
        and form.is_valid()
        and all(fs.is_valid() for _label, fs in formsets)
    ):
        try:
            with transaction.atomic():
                if lama is not None:
                    terkini = (
                        type(lama)
                        .objects.select_for_update()
                        .filter(pk=lama.pk)
                        .values_list("diperbarui", flat=True)
                        .first()
                    )
                    periksa_versi(terkini=terkini, dikirim=versi)
                obj = simpan()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, pesan)
            if impor and impor[2]:
                messages.info(
                    request, _("%(n)s nama dari daftar hadir ditambahkan.") % {"n": impor[2]}
                )
            return ke(obj)
    return render(
        request,
        "pelaporan/form.html",
        konteks_kecamatan(
            request,
            kecamatan,
            judul=judul,
            form=form,
            formsets=formsets,
            multipart=multipart or bool(impor),
            batal=batal,
            impor_label=impor[0] if impor else "",
            galat_impor=galat_impor,
            versi=versi or (versi_dari(lama.diperbarui) if lama is not None else ""),
        ),
        status=400 if post else 200,
    )


def _form_tim(request, kecamatan, tim=None):
    data = request.POST if request.method == "POST" else None
    form = forms.TimForm(data, instance=tim)
    fs = forms.AnggotaFormSet(data, instance=tim or TimPengelola(kecamatan=kecamatan))
    return _form_rekaman(
        request,
        kecamatan,
        judul=_("Tim Pengelola Dashboard Kecamatan"),
        form=form,
        formsets=[(_("Anggota tim"), fs)],
        simpan=lambda: services.tim_simpan(form=form, formset_anggota=fs, kecamatan=kecamatan),
        pesan=_("Tim pengelola tersimpan."),
        ke=lambda tim: redirect("pelaporan:tim_detail", pk=tim.pk),
        batal=reverse("pelaporan:tim_daftar", args=[kecamatan.kode]),
    )


@login_required
def tim_baru(request, kode):
    return _form_tim(request, access_pencatat(request.user, kode))


@login_required
def tim_ubah(request, pk):
    tim = access_rekaman(request.user, TimPengelola, pk, ubah=True)
    return _form_tim(request, tim.kecamatan, tim)


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
        konteks_kecamatan(
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
        konteks_kecamatan(
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
    data, galat_impor, n_impor = _daftar_hadir(
        request, kecamatan, data, prefix="peserta", kolom=["nama", "peran", "jabatan", "desa"]
    )
    form = forms.PelatihanForm(data, instance=pelatihan)
    fs_peserta = forms.PesertaFormSet(
        data, instance=induk, form_kwargs={"kecamatan": kecamatan}, prefix="peserta"
    )
    fs_lampiran = forms.LampiranFormSet(data, files, instance=induk, prefix="lampiran")
    return _form_rekaman(
        request,
        kecamatan,
        judul=_("Pelatihan"),
        form=form,
        formsets=[(_("Peserta"), fs_peserta), (_("Lampiran"), fs_lampiran)],
        simpan=lambda: services.pelatihan_simpan(
            form=form,
            formset_peserta=fs_peserta,
            formset_lampiran=fs_lampiran,
            kecamatan=kecamatan,
        ),
        pesan=_("Pelatihan tersimpan."),
        ke=lambda pelatihan: redirect("pelaporan:pelatihan_detail", pk=pelatihan.pk),
        batal=reverse("pelaporan:pelatihan_daftar", args=[kecamatan.kode]),
        multipart=True,
        impor=(_("Impor daftar peserta"), galat_impor, n_impor),
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
        konteks_kecamatan(
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
        konteks_kecamatan(
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
    data, galat_impor, n_impor = _daftar_hadir(
        request, kecamatan, data, prefix="hadir", kolom=["nama", "jabatan", "desa"]
    )
    form = forms.RapatForm(data, instance=rapat)
    fs_hadir = forms.KehadiranFormSet(
        data, instance=induk, form_kwargs={"kecamatan": kecamatan}, prefix="hadir"
    )
    fs_tl = forms.TindakLanjutFormSet(data, instance=induk, prefix="tl")
    return _form_rekaman(
        request,
        kecamatan,
        judul=_("Rapat koordinasi layanan dasar"),
        form=form,
        formsets=[(_("Daftar hadir"), fs_hadir), (_("Tindak lanjut"), fs_tl)],
        simpan=lambda: services.rapat_simpan(
            form=form, formset_kehadiran=fs_hadir, formset_tindak_lanjut=fs_tl, kecamatan=kecamatan
        ),
        pesan=_("Rapat koordinasi tersimpan."),
        ke=lambda rapat: redirect("pelaporan:rapat_detail", pk=rapat.pk),
        batal=reverse("pelaporan:rapat_daftar", args=[kecamatan.kode]),
        impor=(_("Impor daftar hadir"), galat_impor, n_impor),
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
        konteks_kecamatan(
            request, kecamatan, judul=_("Tindak lanjut rapat"), filter=f, table=table
        ),
    )


@login_required
def monev_daftar(request, kode):
    kecamatan = access_kecamatan(request.user, kode)
    lingkup = lingkup_user(request.user)
    table = MonevTable(
        AgendaMonev.objects.filter(kecamatan=kecamatan), boleh_ubah=boleh_catat(lingkup)
    )
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "pelaporan/daftar.html",
        konteks_kecamatan(
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
    return _form_rekaman(
        request,
        kecamatan,
        judul=_("Agenda monitoring dan evaluasi bersama Sekber"),
        form=form,
        formsets=[],
        simpan=lambda: services.monev_simpan(form=form, kecamatan=kecamatan),
        pesan=_("Agenda monev tersimpan."),
        ke=lambda _agenda: redirect("pelaporan:monev_daftar", kode=kecamatan.kode),
        batal=reverse("pelaporan:monev_daftar", args=[kecamatan.kode]),
    )


@login_required
def monev_baru(request, kode):
    return _form_monev(request, access_pencatat(request.user, kode))


@login_required
def monev_ubah(request, pk):
    agenda = access_rekaman(request.user, AgendaMonev, pk, ubah=True)
    return _form_monev(request, agenda.kecamatan, agenda)
