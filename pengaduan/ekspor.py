"""CSV and XLSX exports of the complaint list. Rows come from selectors.baris_ekspor, which
holds no identity of any reporter; here only the formatting and spreadsheet-safety happen."""

import csv
import io
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.ekspor import MIME_XLSX, aman

from .selectors import KOLOM_EKSPOR


def _nilai_csv(v):
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",")
    return aman(v)  # citizens' text must never run as a formula


class _Gema:
    def write(self, value):
        return value


def csv_response(baris, nama):
    penulis = csv.writer(_Gema(), delimiter=";")  # ';' because Indonesian Excel uses ',' decimals

    def isi():
        yield "\ufeff"  # BOM: Excel then reads the file as UTF-8
        yield penulis.writerow([str(label) for _k, label in KOLOM_EKSPOR])
        for r in baris:
            yield penulis.writerow([_nilai_csv(r[k]) for k, _label in KOLOM_EKSPOR])

    resp = StreamingHttpResponse(isi(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{nama}.csv"'
    return resp


def xlsx_response(baris, statistik, nama):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Pengaduan"))
    tebal = Font(bold=True)

    def kepala(sheet, judul):
        sel = []
        for j in judul:
            c = WriteOnlyCell(sheet, value=str(j))
            c.font = tebal
            sel.append(c)
        sheet.append(sel)

    def sel_teks(sheet, v):
        c = WriteOnlyCell(sheet, value=v.replace(tzinfo=None) if isinstance(v, datetime) else v)
        if isinstance(v, str):
            c.data_type = "s"  # never a formula, whatever the text begins with
        elif isinstance(v, datetime):
            c.number_format = "dd/mm/yyyy hh:mm"
        return c

    kepala(ws, [label for _k, label in KOLOM_EKSPOR])
    for r in baris:
        ws.append([sel_teks(ws, r[k]) for k, _label in KOLOM_EKSPOR])

    ukuran = [
        ("total", _("Diterima")),
        ("terbuka", _("Masih berjalan")),
        ("selesai", _("Selesai")),
        ("ditolak", _("Ditolak")),
        ("terlambat", _("Terlambat")),
        ("ditanggapi", _("Sudah ditanggapi")),
        ("tepat_waktu", _("Ditanggapi tepat waktu")),
        ("rata_tanggapan", _("Rata-rata hari sampai tanggapan pertama")),
        ("rata_selesai", _("Rata-rata hari sampai selesai")),
    ]
    for judul, kunci_label, rows in (
        (_("Per sektor"), "label", statistik["per_sektor"]),
        (_("Per wilayah"), "nama", statistik["per_wilayah"]),
    ):
        ws2 = wb.create_sheet(judul)
        kepala(ws2, [_("Kode"), _("Nama")] + [label for _k, label in ukuran])
        for r in rows:
            ws2.append(
                [sel_teks(ws2, r["kode"]), sel_teks(ws2, r[kunci_label])]
                + [r[k] for k, _label in ukuran]
            )

    buffer = io.BytesIO()
    wb.save(buffer)
    resp = HttpResponse(
        buffer.getvalue(),
        content_type=MIME_XLSX,
    )
    resp["Content-Disposition"] = f'attachment; filename="{nama}.xlsx"'
    return resp
