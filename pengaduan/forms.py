import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa, Sektor

from . import conf, selectors
from .gambar import foto_bersihkan
from .models import Status

# Size limits on every free text a citizen or officer writes (characters).
MAKS_JUDUL = 150
MAKS_ISI = 4000
MAKS_BALASAN = 2000
MAKS_KOMENTAR = 500

# No sector is chosen for the citizen: a preselected "Pendidikan" routes every careless filing
# to the education unit.
_PILIHAN_SEKTOR = [("", _("— pilih bidang layanan —")), *Sektor.choices]
_KODE_DESA = re.compile(r"^\s*(\d{2}\.\d{2}\.\d{2}\.\d{4})\b")


class FormDasar(forms.Form):
    """Adds Bootstrap's classes to the widgets (call _gaya() again after adding fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._gaya()

    def _gaya(self):
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput | forms.RadioSelect):
                kelas = "form-check-input"
            elif isinstance(w, forms.Select):
                kelas = "form-select"
            else:
                kelas = "form-control"
            w.attrs.setdefault("class", kelas)


class HoneypotMixin(FormDasar):
    """A field people never see (moved off-screen, skipped by keyboard and screen readers);
    bots that fill every input give themselves away. The view checks it before anything else."""

    situs_web = forms.CharField(
        required=False,
        label=_("Situs web (kosongkan)"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    HONEYPOT = "situs_web"


class FileBanyakInput(forms.FileInput):
    allow_multiple_selected = True


class FotoField(forms.FileField):
    """Zero or more photos; each is checked by content and re-encoded (gambar.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", FileBanyakInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        berkas = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        maks = conf.foto_maks_jumlah()
        if len(berkas) > maks:
            raise ValidationError(
                _("Paling banyak %(maks)s foto.") % {"maks": maks}, code="terlalu_banyak"
            )
        hasil, galat = [], []
        for b in berkas:
            try:
                super().clean(b, initial)
                hasil.append(foto_bersihkan(b))
            except ValidationError as e:
                galat.extend(e.error_list)
        if galat:
            raise ValidationError(galat)
        return hasil


class InputDesa(forms.TextInput):
    """The typed village, or the one the citizen picked from the choices offered after an
    ambiguous name (radio buttons named `<name>_pilih`, see pengaduan/_field.html)."""

    def value_from_datadict(self, data, files, name):
        return data.get(f"{name}_pilih") or super().value_from_datadict(data, files, name)


class DesaField(forms.CharField):
    """A village chosen by typing the way people name it (selectors.cocok_desa): "Waru",
    "waru pituruh", "Desa Waru, Kec. Pituruh", or a code. The page's script offers matches
    whose values start with the village code; without it, a name that points at one village
    is taken, and an ambiguous one offers its villages to pick from (`pilihan`), each with its
    kecamatan and kabupaten: never a request to type a 13-character code."""

    widget = InputDesa

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilihan = []

    def prepare_value(self, value):
        if isinstance(value, Desa):
            return f"{value.kode} · {value.nama}"
        return value

    def to_python(self, value):
        teks = super().to_python(value).strip()[:200]
        self.pilihan = []
        if not teks:
            return None
        cocok = _KODE_DESA.match(teks)
        if cocok:
            desa = Desa.objects.aktif().filter(kode=cocok.group(1)).first()
            if desa is None:
                raise ValidationError(_("Kode desa tidak dikenal."), code="tidak_dikenal")
            return desa
        hasil = selectors.cocok_desa(teks, batas=12)
        tepat = [d for d, peringkat in hasil if peringkat == 0]
        if len(tepat) == 1:
            return tepat[0]
        calon = tepat or [d for d, _p in hasil]
        if not calon:
            raise ValidationError(
                _(
                    "Desa “%(nama)s” tidak ditemukan. Ketik nama desa, bisa dengan nama "
                    "kecamatannya (mis. “Waru Pituruh”), lalu pilih dari daftar."
                )
                % {"nama": teks[:60]},
                code="tidak_ditemukan",
            )
        self.pilihan = [(f"{d.kode} · {d.nama}", selectors.label_desa(d)) for d in calon]
        if tepat:
            pesan = _("Ada beberapa desa bernama “%(nama)s”. Pilih yang Anda maksud:")
        else:
            pesan = _("Tidak ada desa bernama persis “%(nama)s”. Pilih yang Anda maksud:")
        raise ValidationError(pesan % {"nama": teks[:60]}, code="ganda")


def _field_desa(kecamatan):
    if kecamatan is None:
        return DesaField(
            label=_("Desa/kelurahan"),
            help_text=_(
                "Ketik nama desa atau kelurahan (boleh dengan kecamatannya, mis. “Waru "
                "Pituruh”), lalu pilih dari daftar."
            ),
            widget=InputDesa(
                attrs={"list": "daftar-desa", "autocomplete": "off", "data-cari-desa": "1"}
            ),
        )
    field = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .select_related("kecamatan")
        .order_by("nama"),
        to_field_name="kode",
        empty_label=_("— pilih desa/kelurahan —"),
    )
    field.label_from_instance = lambda d: d.nama
    return field


_telepon = RegexValidator(
    r"^[0-9+()\- ]{6,20}$",
    _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung."),
)


class FormLapor(HoneypotMixin):
    sektor = forms.ChoiceField(label=_("Bidang layanan"), choices=_PILIHAN_SEKTOR)
    judul = forms.CharField(
        label=_("Judul singkat"),
        max_length=MAKS_JUDUL,
        min_length=5,
        help_text=_("Contoh: Posyandu Dusun II tidak buka bulan ini"),
    )
    isi = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=MAKS_ISI,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tuliskan kapan, di mana, dan apa yang terjadi."),
    )
    urusan_desa = forms.BooleanField(
        label=_("Ini urusan pemerintah desa"),
        required=False,
        help_text=_(
            "Centang bila layanan ini diselenggarakan oleh pemerintah desa, agar laporan "
            "langsung diteruskan ke desa."
        ),
    )
    foto = FotoField(
        label=_("Foto (tidak wajib)"),
        help_text=_("JPEG, PNG atau WebP; paling banyak 3 foto, masing-masing 5 MB."),
    )
    nama = forms.CharField(label=_("Nama (tidak wajib)"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail (tidak wajib)"),
        required=False,
        help_text=_("Untuk menerima pemberitahuan tanggapan."),
    )
    telepon = forms.CharField(
        label=_("Telepon (tidak wajib)"), max_length=20, required=False, validators=[_telepon]
    )
    anonim = forms.BooleanField(
        label=_("Anonim"),
        required=False,
        help_text=_(
            "Nama dan telepon Anda tidak disimpan dan identitas Anda tidak diperlihatkan kepada "
            "petugas. E-mail, bila diisi, hanya dipakai untuk mengirim pemberitahuan."
        ),
    )
    rahasia = forms.BooleanField(
        label=_("Rahasia"),
        required=False,
        help_text=_("Laporan tidak ditampilkan di daftar laporan publik."),
    )

    field_order = [
        "sektor",
        "desa",
        "urusan_desa",
        "judul",
        "isi",
        "foto",
        "nama",
        "email",
        "telepon",
        "anonim",
        "rahasia",
        "situs_web",
    ]

    def __init__(self, *args, kecamatan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = _field_desa(kecamatan)
        self.order_fields(self.field_order)
        self._gaya()


class FormLacak(FormDasar):
    kode = forms.CharField(
        label=_("Kode pelacakan"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class FormBalas(HoneypotMixin):
    isi = forms.CharField(
        label=_("Balasan Anda"),
        max_length=MAKS_BALASAN,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    selesai = forms.BooleanField(label=_("Masalah saya sudah selesai"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("isi", "").strip() and not data.get("selesai"):
            raise ValidationError(_("Tulis balasan Anda atau nyatakan masalah sudah selesai."))
        return data


class FormNilai(HoneypotMixin):
    sektor = forms.ChoiceField(label=_("Bidang layanan"), choices=_PILIHAN_SEKTOR)
    nilai = forms.TypedChoiceField(
        label=_("Nilai"),
        coerce=int,
        choices=[
            (1, _("1 — sangat buruk")),
            (2, _("2 — buruk")),
            (3, _("3 — cukup")),
            (4, _("4 — baik")),
            (5, _("5 — sangat baik")),
        ],
        widget=forms.RadioSelect,
    )
    komentar = forms.CharField(
        label=_("Komentar (tidak wajib)"),
        max_length=MAKS_KOMENTAR,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["sektor", "desa", "nilai", "komentar", "situs_web"]

    def __init__(self, *args, kecamatan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = _field_desa(kecamatan)
        self.order_fields(self.field_order)
        self._gaya()


# --- staff -----------------------------------------------------------------------------------


class UnitField(forms.ChoiceField):
    """A unit of the complaint's kecamatan, cleaned to (peran, kode)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        peran, _sep, kode = value.partition("|")
        return peran, kode


class _FormStaf(FormDasar):
    def __init__(self, *args, pengaduan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pengaduan = pengaduan


def _field_unit(pengaduan, **kwargs):
    kecamatan = pengaduan.desa_id.rsplit(".", 1)[0]
    return UnitField(
        label=_("Unit tujuan"),
        choices=selectors.unit_pilihan(kecamatan),
        initial=f"{pengaduan.unit_peran}|{pengaduan.unit_kode}",
        **kwargs,
    )


class FormVerifikasi(_FormStaf):
    disposisikan = forms.BooleanField(
        label=_("Langsung disposisikan ke unit di bawah"), required=False, initial=True
    )
    catatan = forms.CharField(label=_("Catatan"), max_length=MAKS_BALASAN, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _field_unit(self.pengaduan, required=False)
        self.order_fields(["disposisikan", "unit", "catatan"])
        self._gaya()


class FormTolak(_FormStaf):
    alasan = forms.CharField(
        label=_("Alasan penolakan (dikirim kepada pelapor)"),
        max_length=MAKS_BALASAN,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FormDisposisi(_FormStaf):
    sektor = forms.ChoiceField(label=_("Sektor"), choices=Sektor.choices)
    catatan = forms.CharField(label=_("Catatan"), max_length=MAKS_BALASAN, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _field_unit(self.pengaduan)
        self.fields["sektor"].initial = self.pengaduan.sektor
        self.order_fields(["unit", "sektor", "catatan"])
        self._gaya()


class FormTanggapan(_FormStaf):
    isi = forms.CharField(
        label=_("Tanggapan"), max_length=MAKS_ISI, widget=forms.Textarea(attrs={"rows": 4})
    )
    publik = forms.TypedChoiceField(
        label=_("Jenis"),
        choices=[
            ("1", _("Tanggapan kepada pelapor")),
            ("0", _("Catatan internal (tidak terlihat pelapor)")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    minta_konfirmasi = forms.BooleanField(
        label=_("Tindak lanjut selesai: minta konfirmasi pelapor"),
        required=False,
        help_text=_("Laporan ditutup otomatis bila pelapor tidak menjawab dalam %(hari)s hari."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields["minta_konfirmasi"]
        f.help_text = f.help_text % {"hari": conf.hari_konfirmasi()}


class FormTutup(_FormStaf):
    status = forms.ChoiceField(
        label=_("Tutup sebagai"),
        choices=[(Status.SELESAI, Status.SELESAI.label), (Status.DIARSIPKAN, _("Diarsipkan"))],
    )
    catatan = forms.CharField(
        label=_("Catatan penutupan (dikirim kepada pelapor; wajib bila diarsipkan)"),
        max_length=MAKS_BALASAN,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
