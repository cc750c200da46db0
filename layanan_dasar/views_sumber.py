"""Pages that take other systems' exports into the monthly data: e-PPGBM child measurements
(stunting counts) and the quarterly scorecard template. Thin: scope through wilayah.access,
reading and writing in `eppgbm.py` / `skorkard.py`, which store through `nilai_simpan`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wilayah.access import access_kecamatan, access_sektor, lingkup_user
from wilayah.models import Desa, Sektor
from wilayah.selectors import leluhur

from .eppgbm import MAKS_BITA, impor_eppgbm


class EppgbmForm(forms.Form):
    berkas = forms.FileField(
        label=_l("Berkas e-PPGBM (.xlsx)"),
        help_text=_l(
            "Format bulanan (satu baris per anak, kolom per bulan) atau dua lembar (Data Dasar "
            "dan Pemantauan)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )
    desa = forms.ModelChoiceField(
        label=_l("Desa"),
        queryset=Desa.objects.none(),
        required=False,
        empty_label=_l("— dari kolom Kode Desa —"),
        help_text=_l("Pilih bila berkas tidak memuat kolom desa."),
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
