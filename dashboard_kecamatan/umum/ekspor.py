"""CSV and XLSX downloads of tables, shared by every app.

Users live in Excel, so: a BOM on CSV (Excel then reads UTF-8 names correctly), typed XLSX cells
(numbers stay numbers, dates stay dates), and no cell that a spreadsheet would run as a formula
(text typed by villagers and operators reaches these files: CSV/formula injection).
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
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
_TEBAL = Font(bold=True)
_ISI_KEPALA = PatternFill("solid", fgColor="DDE7F0")


def aman(nilai):
    """A text value that a spreadsheet will not run as a formula."""
    if isinstance(nilai, str) and nilai.startswith(_AWALAN_RUMUS):
        return "'" + nilai
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


def tabel_csv(kepala, baris):
    keluar = io.StringIO()
    keluar.write("\ufeff")
    w = csv.writer(keluar)
    w.writerow([str(k) for k in kepala])
    for b in baris:
        w.writerow(["" if v is None else sel(v) for v in b])
    return keluar.getvalue().encode("utf-8")


def isi_lembar(ws, kepala, baris, *, mulai=1):
    """Write a header row and data rows into worksheet `ws` from row `mulai`; return the next
    free row."""
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
    ws.freeze_panes = ws.cell(row=mulai + 1, column=1)
    return mulai + len(baris) + 1


def simpan(wb):
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


def tabel_xlsx(judul, kepala, baris):
    wb = Workbook()
    ws = wb.active
    ws.title = (str(judul) or "Data")[:31]
    isi_lembar(ws, kepala, baris)
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
