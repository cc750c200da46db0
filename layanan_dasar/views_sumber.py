"""Pages that take other systems' exports into the monthly data: e-PPGBM child measurements
(stunting counts) and the quarterly scorecard template. Thin: scope through wilayah.access,
reading and writing in `eppgbm.py` / `skorkard.py`, which store through `nilai_simpan`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard_kecamatan.umum.ekspor import respons_berkas
from wilayah.access import access_kecamatan, access_sektor, lingkup_user
from wilayah.models import Desa, Sektor
from wilayah.selectors import leluhur

from .eppgbm import MAKS_BITA, impor_eppgbm
from .periode import bulan_ini
from .skorkard import impor_skorkard, templat, urai_triwulan


class EppgbmForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas e-PPGBM (.xlsx)"),
        help_text=gettext_lazy(
            "Format bulanan (satu baris per anak, kolom per bulan) atau dua lembar (Data Dasar "
            "dan Pemantauan)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
    desa = forms.ModelChoiceField(
        label=gettext_lazy("Desa"),
        queryset=Desa.objects.none(),
        required=False,
        empty_label=gettext_lazy("— dari kolom Kode Desa —"),
        help_text=gettext_lazy("Pilih bila berkas tidak memuat kolom desa."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, kecamatan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = Desa.objects.filter(kecamatan=kecamatan, aktif=True)

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if not (berkas.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Hanya berkas .xlsx yang diterima."))
        if berkas.size > MAKS_BITA:
            raise forms.ValidationError(
                _("Berkas lebih dari %(n)d MB.") % {"n": MAKS_BITA // 2**20}
            )
        return berkas


@login_required
def impor_eppgbm_halaman(request, kode):
    """UPT kesehatan (or the camat): upload an e-PPGBM file of the kecamatan's children."""
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    access_sektor(request.user, Sektor.KESEHATAN, ubah=True)
    lingkup = lingkup_user(request.user)
    form = EppgbmForm(request.POST or None, request.FILES or None, kecamatan=kecamatan)
    hasil = None
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        hasil = impor_eppgbm(
            user=request.user,
            kecamatan=kecamatan,
            isi=berkas.read(),
            nama_berkas=berkas.name,
            desa=form.cleaned_data["desa"],
        )
        if hasil.berhasil:
            messages.success(
                request,
                _("%(n)d pengukuran dihitung untuk %(d)d desa-bulan.")
                % {"n": hasil.jumlah_ukur, "d": len(hasil.hitungan)},
            )
        else:
            messages.error(
                request,
                _("Berkas ditolak: %(n)d kesalahan ditemukan. Tidak ada yang disimpan.")
                % {"n": len(hasil.galat)},
            )
    return render(
        request,
        "layanan_dasar/impor_eppgbm.html",
        {
            "form": form,
            "hasil": hasil,
            "kecamatan": kecamatan,
            "remah": leluhur(kecamatan.kode, lingkup),
        },
        status=400 if hasil is not None and not hasil.berhasil else 200,
    )


class SkorkardForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas scorecard (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if not (berkas.name or "").lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Hanya berkas .xlsx atau .csv yang diterima."))
        if berkas.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari 5 MB."))
        return berkas


def _sektor_skorkard(user):
    """404 unless the user may write one of the scorecard's sectors."""
    lingkup = lingkup_user(user)
    if lingkup is None or lingkup.baca_saja:
        raise Http404
    if not (
        lingkup.mencakup_sektor(Sektor.KESEHATAN) or lingkup.mencakup_sektor(Sektor.PENDIDIKAN)
    ):
        raise Http404
    return lingkup


def _triwulan_pilihan():
    """The last eight quarters that have begun, newest first, as ('2025-T1', label)."""
    b = bulan_ini()
    hasil = []
    tahun, tw = b.year, (b.month - 1) // 3 + 1
    for _i in range(8):
        hasil.append((f"{tahun}-T{tw}", _("Triwulan %(t)d %(y)d") % {"t": tw, "y": tahun}))
        tahun, tw = (tahun, tw - 1) if tw > 1 else (tahun - 1, 4)
    return hasil


@login_required
def skorkard_halaman(request, kode):
    """The quarterly scorecard upload per desa, and its template."""
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    lingkup = _sektor_skorkard(request.user)
    form = SkorkardForm(request.POST or None, request.FILES or None)
    hasil = None
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        hasil = impor_skorkard(
            user=request.user, kecamatan=kecamatan, isi=berkas.read(), nama_berkas=berkas.name
        )
        if hasil.berhasil:
            messages.success(
                request,
                _("Scorecard %(d)s disimpan: %(n)d nilai.")
                % {"d": hasil.desa.nama, "n": hasil.jumlah},
            )
        else:
            messages.error(
                request,
                _("Berkas ditolak: %(n)d kesalahan ditemukan. Tidak ada yang disimpan.")
                % {"n": len(hasil.galat)},
            )
    return render(
        request,
        "layanan_dasar/skorkard.html",
        {
            "form": form,
            "hasil": hasil,
            "kecamatan": kecamatan,
            "daftar_desa": Desa.objects.filter(kecamatan=kecamatan, aktif=True),
            "triwulan": _triwulan_pilihan(),
            "remah": leluhur(kecamatan.kode, lingkup),
        },
        status=400 if hasil is not None and not hasil.berhasil else 200,
    )


@login_required
def skorkard_templat(request, kode):
    kecamatan = access_kecamatan(request.user, kode, ubah=True)
    _sektor_skorkard(request.user)
    desa = Desa.objects.filter(kecamatan=kecamatan, kode=request.GET.get("desa", "")).first()
    try:
        tahun, tw = urai_triwulan(request.GET.get("triwulan", ""))
    except ValueError:
        raise Http404 from None
    if desa is None:
        raise Http404
    isi = templat(user=request.user, desa=desa, tahun=tahun, tw=tw)
    return respons_berkas(isi, f"scorecard-{desa.kode}-{tahun}-T{tw}", "xlsx")
