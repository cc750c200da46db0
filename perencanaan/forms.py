"""Forms of the perencanaan app. `BarisForm` validates one activity line, both in the entry grid
and for every row of an Excel import, so both channels apply exactly the same rules."""

import math
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .models import Rencana, SumberDana

# Labels seen in published APBDes and village finance exports, normalised (upper case, letters and
# digits only) → the standard funding-source code.
SINONIM_SUMBER_DANA = {
    "DDS": "DDS",
    "DD": "DDS",
    "DANADESA": "DDS",
    "DDAPBN": "DDS",
    "DANADESAAPBN": "DDS",
    "APBN": "DDS",
    "ADD": "ADD",
    "ALOKASIDANADESA": "ADD",
    "PAD": "PAD",
    "PADES": "PAD",
    "PADESA": "PAD",
    "PENDAPATANASLIDESA": "PAD",
    "PBH": "PBH",
    "BHPRD": "PBH",
    "BHP": "PBH",
    "BAGIHASILPAJAK": "PBH",
    "BAGIHASILPAJAKDANRETRIBUSI": "PBH",
    "BAGIHASILPAJAKDANRETRIBUSIDAERAH": "PBH",
    "PBK": "PBK",
    "BANKAB": "PBK",
    "BANKEUKAB": "PBK",
    "BKK": "PBK",
    "BANTUANKABUPATEN": "PBK",
    "BANTUANKEUANGANKABUPATEN": "PBK",
    "BANTUANKEUANGANKABUPATENKOTA": "PBK",
    "PBP": "PBP",
    "BANPROV": "PBP",
    "BANKEUPROV": "PBP",
    "BANTUANPROVINSI": "PBP",
    "BANTUANKEUANGANPROVINSI": "PBP",
    "SWD": "SWD",
    "SWADAYA": "SWD",
    "SWADAYAMASYARAKAT": "SWD",
    "DLL": "DLL",
    "LAINLAIN": "DLL",
    "LAINNYA": "DLL",
    "PENDAPATANLAINLAIN": "DLL",
}


def _gaya(form, kecil=False):
    """Bootstrap classes on every visible widget (templates stay small)."""
    uk = " form-control-sm" if kecil else ""
    for f in form.fields.values():
        w = f.widget
        if w.is_hidden or isinstance(w, forms.CheckboxInput):
            continue
        if isinstance(w, forms.Select):
            w.attrs["class"] = "form-select" + (" form-select-sm" if kecil else "")
        else:
            w.attrs["class"] = "form-control" + uk


def normalisasi_sumber_dana(teks):
    """'Dana Desa', 'DD-APBN', 'dds' → 'DDS'; None when the label is not recognised."""
    kunci = re.sub(r"[^A-Z0-9]", "", str(teks or "").upper())
    return SINONIM_SUMBER_DANA.get(kunci)


# Far above any village's budget line and far below PostgreSQL's bigint (9.2 × 10^18): a bound
# of the storage, not a rule of the budget.
ANGGARAN_MAKS = 10**15
# Volume is stored with 12 digits, 2 after the comma.
VOLUME_MAKS = Decimal("1e10")

_RIBUAN_TITIK = re.compile(r"^\d{1,3}(\.\d{3})+$")
_RIBUAN_KOMA = re.compile(r"^\d{1,3}(,\d{3})+$")


def urai_rupiah(nilai):
    """An integer number of Rupiah from a cell or a field: 1500000, 1500000.0, '1.500.000',
    'Rp 1.500.000,00'. Raises ValueError (with an Indonesian message) otherwise."""
    if isinstance(nilai, bool):
        raise ValueError(_t("harus berupa angka Rupiah, mis. 1.500.000"))
    if isinstance(nilai, int):
        angka = nilai
    elif isinstance(nilai, float | Decimal):
        if not (nilai.is_finite() if isinstance(nilai, Decimal) else math.isfinite(nilai)):
            raise ValueError(_t("harus berupa angka Rupiah, mis. 1.500.000"))
        if abs(nilai) >= ANGGARAN_MAKS:
            raise ValueError(_t("terlalu besar untuk satu baris anggaran"))
        if nilai != int(nilai):
            raise ValueError(_t("harus bilangan bulat Rupiah (tanpa sen)"))
        angka = int(nilai)
    else:
        teks = re.sub(r"\s|^rp\.?", "", str(nilai).strip(), flags=re.IGNORECASE)
        teks = re.sub(r",0{1,2}$", "", teks)  # ",00" sen (three digits would be thousands)
        negatif = teks.startswith("-")
        teks = teks.lstrip("-")
        if teks.isdigit():
            angka = int(teks)
        elif _RIBUAN_TITIK.match(teks):
            angka = int(teks.replace(".", ""))
        elif _RIBUAN_KOMA.match(teks):
            angka = int(teks.replace(",", ""))
        else:
            raise ValueError(_t("harus berupa angka Rupiah, mis. 1.500.000"))
        angka = -angka if negatif else angka
    if angka < 0:
        raise ValueError(_t("tidak boleh negatif"))
    if angka >= ANGGARAN_MAKS:
        raise ValueError(_t("terlalu besar untuk satu baris anggaran"))
    return angka


def urai_desimal(nilai):
    """A decimal from '2,5', '2.5', '1.000' (a thousand) or a number. Raises ValueError."""
    if isinstance(nilai, bool):
        raise ValueError(_t("harus berupa angka"))
    if isinstance(nilai, int | float | Decimal):
        hasil = Decimal(str(nilai))
        if not hasil.is_finite():
            raise ValueError(_t("harus berupa angka, mis. 2,5"))
        return hasil
    teks = str(nilai).strip().replace(" ", "")
    if "," in teks:
        teks = teks.replace(".", "").replace(",", ".")
    elif teks.count(".") > 1 or _RIBUAN_TITIK.match(teks):
        teks = teks.replace(".", "")  # Indonesian thousands separators
    try:
        hasil = Decimal(teks)
    except InvalidOperation:
        raise ValueError(_t("harus berupa angka, mis. 2,5")) from None
    if not hasil.is_finite():
        raise ValueError(_t("harus berupa angka, mis. 2,5"))
    return hasil


class RupiahField(forms.CharField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return urai_rupiah(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None


class VolumeField(forms.CharField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            hasil = urai_desimal(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
        if hasil <= 0:
            raise forms.ValidationError(_t("Harus lebih dari nol."))
        if hasil >= VOLUME_MAKS:  # before quantize, which cannot hold 1E999
            raise forms.ValidationError(_t("Terlalu besar (kurang dari 10.000.000.000)."))
        if hasil != hasil.quantize(Decimal("0.01")):
            raise forms.ValidationError(_t("Paling banyak dua angka di belakang koma."))
        return hasil


class SumberDanaField(forms.CharField):
    widget = forms.Select(choices=[("", "—")] + list(SumberDana.choices))

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        kode = normalisasi_sumber_dana(value)
        if kode is None:
            raise forms.ValidationError(
                _t("Sumber dana '%(s)s' tidak dikenal; gunakan %(k)s.")
                % {"s": value, "k": ", ".join(SumberDana.values)}
            )
        return kode


class BarisForm(forms.Form):
    """One activity line. `kode_kegiatan`: {kode: tingkat} of the active classification;
    `pilihan_indikator`: grouped (sector label, [(id, name)]) choices."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kode_kegiatan = forms.CharField(label=_("Kode kegiatan"), max_length=10)
    nama = forms.CharField(label=_("Nama kegiatan"), max_length=255)
    lokasi = forms.CharField(label=_("Lokasi"), max_length=200, required=False)
    volume = VolumeField(label=_("Volume"))
    satuan = forms.CharField(label=_("Satuan"), max_length=40)
    anggaran = RupiahField(label=_("Anggaran (Rp)"))
    sumber_dana = SumberDanaField(label=_("Sumber dana"))
    # A grouped checkbox list with full names, searched by static/js/pilih_indikator.js (and
    # usable without it), instead of a 3-row listbox of truncated names needing Ctrl-click.
    indikator = forms.TypedMultipleChoiceField(
        label=_("Indikator yang ditangani"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kode_kegiatan, pilihan_indikator=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._kode = kode_kegiatan
        self.fields["indikator"].choices = list(pilihan_indikator)
        _gaya(self, kecil=True)
        self.fields["indikator"].widget.attrs.pop("class", None)
        self.fields["kode_kegiatan"].widget.attrs.update({"list": "daftar-kode", "size": 8})
        self.fields["volume"].widget.attrs.update({"inputmode": "decimal", "size": 6})
        self.fields["anggaran"].widget.attrs.update({"inputmode": "numeric", "size": 12})

    def clean_kode_kegiatan(self):
        kode = self.cleaned_data["kode_kegiatan"].strip()
        tingkat = self._kode.get(kode)
        if tingkat is None:
            raise forms.ValidationError(
                _t("Kode %(k)s tidak ada dalam klasifikasi Permendagri 20/2018.") % {"k": kode}
            )
        if tingkat != "kegiatan":
            raise forms.ValidationError(
                _t("Gunakan kode tingkat kegiatan (mis. 2.2.02), bukan bidang/sub bidang.")
            )
        return kode


class BarisFormSetBase(forms.BaseFormSet):
    def __init__(self, *args, kode_kegiatan, pilihan_indikator, **kwargs):
        self._form_kwargs_extra = {
            "kode_kegiatan": kode_kegiatan,
            "pilihan_indikator": pilihan_indikator,
        }
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self._form_kwargs_extra}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.renderer,
            **self._form_kwargs_extra,
        )
        self.add_fields(form, None)
        return form

    def baris_bersih(self):
        """Cleaned lines to keep, in order (empty extra rows and deleted rows left out)."""
        hasil = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            hasil.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        return hasil


BarisFormSet = forms.formset_factory(
    BarisForm, formset=BarisFormSetBase, extra=3, can_delete=True, max_num=1000
)


class RencanaBaruForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    jenis = forms.ChoiceField(label=_("Jenis dokumen"), choices=Rencana.Jenis.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].initial = timezone.localdate().year + 1
        _gaya(self)


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Semua baris kegiatan rencana ini akan diganti dengan isi berkas."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


class SiskeudesForm(forms.Form):
    berkas = forms.FileField(
        label=_("Ekspor Siskeudes (.zip)"),
        help_text=_(
            "Zip berisi tabel Ta_*.csv dari Siskeudes. Boleh memuat banyak desa; desa di luar "
            "wilayah Anda dilewati."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip", "class": "form-control"}),
    )
    tahun = forms.IntegerField(
        label=_("Tahun anggaran"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Kosongkan bila berkas hanya memuat satu tahun."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class KembalikanForm(forms.Form):
    """The camat's return: a general note plus one reason per line (field `baris_<id>`)."""

    catatan = forms.CharField(
        label=_("Catatan umum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, baris=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.baris = list(baris)
        for b in self.baris:
            self.fields[f"baris_{b.id}"] = forms.CharField(
                label=f"{b.kode_kegiatan_id} {b.nama}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
            )

    def catatan_baris(self):
        return {
            b.id: self.cleaned_data[f"baris_{b.id}"].strip()
            for b in self.baris
            if self.cleaned_data.get(f"baris_{b.id}", "").strip()
        }

    def clean(self):
        data = super().clean()
        if not data.get("catatan", "").strip() and not self.catatan_baris():
            raise forms.ValidationError(
                _t("Tuliskan alasan revisi: catatan umum atau alasan pada baris kegiatan.")
            )
        return data


class SetujuiForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan (opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    # Approval ends the review and cannot be undone: the camat confirms it, in the form itself
    # so the step holds without JavaScript and the server checks it.
    yakin = forms.BooleanField(
        label=_(
            "Saya sudah memeriksa rencana ini. Persetujuan mengakhiri peninjauan dan tidak "
            "dapat dibatalkan."
        ),
        error_messages={"required": _("Centang konfirmasi untuk menyetujui rencana.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
