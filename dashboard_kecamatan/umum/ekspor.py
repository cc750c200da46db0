"""CSV and XLSX downloads of tables, shared by every app.

Users live in Excel, and in Indonesia Excel runs in the Indonesian locale: its list separator is
";" and its decimal mark ",". So every CSV the app writes goes through `nilai_csv`/`baris_csv`
here: ";" between fields, "8,3067" not "8.3067", dates as dd/mm/yyyy (the locale's short date),
a BOM (Excel then reads UTF-8 names correctly) and no cell that a spreadsheet would run as a
formula (text typed by villagers and operators reaches these files: CSV/formula injection).
XLSX cells are typed (numbers stay numbers, dates stay dates), so they need none of this.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
MIME_XLSX = MIME["xlsx"]
_AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")
PEMISAH_CSV = ";"  # Excel's list separator in the Indonesian locale
BOM = "\ufeff"
# Characters Excel refuses in a sheet title (openpyxl raises, e.g. "kabupaten/kota").
_LARANGAN_JUDUL = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
_TEBAL = Font(bold=True)
_ISI_KEPALA = PatternFill("solid", fgColor="DDE7F0")


def aman(nilai):
    """A text value that a spreadsheet will not run as a formula."""
    if isinstance(nilai, str) and nilai.startswith(_AWALAN_RUMUS):
        return "'" + nilai
    return nilai


# A formula start right after a list separator: a CSV written with one separator is often
# opened by an Excel that splits on another (Indonesian Windows ';', English ','), and then the
# piece after the separator is a cell of its own.
_RE_RUMUS_SISIP = re.compile(r"""([,;\t|]\s*["']?)(?=[=+\-@])""")


def aman_csv(nilai):
    """A text value safe in a CSV cell whatever separator the spreadsheet splits it on."""
    nilai = aman(nilai)
    if isinstance(nilai, str):
        return _RE_RUMUS_SISIP.sub(r"\1'", nilai)
    return nilai


def sel(nilai):
    """A Python value as a spreadsheet cell value."""
    if isinstance(nilai, datetime.datetime):
        return timezone.localtime(nilai).replace(tzinfo=None) if timezone.is_aware(nilai) else nilai
    if isinstance(nilai, bool):
        return _("Ya") if nilai else _("Tidak")
    if isinstance(nilai, Decimal):
        return float(nilai)
    if nilai is None or isinstance(nilai, int | float | datetime.date):
        return nilai
    return aman(str(nilai))


def _angka_csv(nilai):
    # No thousands separator: Excel would read "1.234" as 1.234 in some locales; ',' decimals
    # are what the Indonesian locale parses as a number.
    if isinstance(nilai, float):
        if nilai.is_integer():
            return str(int(nilai))
        nilai = Decimal(repr(nilai))  # the shortest exact text, never "1e-05"
    return format(nilai, "f").replace(".", ",")


def nilai_csv(nilai):
    """One Python value as the text of a CSV field that Indonesian-locale Excel reads right."""
    if nilai is None:
        return ""
    if isinstance(nilai, datetime.datetime):
        if timezone.is_aware(nilai):
            nilai = timezone.localtime(nilai)
        return nilai.strftime("%d/%m/%Y %H:%M")
    if isinstance(nilai, datetime.date):
        return nilai.strftime("%d/%m/%Y")
    if isinstance(nilai, bool):
        return _("Ya") if nilai else _("Tidak")
    if isinstance(nilai, int):
        return str(nilai)
    if isinstance(nilai, float | Decimal):
        return _angka_csv(nilai)
    return aman_csv(str(nilai))


class _Gema:
    """A file-like object whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def baris_csv(kepala, baris):
    """The CSV text of a header and rows, line by line (BOM first), for streaming."""
    tulis = csv.writer(_Gema(), delimiter=PEMISAH_CSV, lineterminator="\r\n")
    yield BOM
    if kepala is not None:
        yield tulis.writerow([aman(str(k)) for k in kepala])
    for b in baris:
        yield tulis.writerow([nilai_csv(v) for v in b])


def tabel_csv(kepala, baris):
    return "".join(baris_csv(kepala, baris)).encode("utf-8")


def respons_csv_stream(nama, kepala, baris):
    """A streamed CSV download: rows are written as they are read (large admin lists)."""
    isi = (teks.encode("utf-8") for teks in baris_csv(kepala, baris))
    r = StreamingHttpResponse(isi, content_type=MIME["csv"])
    r["Content-Disposition"] = f'attachment; filename="{nama}.csv"'
    return r


def judul_lembar(judul):
    """A worksheet title Excel accepts: no []:*?/\\ and at most 31 characters."""
    return (str(judul).translate(_LARANGAN_JUDUL).strip("'") or "Data")[:31]


def isi_lembar(ws, kepala, baris, *, mulai=1):
    """Write a header row and data rows into worksheet `ws` from row `mulai`; return the next
    free row. The first table written on a sheet freezes its header."""
    for j, k in enumerate(kepala, start=1):
        c = ws.cell(row=mulai, column=j, value=str(k))
        c.font = _TEBAL
        c.fill = _ISI_KEPALA
        c.alignment = Alignment(wrap_text=True, vertical="top")
    lebar = [len(str(k)) for k in kepala]
    for i, b in enumerate(baris, start=mulai + 1):
        for j, v in enumerate(b, start=1):
            c = ws.cell(row=i, column=j, value=sel(v))
            if isinstance(v, float | Decimal):
                c.number_format = "#,##0.00"
            elif isinstance(v, datetime.datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(v, datetime.date):
                c.number_format = "dd/mm/yyyy"
            if j <= len(lebar):
                lebar[j - 1] = max(lebar[j - 1], min(len(str(v or "")), 60))
    for j, w in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(8, min(w + 2, 62))
    if ws.freeze_panes is None:
        # Only the sheet's first header stays on screen: freezing at a later table's header
        # (several tables stacked on one sheet) would pin everything above it.
        ws.freeze_panes = ws.cell(row=mulai + 1, column=1)
    return mulai + len(baris) + 1


def simpan(wb):
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def tabel_xlsx(judul, kepala, baris):
    wb = Workbook()
    ws = wb.active
    ws.title = judul_lembar(judul)
    isi_lembar(ws, kepala, baris)
    return simpan(wb)


def tabel_xlsx_besar(judul, kepala, baris):
    """Like tabel_xlsx for lists of any length: a write-only workbook keeps one row in memory,
    not the whole sheet (no column widths: those need every row first)."""
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(judul_lembar(judul))
    ws.freeze_panes = "A2"
    sel_kepala = []
    for k in kepala:
        c = WriteOnlyCell(ws, value=str(k))
        c.font = _TEBAL
        c.fill = _ISI_KEPALA
        sel_kepala.append(c)
    ws.append(sel_kepala)
    for b in baris:
        isi = []
        for v in b:
            c = WriteOnlyCell(ws, value=sel(v))
            if isinstance(v, datetime.datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(v, datetime.date):
                c.number_format = "dd/mm/yyyy"
            isi.append(c)
        ws.append(isi)
    return simpan(wb)


def respons_berkas(isi, nama, format):
    r = HttpResponse(isi, content_type=MIME[format])
    r["Content-Disposition"] = f'attachment; filename="{nama}.{format}"'
    return r


def respons_tabel(format, nama, judul, kepala, baris):
    """A CSV (default) or XLSX download of `kepala` + `baris`."""
    nama = slugify(nama) or "tabel"
    if format == "xlsx":
        return respons_berkas(tabel_xlsx(judul, kepala, baris), nama, "xlsx")
    return respons_berkas(tabel_csv(kepala, baris), nama, "csv")


def respons_table(table, format, nama, judul=""):
    """Download a django-tables2 table with the rows the page shows (same scope, filter and
    sort; every page, not just the visible one). Columns listed in the table's
    `kolom_tanpa_ekspor` are left out."""
    nilai = list(table.as_values(exclude_columns=getattr(table, "kolom_tanpa_ekspor", ())))
    kepala, baris = (nilai[0], nilai[1:]) if nilai else ([], [])
    return respons_tabel(format, nama, judul or getattr(table, "nama", "") or "Data", kepala, baris)
