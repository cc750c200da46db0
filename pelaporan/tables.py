import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    STATUS_TERBUKA,
    AgendaMonev,
    LaporanTriwulan,
    PekerjaanEkspor,
    Pelatihan,
    RapatKoordinasi,
    TindakLanjutRapat,
)

ATTRS = {"class": "table table-sm table-striped table-hover align-middle"}


def _ya_tidak(nilai):
    # Never colour alone: a word and a symbol.
    if nilai:
        return format_html('<span class="badge text-bg-success">✓ {}</span>', _("Ya"))
    return format_html('<span class="badge text-bg-secondary">✗ {}</span>', _("Tidak"))


class PelatihanTable(tables.Table):
    tanggal_mulai = tables.DateColumn(
        "d/m/Y", verbose_name=_("Tanggal"), linkify=lambda record: record_url(record)
    )
    modul = tables.Column(verbose_name=_("Modul"))
    tempat = tables.Column(verbose_name=_("Tempat"))
    n_peserta = tables.Column(verbose_name=_("Peserta"), attrs={"td": {"class": "text-end"}})
    n_lampiran = tables.Column(verbose_name=_("Lampiran"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Pelatihan
        fields = ("tanggal_mulai", "modul", "tempat", "n_peserta", "n_lampiran")
        attrs = ATTRS
        per_page = 50


class RapatTable(tables.Table):
    tanggal = tables.DateColumn(
        "d/m/Y", verbose_name=_("Tanggal"), linkify=lambda record: record_url(record)
    )
    judul = tables.Column(verbose_name=_("Judul"))
    n_hadir = tables.Column(verbose_name=_("Hadir"), attrs={"td": {"class": "text-end"}})
    n_tindak_lanjut = tables.Column(
        verbose_name=_("Tindak lanjut"), attrs={"td": {"class": "text-end"}}
    )
    n_terbuka = tables.Column(verbose_name=_("Masih terbuka"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = RapatKoordinasi
        fields = ("tanggal", "judul", "n_hadir", "n_tindak_lanjut", "n_terbuka")
        attrs = ATTRS
        per_page = 50


class TindakLanjutTable(tables.Table):
    uraian = tables.Column(verbose_name=_("Tindak lanjut"))
    rapat = tables.Column(verbose_name=_("Rapat"), linkify=lambda record: record_url(record.rapat))
    penanggung_jawab = tables.Column(verbose_name=_("Penanggung jawab"))
    tenggat = tables.DateColumn("d/m/Y", verbose_name=_("Tenggat"))
    status = tables.Column(verbose_name=_("Status"))
    terlambat = tables.Column(verbose_name=_("Terlambat"), empty_values=(), orderable=False)

    class Meta:
        model = TindakLanjutRapat
        fields = ("uraian", "rapat", "penanggung_jawab", "tenggat", "status")
        attrs = ATTRS
        per_page = 50

    def render_terlambat(self, record):
        terlambat = record.status in STATUS_TERBUKA and record.tenggat < timezone.localdate()
        if terlambat:
            return format_html('<span class="badge text-bg-danger">! {}</span>', _("Terlambat"))
        return "—"


class MonevTable(tables.Table):
    kegiatan = tables.Column(verbose_name=_("Kegiatan"))
    tanggal_rencana = tables.DateColumn("d/m/Y", verbose_name=_("Rencana"))
    tanggal_pelaksanaan = tables.DateColumn("d/m/Y", verbose_name=_("Pelaksanaan"))
    pihak_sekber = tables.Column(verbose_name=_("Pihak Sekber"))
    status = tables.Column(verbose_name=_("Status"))
    ubah = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = AgendaMonev
        fields = ("kegiatan", "tanggal_rencana", "tanggal_pelaksanaan", "pihak_sekber", "status")
        attrs = ATTRS
        per_page = 50

    def __init__(self, *args, boleh_ubah=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not boleh_ubah:
            self.exclude = ("ubah",)

    def render_ubah(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            reverse("pelaporan:monev_ubah", args=[record.pk]),
            _("Ubah"),
        )


class MonitoringTable(tables.Table):
    kode = tables.Column(verbose_name=_("Kode"))
    nama = tables.Column(verbose_name=_("Kecamatan"))
    kabupaten = tables.Column(verbose_name=_("Kabupaten/kota"), accessor="kabupaten__nama")
    tim_aktif = tables.Column(verbose_name=_("Tim aktif"))
    modul_dilatih = tables.Column(verbose_name=_("Modul dilatih"))
    staf_dilatih = tables.Column(verbose_name=_("Staf terlatih"))
    ketepatan = tables.Column(verbose_name=_("Data tepat waktu"), empty_values=(), orderable=False)
    rapat_triwulan = tables.Column(verbose_name=_("Rapat triwulan ini"))
    rencana_ditinjau = tables.Column(verbose_name=_("Rencana diputuskan"))
    rencana_terlambat = tables.Column(verbose_name=_("Rencana lewat tenggat"))
    status_laporan = tables.Column(verbose_name=_("Laporan"), empty_values=())

    class Meta:
        attrs = ATTRS
        per_page = 50

    def __init__(self, *args, ketepatan=None, diharapkan=12, tw=None, **kwargs):
        super().__init__(*args, **kwargs)
        # {kecamatan code: (submitted, on time)}: the view passes the scope's (one grouped
        # query, which the page's summary reads too).
        self.peta_ketepatan = ketepatan or {}
        self.diharapkan = diharapkan
        self.tw = tw

    def render_nama(self, record, value):
        if self.tw is None:
            return value
        return format_html(
            '<a href="{}">{}</a>',
            reverse("pelaporan:laporan_detail", args=[record.kode, self.tw.teks]),
            value,
        )

    def render_tim_aktif(self, value):
        return _ya_tidak(value)

    def render_modul_dilatih(self, value):
        return f"{value}/9"

    def render_ketepatan(self, record):
        diajukan, tepat = self.peta_ketepatan.get(record.kode, (0, 0))
        return f"{tepat}/{self.diharapkan}"

    def render_rencana_terlambat(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">! {}</span>', value)
        return "0"

    def render_status_laporan(self, value):
        if value == LaporanTriwulan.Status.DITANDATANGANI:
            return format_html(
                '<span class="badge text-bg-success">✓ {}</span>', _("Ditandatangani")
            )
        if value == LaporanTriwulan.Status.DRAF:
            return _("Draf")
        return _("Belum dibuat")


class PekerjaanTable(tables.Table):
    dibuat = tables.DateTimeColumn("d/m/Y H:i", verbose_name=_("Dibuat"))
    jenis = tables.Column(verbose_name=_("Jenis"), linkify=lambda record: record_url(record))
    wilayah_kode = tables.Column(verbose_name=_("Wilayah"))
    periode = tables.Column(verbose_name=_("Triwulan"))
    format = tables.Column(verbose_name=_("Format"))
    status = tables.Column(verbose_name=_("Status"))
    kemajuan = tables.Column(verbose_name=_("Kemajuan"), empty_values=(), orderable=False)

    class Meta:
        model = PekerjaanEkspor
        fields = ("dibuat", "jenis", "wilayah_kode", "periode", "format", "status")
        attrs = ATTRS
        per_page = 50

    def render_periode(self, value):
        from .triwulan import Triwulan

        return Triwulan.dari_tanggal(value).label_pendek

    def render_kemajuan(self, record):
        return f"{record.selesai}/{record.total}"


def record_url(obj):
    nama = {
        Pelatihan: "pelaporan:pelatihan_detail",
        RapatKoordinasi: "pelaporan:rapat_detail",
        PekerjaanEkspor: "pelaporan:pekerjaan_detail",
    }[type(obj)]
    return reverse(nama, args=[obj.pk])
