import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Pengaduan
from .selectors import label_unit


def _waktu(nilai, zona):
    """A moment on the village's own clock, with its zone: "4 Des 2026 09.00 WITA"."""
    lokal = timezone.localtime(nilai, zona)
    return f"{date_format(lokal, 'DATETIME_FORMAT')} {lokal.tzname()}"


class PengaduanTable(tables.Table):
    nomor = tables.LinkColumn(
        "pengaduan:detail", args=[tables.A("pk")], verbose_name=_("Nomor"), order_by=("id",)
    )
    diterima_pada = tables.Column(verbose_name=_("Diterima"))
    sektor = tables.Column(verbose_name=_("Sektor"))
    desa = tables.Column(verbose_name=_("Desa"), accessor="desa__nama", order_by=("desa__nama",))
    judul = tables.Column(verbose_name=_("Judul"))
    status = tables.Column(verbose_name=_("Status"))
    unit = tables.Column(verbose_name=_("Unit"), empty_values=(), orderable=False)
    batas = tables.Column(verbose_name=_("Tenggat"), empty_values=(), orderable=False)

    class Meta:
        model = Pengaduan
        fields = ("nomor", "diterima_pada", "sektor", "desa", "judul", "status", "unit", "batas")
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = _("Belum ada pengaduan.")

    def render_judul(self, value):
        # Autoescaped by format_html; the title is the citizen's own text.
        return format_html("{}", value if len(value) <= 80 else value[:78] + "…")

    def render_unit(self, record):
        return label_unit(record.unit_peran, getattr(record, "unit_desa_nama", None))

    def render_diterima_pada(self, value, record):
        return _waktu(value, record.zona)

    def render_batas(self, record):
        batas = record.batas_aktif
        teks = "" if batas is None else _waktu(batas, record.zona)
        if record.terlambat:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', teks, _("terlambat")
            )
        return teks
