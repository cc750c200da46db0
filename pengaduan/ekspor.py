"""CSV and XLSX exports of the complaint list. Rows come from selectors.baris_ekspor, which
holds no identity of any reporter; here only the formatting and spreadsheet-safety happen."""

import io
from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.ekspor import MIME_XLSX, respons_csv_stream

from .selectors import KOLOM_EKSPOR


def csv_response(baris, nama):
    # The project's one CSV writer: ';' and ',' decimals for Indonesian Excel, BOM, dd/mm/yyyy
    # dates, and citizens' text never run as a formula.
    kepala = [label for _k, label in KOLOM_EKSPOR]
    return respons_csv_stream(nama, kepala, ([r[k] for k, _l in KOLOM_EKSPOR] for r in baris))


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
