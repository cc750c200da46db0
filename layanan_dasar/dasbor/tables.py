"""The dashboards' tables (django-tables2): sortable, paginated, exportable (dasbor/ekspor.py).

Every chart's numbers appear in one of these. Rows are dicts shaped by the views from the
aggregate rows already read, so a table adds no query. Numbers render in Indonesian format
(1.234,5) and export as raw numbers.
"""

from datetime import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .hitung import LABEL_LAMPU, SIMBOL_LAMPU, angka

ATTRS = {"class": "table table-sm table-striped table-hover align-middle mb-1"}


class AngkaColumn(tables.Column):
    """A right-aligned number in Indonesian format; exported raw."""

    def __init__(self, *args, desimal=1, **kwargs):
        self.desimal = desimal
        attrs = kwargs.pop("attrs", {})
        attrs.setdefault("td", {"class": "angka"})
        attrs.setdefault("th", {"class": "angka"})
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return angka(value, self.desimal)

    def render_cepat(self, value, record):
        return angka(value, self.desimal)

    def value(self, value):
        return value


class LampuColumn(tables.Column):
    """A traffic light: colour, shape and words, never colour alone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Status"))
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        warna = "abu" if value == "tanpa" else value
        return format_html(
            '<span class="lampu lampu-{}" aria-hidden="true"></span> {} {}',
            warna,
            SIMBOL_LAMPU.get(value, ""),
            LABEL_LAMPU.get(value, ""),
        )

    def render_cepat(self, value, record):
        return self.render(value)

    def value(self, value):
        return str(LABEL_LAMPU.get(value, ""))


class PerubahanColumn(tables.Column):
    """Change from the previous period, with an arrow and whether it is better or worse."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Perubahan"))
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("attrs", {"td": {"class": "angka"}, "th": {"class": "angka"}})
        super().__init__(*args, **kwargs)

    def render_cepat(self, value, record):
        return self.render(value, record)

    def render(self, value, record):
        if value is None:
            return "—"
        arah = record.get("arah_perubahan")
        panah = "▲" if value > 0 else ("▼" if value < 0 else "→")
        kelas = {"membaik": "text-success", "memburuk": "text-danger"}.get(arah, "text-muted")
        kata = {"membaik": _("membaik"), "memburuk": _("memburuk"), "tetap": _("tetap")}.get(
            arah, ""
        )
        tanda = "+" if value > 0 else ""
        return format_html(
            '<span class="{}">{} {}{} <small>({})</small></span>',
            kelas,
            panah,
            tanda,
            angka(value),
            kata,
        )

    def value(self, value):
        return value


class TautanColumn(tables.Column):
    """Text linking to record['url'] (the rows carry their own scoped URLs)."""

    def __init__(self, *args, kunci_url="url", **kwargs):
        self.kunci_url = kunci_url
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        url = record.get(self.kunci_url)
        return format_html('<a href="{}">{}</a>', url, value) if url else value

    def render_cepat(self, value, record):
        return self.render(value, record)

    def value(self, value):
        return value


class SparklineColumn(tables.Column):
    """A tiny inline SVG of the last 24 months (server-drawn; no script, not exported)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Tren 24 bulan"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render_cepat(self, value, record):
        return self.render(value)

    def render(self, value):
        titik = [(i, v) for i, v in enumerate(value or []) if v is not None]
        if len(titik) < 2:
            return "—"
        lebar, tinggi = 96, 22
        n = max(len(value) - 1, 1)
        lo = min(v for _i, v in titik)
        hi = max(v for _i, v in titik)
        rentang = (hi - lo) or 1.0
        poin = " ".join(
            f"{i * lebar / n:.1f},{tinggi - 2 - (v - lo) * (tinggi - 4) / rentang:.1f}"
            for i, v in titik
        )
        return format_html(
            '<svg width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
            '<polyline fill="none" stroke="#0072B2" stroke-width="1.5" points="{}"/></svg>',
            lebar,
            tinggi,
            lebar,
            tinggi,
            _("Tren"),
            poin,
        )


def _meta(**extra):
    return type(
        "Meta",
        (),
        {"attrs": ATTRS, "per_page": 25, "empty_text": _("Tidak ada data."), **extra},
    )


def _sel_biasa(column, value, record):
    """A cell of a column without its own fast renderer (plain text, dates)."""
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return conditional_escape(value)


class DasborTable(tables.Table):
    """Base: `nama` is the table's key in the page's export links (?ekspor=csv&tabel=nama).

    Rows are dicts and every column renders from the row alone, so the page's body is built
    in Python (`tbody`) instead of through django-tables2's per-cell template machinery, which
    costs more than the rest of a dashboard page. Ordering, pagination, headers and exports
    are django-tables2's own.
    """

    nama = "tabel"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"{self.nama}-")
        super().__init__(*args, **kwargs)

    def tbody(self):
        kolom = []
        for bc in self.columns:
            kelas = bc.column.attrs.get("td", {}).get("class", "")
            render = getattr(bc.column, "render_cepat", None)
            kolom.append((bc.accessor, bc.column, render, f' class="{kelas}"' if kelas else ""))
        baris = []
        for row in self.paginated_rows:
            rec = row.record
            sel = []
            for accessor, column, render, kelas in kolom:
                v = accessor.resolve(rec, quiet=True)
                if v is None and not isinstance(column, AngkaColumn | PerubahanColumn):
                    html = "—"
                elif render is not None:
                    html = conditional_escape(render(v, rec))
                else:
                    html = _sel_biasa(column, v, rec)
                sel.append(f"<td{kelas}>{html}</td>")
            baris.append("<tr>" + "".join(sel) + "</tr>")
        if not baris:
            baris.append(
                f'<tr><td colspan="{len(kolom)}">{conditional_escape(self.empty_text)}</td></tr>'
            )
        return mark_safe("".join(baris))  # every cell escaped above

    Meta = _meta()


class CapaianTable(DasborTable):
    nama = "capaian"
    indikator = TautanColumn(verbose_name=_("Indikator"))
    nilai = AngkaColumn(verbose_name=_("Capaian (%)"))
    dasar = tables.Column(verbose_name=_("Dasar capaian"))
    target = AngkaColumn(verbose_name=_("Target periode"))
    target_tahunan = AngkaColumn(verbose_name=_("Target setahun"))
    status = LampuColumn(order_by=("status_urut",))
    layanan_periode = AngkaColumn(verbose_name=_("Layanan periode ini"), desimal=0)
    perubahan = PerubahanColumn()
    pembilang = AngkaColumn(verbose_name=_("Pembilang"), desimal=0)
    penyebut = AngkaColumn(verbose_name=_("Penyebut"), desimal=0)
    kelengkapan = AngkaColumn(verbose_name=_("Kelengkapan (%)"))

    Meta = _meta()


class PeringkatTable(DasborTable):
    nama = "peringkat"
    peringkat = tables.Column(verbose_name=_("Peringkat"), empty_values=())
    nama_desa = TautanColumn(accessor="nama", verbose_name=_("Desa/kelurahan"))
    indeks = AngkaColumn(verbose_name=_("Indeks (0–100)"))
    hijau = AngkaColumn(verbose_name=_("Mencapai target"), desimal=0)
    kuning = AngkaColumn(verbose_name=_("Mendekati target"), desimal=0)
    merah = AngkaColumn(verbose_name=_("Di bawah target"), desimal=0)
    tanpa_data = AngkaColumn(verbose_name=_("Tidak ada data"), desimal=0)

    Meta = _meta(per_page=20)


class PrioritasTable(DasborTable):
    nama = "prioritas"
    sektor = tables.Column(verbose_name=_("Sektor"))
    nama_desa = TautanColumn(accessor="nama", verbose_name=_("Desa/kelurahan"))
    indeks = AngkaColumn(verbose_name=_("Indeks (0–100)"))
    merah = AngkaColumn(verbose_name=_("Indikator di bawah target"), desimal=0)
    terburuk = tables.Column(verbose_name=_("Kekurangan terbesar"))
    kekurangan = AngkaColumn(verbose_name=_("Kurang dari target (poin)"))

    Meta = _meta(per_page=40)


class LebarTable(DasborTable):
    """A wide table whose value columns are added per call (villages × indicators, months ×
    indicators, children × indicators): pass `kolom=[(key, label)]`."""

    def __init__(self, data, *, kolom, kolom_depan=(), desimal=1, **kwargs):
        extra = list(kolom_depan) + [
            (k, AngkaColumn(verbose_name=label, desimal=desimal)) for k, label in kolom
        ]
        super().__init__(data, extra_columns=extra, **kwargs)


class HeatmapTable(LebarTable):
    nama = "heatmap"
    nama_desa = TautanColumn(accessor="nama", verbose_name=_("Desa/kelurahan"))

    Meta = _meta(per_page=20)


class TrenTable(LebarTable):
    nama = "tren"
    bulan = tables.Column(verbose_name=_("Bulan"), order_by=("periode",))

    Meta = _meta(per_page=12)


class DesaIndikatorTable(DasborTable):
    """The desa page: every indicator of the village with the kecamatan and kabupaten."""

    nama = "indikator"
    sektor = tables.Column(verbose_name=_("Sektor"))
    indikator = TautanColumn(verbose_name=_("Indikator"))
    nilai = AngkaColumn(verbose_name=_("Desa (%)"))
    status = LampuColumn(order_by=("status_urut",))
    perubahan = PerubahanColumn()
    kecamatan = AngkaColumn(verbose_name=_("Kecamatan (%)"))
    kabupaten = AngkaColumn(verbose_name=_("Kabupaten (%)"))
    target = AngkaColumn(verbose_name=_("Target"))
    pembilang = AngkaColumn(verbose_name=_("Pembilang"), desimal=0)
    penyebut = AngkaColumn(verbose_name=_("Penyebut"), desimal=0)
    tren = SparklineColumn()

    Meta = _meta(per_page=50)


class DesaNilaiTable(DasborTable):
    """The indicator page: one indicator's value per village."""

    nama = "desa"
    nama_desa = TautanColumn(accessor="nama", verbose_name=_("Desa/kelurahan"))
    kode = tables.Column(verbose_name=_("Kode"))
    nilai = AngkaColumn(verbose_name=_("Capaian (%)"))
    status = LampuColumn(order_by=("status_urut",))
    perubahan = PerubahanColumn()
    pembilang = AngkaColumn(verbose_name=_("Pembilang"), desimal=0)
    penyebut = AngkaColumn(verbose_name=_("Penyebut"), desimal=0)

    Meta = _meta(per_page=50)


class SebaranTable(DasborTable):
    nama = "sebaran"
    rentang = tables.Column(verbose_name=_("Rentang capaian"), order_by=("urut",))
    jumlah = AngkaColumn(verbose_name=_("Jumlah desa"), desimal=0)

    Meta = _meta(per_page=20)


class WilayahTable(LebarTable):
    """Sekber: the node's children with the chosen sector's indicators."""

    nama = "wilayah"
    nama_wilayah = TautanColumn(accessor="nama", verbose_name=_("Wilayah"))
    kode = tables.Column(verbose_name=_("Kode"))
    kelengkapan = AngkaColumn(verbose_name=_("Kelengkapan (%)"))

    Meta = _meta(per_page=50)


class PetaTable(DasborTable):
    """The map's numbers: the chosen indicator per village of the kabupaten."""

    nama = "peta"
    kode = tables.Column(verbose_name=_("Kode"))
    nama_desa = tables.Column(accessor="nama", verbose_name=_("Desa/kelurahan"))
    nilai = AngkaColumn(verbose_name=_("Capaian (%)"))
    status = LampuColumn(order_by=("status_urut",))

    Meta = _meta(per_page=20)


class AktivitasTable(DasborTable):
    nama = "aktivitas"
    nama_wilayah = TautanColumn(accessor="nama", verbose_name=_("Wilayah"))
    tepat = AngkaColumn(verbose_name=_("Tepat waktu"), desimal=0)
    terlambat = AngkaColumn(verbose_name=_("Terlambat"), desimal=0)
    tanpa = AngkaColumn(verbose_name=_("Tidak ada data"), desimal=0)
    belum = AngkaColumn(verbose_name=_("Belum jatuh tempo"), desimal=0)
    total = AngkaColumn(verbose_name=_("Jumlah kecamatan"), desimal=0)
    persen_tepat = AngkaColumn(verbose_name=_("Tepat waktu (%)"))

    Meta = _meta(per_page=50)


class StatusKecamatanTable(DasborTable):
    """Kabupaten level: each kecamatan's submission per sector for the month."""

    nama = "status"
    nama_wilayah = TautanColumn(accessor="nama", verbose_name=_("Kecamatan"))
    sektor = tables.Column(verbose_name=_("Sektor"))
    status = tables.Column(verbose_name=_("Status pengajuan"))
    diajukan_pada = tables.DateTimeColumn(verbose_name=_("Diajukan pada"), format="j M Y H:i")
    kategori = tables.Column(verbose_name=_("Ketepatan"))

    Meta = _meta(per_page=50)


class PengajuanTable(DasborTable):
    """UPT home: the user's own sectors' submissions, month by month."""

    nama = "pengajuan"
    bulan = tables.Column(verbose_name=_("Bulan"), order_by=("periode",))
    sektor = tables.Column(verbose_name=_("Sektor"))
    status = tables.Column(verbose_name=_("Status"))
    diajukan_pada = tables.DateTimeColumn(verbose_name=_("Diajukan pada"), format="j M Y H:i")
    kategori = tables.Column(verbose_name=_("Ketepatan"))

    Meta = _meta(per_page=24)
