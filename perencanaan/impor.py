"""Excel in and out for plan lines.

Import is all-or-nothing: every row is validated with the same form as the entry grid; if any
row is bad, the file is refused and every bad row is listed (row number, column, reason in Bahasa
Indonesia); nothing is written. The template and the export share one layout, so a downloaded
plan can be edited and imported again.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from dashboard_kecamatan.umum.berkas import (
    BerkasDitolak,
    SelTidakTerbaca,
    baris_lembar,
    periksa_xlsx,
    pesan_rumus_tanpa_nilai,
    rumus_tanpa_nilai,
)

from .forms import BarisForm
from .models import SumberDana

MAKS_BARIS = 2000

# (form field, header written in the template, accepted header spellings (normalised))
KOLOM = [
    ("kode_kegiatan", "Kode kegiatan", {"kode", "kodekegiatan", "kodekeg", "kodebidang"}),
    ("nama", "Nama kegiatan", {"nama", "namakegiatan", "kegiatan", "uraian", "uraiankegiatan"}),
    ("lokasi", "Lokasi", {"lokasi", "lokasikegiatan", "dusun"}),
    ("volume", "Volume", {"volume", "vol", "jumlah"}),
    ("satuan", "Satuan", {"satuan", "sat"}),
    ("anggaran", "Anggaran (Rp)", {"anggaran", "anggaranrp", "pagu", "biaya", "nilai", "rp"}),
    ("sumber_dana", "Sumber dana", {"sumberdana", "sumber", "dana"}),
    ("indikator", "Kode indikator", {"indikator", "kodeindikator", "indikatorlayanandasar"}),
]
WAJIB = {"kode_kegiatan", "nama", "volume", "satuan", "anggaran", "sumber_dana"}
LABEL = {f: label for f, label, _a in KOLOM}


@dataclass(frozen=True)
class KesalahanBaris:
    baris: int  # the spreadsheet row number (the header is row 1)
    kolom: str
    alasan: str

    def __str__(self):
        if self.baris:
            return _("Baris %(b)d, kolom %(k)s: %(a)s") % {
                "b": self.baris,
                "k": self.kolom,
                "a": self.alasan,
            }
        return self.alasan


class ImporGagal(Exception):
    """The file was refused; `kesalahan` lists every problem found. Nothing was imported."""

    def __init__(self, kesalahan):
        self.kesalahan = list(kesalahan)
        super().__init__("\n".join(str(k) for k in self.kesalahan))


def _norm(teks):
    return re.sub(r"[^a-z0-9]", "", str(teks or "").lower())


def _sel_kosong(v):
    return v is None or (isinstance(v, str) and not v.strip())


def baca_baris(berkas, *, kode_kegiatan, indikator_kode):
    """Parse and validate an uploaded .xlsx. Returns the cleaned lines or raises ImporGagal.

    kode_kegiatan: {kode: tingkat}; indikator_kode: {indicator code: id}.
    """
    try:
        periksa_xlsx(berkas)  # a zip bomb is refused from its directory, before unpacking
    except BerkasDitolak as exc:
        raise ImporGagal([KesalahanBaris(0, "", str(exc))]) from None
    try:
        wb = load_workbook(berkas, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImporGagal(
            [KesalahanBaris(0, "", _("Berkas bukan berkas Excel (.xlsx) yang dapat dibaca."))]
        ) from None
    try:
        ws = wb.worksheets[0]
        rumus = rumus_tanpa_nilai(berkas, ws.title)
        if rumus:
            raise ImporGagal(
                [KesalahanBaris(b, k, pesan_rumus_tanpa_nilai() + ".") for b, k in rumus]
            )
        baris_iter = baris_lembar(ws)
        header = next(baris_iter, (1, ()))[1] or ()
        posisi = {}
        for idx, sel in enumerate(header):
            n = _norm(sel)
            for f, _label, ejaan in KOLOM:
                if n in ejaan and f not in posisi:
                    posisi[f] = idx
        kurang = [LABEL[f] for f in (f for f, _l, _e in KOLOM) if f in WAJIB and f not in posisi]
        if kurang:
            raise ImporGagal(
                [
                    KesalahanBaris(
                        1,
                        ", ".join(kurang),
                        _("kolom wajib tidak ditemukan pada baris judul."),
                    )
                ]
            )
        pilihan = [(i, str(i)) for i in indikator_kode.values()]
        kesalahan = []
        hasil = []
        for nomor, sel in baris_iter:
            if all(_sel_kosong(v) for v in sel):
                continue
            if len(hasil) + len(kesalahan) >= MAKS_BARIS:
                kesalahan.append(
                    KesalahanBaris(
                        nomor, "", _("terlalu banyak baris (paling banyak %d).") % MAKS_BARIS
                    )
                )
                break

            def ambil(f, sel=sel):
                i = posisi.get(f)
                return sel[i] if i is not None and i < len(sel) else None

            data = {f: ambil(f) for f, _l, _e in KOLOM if f != "indikator"}
            data = {k: ("" if v is None else v) for k, v in data.items()}
            if isinstance(data["kode_kegiatan"], str):
                data["kode_kegiatan"] = data["kode_kegiatan"].strip()
            salah_baris = []
            ind_ids = []
            for kode in re.split(r"[,;\s]+", str(ambil("indikator") or "").strip()):
                if not kode:
                    continue
                if kode not in indikator_kode:
                    salah_baris.append(
                        KesalahanBaris(
                            nomor,
                            LABEL["indikator"],
                            _("kode indikator %(k)s tidak dikenal.") % {"k": kode},
                        )
                    )
                else:
                    ind_ids.append(str(indikator_kode[kode]))
            # Cell values go in as they are (numbers stay numbers); the form parses both kinds.
            form = BarisForm(
                data={**data, "indikator": ind_ids},
                kode_kegiatan=kode_kegiatan,
                pilihan_indikator=pilihan,
            )
            if not form.is_valid():
                for f, pesan in form.errors.items():
                    for p in pesan:
                        salah_baris.append(KesalahanBaris(nomor, LABEL.get(f, f), _pesan_kecil(p)))
            if salah_baris:
                kesalahan.extend(salah_baris)
            else:
                bersih = dict(form.cleaned_data)
                bersih.pop("id", None)
                hasil.append(bersih)
    except SelTidakTerbaca as exc:
        raise ImporGagal([KesalahanBaris(exc.baris, "", str(exc) + ".")]) from None
    finally:
        wb.close()
    if kesalahan:
        raise ImporGagal(kesalahan)
    if not hasil:
        raise ImporGagal([KesalahanBaris(0, "", _("Berkas tidak memuat baris kegiatan."))])
    return hasil


def _pesan_kecil(p):
    p = str(p)
    return p[:1].lower() + p[1:]


# --- Excel out -------------------------------------------------------------------------------


def _lebar(ws, lebar):
    for kolom, w in zip("ABCDEFGH", lebar, strict=False):
        ws.column_dimensions[kolom].width = w


def buku_kerja(*, baris=(), kegiatan=(), indikator=()):
    """An .xlsx (bytes) with the plan's lines (or one example) and reference sheets."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Kegiatan"
    ws.append([label for _f, label, _e in KOLOM])
    for c in ws[1]:
        c.font = Font(bold=True)
    if baris:
        for b in baris:
            ws.append(
                [
                    b.kode_kegiatan_id,
                    b.nama,
                    b.lokasi,
                    float(b.volume),
                    b.satuan,
                    b.anggaran,
                    b.sumber_dana,
                    ", ".join(i.kode for i in b.indikator.all()),
                ]
            )
    else:
        ws.append(
            [
                "2.2.02",
                "Penyelenggaraan Posyandu (makanan tambahan, kelas ibu hamil)",
                "Dusun I",
                12,
                "bulan",
                24000000,
                "DDS",
                "",
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str):
                # Operators' text stays text: openpyxl would store "=…" as a formula, which a
                # spreadsheet then runs (formula injection); the import reads it back verbatim.
                c.data_type = "s"
        row[5].number_format = "#,##0"
    _lebar(ws, [12, 50, 18, 9, 10, 16, 12, 30])

    ref = wb.create_sheet("Kode kegiatan")
    ref.append(["Kode", "Nama kegiatan (Permendagri 20/2018)"])
    for kode, nama in kegiatan:
        ref.append([kode, nama])
    _lebar(ref, [10, 90])

    sd = wb.create_sheet("Sumber dana")
    sd.append(["Kode", "Keterangan"])
    for kode, label in SumberDana.choices:
        sd.append([kode, str(label)])
    _lebar(sd, [8, 60])

    ind = wb.create_sheet("Indikator")
    ind.append(["Kode indikator", "Nama", "Sektor"])
    for i in indikator:
        ind.append([i.kode, i.nama, i.get_sektor_display()])
    _lebar(ind, [26, 80, 16])
    for s in (ref, sd, ind):
        for c in s[1]:
            c.font = Font(bold=True)

    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()
