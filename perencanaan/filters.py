"""The kecamatan overview's filters. The FilterSet is the body of the overview's selector: it
joins each village with its plan of the chosen year and document type, then narrows."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wilayah.models import Desa

from .models import Rencana
from .selectors import STATUS_AKTIF, desa_dengan_rencana

BELUM_ADA = "belum_ada"


class RekapFilter(django_filters.FilterSet):
    tahun = django_filters.NumberFilter(label=_("Tahun"), method="_tetap")
    jenis = django_filters.ChoiceFilter(
        label=_("Dokumen"), choices=Rencana.Jenis.choices, method="_tetap", empty_label=None
    )
    nama = django_filters.CharFilter(label=_("Nama desa"), lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*Rencana.Status.choices, (BELUM_ADA, _("Belum ada rencana"))],
        method="_status",
        empty_label=_("Semua status"),
    )
    terlambat = django_filters.BooleanFilter(
        label=_("Hanya yang lewat tenggat"),
        method="_terlambat",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Desa
        fields = []

    def __init__(self, data=None, *args, kecamatan, tahun_bawaan, **kwargs):
        self.kecamatan = kecamatan
        self.tahun_bawaan = tahun_bawaan
        super().__init__(data, *args, queryset=Desa.objects.none(), **kwargs)
        for field in self.form.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs["class"] = "form-check-input"
            elif isinstance(w, forms.Select):
                w.attrs["class"] = "form-select"
            else:
                w.attrs["class"] = "form-control"
        self.form.fields["tahun"].widget.attrs.update({"min": 2000, "max": 2100, "size": 6})
        self.form.fields["jenis"].initial = Rencana.Jenis.APB
        self.form.fields["tahun"].initial = tahun_bawaan

    @property
    def tahun_dipilih(self):
        """The plan year shown (the default when the field is empty or out of range)."""
        self.is_valid()  # fills cleaned_data
        tahun = self.form.cleaned_data.get("tahun")
        return int(tahun) if tahun and 2000 <= tahun <= 2100 else self.tahun_bawaan

    @property
    def jenis_dipilih(self):
        self.is_valid()
        return self.form.cleaned_data.get("jenis") or Rencana.Jenis.APB

    def filter_queryset(self, queryset):
        queryset = desa_dengan_rencana(self.kecamatan, self.tahun_dipilih, self.jenis_dipilih)
        return super().filter_queryset(queryset)

    def _tetap(self, queryset, name, value):
        return queryset  # applied in filter_queryset, where the plan is joined

    def _status(self, queryset, name, value):
        if value == BELUM_ADA:
            return queryset.filter(rencana_id__isnull=True)
        return queryset.filter(rencana_status=value)

    def _terlambat(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            rencana_status__in=STATUS_AKTIF, rencana_tenggat__lt=timezone.localdate()
        )
