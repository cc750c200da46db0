"""Uploaded spreadsheets, checked before anything reads them in earnest.

- An .xlsx is a zip: its central directory declares every member's uncompressed size, so a zip
  bomb (a small file that inflates to gigabytes) is refused from the directory alone, before a
  byte is inflated. Python's zipfile never inflates a member past its declared size, so the
  declared figures bound the work.
- A formula cell saved without its computed value (written by a script, or by a program that
  does not calculate) reads as empty: the importers would drop it silently. The sheet's XML says
  so (`<f>` without a `<v>`), so such cells are named and the file refused.
- A CSV is decoded as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"),
  or Windows-1252 (Excel's "CSV" on Indonesian Windows); anything else is refused with a
  message, never guessed.
"""

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _


class BerkasDitolak(Exception):
    """Carries the Indonesian message for the user."""


def maks_terurai():
    """Bytes an .xlsx may hold once unpacked (all members together)."""
    return int(getattr(settings, "IMPOR_MAKS_TERURAI_BYTE", 200 * 1024 * 1024))


# Genuine spreadsheets compress their XML about 5-20×; a member that claims more than this is a
# bomb whatever its size.
RASIO_MAKS = 200


def periksa_xlsx(berkas):
    """Refuse an .xlsx whose declared unpacked size is out of bounds. A file that is no zip at
    all passes: the spreadsheet reader that follows refuses it in its importer's words. Leaves
    the file positioned at its start."""
    try:
        berkas.seek(0)
        with zipfile.ZipFile(berkas) as z:
            anggota = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    finally:
        berkas.seek(0)
    total = sum(a.file_size for a in anggota)
    if total > maks_terurai():
        raise BerkasDitolak(
            _(
                "Berkas Excel terlalu besar setelah dibuka (%(mb)s MB; maksimum %(maks)s MB). "
                "Bagi data menjadi beberapa berkas."
            )
            % {"mb": total // (1024 * 1024), "maks": maks_terurai() // (1024 * 1024)}
        )
    for a in anggota:
        if a.file_size > 1024 * 1024 and a.file_size > RASIO_MAKS * max(a.compress_size, 1):
            raise BerkasDitolak(
                _("Berkas Excel tidak wajar (isinya dipadatkan berlebihan) dan ditolak.")
            )


_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PREFIKS = r"(?:[A-Za-z_][\w.-]*:)?"
# A cell whose formula has no cached value: <c r="B5" ...><f>…</f><v/></c> or without any <v>.
_RE_RUMUS_KOSONG = re.compile(
    rf"<{_PREFIKS}c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*>\s*"
    rf"<{_PREFIKS}f\b[^>]*?(?:/>|>[^<]*</{_PREFIKS}f>)\s*"
    rf"(?:<{_PREFIKS}v\s*/>|<{_PREFIKS}v>\s*</{_PREFIKS}v>)?\s*</{_PREFIKS}c>"
)


def _jalur_lembar(z, nama_lembar):
    """The zip path of the sheet named `nama_lembar` (or of the first sheet when None)."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    lembar = [e for e in wb.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"]
    if not lembar:
        return None
    pilih = next((e for e in lembar if e.get("name") == nama_lembar), lembar[0])
    rid = pilih.get(_NS_REL)
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for r in rels:
        if r.get("Id") == rid:
            target = r.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def rumus_tanpa_nilai(berkas, nama_lembar=None):
    """[(row, column letter)] of the formula cells of a sheet saved without a value. Call after
    periksa_xlsx (the sheet is read whole). Leaves the file positioned at its start."""
    try:
        berkas.seek(0)
        with zipfile.ZipFile(berkas) as z:
            jalur = _jalur_lembar(z, nama_lembar)
            if jalur is None:
                return []
            xml = z.read(jalur).decode("utf-8", "replace")
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return []  # a damaged part: openpyxl reports the file as unreadable
    finally:
        berkas.seek(0)
    return [(int(baris), kolom) for kolom, baris in _RE_RUMUS_KOSONG.findall(xml)]


def pesan_rumus_tanpa_nilai():
    return _(
        "sel berisi rumus tanpa nilai tersimpan; buka berkas di Excel atau LibreOffice, "
        "simpan ulang, lalu impor lagi (atau salin-tempel sebagai nilai)"
    )


class SelTidakTerbaca(BerkasDitolak):
    def __init__(self, pesan, baris):
        super().__init__(pesan)
        self.baris = baris


def baris_lembar(ws):
    """(row number, values) of an openpyxl sheet. A numeric cell the reader cannot cast ("inf",
    "NaN" written by a script) raises SelTidakTerbaca naming its row, instead of a bare
    ValueError from deep inside openpyxl."""
    nomor = 0
    try:
        for nomor, nilai in enumerate(ws.iter_rows(values_only=True), 1):
            yield nomor, nilai
    except (ValueError, TypeError, OverflowError) as exc:
        raise SelTidakTerbaca(
            _("sel angka tidak sah (mis. inf atau NaN); ketik ulang sebagai bilangan"), nomor + 1
        ) from exc


def dekode_csv(mentah):
    """The text of an uploaded CSV. Raises BerkasDitolak for an encoding it cannot be sure of."""
    if mentah.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return mentah.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for enc in ("utf-8-sig", "cp1252"):
            try:
                teks = mentah.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\x00" not in teks:  # UTF-16 without a BOM decodes as cp1252 full of NULs
                return teks
    raise BerkasDitolak(
        _(
            "Pengodean berkas CSV tidak dikenali. Simpan ulang sebagai “CSV UTF-8” "
            "(Excel: Simpan Sebagai → CSV UTF-8) lalu impor lagi."
        )
    )
