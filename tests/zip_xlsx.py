"""Hand-made .xlsx files for the import tests: what openpyxl will not write (inf, NaN, formula
cells without a value, zip bombs)."""

import io
import re
import zipfile

from openpyxl import Workbook


def xlsx_bytes(rows, judul="Data"):
    wb = Workbook()
    ws = wb.active
    ws.title = judul
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ganti_sel(isi, ganti):
    """Rewrite cells of the first sheet's XML: ganti = {"C7": '<c r="C7"><v>inf</v></c>'}."""
    masuk = zipfile.ZipFile(io.BytesIO(isi))
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        for info in masuk.infolist():
            data = masuk.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                teks = data.decode()
                for ref, xml in ganti.items():
                    teks, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, teks, count=1)
                    assert n == 1, ref
                data = teks.encode()
            z.writestr(info, data)
    return keluar.getvalue()


def bom_zip(ukuran_terurai):
    """A small zip whose one member inflates to `ukuran_terurai` bytes of zeros."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            potong = b"\0" * (1024 * 1024)
            for _ in range(ukuran_terurai // len(potong)):
                f.write(potong)
        z.writestr("[Content_Types].xml", "<Types/>")
    return keluar.getvalue()
