"""Siskeudes import: the zip of `Ta_*.csv` tables a village (or a kabupaten) exports from its
finance system → our APB Desa and RKP Desa plan lines (SUMBER.md §2).

- APB Desa: one activity of `Ta_Kegiatan` (Pagu, Lokasi, Keluaran) becomes one plan line per
  funding source of its budget detail (`Ta_RABRinci`, else `Ta_RAB`, else the activity's own
  Sumberdana), so the Dana Desa rules see each source's share.
- RKP Desa: the `Ta_RPJM_Pagu_Tahunan` lines of the year (Biaya, Volume, Satuan, Kd_Sumber).
- Codes: Kd_Desa → our desa through the crosswalk (`wilayah.padanan`); Kd_Keg (Kd_Desa +
  bidang.sub_bidang.kegiatan) → the Permendagri 20/2018 code, local 90–99 kegiatan onto the
  sub bidang's "lain-lain" node. Funding sources through the same normaliser as the Excel import.
- `Ta_AnggaranLog`: the latest posting date, lock and Perdes number are kept on the APB Desa.

All or nothing per file: any refused row (or a plan already submitted or under review) → nothing
stored, every refusal listed with its table, line and reason. Villages outside the uploader's
scope (a kabupaten-wide zip uploaded by one village) are skipped and listed, not refused.
"""

import csv
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan_dasar.models import RiwayatImpor
from wilayah.access import lingkup_user
from wilayah.models import Desa, Kabupaten, KodeEksternal, Peran
from wilayah.padanan import Padanan

from .forms import normalisasi_sumber_dana
from .models import BarisKegiatan, KodeKegiatan, Rencana, RiwayatRencana, SumberDana

PERAN_PENGIMPOR = {Peran.OPERATOR_DESA, Peran.CAMAT, Peran.SEKCAM, Peran.OPERATOR_KECAMATAN}
BATAS_RUPIAH = 10**15  # far above any village budget, far below bigint
TABEL_WAJIB = ("Ta_Pemda", "Ta_Kegiatan")
TABEL_DIBACA = (
    "Ta_Pemda",
    "Ta_Desa",
    "Ta_Kegiatan",
    "Ta_RAB",
    "Ta_RABRinci",
    "Ta_RPJM_Kegiatan",
    "Ta_RPJM_Pagu_Tahunan",
    "Ta_AnggaranLog",
    "Ref_Sumber",
)


def maks_bita():
    return getattr(settings, "PERENCANAAN_SISKEUDES_MAKS_MB", 50) * 1024 * 1024


@dataclass(frozen=True)
class Penolakan:
    tabel: str  # "Ta_Kegiatan.csv", or "" for the file as a whole
    baris: int  # line in that CSV (the header is line 1), 0 for the file
    alasan: str

    def __str__(self):
        if self.baris:
            return _("%(t)s baris %(b)d: %(a)s") % {
                "t": self.tabel,
                "b": self.baris,
                "a": self.alasan,
            }
        if self.tabel:
            return f"{self.tabel}: {self.alasan}"
        return self.alasan


@dataclass
class RencanaImpor:
    """What the file holds for one plan, and what happened to it."""

    desa_kode: str
    desa_nama: str
    jenis: str
    baris: list = field(default_factory=list)
    anggaran: int = 0
    rencana_id: int | None = None
    baru: bool = False


@dataclass
class HasilSiskeudes:
    tahun: int | None = None
    penolakan: list = field(default_factory=list)
    rencana: list = field(default_factory=list)
    dilewati: list = field(default_factory=list)  # [(desa code, name)] outside the scope
    riwayat: RiwayatImpor | None = None

    @property
    def berhasil(self):
        return not self.penolakan and self.riwayat is not None


class _Ditolak(Exception):
    def __init__(self, penolakan):
        self.penolakan = penolakan


# --- reading the zip -------------------------------------------------------------------------


def _dekode(mentah):
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return mentah.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _baca_csv(nama, mentah):
    """[(line, {column: text})] of one table; columns matched case-insensitively later."""
    teks = _dekode(mentah)
    if teks is None:
        raise _Ditolak([Penolakan(nama, 0, _("berkas tidak berkode UTF-8 atau Windows-1252"))])
    kepala = teks.split("\n", 1)[0]
    hitung = {d: kepala.count(d) for d in (",", ";", "\t", "|")}
    pemisah = max(hitung, key=hitung.get) if any(hitung.values()) else ","
    pembaca = csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah)
    try:
        judul = [h.strip().lower() for h in next(pembaca, [])]
        hasil = []
        for row in pembaca:
            if not any(c.strip() for c in row):
                continue
            hasil.append(
                (
                    pembaca.line_num,
                    {judul[i]: c.strip() for i, c in enumerate(row) if i < len(judul)},
                )
            )
    except csv.Error as exc:
        raise _Ditolak([Penolakan(nama, 0, _("CSV rusak: %(e)s") % {"e": exc})]) from None
    return judul, hasil


def baca_zip(isi):
    """{table name: (columns, rows)} of the tables that matter, from the zip's bytes.

    Sizes are checked from the zip's directory before anything is unpacked (a bomb is refused
    unread), and each member is read with a cap in case its directory lies."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(isi))
    except (zipfile.BadZipFile, ValueError):
        raise _Ditolak([Penolakan("", 0, _("Berkas bukan arsip zip yang dapat dibaca."))]) from None
    batas = maks_bita() * 10
    anggota = {}
    with zf:
        info = zf.infolist()
        if len(info) > 500:
            raise _Ditolak([Penolakan("", 0, _("Arsip memuat terlalu banyak berkas."))])
        if sum(i.file_size for i in info) > batas:
            raise _Ditolak([Penolakan("", 0, _("Isi arsip terlalu besar untuk diimpor."))])
        dicari = {t.lower(): t for t in TABEL_DIBACA}
        for i in info:
            if i.is_dir():
                continue
            dasar = i.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if not dasar.lower().endswith(".csv"):
                continue
            tabel = dicari.get(dasar[:-4].lower())
            if tabel is None:
                continue
            if i.compress_size and i.file_size / i.compress_size > 1000:
                raise _Ditolak([Penolakan(dasar, 0, _("rasio kompresi tidak wajar; ditolak"))])
            try:
                with zf.open(i) as fh:
                    mentah = fh.read(i.file_size + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
                raise _Ditolak(
                    [Penolakan(dasar, 0, _("tidak dapat dibuka (rusak/terkunci)"))]
                ) from None
            if len(mentah) > i.file_size:
                raise _Ditolak([Penolakan(dasar, 0, _("ukuran tidak sesuai isi arsip"))])
            anggota[tabel] = (f"{tabel}.csv", *_baca_csv(f"{tabel}.csv", mentah))
    kurang = [t for t in TABEL_WAJIB if t not in anggota]
    if kurang:
        raise _Ditolak(
            [
                Penolakan(
                    "",
                    0,
                    _("Arsip tidak memuat tabel %(t)s (ekspor Siskeudes: Ta_*.csv).")
                    % {"t": ", ".join(f"{t}.csv" for t in kurang)},
                )
            ]
        )
    return anggota


# --- values ----------------------------------------------------------------------------------


def urai_rupiah(teks):
    """'1500000', '1500000.00' → 1500000; a fraction of a Rupiah, a negative or a non-number
    raises ValueError with the reason."""
    teks = (teks or "").strip()
    if not teks:
        raise ValueError(_("jumlah kosong"))
    try:
        d = Decimal(teks)
    except InvalidOperation:
        raise ValueError(_("“%(t)s” bukan angka") % {"t": teks[:30]}) from None
    if not d.is_finite():
        raise ValueError(_("“%(t)s” bukan angka") % {"t": teks[:30]})
    if d != d.to_integral_value():
        raise ValueError(_("%(t)s bukan bilangan bulat Rupiah (tanpa sen)") % {"t": teks[:30]})
    if d < 0:
        raise ValueError(_("jumlah tidak boleh negatif"))
    if d >= BATAS_RUPIAH:
        raise ValueError(_("jumlah terlalu besar"))
    return int(d)


def _volume(teks):
    try:
        d = Decimal((teks or "").strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not d.is_finite() or d <= 0 or d >= Decimal("1e10"):
        return None
    return d.quantize(Decimal("0.01"))


_KELUARAN = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s+(\S.*)$")


def _keluaran(teks):
    """'350 meter' → (350, 'meter'); None when the output text carries no volume."""
    m = _KELUARAN.match(teks or "")
    if not m:
        return None
    v = _volume(m.group(1))
    return (v, m.group(2).strip()[:40]) if v is not None else None


def _tanggal(teks):
    teks = (teks or "").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(teks[:19], fmt).date()
        except ValueError:
            continue
    return None


def _kab(teks):
    """Kd_Kab '06' or '3306' (some exports carry the province too) → '06'."""
    teks = (teks or "").strip().rstrip(".")
    return teks[-2:] if teks.isdigit() and len(teks) in (2, 4) else None


# --- the import ------------------------------------------------------------------------------


class _Pembaca:
    """Reads the tables into plans, collecting every refusal."""

    def __init__(self, anggota, tahun, padanan, kabupaten, kode_kegiatan, ref_sumber):
        self.a = anggota
        self.tahun = tahun
        self.padanan = padanan
        self.kabupaten = kabupaten
        self.kode = kode_kegiatan
        self.ref_sumber = ref_sumber
        self.tolak = []
        self.desa_siskeudes = {}  # Kd_Desa → our code (or None when unmapped)

    def salah(self, tabel, baris, alasan):
        self.tolak.append(Penolakan(tabel, baris, alasan))

    def rows(self, tabel):
        if tabel not in self.a:
            return "", []
        nama, _kolom, rows = self.a[tabel]
        return nama, rows

    def desa(self, nama, baris, kd):
        """Our desa code for a Siskeudes Kd_Desa (refusing the row when unmapped)."""
        kd = (kd or "").strip()
        if not kd.endswith("."):
            kd += "."
        if kd not in self.desa_siskeudes:
            prov, kab = self.kabupaten.split(".")
            self.desa_siskeudes[kd] = self.padanan.terjemahkan(f"{prov}.{kab}.{kd.rstrip('.')}")
        hasil = self.desa_siskeudes[kd]
        if hasil is None or hasil.count(".") != 3:
            self.salah(
                nama,
                baris,
                self.padanan.pesan_tak_dikenal(f"{self.kabupaten}.{kd.rstrip('.')}")
                + " "
                + _("(Kd_Desa %(kd)s, Kabupaten %(kab)s)") % {"kd": kd, "kab": self.kabupaten},
            )
            return None
        return hasil

    def kegiatan(self, nama, baris, kd_desa, kd_keg):
        """Permendagri 20/2018 code for a Kd_Keg, or None (row refused)."""
        kd_keg = (kd_keg or "").strip()
        if not kd_keg.endswith("."):
            kd_keg += "."
        if kd_desa and not kd_keg.startswith(kd_desa):
            self.salah(
                nama,
                baris,
                _("Kd_Keg %(k)s tidak diawali Kd_Desa %(d)s") % {"k": kd_keg, "d": kd_desa},
            )
            return None
        ekor = kd_keg[len(kd_desa) :].rstrip(".").split(".") if kd_desa else []
        if len(ekor) != 3 or not all(p.isdigit() for p in ekor):
            self.salah(
                nama,
                baris,
                _("Kd_Keg %(k)s tidak berbentuk Kd_Desa + bidang.sub_bidang.kegiatan")
                % {"k": kd_keg},
            )
            return None
        b, s, k = int(ekor[0]), int(ekor[1]), ekor[2].zfill(2)[-2:]
        kode = f"{b}.{s}.{k}"
        if self.kode.get(kode) == KodeKegiatan.Tingkat.KEGIATAN:
            return kode
        lain = f"{b}.{s}.90"
        if int(k) >= 90 and self.kode.get(lain) == KodeKegiatan.Tingkat.KEGIATAN:
            return lain  # local kegiatan 90–99 of the kabupaten → "lain-lain"
        self.salah(
            nama,
            baris,
            _("Kd_Keg %(k)s (kode %(c)s) tidak ada dalam klasifikasi Permendagri 20/2018")
            % {"k": kd_keg, "c": kode},
        )
        return None

    def sumber(self, nama, baris, teks):
        teks = (teks or "").strip()
        kode = normalisasi_sumber_dana(teks)
        if kode is None and teks in self.ref_sumber:
            kode = normalisasi_sumber_dana(self.ref_sumber[teks])
        if kode is None:
            self.salah(
                nama,
                baris,
                _("sumber dana “%(s)s” tidak dikenal; gunakan %(k)s")
                % {"s": teks[:40], "k": ", ".join(SumberDana.values)},
            )
        return kode

    def rupiah(self, nama, baris, kolom, teks):
        try:
            return urai_rupiah(teks)
        except ValueError as exc:
            self.salah(nama, baris, f"{kolom}: {exc}")
            return None


def _ambil(row, kolom):
    return row.get(kolom.lower(), "")


def _rincian(p, tabel, kolom_sumber):
    """{(Kd_Desa, Kd_Keg): {source: Rupiah}} of the spending lines (accounts 5.*) of the year."""
    nama, rows = p.rows(tabel)
    hasil = defaultdict(lambda: defaultdict(int))
    for baris, r in rows:
        if _ambil(r, "Tahun") and _ambil(r, "Tahun") != str(p.tahun):
            continue
        if not _ambil(r, "Kd_Rincian").startswith("5."):
            continue  # revenue (4.*) and financing (6.*) are not activity budgets
        jumlah = p.rupiah(nama, baris, "Anggaran", _ambil(r, "Anggaran"))
        sumber = p.sumber(nama, baris, _ambil(r, kolom_sumber)) if kolom_sumber else ""
        if jumlah is None or sumber is None:
            continue
        kd = _ambil(r, "Kd_Desa")
        kd = kd if kd.endswith(".") else kd + "."
        keg = _ambil(r, "Kd_Keg")
        hasil[(kd, keg if keg.endswith(".") else keg + ".")][sumber] += jumlah
    return hasil


def _baca_rencana(p):
    """{(desa code, jenis): RencanaImpor} read from the tables (refusals collected in p)."""
    rencana = {}
    nama_desa = {}

    def plan(kode, jenis):
        if (kode, jenis) not in rencana:
            rencana[(kode, jenis)] = RencanaImpor(kode, nama_desa.get(kode, ""), jenis)
        return rencana[(kode, jenis)]

    rinci = _rincian(p, "Ta_RABRinci", "SumberDana")
    rab = _rincian(p, "Ta_RAB", None)

    # RKP first: an APB line without an output volume borrows the RKP line's.
    rkp_vol = {}
    nama_rpjm = {}
    nama_t, rows = p.rows("Ta_RPJM_Kegiatan")
    for _b, r in rows:
        keg = _ambil(r, "Kd_Keg")
        nama_rpjm[keg if keg.endswith(".") else keg + "."] = _ambil(r, "Nama_Kegiatan")
    nama_keg = {}
    nama_k, rows_k = p.rows("Ta_Kegiatan")
    for _b, r in rows_k:
        keg = _ambil(r, "Kd_Keg")
        nama_keg[keg if keg.endswith(".") else keg + "."] = _ambil(r, "Nama_Kegiatan")

    nama_t, rows = p.rows("Ta_RPJM_Pagu_Tahunan")
    for baris, r in rows:
        th = _ambil(r, "Kd_Tahun")
        if not (th.isdigit() and len(th) == 4):
            p.salah(
                nama_t,
                baris,
                _("Kd_Tahun “%(t)s” bukan tahun (TTTT); tahun RPJM tidak dapat dipetakan")
                % {"t": th[:12]},
            )
            continue
        if int(th) != p.tahun:
            continue
        keg = _ambil(r, "Kd_Keg")
        keg = keg if keg.endswith(".") else keg + "."
        bagian = keg.split(".")
        kd_desa = ".".join(bagian[:2]) + "." if len(bagian) > 2 else ""
        kode_desa = p.desa(nama_t, baris, kd_desa) if kd_desa else None
        if not kd_desa:
            p.salah(nama_t, baris, _("Kd_Keg “%(k)s” tidak memuat Kd_Desa") % {"k": keg})
        kode = p.kegiatan(nama_t, baris, kd_desa, keg) if kd_desa else None
        biaya = p.rupiah(nama_t, baris, "Biaya", _ambil(r, "Biaya"))
        sumber = p.sumber(nama_t, baris, _ambil(r, "Kd_Sumber"))
        nama = nama_rpjm.get(keg) or nama_keg.get(keg)
        if not nama:
            p.salah(nama_t, baris, _("nama kegiatan %(k)s tidak ditemukan") % {"k": keg})
        if None in (kode_desa, kode, biaya, sumber) or not nama:
            continue
        volume = _volume(_ambil(r, "Volume")) or Decimal("1.00")
        satuan = _ambil(r, "Satuan")[:40] or "kegiatan"
        rkp_vol[keg] = (volume, satuan)
        rp = plan(kode_desa, Rencana.Jenis.RKP)
        rp.baris.append(
            {
                "kode_kegiatan_id": kode,
                "nama": nama[:255],
                "lokasi": _ambil(r, "Lokasi_Spesifik")[:200],
                "volume": volume,
                "satuan": satuan,
                "anggaran": biaya,
                "sumber_dana": sumber,
                "kode_siskeudes": keg[:40],
            }
        )

    for baris, r in rows_k:
        if _ambil(r, "Tahun") != str(p.tahun):
            continue
        kd_desa = _ambil(r, "Kd_Desa")
        kd_desa = kd_desa if kd_desa.endswith(".") else kd_desa + "."
        kode_desa = p.desa(nama_k, baris, kd_desa)
        keg = _ambil(r, "Kd_Keg")
        keg = keg if keg.endswith(".") else keg + "."
        kode = p.kegiatan(nama_k, baris, kd_desa, keg)
        pagu = p.rupiah(nama_k, baris, "Pagu", _ambil(r, "Pagu"))
        nama = _ambil(r, "Nama_Kegiatan")
        if not nama:
            p.salah(nama_k, baris, _("Nama_Kegiatan kosong"))
        if None in (kode_desa, kode, pagu) or not nama:
            continue
        per_sumber = rinci.get((kd_desa, keg)) or {}
        if not per_sumber:
            sumber = p.sumber(nama_k, baris, _ambil(r, "Sumberdana"))
            if sumber is None:
                continue
            total_rab = sum(rab.get((kd_desa, keg), {}).values())
            per_sumber = {sumber: total_rab or pagu}
        total = sum(per_sumber.values())
        if pagu and total != pagu:
            p.salah(
                nama_k,
                baris,
                _("Pagu %(p)s tidak sama dengan jumlah rincian anggaran %(r)s")
                % {"p": f"{pagu:,}".replace(",", "."), "r": f"{total:,}".replace(",", ".")},
            )
            continue
        vol = _keluaran(_ambil(r, "Keluaran")) or rkp_vol.get(keg) or (Decimal("1.00"), "kegiatan")
        ap = plan(kode_desa, Rencana.Jenis.APB)
        for sumber, jumlah in sorted(per_sumber.items()):
            ap.baris.append(
                {
                    "kode_kegiatan_id": kode,
                    "nama": nama[:255],
                    "lokasi": _ambil(r, "Lokasi")[:200],
                    "volume": vol[0],
                    "satuan": vol[1],
                    "anggaran": jumlah,
                    "sumber_dana": sumber,
                    "kode_siskeudes": keg[:40],
                }
            )
    return rencana


def _posting(p):
    """{desa code: (posting date, locked, Perdes number)} from the latest Ta_AnggaranLog row."""
    nama, rows = p.rows("Ta_AnggaranLog")
    hasil = {}
    for baris, r in rows:
        if _ambil(r, "Tahun") != str(p.tahun):
            continue
        kode = p.desa(nama, baris, _ambil(r, "Kd_Desa"))
        tgl = _tanggal(_ambil(r, "TglPosting"))
        if _ambil(r, "TglPosting") and tgl is None:
            p.salah(
                nama,
                baris,
                _("TglPosting “%(t)s” bukan tanggal") % {"t": _ambil(r, "TglPosting")[:20]},
            )
            continue
        if kode is None:
            continue
        kunci = _ambil(r, "Kunci").lower() in ("1", "true", "ya", "y", "t")
        lama = hasil.get(kode)
        if lama is None or (tgl or date.min) >= (lama[0] or date.min):
            hasil[kode] = (tgl, kunci, _ambil(r, "No_Perdes")[:100])
    return hasil


def boleh_impor(lingkup, desa_kode):
    """Operator desa for their village; camat, sekcam, operator kecamatan for their kecamatan."""
    if lingkup is None or lingkup.baca_saja:
        return False
    if lingkup.superuser:
        return True
    if lingkup.peran == Peran.OPERATOR_DESA:
        return lingkup.kode == desa_kode
    return lingkup.peran in PERAN_PENGIMPOR and lingkup.mencakup_kode(desa_kode)


def wajib_pengimpor(user):
    lingkup = lingkup_user(user)
    if lingkup is None or lingkup.baca_saja:
        raise PermissionDenied
    if not (lingkup.superuser or lingkup.peran in PERAN_PENGIMPOR):
        raise PermissionDenied(_("Impor Siskeudes dilakukan oleh operator desa atau kecamatan."))
    return lingkup


def siskeudes_impor(*, oleh, isi, nama_berkas, tahun=None):
    """Read, check and store one Siskeudes export (bytes). Nothing is stored unless every row
    maps and every plan it touches may be replaced. → HasilSiskeudes."""
    lingkup = wajib_pengimpor(oleh)
    hasil = HasilSiskeudes(tahun=tahun)
    if len(isi) > maks_bita():
        hasil.penolakan.append(
            Penolakan("", 0, _("Berkas lebih dari %(n)d MB.") % {"n": maks_bita() // 2**20})
        )
        return hasil
    try:
        anggota = baca_zip(isi)
        p = _siapkan(anggota, tahun)
    except _Ditolak as exc:
        hasil.penolakan.extend(exc.penolakan)
        return hasil
    hasil.tahun = p.tahun
    rencana = _baca_rencana(p)
    posting = _posting(p)

    desa_info = {
        d.kode: d
        for d in Desa.objects.filter(kode__in={k for k, _j in rencana}).select_related("kecamatan")
    }
    for (kode, _j), r in rencana.items():
        r.desa_nama = desa_info[kode].nama
    masuk = {}
    dilewati = {}
    for (kode, jenis), r in sorted(rencana.items()):
        if not boleh_impor(lingkup, kode):
            dilewati[kode] = desa_info[kode].nama
            continue
        if not desa_info[kode].aktif:
            p.salah(
                "", 0, _("Desa %(n)s (%(k)s) sudah tidak aktif.") % {"n": r.desa_nama, "k": kode}
            )
            continue
        masuk[(kode, jenis)] = r
    hasil.dilewati = sorted(dilewati.items())
    ada = {
        (x.desa_id, x.jenis): x
        for x in Rencana.objects.filter(
            desa_id__in={k for k, _j in masuk}, tahun=p.tahun, jenis__in=Rencana.Jenis.values
        )
    }
    for key, r in masuk.items():
        x = ada.get(key)
        if x is not None and not x.bisa_diubah:
            p.salah(
                "",
                0,
                _(
                    "%(j)s %(t)d Desa %(n)s berstatus %(s)s: tidak ditimpa. Impor ulang hanya "
                    "untuk rencana yang masih draf atau perlu revisi."
                )
                % {
                    "j": Rencana.Jenis(r.jenis).label,
                    "t": p.tahun,
                    "n": r.desa_nama,
                    "s": x.get_status_display().lower(),
                },
            )
    if not masuk and not p.tolak:
        p.salah(
            "",
            0,
            _("Berkas tidak memuat rencana tahun %(t)d untuk desa di wilayah Anda.")
            % {"t": p.tahun},
        )
    if p.tolak:
        hasil.penolakan = p.tolak
        return hasil
    hasil.rencana = [masuk[k] for k in sorted(masuk)]
    hasil.riwayat = _tulis(
        oleh=oleh,
        masuk=masuk,
        ada=ada,
        posting=posting,
        tahun=p.tahun,
        nama_berkas=nama_berkas,
        isi=isi,
        kabupaten=p.kabupaten,
    )
    return hasil


def _siapkan(anggota, tahun):
    nama, _kolom, pemda = anggota["Ta_Pemda"]
    if not pemda:
        raise _Ditolak([Penolakan(nama, 0, _("tabel kosong"))])
    baris, r = pemda[0]
    prov = _ambil(r, "Kd_Prov").rstrip(".")
    kab = _kab(_ambil(r, "Kd_Kab"))
    kabupaten = f"{prov}.{kab}" if kab and prov.isdigit() and len(prov) == 2 else None
    if kabupaten is None or not Kabupaten.objects.filter(kode=kabupaten).exists():
        raise _Ditolak(
            [
                Penolakan(
                    nama,
                    baris,
                    _("Kd_Prov %(p)s / Kd_Kab %(k)s bukan kabupaten yang dikenal")
                    % {"p": prov[:10], "k": _ambil(r, "Kd_Kab")[:10]},
                )
            ]
        )
    nama_k, _kolom, rows = anggota["Ta_Kegiatan"]
    tahun_file = sorted({_ambil(r, "Tahun") for _b, r in rows} - {""})
    if tahun is None:
        if len(tahun_file) != 1 or not tahun_file[0].isdigit():
            raise _Ditolak(
                [
                    Penolakan(
                        nama_k,
                        0,
                        _("berkas memuat tahun %(t)s; pilih satu tahun anggaran")
                        % {"t": ", ".join(tahun_file) or "-"},
                    )
                ]
            )
        tahun = int(tahun_file[0])
    elif str(tahun) not in tahun_file:
        raise _Ditolak([Penolakan(nama_k, 0, _("tidak ada kegiatan tahun %(t)d") % {"t": tahun})])
    ref = {}
    if "Ref_Sumber" in anggota:
        for _b, r in anggota["Ref_Sumber"][2]:
            ref[_ambil(r, "Kode")] = _ambil(r, "Nama_Sumber")
    padanan = Padanan(KodeEksternal.Sistem.SISKEUDES, tanggal=date(tahun, 1, 1), awalan=kabupaten)
    kode = dict(KodeKegiatan.objects.filter(aktif=True).values_list("kode", "tingkat"))
    return _Pembaca(anggota, tahun, padanan, kabupaten, kode, ref)


@transaction.atomic
def _tulis(*, oleh, masuk, ada, posting, tahun, nama_berkas, isi, kabupaten):
    """Create or replace every plan of the file in one transaction (set-based writes)."""
    kunci = sorted(masuk)
    # Lock the plans being replaced, so a submission in between cannot be overwritten.
    terkunci = {
        (x.desa_id, x.jenis): x
        for x in Rencana.objects.select_for_update().filter(pk__in=[x.pk for x in ada.values()])
    }
    for k, x in terkunci.items():
        if k in masuk and not x.bisa_diubah:
            raise PermissionDenied(_("Rencana berubah status selama impor; ulangi impor."))
    baru = [
        Rencana(desa_id=k[0], tahun=tahun, jenis=k[1], dibuat_oleh=oleh)
        for k in kunci
        if k not in terkunci
    ]
    Rencana.objects.bulk_create(baru)
    semua = {
        (x.desa_id, x.jenis): x
        for x in Rencana.objects.filter(desa_id__in={k[0] for k in kunci}, tahun=tahun)
    }
    BarisKegiatan.objects.filter(rencana_id__in=[semua[k].pk for k in kunci]).delete()
    objs = []
    for k in kunci:
        r = masuk[k]
        r.rencana_id = semua[k].pk
        r.baru = k not in terkunci
        r.anggaran = sum(b["anggaran"] for b in r.baris)
        for urutan, b in enumerate(r.baris, start=1):
            objs.append(BarisKegiatan(rencana_id=r.rencana_id, urutan=urutan, **b))
    BarisKegiatan.objects.bulk_create(objs, batch_size=2000)
    ubah = []
    for k in kunci:
        x = semua[k]
        if k[1] == Rencana.Jenis.APB and k[0] in posting:
            x.siskeudes_posting, x.siskeudes_kunci, x.siskeudes_perdes = posting[k[0]]
            ubah.append(x)
    Rencana.objects.bulk_update(ubah, ["siskeudes_posting", "siskeudes_kunci", "siskeudes_perdes"])
    Rencana.objects.filter(pk__in=[semua[k].pk for k in kunci]).update(diperbarui=timezone.now())
    riwayat = []
    for k in kunci:
        x, r = semua[k], masuk[k]
        if r.baru:
            riwayat.append(
                RiwayatRencana(
                    rencana=x, aksi=RiwayatRencana.Aksi.DIBUAT, dari="", ke=x.status, oleh=oleh
                )
            )
        riwayat.append(
            RiwayatRencana(
                rencana=x,
                aksi=RiwayatRencana.Aksi.DIIMPOR,
                dari=x.status,
                ke=x.status,
                oleh=oleh,
                putaran=x.putaran,
                catatan=_("%(n)d baris diimpor dari Siskeudes (%(f)s).")
                % {"n": len(r.baris), "f": nama_berkas or "-"},
            )
        )
    RiwayatRencana.objects.bulk_create(riwayat, batch_size=2000)
    kec = {k[0][:8] for k in kunci}
    catatan = RiwayatImpor.objects.create(
        sumber=RiwayatImpor.Sumber.SISKEUDES,
        wilayah_kode=kec.pop() if len(kec) == 1 else kabupaten,
        nama_berkas=(nama_berkas or "-")[:255],
        ukuran=len(isi),
        sha256=hashlib.sha256(isi).hexdigest(),
        periode=str(tahun),
        jumlah_baris=len(objs),
        oleh=oleh,
    )
    catatan.desa.set(sorted({k[0] for k in kunci}))
    return catatan
