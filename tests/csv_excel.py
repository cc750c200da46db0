"""Reading the app's CSV downloads the way Indonesian-locale Excel does, and checking that they
are written for it: BOM, ';' between fields, ',' decimals, dd/mm/yyyy dates, no cell that Excel
would run as a formula. Every export test reads its CSV through `baca_csv`."""

import csv
import io
import re

_TITIK_DESIMAL = re.compile(r"^-?\d+\.\d+$")  # "8.3067": Excel-id reads it as text or 83.067
_TANGGAL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_KODE_KABUPATEN = re.compile(r"^\d{2}\.\d{2}$")  # "33.06" is a Kemendagri code, not a number
_ANGKA_ID = re.compile(r"^-?\d+(,\d+)?$")  # "-0,58": a number, which Excel does not run
_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def periksa_sel(sel):
    assert not _TITIK_DESIMAL.match(sel) or _KODE_KABUPATEN.match(sel), f"titik desimal: {sel!r}"
    assert not _TANGGAL_ISO.match(sel), f"tanggal ISO: {sel!r}"
    assert _ANGKA_ID.match(sel) or not sel.startswith(_RUMUS), f"sel seperti rumus: {sel!r}"


def isi_respons(resp):
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


def baca_csv(resp):
    """The rows of a CSV response, after asserting the Indonesian-Excel format of every cell."""
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/csv")
    mentah = isi_respons(resp)
    assert mentah.startswith(b"\xef\xbb\xbf"), "tanpa BOM"
    teks = mentah.decode("utf-8-sig")
    baris_pertama = teks.split("\r\n", 1)[0]
    assert ";" in baris_pertama and "," not in baris_pertama.replace('","', ""), baris_pertama
    rows = list(csv.reader(io.StringIO(teks), delimiter=";"))
    for row in rows:
        for sel in row:
            periksa_sel(sel)
    return rows


def angka(sel):
    """A CSV number as Excel-id reads it ("8,5" → 8.5)."""
    return float(sel.replace(",", "."))
