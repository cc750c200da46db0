import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wilayah.models import Sektor

from .models import STATUS_AKHIR, Pengaduan, Status, q_terlambat

_NOMOR = re.compile(r"^\s*(?:ADU-?)?0*(\d{1,9})\s*$", re.IGNORECASE)


_YA_TIDAK = [("1", _("Ya")), ("0", _("Tidak"))]


class _FilterBergaya(django_filters.FilterSet):
    """Bootstrap's small form classes on the filter widgets."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_bergaya", False):
            for field in form.fields.values():
                kelas = (
                    "form-select form-select-sm"
                    if isinstance(field.widget, forms.Select)
                    else "form-control form-control-sm"
                )
                field.widget.attrs.setdefault("class", kelas)
            form._bergaya = True
        return form


def _prefiks_wilayah(queryset, name, value):
    value = (value or "").strip()
    if not value:
        return queryset
    return queryset.filter(Q(desa__kode=value) | Q(desa__kode__startswith=value + "."))


class PengaduanFilter(_FilterBergaya):
    cari = django_filters.CharFilter(label=_("Cari (nomor atau judul)"), method="saring_cari")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Semua status")
    )
    terbuka = django_filters.ChoiceFilter(
        label=_("Masih berjalan"),
        choices=_YA_TIDAK,
        empty_label=_("Semua"),
        method="saring_terbuka",
    )
    sektor = django_filters.ChoiceFilter(
        label=_("Sektor"), choices=Sektor.choices, empty_label=_("Semua sektor")
    )
    wilayah = django_filters.CharFilter(label=_("Kode wilayah/desa"), method=_prefiks_wilayah)
    terlambat = django_filters.ChoiceFilter(
        label=_("Terlambat"), choices=_YA_TIDAK, empty_label=_("Semua"), method="saring_terlambat"
    )

    class Meta:
        model = Pengaduan
        fields = ["cari", "status", "terbuka", "sektor", "wilayah", "terlambat"]

    def saring_cari(self, queryset, name, value):
        cocok = _NOMOR.match(value or "")
        if cocok:
            return queryset.filter(pk=int(cocok.group(1)))
        return queryset.filter(judul__icontains=value.strip())

    def saring_terbuka(self, queryset, name, value):
        if value not in ("0", "1"):
            return queryset
        q = ~Q(status__in=STATUS_AKHIR)
        return queryset.filter(q if value == "1" else ~q)

    def saring_terlambat(self, queryset, name, value):
        if value not in ("0", "1"):
            return queryset
        q = q_terlambat(timezone.now())
        return queryset.filter(q if value == "1" else ~q)


def _pilihan_tahun():
    sekarang = timezone.localdate().year
    return [(str(t), str(t)) for t in range(sekarang, sekarang - 6, -1)]


class StatistikFilter(_FilterBergaya):
    tahun = django_filters.ChoiceFilter(
        label=_("Tahun"),
        choices=_pilihan_tahun,
        empty_label=_("Semua tahun"),
        method="saring_tahun",
    )
    sektor = django_filters.ChoiceFilter(
        label=_("Sektor"), choices=Sektor.choices, empty_label=_("Semua sektor")
    )
    wilayah = django_filters.CharFilter(label=_("Kode wilayah"), method=_prefiks_wilayah)

    class Meta:
        model = Pengaduan
        fields = ["tahun", "sektor", "wilayah"]

    def saring_tahun(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(diterima_pada__year=int(value))


class PublikFilter(_FilterBergaya):
    sektor = django_filters.ChoiceFilter(
        label=_("Sektor"), choices=Sektor.choices, empty_label=_("Semua sektor")
    )
    wilayah = django_filters.CharFilter(label=_("Kode kecamatan/desa"), method=_prefiks_wilayah)
    judul = django_filters.CharFilter(label=_("Judul"), lookup_expr="icontains")

    class Meta:
        model = Pengaduan
        fields = ["sektor", "wilayah", "judul"]
