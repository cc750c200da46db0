"""Input parsing for the entry pages. The grid is not a Django Form: its fields are built from
the catalogue, and its rows may arrive packed as one field per village (see static/js/isian.js),
which keeps a 50-column grid under Django's cap on the number of POST fields."""

import json

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .periode import bulan_dari_teks
from .services import Aksi, Masalah
from .validasi import NilaiTidakSah, baca_bilangan


class SusunanBerubah(Exception):
    """The columns posted are not the columns of the page (catalogue or status changed)."""


def _json_daftar(teks, panjang):
    try:
        isi = json.loads(teks)
    except (TypeError, ValueError):
        raise SusunanBerubah from None
    if not isinstance(isi, list) or len(isi) != panjang:
        raise SusunanBerubah
    return ["" if x is None else str(x) for x in isi]


def baca_isian(data, *, grid):
    """(perubahan, asal, galat, mentah) from a posted grid.

    perubahan/asal: {(desa, elemen_id, bulan): int | None}; galat: [Masalah] for cells that are
    not whole non-negative numbers; mentah: {(desa, elemen_id): text typed} to show again."""
    kolom = grid.kolom_isi
    if data.get("kolom", "") != ",".join(str(k) for k in kolom):
        raise SusunanBerubah
    perubahan, asal, mentah, galat = {}, {}, {}, []
    for b in grid.baris:
        d = b.desa.kode
        if f"asal-{d}" not in data:
            continue
        asal_teks = _json_daftar(data.get(f"asal-{d}"), len(kolom))
        if f"baris-{d}" in data:
            isian = _json_daftar(data.get(f"baris-{d}"), len(kolom))
        else:
            isian = [data.get(f"v-{d}-{e}") for e in kolom]
        for e, lama, baru in zip(kolom, asal_teks, isian, strict=True):
            if baru is None:  # a cell that was not posted is left alone
                continue
            k = (d, e, grid.bulan)
            mentah[(d, e)] = baru.strip()
            try:
                asal[k] = baca_bilangan(lama)
            except NilaiTidakSah:
                raise SusunanBerubah from None
            try:
                perubahan[k] = baca_bilangan(baru)
            except NilaiTidakSah as exc:
                galat.append(Masalah(d, e, grid.bulan, str(exc)))
    return perubahan, asal, galat, mentah


def baca_konfirmasi(data, bulan):
    """The outlier warnings the user saw and chose to keep."""
    if not data.get("konfirmasi_pencilan"):
        return frozenset()
    hasil = set()
    for teks in data.getlist("pencilan"):
        desa, _sep, elemen = teks.rpartition("|")
        if desa and elemen.isdigit():
            hasil.add((desa, int(elemen), bulan))
    return frozenset(hasil)


class AlurForm(forms.Form):
    aksi = forms.ChoiceField(choices=Aksi.choices)
    alasan = forms.CharField(label=gettext_lazy("Alasan"), required=False, max_length=2000)
    # Set by the confirmation page's button (see views.alur): the step was seen and meant.
    yakin = forms.BooleanField(required=False)


class VerifikasiMassalForm(forms.Form):
    """Several sector-months of one kecamatan verified at once from the camat's home; each
    item is "sektor|YYYY-MM"."""

    pilih = forms.MultipleChoiceField(choices=())
    yakin = forms.BooleanField(required=False)

    def __init__(self, *args, menunggu=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilih"].choices = [(kunci_pengajuan(p), str(p)) for p in menunggu]
        self.fields["pilih"].error_messages["required"] = gettext_lazy(
            "Pilih sedikitnya satu data yang akan diverifikasi."
        )
        self.fields["pilih"].error_messages["invalid_choice"] = gettext_lazy(
            "Sebagian pilihan sudah tidak menunggu verifikasi; muat ulang halaman."
        )


def kunci_pengajuan(p):
    return f"{p.sektor}|{p.bulan:%Y-%m}"


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas Excel (.xlsx) atau CSV"),
        help_text=gettext_lazy(
            "Gunakan templat yang diunduh dari halaman isian, atau berkas ekspor."
        ),
    )

    MAKS_BYTE = 20 * 1024 * 1024

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        nama = (berkas.name or "").lower()
        if not nama.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Hanya berkas .xlsx atau .csv yang diterima."))
        if berkas.size > self.MAKS_BYTE:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimum 20 MB)."))
        return berkas


class RentangBulanForm(forms.Form):
    dari = forms.CharField(label=gettext_lazy("Dari bulan"))
    sampai = forms.CharField(label=gettext_lazy("Sampai bulan"))
    format = forms.ChoiceField(choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], required=False)

    def _bulan(self, nama):
        try:
            return bulan_dari_teks(self.cleaned_data[nama])
        except ValueError:
            raise forms.ValidationError(_("Bulan tidak sah (gunakan format TTTT-BB).")) from None

    def clean_dari(self):
        return self._bulan("dari")

    def clean_sampai(self):
        return self._bulan("sampai")

    def clean(self):
        data = super().clean()
        dari, sampai = data.get("dari"), data.get("sampai")
        if dari and sampai:
            if dari > sampai:
                raise forms.ValidationError(_("Bulan awal harus sebelum bulan akhir."))
            if (sampai.year - dari.year) * 12 + sampai.month - dari.month >= 60:
                raise forms.ValidationError(_("Rentang paling panjang 60 bulan."))
        return data
