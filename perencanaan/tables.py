"""The kecamatan overview table (sortable; exported as CSV and XLSX from the same rows)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .templatetags.uang import format_persen, format_rupiah

WARNA_STATUS = {
    "draf": "secondary",
    "diajukan": "primary",
    "ditinjau": "info",
    "perlu_revisi": "warning",
    "disetujui": "success",
    "berlaku": "dark",
    "": "light",
}


class RekapTable(tables.Table):
    desa_kode = tables.Column(verbose_name=_("Kode"))
    desa_nama = tables.Column(verbose_name=_("Desa"))
    status_label = tables.Column(verbose_name=_("Status"), order_by=("status",))
    tenggat = tables.Column(verbose_name=_("Tenggat"))
    total = tables.Column(verbose_name=_("Jumlah anggaran"), attrs={"td": {"class": "angka"}})
    persen_layanan_dasar = tables.Column(
        verbose_name=_("Porsi layanan dasar"), attrs={"td": {"class": "angka"}}
    )
    kesenjangan = tables.Column(
        verbose_name=_("Indikator di bawah target"), attrs={"td": {"class": "angka"}}
    )
    belum_ditangani = tables.Column(
        verbose_name=_("Kesenjangan belum ditangani"), attrs={"td": {"class": "angka"}}
    )
    pelanggaran = tables.Column(
        verbose_name=_("Pelanggaran aturan"), attrs={"td": {"class": "angka"}}
    )
    # Findings of the RKP Desa ⟷ APB Desa check (empty when the village lacks one of the two).
    rkp_apb = tables.Column(
        verbose_name=_("Ketidaksesuaian RKP ⟷ APB"), attrs={"td": {"class": "angka"}}
    )

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover", "id": "tabel-rekap"}
        order_by = ("desa_kode",)
        empty_text = _("Tidak ada desa yang cocok.")

    def render_desa_nama(self, value, record):
        if record["rencana_id"]:
            url = reverse("perencanaan:rencana", args=[record["rencana_id"]])
        else:
            url = reverse("perencanaan:desa", args=[record["desa_kode"]])
        return format_html('<a href="{}">{}</a>', url, value)

    def value_desa_nama(self, value):
        return value

    def value_status_label(self, value):
        return value

    def render_status_label(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', WARNA_STATUS.get(record["status"]), value
        )

    def render_tenggat(self, value, record):
        teks = date_format(value, "DATE_FORMAT")
        pihak = _("desa") if record["tenggat_pihak"] == "desa" else _("kecamatan")
        if record["terlambat"]:
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span> '
                '<small class="text-muted">{}</small>',
                teks,
                _("terlambat"),
                pihak,
            )
        return format_html('{} <small class="text-muted">{}</small>', teks, pihak)

    def value_tenggat(self, value, record):
        return value.isoformat() if value else ""

    def render_total(self, value):
        return format_rupiah(value)

    def value_total(self, value):
        return value

    def render_persen_layanan_dasar(self, value):
        return format_persen(value)

    def value_persen_layanan_dasar(self, value):
        return value
