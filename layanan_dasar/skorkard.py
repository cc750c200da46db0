"""Scorecard Konvergensi Desa: a per-desa quarterly template of the numerator/denominator pairs
of the `ks-*` indicators (SUMBER.md §4; the e-HDW export layout is not documented, so the KPM
fills ours). The values land on the quarter's last month through `nilai_simpan`, under the same
rules as the monthly import (all or nothing, every bad row listed, audit, workflow, checks).

Layout (XLSX or CSV): label rows `Kode desa`, `Triwulan` (e.g. 2025-T1), then a header row
starting with `kode_indikator`, one row per indicator: kode_indikator, indikator,
elemen_pembilang, pembilang, elemen_penyebut, penyebut. A denominator shared by several
indicators must carry the same number on every row.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wilayah.access import lingkup_user

from .impor import BerkasTidakTerbaca, baca_tabel
from .models import AuditNilai, Indikator, NilaiData, RiwayatImpor
from .periode import bulan_ini
from .services import IsianDitolak, nilai_simpan
from .validasi import NilaiTidakSah, baca_bilangan

KELOMPOK = (
    Indikator.Kelompok.STUNTING_BUMIL,
    Indikator.Kelompok.STUNTING_BADUTA,
    Indikator.Kelompok.STUNTING_ANAK,
)
JUDUL = [
    "kode_indikator",
    "indikator",
    "elemen_pembilang",
    "pembilang",
    "elemen_penyebut",
    "penyebut",
]
_RE_TW = re.compile(r"^\s*(\d{4})\s*[-/ ]\s*(?:T|TW|Q)?\s*([1-4])\s*$", re.IGNORECASE)


def urai_triwulan(teks):
    """'2025-T1', '2025-1', '2025 TW1' → (2025, 1). Raises ValueError."""
    m = _RE_TW.match(str(teks or ""))
    if not m:
        raise ValueError(teks)
    return int(m.group(1)), int(m.group(2))


def bulan_akhir(tahun, tw):
    """The quarter's last month: a scorecard is a snapshot taken at the end of the quarter."""
    import datetime as dt

    return dt.date(tahun, tw * 3, 1)


def indikator_skorkard(user):
    """The scorecard indicators in the user's sectors, in catalogue order."""
    lingkup = lingkup_user(user)
    qs = Indikator.objects.filter(aktif=True, kelompok__in=KELOMPOK).select_related(
        "pembilang", "penyebut"
    )
    return [i for i in qs if lingkup is not None and lingkup.mencakup_sektor(i.sektor)]


def templat(*, user, desa, tahun, tw):
    """The per-desa quarterly template (XLSX bytes), pre-filled with stored values."""
    indikator = indikator_skorkard(user)
    bulan = bulan_akhir(tahun, tw)
    nilai = dict(
        NilaiData.objects.filter(
            desa=desa,
            bulan=bulan,
            elemen_id__in={i.pembilang_id for i in indikator} | {i.penyebut_id for i in indikator},
        ).values_list("elemen_id", "nilai")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Kode desa", desa.kode])
    ws.append(["Nama desa", desa.nama])
    ws.append(["Triwulan", f"{tahun}-T{tw}"])
    ws.append([])
    ws.append(JUDUL)
    for c in ws[5]:
        c.font = Font(bold=True)
    for i in indikator:
        ws.append(
            [
                i.kode,
                i.nama,
                i.pembilang.kode,
                nilai.get(i.pembilang_id),
                i.penyebut.kode,
                nilai.get(i.penyebut_id),
            ]
        )
    for kolom, lebar in zip("ABCDEF", (26, 70, 30, 11, 24, 11), strict=True):
        ws.column_dimensions[kolom].width = lebar
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


@dataclass(frozen=True)
class Galat:
    baris: int
    kolom: str
    alasan: str

    def __str__(self):
        if self.baris:
            return _("Baris %(b)d, kolom %(k)s: %(a)s") % {
                "b": self.baris,
                "k": self.kolom or "-",
                "a": self.alasan,
            }
        return self.alasan


@dataclass
class HasilSkorkard:
    galat: list = field(default_factory=list)
    desa: object = None
    bulan: object = None
    jumlah: int = 0
    riwayat: RiwayatImpor | None = None

    @property
    def berhasil(self):
        return not self.galat and self.riwayat is not None


class _Batal(Exception):
    pass


def _teks(sel):
    if sel is None:
        return ""
    if isinstance(sel, float) and sel == int(sel):
        sel = int(sel)
    return str(sel).strip()


def impor_skorkard(*, user, kecamatan, isi, nama_berkas):
    """Read one desa's quarterly scorecard and store it (all or nothing). → HasilSkorkard."""
    hasil = HasilSkorkard()
    try:
        tabel = baca_tabel(io.BytesIO(isi), nama_berkas)
    except BerkasTidakTerbaca as exc:
        hasil.galat.append(Galat(0, "", str(exc)))
        return hasil
    meta, judul_idx = {}, None
    for pos, (nomor, sel) in enumerate(tabel):
        kunci = re.sub(r"[^a-z_]", "", _teks(sel[0] if sel else "").lower().replace(" ", "_"))
        if kunci == "kode_indikator":
            judul_idx = pos
            break
        if kunci in ("kode_desa", "triwulan") and len(sel) > 1:
            meta[kunci] = (nomor, _teks(sel[1]))
    if judul_idx is None:
        hasil.galat.append(
            Galat(0, "", _("Baris judul kolom tidak ditemukan: sel pertamanya “kode_indikator”."))
        )
        return hasil
    desa = None
    if "kode_desa" not in meta:
        hasil.galat.append(Galat(0, "", _("Baris “Kode desa” tidak ditemukan di atas judul.")))
    else:
        nomor, kode = meta["kode_desa"]
        desa = kecamatan.desa.filter(kode=kode, aktif=True).first()
        if desa is None:
            hasil.galat.append(
                Galat(
                    nomor,
                    "B",
                    _("desa %(d)s bukan desa aktif Kecamatan %(k)s")
                    % {"d": kode or "-", "k": kecamatan.nama},
                )
            )
    bulan = None
    if "triwulan" not in meta:
        hasil.galat.append(Galat(0, "", _("Baris “Triwulan” (TTTT-T1..T4) tidak ditemukan.")))
    else:
        nomor, teks = meta["triwulan"]
        try:
            bulan = bulan_akhir(*urai_triwulan(teks))
        except ValueError:
            hasil.galat.append(Galat(nomor, "B", _("triwulan harus berbentuk TTTT-T1..T4")))
        else:
            if bulan > bulan_ini():
                hasil.galat.append(
                    Galat(
                        nomor, "B", _("triwulan ini belum berakhir; isi setelah bulan terakhirnya")
                    )
                )
    if hasil.galat:
        return hasil
    hasil.desa, hasil.bulan = desa, bulan

    judul = [_teks(h).lower() for h in tabel[judul_idx][1]]
    kolom = {n: judul.index(n) for n in JUDUL if n in judul}
    for n in ("kode_indikator", "pembilang", "penyebut"):
        if n not in kolom:
            hasil.galat.append(
                Galat(tabel[judul_idx][0], "", _("kolom %(k)s tidak ada") % {"k": n})
            )
    if hasil.galat:
        return hasil
    lingkup = lingkup_user(user)
    semua = {
        i.kode: i
        for i in Indikator.objects.filter(kelompok__in=KELOMPOK).select_related(
            "pembilang", "penyebut"
        )
    }
    per_sektor = {}
    asal = {}  # element id → (value, row): a shared denominator must agree across rows
    for nomor, sel in tabel[judul_idx + 1 :]:
        if not any(_teks(x) for x in sel):
            continue
        sel = list(sel) + [None] * (len(judul) - len(sel))
        kode = _teks(sel[kolom["kode_indikator"]])
        ind = semua.get(kode)
        if ind is None or not ind.aktif:
            hasil.galat.append(
                Galat(nomor, "A", _("“%(k)s” bukan indikator scorecard aktif") % {"k": kode[:40]})
            )
            continue
        if lingkup is None or not lingkup.boleh_ubah(kecamatan.kode, ind.sektor):
            hasil.galat.append(
                Galat(nomor, "A", _("indikator %(k)s di luar sektor Anda") % {"k": kode})
            )
            continue
        for nama, el in (("pembilang", ind.pembilang), ("penyebut", ind.penyebut)):
            i = kolom[nama]
            try:
                v = baca_bilangan(sel[i])
            except NilaiTidakSah as exc:
                hasil.galat.append(Galat(nomor, nama, str(exc)))
                continue
            if v is None:
                continue
            if el.id in asal and asal[el.id][0] != v:
                hasil.galat.append(
                    Galat(
                        nomor,
                        nama,
                        _("%(e)s sudah diisi %(v)s di baris %(b)d")
                        % {"e": el.kode, "v": asal[el.id][0], "b": asal[el.id][1]},
                    )
                )
                continue
            asal[el.id] = (v, nomor)
            per_sektor.setdefault(ind.sektor, {})[(desa.kode, el.id, bulan)] = v
    if not per_sektor and not hasil.galat:
        hasil.galat.append(Galat(0, "", _("Berkas tidak memuat nilai.")))
    try:
        with transaction.atomic():
            for sektor, perubahan in sorted(per_sektor.items()):
                try:
                    s = nilai_simpan(
                        user=user,
                        kecamatan=kecamatan,
                        sektor=sektor,
                        perubahan=perubahan,
                        sumber=AuditNilai.Sumber.IMPOR,
                        wajib_konfirmasi=False,
                        hanya_periksa=bool(hasil.galat),
                    )
                    hasil.jumlah += s.jumlah
                except IsianDitolak as exc:
                    hasil.galat.extend(Galat(0, "", m.pesan) for m in exc.galat)
            if hasil.galat:
                raise _Batal
            hasil.riwayat = RiwayatImpor.objects.create(
                sumber=RiwayatImpor.Sumber.SKORKARD,
                wilayah_kode=kecamatan.kode,
                nama_berkas=(nama_berkas or "-")[:255],
                ukuran=len(isi),
                sha256=hashlib.sha256(isi).hexdigest(),
                periode=f"{bulan.year}-T{(bulan.month - 1) // 3 + 1}",
                jumlah_baris=len(asal),
                oleh=user,
            )
            hasil.riwayat.desa.set([desa.kode])
    except _Batal:
        hasil.riwayat = None
    return hasil
