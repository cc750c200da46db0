from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa, Kabupaten, Provinsi

from .models import (
    AgendaMonev,
    AnggotaTim,
    KehadiranRapat,
    LampiranPelatihan,
    PekerjaanEkspor,
    Pelatihan,
    PesertaPelatihan,
    RapatKoordinasi,
    StatusTindakLanjut,
    TimPengelola,
    TindakLanjutRapat,
)
from .triwulan import Triwulan


class InputTanggal(forms.DateInput):
    """A date typed as dd/mm/yyyy. Not <input type="date">: the browser shows that one in its
    own language's order (mm/dd/yyyy on the many office PCs with an English browser), so
    12/01 would mean 1 Dec on one desk and 12 Jan on the next."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "hh/bb/tttt",
            "inputmode": "numeric",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
            "autocomplete": "off",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%d/%m/%Y")


class GayaBootstrap:
    """Bootstrap classes on every widget, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                kelas = "form-check-input"
            elif isinstance(w, forms.Select):
                kelas = "form-select form-select-sm"
            else:
                kelas = "form-control form-control-sm"
            w.attrs.setdefault("class", kelas)
            if isinstance(w, forms.Textarea) and w.attrs.get("rows") in (None, "10", 10):
                w.attrs["rows"] = 3  # Django's default of 10 rows pushes the grid off-screen


class DesaKecamatanMixin:
    """Limit a `desa` field to the villages of the record's kecamatan."""

    def __init__(self, *args, kecamatan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "desa" in self.fields:
            qs = Desa.objects.filter(kecamatan=kecamatan) if kecamatan else Desa.objects.none()
            self.fields["desa"].queryset = qs.order_by("nama")
            self.fields["desa"].required = False


class TimForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = TimPengelola
        fields = ["nomor_sk", "tanggal_sk", "berlaku_dari", "berlaku_sampai", "keterangan"]
        widgets = {
            "tanggal_sk": InputTanggal(),
            "berlaku_dari": InputTanggal(),
            "berlaku_sampai": InputTanggal(),
        }

    def clean(self):
        data = super().clean()
        dari, sampai = data.get("berlaku_dari"), data.get("berlaku_sampai")
        if dari and sampai and sampai < dari:
            self.add_error("berlaku_sampai", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        return data


class AnggotaForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = AnggotaTim
        fields = ["nama", "jabatan", "peran", "aktif_dari", "aktif_sampai"]
        widgets = {"aktif_dari": InputTanggal(), "aktif_sampai": InputTanggal()}

    def clean(self):
        data = super().clean()
        dari, sampai = data.get("aktif_dari"), data.get("aktif_sampai")
        if dari and sampai and sampai < dari:
            self.add_error("aktif_sampai", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        return data


class FormSetWajibSatu(forms.BaseInlineFormSet):
    pesan_kosong = _("Isi paling sedikit satu baris.")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        ada = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE", False) and f.has_changed()
        ]
        sisa_lama = [
            f
            for f in self.forms
            if f.instance.pk and not (f.cleaned_data or {}).get("DELETE", False)
        ]
        if not ada and not sisa_lama:
            raise ValidationError(self.pesan_kosong)


class FormSetAnggota(FormSetWajibSatu):
    pesan_kosong = _("Tim harus memiliki paling sedikit satu anggota.")


AnggotaFormSet = forms.inlineformset_factory(
    TimPengelola, AnggotaTim, form=AnggotaForm, formset=FormSetAnggota, extra=3, can_delete=True
)


class PelatihanForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = Pelatihan
        fields = [
            "modul",
            "tanggal_mulai",
            "tanggal_selesai",
            "tempat",
            "penyelenggara",
            "keterangan",
        ]
        widgets = {"tanggal_mulai": InputTanggal(), "tanggal_selesai": InputTanggal()}

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal_selesai", _("Tanggal selesai tidak boleh sebelum mulai."))
        return data


class PesertaForm(DesaKecamatanMixin, GayaBootstrap, forms.ModelForm):
    class Meta:
        model = PesertaPelatihan
        fields = ["nama", "peran", "jabatan", "desa"]


class FormSetPeserta(FormSetWajibSatu):
    pesan_kosong = _("Catat paling sedikit satu peserta.")


PesertaFormSet = forms.inlineformset_factory(
    Pelatihan, PesertaPelatihan, form=PesertaForm, formset=FormSetPeserta, extra=5, can_delete=True
)


class LampiranForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = LampiranPelatihan
        fields = ["berkas", "keterangan"]

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        maks_mb = int(getattr(settings, "PELAPORAN_LAMPIRAN_MAKS_MB", 10))
        # Only a new upload is measured: the stored file of an existing attachment may be
        # gone from disk, and asking its size would fail the whole form.
        if isinstance(berkas, UploadedFile) and berkas.size > maks_mb * 1024 * 1024:
            raise ValidationError(
                _("Berkas lebih dari %(mb)s MB.") % {"mb": maks_mb}, code="terlalu_besar"
            )
        return berkas


LampiranFormSet = forms.inlineformset_factory(
    Pelatihan, LampiranPelatihan, form=LampiranForm, extra=2, can_delete=True
)


class RapatForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = RapatKoordinasi
        fields = ["tanggal", "judul", "tempat", "agenda", "keputusan"]
        widgets = {"tanggal": InputTanggal()}


class KehadiranForm(DesaKecamatanMixin, GayaBootstrap, forms.ModelForm):
    class Meta:
        model = KehadiranRapat
        fields = ["nama", "jabatan", "desa"]


class FormSetKehadiran(FormSetWajibSatu):
    pesan_kosong = _("Catat paling sedikit satu peserta yang hadir.")


KehadiranFormSet = forms.inlineformset_factory(
    RapatKoordinasi,
    KehadiranRapat,
    form=KehadiranForm,
    formset=FormSetKehadiran,
    extra=5,
    can_delete=True,
)


class TindakLanjutForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = TindakLanjutRapat
        fields = ["uraian", "penanggung_jawab", "tenggat", "status", "selesai_pada", "catatan"]
        widgets = {
            "tenggat": InputTanggal(),
            "selesai_pada": InputTanggal(),
            "uraian": forms.Textarea(attrs={"rows": 2}),
            "catatan": forms.Textarea(attrs={"rows": 1}),
        }

    def clean(self):
        data = super().clean()
        if data.get("status") == StatusTindakLanjut.SELESAI and not data.get("selesai_pada"):
            self.add_error("selesai_pada", _("Isi tanggal selesai untuk tindak lanjut selesai."))
        selesai = data.get("selesai_pada")
        if selesai and selesai > timezone.localdate():
            self.add_error("selesai_pada", _("Tanggal selesai tidak boleh di masa depan."))
        return data


TindakLanjutFormSet = forms.inlineformset_factory(
    RapatKoordinasi, TindakLanjutRapat, form=TindakLanjutForm, extra=3, can_delete=True
)


class AgendaMonevForm(GayaBootstrap, forms.ModelForm):
    class Meta:
        model = AgendaMonev
        fields = [
            "kegiatan",
            "tanggal_rencana",
            "pihak_sekber",
            "status",
            "tanggal_pelaksanaan",
            "hasil",
        ]
        widgets = {"tanggal_rencana": InputTanggal(), "tanggal_pelaksanaan": InputTanggal()}

    def clean(self):
        data = super().clean()
        if data.get("status") == AgendaMonev.Status.TERLAKSANA and not data.get(
            "tanggal_pelaksanaan"
        ):
            self.add_error(
                "tanggal_pelaksanaan", _("Isi tanggal pelaksanaan untuk agenda yang terlaksana.")
            )
        return data


class NarasiForm(GayaBootstrap, forms.Form):
    narasi = forms.CharField(
        label=_("Narasi camat"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_(
            "Uraian capaian, kendala dan rencana tindak lanjut triwulan ini. Angka laporan "
            "dihasilkan dari data dan tidak diketik."
        ),
    )


def pilihan_triwulan(hari_ini=None, n=8):
    hari_ini = hari_ini or timezone.localdate()
    return [(t.teks, t.label) for t in Triwulan.dari_tanggal(hari_ini).mundur(n)[::-1]]


class PekerjaanLaporanForm(GayaBootstrap, forms.Form):
    """A Sekber user asks for every kecamatan report of one kabupaten or province."""

    wilayah = forms.ChoiceField(label=_("Kabupaten/kota atau provinsi"))
    triwulan = forms.ChoiceField(label=_("Triwulan"))
    format = forms.ChoiceField(label=_("Format"), choices=PekerjaanEkspor.Format.choices)

    def __init__(self, *args, lingkup, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped by province: "the whole province" first, then its kabupaten/kota.
        provinsi = dict(
            Provinsi.objects.aktif().filter(lingkup.q_kode("kode")).values_list("kode", "nama")
        )
        kabupaten = (
            Kabupaten.objects.aktif()
            .filter(lingkup.q_kode("kode"))
            .order_by("kode")
            .values_list("kode", "nama", "provinsi_id")
        )
        grup = {}
        for kode, nama in sorted(provinsi.items()):
            grup[kode] = [(kode, _("Seluruh provinsi %(nama)s") % {"nama": nama})]
        for kode, nama, prov in kabupaten:
            grup.setdefault(prov, []).append((kode, nama))
        pilihan = [(provinsi.get(prov, prov), isi) for prov, isi in grup.items()]
        self.fields["wilayah"].choices = pilihan
        self.fields["triwulan"].choices = pilihan_triwulan()
        self.fields["triwulan"].initial = Triwulan.terakhir_selesai().teks

    def clean_triwulan(self):
        return Triwulan.dari_teks(self.cleaned_data["triwulan"])
