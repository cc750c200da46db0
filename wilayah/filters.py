import django_filters
from django.utils.translation import gettext_lazy as _

from dashboard_kecamatan.umum.saringan import PilihanSemuaYaTidak

from .models import Desa


class DesaFilter(django_filters.FilterSet):
    nama = django_filters.CharFilter(label=_("Nama"), lookup_expr="icontains")
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=Desa.Jenis.choices, empty_label=_("Semua jenis")
    )
    aktif = django_filters.BooleanFilter(label=_("Aktif"), widget=PilihanSemuaYaTidak)

    class Meta:
        model = Desa
        fields = ["nama", "jenis", "aktif"]
