"""The desa activity page: which villages are sending and how fresh it is, per kecamatan (the
camat's own; a Sekber's for any kecamatan of its scope)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard_kecamatan.umum import ekspor
from wilayah.access import access_kecamatan, saring
from wilayah.models import Kecamatan, Sektor, Tingkat
from wilayah.selectors import leluhur

from ..selectors.aktivitas import aktif_per_kecamatan, aktivitas_desa, hari_aktif
from .akses import lingkup_permintaan

STATUS = [
    ("", gettext_lazy("Semua")),
    ("aktif", gettext_lazy("Aktif")),
    ("tidak_aktif", gettext_lazy("Tidak aktif")),
    ("belum", gettext_lazy("Belum pernah")),
]


class SaringForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS, required=False)
    q = forms.CharField(label=gettext_lazy("Nama desa"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"


def _semua_sektor(request):
    """The page spans every sector: camat, sekcam and Sekber (sector staff: 404)."""
    lingkup = lingkup_permintaan(request)
    if lingkup.sektor is not None or lingkup.tingkat == Tingkat.DESA:
        raise Http404
    return lingkup


@login_required
def aktivitas_indeks(request):
    """Camat → their kecamatan; Sekber → the kecamatan of its scope (searchable)."""
    lingkup = _semua_sektor(request)
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return redirect("pelaporan:aktivitas_desa", kode=lingkup.kode)
    q = (request.GET.get("q") or "").strip()
    qs = saring(Kecamatan.objects.select_related("kabupaten"), request.user).order_by("kode")
    if q:
        qs = qs.filter(nama__icontains=q) | qs.filter(kode__startswith=q)
    daftar = list(qs[:50])
    hitung = aktif_per_kecamatan([k.kode for k in daftar])
    for k in daftar:
        k.desa_aktif, k.desa_jumlah = hitung[k.kode]
    return render(
        request,
        "pelaporan/aktivitas_indeks.html",
        {
            "daftar": daftar,
            "q": q,
            "hari_aktif": hari_aktif(),
            "remah": leluhur(lingkup.kode, lingkup),
        },
    )


@login_required
def aktivitas_desa_halaman(request, kode):
    lingkup = _semua_sektor(request)
    kecamatan = access_kecamatan(request.user, kode)
    form = SaringForm(request.GET or None)
    baris = aktivitas_desa(kecamatan)
    if form.is_valid():
        if form.cleaned_data["status"]:
            baris = [b for b in baris if b.status == form.cleaned_data["status"]]
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"].lower()
            baris = [b for b in baris if q in b.nama.lower()]
    format = request.GET.get("format")
    if format in ("csv", "xlsx"):
        return _ekspor(baris, kecamatan, format)
    return render(
        request,
        "pelaporan/aktivitas_desa.html",
        {
            "kecamatan": kecamatan,
            "baris": baris,
            "form": form,
            "hari_aktif": hari_aktif(),
            "sektor": Sektor.choices,
            "jumlah_aktif": sum(1 for b in baris if b.aktif),
            "query_ekspor": request.GET.urlencode(),
            "remah": leluhur(kecamatan.kode, lingkup),
        },
    )


def _waktu(w):
    return timezone.localtime(w).replace(tzinfo=None) if w else None


def _ekspor(baris, kecamatan, format):
    label = {"aktif": _("aktif"), "tidak_aktif": _("tidak aktif"), "belum": _("belum pernah")}
    kepala = [_("Kode"), _("Desa"), _("Status")]
    for _s, nama in Sektor.choices:
        kepala += [_("%(s)s: bulan terakhir") % {"s": nama}, _("%(s)s: diubah") % {"s": nama}]
    kepala += [
        _("Rencana terakhir"),
        _("Rencana diubah"),
        _("Impor terakhir: sumber"),
        _("Impor terakhir: berkas"),
        _("Impor terakhir: oleh"),
        _("Impor terakhir: pada"),
        _("Login operator desa"),
    ]
    rows = []
    for b in baris:
        row = [b.kode, b.nama, label[b.status]]
        for s in Sektor.values:
            x = b.sektor.get(s)
            row += [x[0].strftime("%Y-%m") if x else None, _waktu(x[1]) if x else None]
        row += [
            f"{b.rencana[0]} {b.rencana[1]} ({b.rencana[2]})" if b.rencana else None,
            _waktu(b.rencana[3]) if b.rencana else None,
            b.impor.get_sumber_display() if b.impor else None,
            b.impor.nama_berkas if b.impor else None,
            b.impor.oleh.username if b.impor and b.impor.oleh else None,
            _waktu(b.impor.pada) if b.impor else None,
            _waktu(b.login_operator),
        ]
        rows.append(row)
    return ekspor.respons_tabel(
        format, f"aktivitas-desa-{kecamatan.kode}", _("Aktivitas desa"), kepala, rows
    )
