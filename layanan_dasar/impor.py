"""Import of entered values from Excel (.xlsx) or CSV: validate every row first, then store all
rows in one transaction, or none.

Two layouts are read, both starting with optional label rows (Kecamatan / Sektor / Bulan) and a
header row whose first cell is `kode_desa`:
- wide (the downloadable template): one row per village, one column per element code, for the
  month named in the `Bulan` row;
- long (the export): columns kode_desa, kode_elemen, bulan, nilai (others are ignored), any
  number of months.
A file that names another kecamatan or sector than the page's is refused as a whole.
"""

import csv
import io
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dashboard_kecamatan.umum.berkas import (
    BerkasDitolak,
    SelTidakTerbaca,
    baris_lembar,
    dekode_csv,
    periksa_xlsx,
    pesan_rumus_tanpa_nilai,
    rumus_tanpa_nilai,
)
from wilayah.models import Desa, Sektor

from . import conf
from .models import AuditNilai, DataElemen
from .periode import bulan_dari_teks, nama_bulan
from .services import HasilSimpan, IsianDitolak, Masalah, nilai_simpan
from .validasi import NilaiTidakSah, baca_bilangan

KOLOM_DESA = "kode_desa"
MAKS_GALAT_DITAMPILKAN = 1000


class BerkasTidakTerbaca(Exception):
    def __init__(self, pesan, sel=()):
        super().__init__(pesan)
        self.sel = list(sel)  # [(row, column letter or None)] the message is about, if known


@dataclass
class HasilImpor:
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)
    simpan: HasilSimpan | None = None
    jumlah_baris: int = 0

    @property
    def berhasil(self):
        return not self.galat and self.simpan is not None

    @property
    def perlu_konfirmasi(self):
        """Nothing wrong, nothing stored: values far from their village's history wait for the
        user to confirm them (the grid's rule; see nilai_simpan)."""
        return not self.galat and self.simpan is None and bool(self.peringatan)


def _norm(teks):
    return str(teks or "").strip().lower().rstrip(":").strip().replace(" ", "_")


# Header spellings seen in village and Puskesmas sheets for the columns the import reads.
_ALIAS_KEPALA = {
    "kode_desa/kelurahan": KOLOM_DESA,
    "kode_desa_/_kelurahan": KOLOM_DESA,
    "kode_desa/kel": KOLOM_DESA,
    "kode_desa_kelurahan": KOLOM_DESA,
    "kode_kelurahan": KOLOM_DESA,
    "kode_desa/kel.": KOLOM_DESA,
    "nama_desa/kelurahan": "nama_desa",
    "nama_desa_/_kelurahan": "nama_desa",
    "desa/kelurahan": "nama_desa",
}


def _norm_kepala(teks):
    n = _norm(teks)
    return _ALIAS_KEPALA.get(n, n)


def _teks(sel):
    if sel is None:
        return ""
    if isinstance(sel, float) and math.isfinite(sel) and sel == int(sel):
        sel = int(sel)
    return str(sel).strip()


def baca_tabel(berkas, nama):
    """[(row number, [cells])] of the first sheet (or the sheet named "Data") or of a CSV."""
    nama = (nama or "").lower()
    if nama.endswith(".xlsx"):
        try:
            periksa_xlsx(berkas)  # a zip bomb is refused from its directory, before unpacking
            wb = load_workbook(berkas, read_only=True, data_only=True)
        except BerkasDitolak as exc:
            raise BerkasTidakTerbaca(str(exc)) from exc
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise BerkasTidakTerbaca(_("Berkas tidak dapat dibaca sebagai Excel (.xlsx).")) from exc
        try:
            ws = wb["Data"] if "Data" in wb.sheetnames else wb.worksheets[0]
            rumus = rumus_tanpa_nilai(berkas, ws.title)
            if rumus:
                raise BerkasTidakTerbaca(pesan_rumus_tanpa_nilai(), rumus)
            try:
                return [(i, list(row)) for i, row in baris_lembar(ws)]
            except SelTidakTerbaca as exc:
                raise BerkasTidakTerbaca(str(exc), [(exc.baris, None)]) from exc
        finally:
            wb.close()
    try:
        teks = dekode_csv(berkas.read())
    except BerkasDitolak as exc:
        raise BerkasTidakTerbaca(str(exc)) from exc
    contoh = teks[:4096]
    # Indonesian Excel writes ';' (the decimal comma takes ','); accept both, and tabs.
    hitung = {d: contoh.count(d) for d in (";", ",", "\t")}
    pemisah = max(hitung, key=hitung.get) if any(hitung.values()) else ","
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
    hasil = []
    try:
        for row in pembaca:
            hasil.append((pembaca.line_num, row))
    except csv.Error as exc:
        raise BerkasTidakTerbaca(_("Berkas CSV rusak: %(e)s") % {"e": exc}) from exc
    return hasil


def _kolom(idx, nama=""):
    huruf = get_column_letter(idx + 1)
    return f"{huruf} ({nama})" if nama else huruf


def _sektor_dari_teks(teks):
    t = _norm(teks)
    for s in Sektor:
        if t in (s.value, _norm(s.label)):
            return s.value
    return None


def impor_berkas(
    *, user, kecamatan, sektor, berkas, nama_berkas, konfirmasi=frozenset(), wajib_konfirmasi=True
):
    """Read, check and store a file for (kecamatan, sector). Nothing is stored unless every row
    is valid; every bad row is returned with its row number, column and reason. Outliers block
    as in the grid until their keys are in `konfirmasi` (HasilImpor.perlu_konfirmasi)."""
    hasil = HasilImpor()
    try:
        tabel = baca_tabel(berkas, nama_berkas)
    except BerkasTidakTerbaca as exc:
        for b, k in exc.sel or [(None, None)]:
            hasil.galat.append(Masalah("", None, None, str(exc), b, k))
        return hasil

    def galat_berkas(pesan, baris=None, kolom=None):
        hasil.galat.append(Masalah("", None, None, pesan, baris, kolom))
        return hasil

    meta, header_idx = {}, None
    for pos, (nomor, sel) in enumerate(tabel):
        kunci = _norm_kepala(sel[0]) if sel else ""
        if kunci == KOLOM_DESA:
            header_idx = pos
            break
        if kunci in ("kecamatan", "kode_kecamatan", "sektor", "bulan") and len(sel) > 1:
            meta[kunci.replace("kode_", "")] = (
                nomor,
                _teks(sel[1]) if kunci != "bulan" else sel[1],
            )
    if header_idx is None:
        return galat_berkas(
            _("Baris judul kolom tidak ditemukan: sel pertamanya harus berisi “kode_desa”.")
        )

    # The file must be for this page's kecamatan and sector, as it says about itself.
    if "kecamatan" in meta and meta["kecamatan"][1] != kecamatan.kode:
        nomor, kode = meta["kecamatan"]
        return galat_berkas(
            _(
                "Berkas ini untuk kecamatan %(kode)s, bukan Kecamatan %(nama)s (%(sini)s). "
                "Tidak ada data yang diimpor."
            )
            % {"kode": kode or "-", "nama": kecamatan.nama, "sini": kecamatan.kode},
            nomor,
            "B",
        )
    if "sektor" in meta and _sektor_dari_teks(meta["sektor"][1]) != sektor:
        nomor, teks = meta["sektor"]
        return galat_berkas(
            _("Berkas ini untuk sektor “%(teks)s”, bukan %(sektor)s. Tidak ada data yang diimpor.")
            % {"teks": teks or "-", "sektor": Sektor(sektor).label},
            nomor,
            "B",
        )
    bulan_meta = None
    if "bulan" in meta and _teks(meta["bulan"][1]):
        try:
            bulan_meta = bulan_dari_teks(meta["bulan"][1])
        except ValueError:
            return galat_berkas(
                _("Bulan tidak sah (gunakan format TTTT-BB)."), meta["bulan"][0], "B"
            )

    nomor_header, header = tabel[header_idx]
    header = [_norm_kepala(h) for h in header]
    baris_data = tabel[header_idx + 1 :]
    if len(baris_data) > conf.impor_maks_baris():
        return galat_berkas(
            _("Berkas terlalu panjang (maksimum %(n)s baris).") % {"n": conf.impor_maks_baris()}
        )

    elemen_semua = {e.kode.lower(): e for e in DataElemen.objects.all()}
    desa_kecamatan = set(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True).values_list("kode", flat=True)
    )

    def elemen_sah(kode):
        """(elemen, None) or (None, reason)."""
        el = elemen_semua.get(kode.lower())
        if el is None:
            return None, _("kode elemen “%(kode)s” tidak dikenal") % {"kode": kode}
        if el.sektor != sektor:
            return None, _("elemen “%(kode)s” milik sektor %(lain)s, bukan %(sektor)s") % {
                "kode": kode,
                "lain": el.get_sektor_display(),
                "sektor": Sektor(sektor).label,
            }
        if not el.aktif:
            return None, _("elemen “%(kode)s” sudah tidak aktif") % {"kode": kode}
        return el, None

    def pesan_desa(kode):
        if not kode:
            return _("kode desa kosong")
        return _("desa %(kode)s tidak termasuk Kecamatan %(nama)s") % {
            "kode": kode,
            "nama": kecamatan.nama,
        }

    perubahan, lokasi, asal_baris = {}, {}, {}
    galat = hasil.galat

    def catat(kunci, nilai, nomor, kolom):
        if kunci in asal_baris:
            galat.append(
                Masalah(
                    kunci[0],
                    kunci[1],
                    kunci[2],
                    _("duplikat: nilai yang sama sudah ada di baris %(n)s")
                    % {"n": asal_baris[kunci]},
                    nomor,
                    kolom,
                )
            )
            return
        asal_baris[kunci] = nomor
        perubahan[kunci] = nilai
        lokasi[kunci] = (nomor, kolom)

    panjang = "kode_elemen" in header and "nilai" in header
    if panjang:
        i_desa = header.index(KOLOM_DESA)
        i_el = header.index("kode_elemen")
        i_nilai = header.index("nilai")
        i_bulan = header.index("bulan") if "bulan" in header else None
        if i_bulan is None and bulan_meta is None:
            return galat_berkas(_("Kolom “bulan” tidak ada dan bulan berkas tidak disebutkan."))
        for nomor, sel in baris_data:
            if not any(_teks(x) for x in sel):
                continue
            hasil.jumlah_baris += 1
            sel = list(sel) + [None] * (len(header) - len(sel))
            kode_desa, kode_el = _teks(sel[i_desa]), _teks(sel[i_el])
            if kode_desa not in desa_kecamatan:
                galat.append(
                    Masalah(kode_desa, None, None, pesan_desa(kode_desa), nomor, _kolom(i_desa))
                )
                continue
            el, alasan = elemen_sah(kode_el)
            if el is None:
                galat.append(Masalah(kode_desa, None, None, alasan, nomor, _kolom(i_el)))
                continue
            if i_bulan is not None:
                try:
                    bulan = bulan_dari_teks(sel[i_bulan])
                except ValueError:
                    galat.append(
                        Masalah(
                            kode_desa,
                            el.id,
                            None,
                            _("bulan “%(b)s” tidak sah (gunakan TTTT-BB)")
                            % {"b": _teks(sel[i_bulan])},
                            nomor,
                            _kolom(i_bulan),
                        )
                    )
                    continue
            else:
                bulan = bulan_meta
            try:
                nilai = baca_bilangan(sel[i_nilai])
            except NilaiTidakSah as exc:
                galat.append(Masalah(kode_desa, el.id, bulan, str(exc), nomor, _kolom(i_nilai)))
                continue
            if nilai is None:
                continue  # a blank value leaves the stored one as it is
            catat((kode_desa, el.id, bulan), nilai, nomor, _kolom(i_nilai, el.kode))
    else:
        if bulan_meta is None:
            return galat_berkas(_("Baris “Bulan” (TTTT-BB) tidak ditemukan di atas judul kolom."))
        i_desa = header.index(KOLOM_DESA)
        kolom_el = []
        for idx, nama in enumerate(header):
            if idx == i_desa or not nama or nama in ("nama_desa", "nama", "desa"):
                continue
            el, alasan = elemen_sah(_teks(tabel[header_idx][1][idx]))
            if el is None:
                galat.append(Masalah("", None, None, alasan, nomor_header, _kolom(idx)))
            else:
                kolom_el.append((idx, el))
        if galat:
            return hasil
        desa_baris = {}
        for nomor, sel in baris_data:
            if not any(_teks(x) for x in sel):
                continue
            hasil.jumlah_baris += 1
            kode_desa = _teks(sel[i_desa]) if i_desa < len(sel) else ""
            if kode_desa not in desa_kecamatan:
                galat.append(
                    Masalah(kode_desa, None, None, pesan_desa(kode_desa), nomor, _kolom(i_desa))
                )
                continue
            if kode_desa in desa_baris:
                galat.append(
                    Masalah(
                        kode_desa,
                        None,
                        None,
                        _("desa ini sudah ada di baris %(n)s") % {"n": desa_baris[kode_desa]},
                        nomor,
                        _kolom(i_desa),
                    )
                )
                continue
            desa_baris[kode_desa] = nomor
            for idx, el in kolom_el:
                mentah = sel[idx] if idx < len(sel) else None
                try:
                    nilai = baca_bilangan(mentah)
                except NilaiTidakSah as exc:
                    galat.append(
                        Masalah(kode_desa, el.id, bulan_meta, str(exc), nomor, _kolom(idx, el.kode))
                    )
                    continue
                if nilai is not None:
                    catat((kode_desa, el.id, bulan_meta), nilai, nomor, _kolom(idx, el.kode))

    try:
        hasil.simpan = nilai_simpan(
            user=user,
            kecamatan=kecamatan,
            sektor=sektor,
            perubahan=perubahan,
            sumber=AuditNilai.Sumber.IMPOR,
            wajib_konfirmasi=wajib_konfirmasi,
            konfirmasi=konfirmasi,
            lokasi=lokasi,
            hanya_periksa=bool(galat),
        )
        hasil.peringatan = hasil.simpan.peringatan
    except IsianDitolak as exc:
        galat.extend(exc.galat)
        hasil.peringatan = exc.peringatan
        hasil.simpan = None
    galat.sort(key=lambda m: (m.baris or 0, m.kolom or ""))
    return hasil


def nama_bulan_masalah(m):
    return nama_bulan(m.bulan) if m.bulan else ""
