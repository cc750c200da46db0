"""CSV and XLSX downloads of any dashboard table, with the rows the page itself shows (same
scope, filter and sort; all pages, not just the visible one)."""

import csv
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMAT = {"csv", "xlsx"}


def _baris(table):
    return table.as_values(exclude_columns=getattr(table, "kolom_tanpa_ekspor", ()))


def ekspor_csv(table, nama_berkas):
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{nama_berkas}.csv"'
    resp.write("\ufeff")  # a BOM so spreadsheet programs read UTF-8 names correctly
    tulis = csv.writer(resp)
    for baris in _baris(table):
        # Raw numbers (dot decimal) keep the file machine-readable; XLSX is for people.
        tulis.writerow("" if v is None else v for v in baris)
    return resp


def _sel(v):
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, datetime) and timezone.is_aware(v):
        return timezone.localtime(v).replace(tzinfo=None)
    return v


def ekspor_xlsx(table, nama_berkas, judul=""):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=(judul or "Data")[:31])
    for i, baris in enumerate(_baris(table)):
        sel = []
        for v in baris:
            c = WriteOnlyCell(ws, value=_sel(v))
            if i == 0:
                c.font = Font(bold=True)
            elif isinstance(v, float | Decimal):
                c.number_format = "#,##0.0"
            elif isinstance(v, datetime):
                c.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(v, date):
                c.number_format = "mm/yyyy"
            sel.append(c)
        ws.append(sel)
    resp = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="{nama_berkas}.xlsx"'
    wb.save(resp)
    return resp


def respons_ekspor(table, fmt, *, nama):
    nama_berkas = slugify(nama) or "tabel"
    if fmt == "xlsx":
        return ekspor_xlsx(table, nama_berkas, judul=getattr(table, "nama", ""))
    return ekspor_csv(table, nama_berkas)
