import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Desa


class DesaTable(tables.Table):
    kode = tables.Column(verbose_name=_("Kode"))
    nama = tables.LinkColumn("wilayah:desa", args=[tables.A("kode")], verbose_name=_("Nama"))
    jenis = tables.Column(verbose_name=_("Jenis"))
    aktif = tables.BooleanColumn(verbose_name=_("Aktif"))

    class Meta:
        model = Desa
        fields = ("kode", "nama", "jenis", "aktif")
        per_page = 50
        attrs = {"class": "table table-sm table-striped table-hover"}


class AnakWilayahTable(tables.Table):
    kode = tables.Column(verbose_name=_("Kode"))
    nama = tables.LinkColumn("wilayah:jelajah", args=[tables.A("kode")], verbose_name=_("Nama"))
    n_desa = tables.Column(verbose_name=_("Desa"), orderable=False)
    n_kelurahan = tables.Column(verbose_name=_("Kelurahan"), orderable=False)

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-striped table-hover"}
