import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard_kecamatan.umum.saringan import PilihanSemuaYaTidak
from wilayah.models import Kabupaten, Provinsi

from .models import LaporanTriwulan, ModulPelatihan, Pelatihan, RapatKoordinasi, StatusTindakLanjut


class FilterBergaya(django_filters.FilterSet):
    """Bootstrap classes on the filter widgets (small controls in one row)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            kelas = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", kelas)
        return form


class MonitoringFilter(FilterBergaya):
    """Sekber monitoring list: by province/kabupaten inside the user's scope, name, team and
    report status."""

    provinsi = django_filters.ModelChoiceFilter(
        label=_("Provinsi"),
        queryset=Provinsi.objects.none(),
        field_name="kabupaten__provinsi",
        empty_label=_("Semua provinsi"),
    )
    kabupaten = django_filters.ModelChoiceFilter(
        label=_("Kabupaten/kota"),
        queryset=Kabupaten.objects.none(),
        empty_label=_("Semua kabupaten/kota"),
    )
    nama = django_filters.CharFilter(label=_("Nama kecamatan"), lookup_expr="icontains")
    tim_aktif = django_filters.BooleanFilter(label=_("Tim aktif"), widget=PilihanSemuaYaTidak)
    status_laporan = django_filters.ChoiceFilter(
        label=_("Laporan triwulan"),
        choices=[("belum", _("Belum dibuat")), *LaporanTriwulan.Status.choices],
        method="saring_status_laporan",
        empty_label=_("Semua"),
    )

    def __init__(self, *args, lingkup, **kwargs):
        super().__init__(*args, **kwargs)
        provinsi = Provinsi.objects.aktif().filter(lingkup.q_kode("kode"))
        kabupaten = Kabupaten.objects.aktif().filter(lingkup.q_kode("kode"))
        pilih_prov = (self.data or {}).get("provinsi")
        if pilih_prov:
            kabupaten = kabupaten.filter(provinsi_id=pilih_prov)
        self.filters["provinsi"].queryset = provinsi
        self.filters["kabupaten"].queryset = kabupaten
        if lingkup.kode:
            # A province or kabupaten monitor has a single province: no point choosing it.
            del self.filters["provinsi"]
        if lingkup.kode.count(".") >= 1:
            del self.filters["kabupaten"]

    def saring_status_laporan(self, queryset, name, value):
        if value == "belum":
            return queryset.filter(status_laporan__isnull=True)
        return queryset.filter(status_laporan=value)


class PelatihanFilter(FilterBergaya):
    modul = django_filters.ChoiceFilter(
        label=_("Modul"), choices=ModulPelatihan.choices, empty_label=_("Semua modul")
    )
    tahun = django_filters.NumberFilter(
        label=_("Tahun"), field_name="tanggal_mulai", lookup_expr="year"
    )

    class Meta:
        model = Pelatihan
        fields = ["modul", "tahun"]


class RapatFilter(FilterBergaya):
    judul = django_filters.CharFilter(label=_("Judul/agenda"), method="saring_teks")
    tahun = django_filters.NumberFilter(label=_("Tahun"), field_name="tanggal", lookup_expr="year")

    class Meta:
        model = RapatKoordinasi
        fields = ["judul", "tahun"]

    def saring_teks(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(judul__icontains=value) | Q(agenda__icontains=value))


class TindakLanjutFilter(FilterBergaya):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StatusTindakLanjut.choices, empty_label=_("Semua status")
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Terlambat"), method="saring_terlambat", widget=PilihanSemuaYaTidak
    )

    def saring_terlambat(self, queryset, name, value):
        from django.utils import timezone

        terlambat = queryset.terlambat_pada(timezone.localdate())
        if value:
            return terlambat
        return queryset.exclude(pk__in=terlambat.values("pk"))
