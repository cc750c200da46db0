"""Excel/CSV out: the entry template of one (kecamatan, sector, month), prefilled, and the
export of stored values over a month range. Both are read back by impor.py."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard_kecamatan.umum.ekspor import baris_csv
from wilayah.models import Desa, Sektor

from .models import NilaiData, Pengajuan
from .periode import nama_bulan, teks_bulan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
_TEBAL = Font(bold=True)
_ABU = PatternFill("solid", fgColor="DDDDDD")
_KUNING = PatternFill("solid", fgColor="FFF2CC")


def _csv_bytes(baris):
    # The project's CSV writer (';', BOM, ',' decimals): what Indonesian-locale Excel opens.
    return "".join(baris_csv(None, baris)).encode("utf-8")


def _kepala(kecamatan, sektor):
    return [
        [_("Kecamatan"), kecamatan.kode, kecamatan.nama],
        [_("Sektor"), sektor, str(Sektor(sektor).label)],
    ]


def kolom_templat(elemen, bulan):
    """The template's value columns, in order. Annual targets appear only in the January
    template (they are stored on January). The entry grid maps a pasted template row by this
    order (static/js/isian.js), so the grid's read-only columns never swallow a value."""
    return [e for e in elemen if not e.tahunan or bulan.month == 1]


def templat_baris(*, kecamatan, sektor, bulan, elemen):
    """The template's rows: labels, header, one row per active village with stored values."""
    elemen = kolom_templat(elemen, bulan)
    desa = list(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .order_by("kode")
        .values_list("kode", "nama")
    )
    nilai = {
        (d, e): v
        for d, e, v in NilaiData.objects.filter(
            desa__kecamatan=kecamatan, bulan=bulan, elemen__in=elemen
        ).values_list("desa_id", "elemen_id", "nilai")
    }
    status = (
        Pengajuan.objects.filter(kecamatan=kecamatan, sektor=sektor, bulan=bulan)
        .values_list("status", flat=True)
        .first()
    )
    petunjuk = _(
        "Isi bilangan bulat ≥ 0; kosongkan bila belum ada data. Jangan ubah kolom kode_desa "
        "dan baris kode elemen."
    )
    if status and status != Pengajuan.Status.DRAFT:
        petunjuk = _("Data bulan ini sudah %(s)s: impor akan ditolak.") % {
            "s": Pengajuan.Status(status).label.lower()
        }
    baris = _kepala(kecamatan, sektor) + [
        [_("Bulan"), teks_bulan(bulan), nama_bulan(bulan)],
        [_("Petunjuk"), petunjuk],
        [_("Desa"), ""] + [f"{e.nama} ({e.satuan})" for e in elemen],
        ["kode_desa", "nama_desa"] + [e.kode for e in elemen],
    ]
    for kode, nama in desa:
        baris.append([kode, nama] + [nilai.get((kode, e.id)) for e in elemen])
    return baris, len(elemen)


def templat_xlsx(*, kecamatan, sektor, bulan, elemen):
    baris, n_elemen = templat_baris(kecamatan=kecamatan, sektor=sektor, bulan=bulan, elemen=elemen)
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in baris:
        ws.append(row)
    for r in range(1, 7):
        ws.cell(r, 1).font = _TEBAL
    for c in range(1, n_elemen + 3):
        ws.cell(5, c).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(5, c).font = _TEBAL
        ws.cell(6, c).fill = _ABU
        ws.column_dimensions[get_column_letter(c)].width = 16 if c > 2 else 18
    ws.row_dimensions[5].height = 75
    for r in range(7, len(baris) + 1):
        for c in range(3, n_elemen + 3):
            ws.cell(r, c).fill = _KUNING
            ws.cell(r, c).number_format = "0"
    ws.freeze_panes = "C7"
    return _simpan(wb)


def _simpan(wb):
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def templat_csv(*, kecamatan, sektor, bulan, elemen):
    baris, _n = templat_baris(kecamatan=kecamatan, sektor=sektor, bulan=bulan, elemen=elemen)
    return _csv_bytes([["" if x is None else x for x in row] for row in baris])


KOLOM_EKSPOR = ["kode_desa", "nama_desa", "kode_elemen", "nama_elemen", "satuan", "bulan", "nilai"]


def ekspor_baris(*, kecamatan, sektor, dari, sampai, nilai):
    """Labels, header and one row per stored value (long layout, re-importable)."""
    yield from _kepala(kecamatan, sektor)
    yield [_("Dari"), teks_bulan(dari)]
    yield [_("Sampai"), teks_bulan(sampai)]
    yield []
    yield KOLOM_EKSPOR
    for kode, nama, el_kode, el_nama, satuan, bulan, v in nilai:
        yield [kode, nama, el_kode, el_nama, satuan, teks_bulan(bulan), v]


def ekspor_xlsx(**kw):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for row in ekspor_baris(**kw):
        ws.append(row)
    return _simpan(wb)


def ekspor_csv(**kw):
    return _csv_bytes(ekspor_baris(**kw))
