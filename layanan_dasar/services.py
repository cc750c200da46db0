"""Writes of the layanan_dasar app: keyword-only, atomic service functions."""

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wilayah.access import lingkup_user
from wilayah.models import Desa, Peran, Sektor

from . import conf
from .agregasi import agregasi_jadwalkan
from .models import (
    AgregasiWaktu,
    AuditNilai,
    DataContoh,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
    RiwayatPengajuan,
)
from .periode import batas_pengajuan, bulan_ini, nama_bulan, rentang_bulan, tambah_bulan
from .selectors import sasaran_terlampaui
from .validasi import cek_pencilan, pesan_pencilan

KATALOG_DIR = Path(settings.BASE_DIR) / "fixtures" / "katalog"


class KatalogError(ValueError):
    pass


def _baca_csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def katalog_muat(*, direktori=None):
    """Upsert the catalogue (elemen.csv, indikator.csv) by `kode`. Returns (n_elemen, n_indikator).

    Idempotent: running it again changes nothing. Elements or indicators added in admin but
    absent from the files are left alone (they may hold data)."""
    direktori = Path(direktori or KATALOG_DIR)
    sektor_sah = set(Sektor.values)
    elemen = {}
    for i, row in enumerate(_baca_csv(direktori / "elemen.csv"), start=2):
        if row["sektor"] not in sektor_sah or row["agregasi_waktu"] not in AgregasiWaktu.values:
            raise KatalogError(f"elemen.csv baris {i}: sektor atau agregasi waktu tidak dikenal")
        obj, _ = DataElemen.objects.update_or_create(
            kode=row["kode"],
            defaults={
                "nama": row["nama"],
                "sektor": row["sektor"],
                "satuan": row["satuan"] or "orang",
                "agregasi_waktu": row["agregasi_waktu"],
                "tahunan": row["tahunan"] == "1",
                "urutan": int(row["urutan"] or 0),
                "keterangan": row.get("keterangan", ""),
            },
        )
        elemen[obj.kode] = obj
    n_ind = 0
    for i, row in enumerate(_baca_csv(direktori / "indikator.csv"), start=2):
        try:
            pembilang = elemen.get(row["pembilang"]) or DataElemen.objects.get(
                kode=row["pembilang"]
            )
            penyebut = elemen.get(row["penyebut"]) or DataElemen.objects.get(kode=row["penyebut"])
        except DataElemen.DoesNotExist:
            raise KatalogError(f"indikator.csv baris {i}: elemen data tidak dikenal") from None
        if not (row["sektor"] == pembilang.sektor == penyebut.sektor):
            raise KatalogError(f"indikator.csv baris {i}: sektor elemen tidak sama")
        Indikator.objects.update_or_create(
            kode=row["kode"],
            defaults={
                "nama": row["nama"],
                "sektor": row["sektor"],
                "kelompok": row["kelompok"],
                "pembilang": pembilang,
                "penyebut": penyebut,
                "faktor": Decimal(row["faktor"] or "100"),
                "target": Decimal(row["target"]) if row["target"] else None,
                "arah": row["arah"],
                "urutan": int(row["urutan"] or 0),
                "dasar_hukum": row["dasar_hukum"],
            },
        )
        n_ind += 1
    return len(elemen), n_ind


# --- values: grid and import share one write path ---------------------------------------------


@dataclass
class Masalah:
    """One problem with one cell (or one file row): what, where, and why in Indonesian."""

    desa_kode: str
    elemen_id: int | None
    bulan: dt.date | None
    pesan: str
    baris: int | None = None
    kolom: str | None = None

    @property
    def kunci(self):
        return (self.desa_kode, self.elemen_id, self.bulan)


class IsianDitolak(Exception):
    """Nothing was stored: errors (`galat`) and warnings still to be confirmed (`peringatan`)."""

    def __init__(self, galat=(), peringatan=()):
        super().__init__(_("Isian ditolak"))
        self.galat = list(galat)
        self.peringatan = list(peringatan)


@dataclass
class HasilSimpan:
    baru: int = 0
    diubah: int = 0
    dihapus: int = 0
    peringatan: list = field(default_factory=list)
    # Villages whose year of flows now exceeds the year's target (selectors.sasaran_terlampaui):
    # a data-quality note shown after the save, never a reason to refuse it.
    sasaran_terlampaui: list = field(default_factory=list)

    @property
    def jumlah(self):
        return self.baru + self.diubah + self.dihapus


def _nilai_ada(kunci):
    """{(desa, elemen_id, bulan): (id, nilai)} of the stored rows among `kunci` (one query; the
    filter is a superset, narrowed here)."""
    kunci = set(kunci)
    if not kunci:
        return {}
    rows = NilaiData.objects.filter(
        desa_id__in={k[0] for k in kunci},
        elemen_id__in={k[1] for k in kunci},
        bulan__in={k[2] for k in kunci},
    ).values_list("desa_id", "elemen_id", "bulan", "id", "nilai")
    return {(d, e, b): (i, v) for d, e, b, i, v in rows if (d, e, b) in kunci}


def _pengajuan_kunci(kecamatan, sektor, daftar_bulan):
    """The submissions of these months, created as drafts when missing, locked FOR UPDATE (in
    month order, so two writers never deadlock) so a camat cannot lock a month halfway through
    a save."""
    Pengajuan.objects.bulk_create(
        [Pengajuan(kecamatan=kecamatan, sektor=sektor, bulan=b) for b in daftar_bulan],
        ignore_conflicts=True,
    )
    qs = (
        Pengajuan.objects.select_for_update()
        .filter(kecamatan=kecamatan, sektor=sektor, bulan__in=daftar_bulan)
        .order_by("bulan")
    )
    return {p.bulan: p for p in qs}


def _kelengkapan_hitung(kecamatan, sektor, pengajuan):
    """Refresh villages reported / expected on the given submissions (one GROUP BY)."""
    daftar_bulan = [p.bulan for p in pengajuan]
    lapor = dict(
        NilaiData.objects.filter(
            desa__kecamatan=kecamatan,
            elemen__sektor=sektor,
            elemen__tahunan=False,
            bulan__in=daftar_bulan,
        )
        .values("bulan")
        .annotate(n=Count("desa", distinct=True))
        .values_list("bulan", "n")
    )
    diharapkan = Desa.objects.filter(kecamatan=kecamatan, aktif=True).count()
    for p in pengajuan:
        p.desa_lapor = lapor.get(p.bulan, 0)
        p.desa_diharapkan = diharapkan
    Pengajuan.objects.bulk_update(pengajuan, ["desa_lapor", "desa_diharapkan", "diperbarui"])


def _format_bulan(b):
    return nama_bulan(b)


@transaction.atomic
def nilai_simpan(
    *,
    user,
    kecamatan,
    sektor,
    perubahan,
    sumber,
    asal=None,
    konfirmasi=frozenset(),
    wajib_konfirmasi=True,
    lokasi=None,
    hanya_periksa=False,
):
    """Store values of one sector in one kecamatan: all of them, or none.

    `perubahan` maps (desa_kode, elemen_id, bulan) → int, or None to remove the value.
    `asal` (grid) maps the same keys to the values the user saw: cells the user did not touch
    are skipped, and a cell someone else changed meanwhile is refused rather than overwritten.
    Outliers are warnings: with `wajib_konfirmasi` (grid) they block until their keys are in
    `konfirmasi`; imports keep them and report them. `lokasi` maps keys to (row, column) of an
    imported file for the messages. Raises IsianDitolak (nothing stored) on any error.
    """
    lingkup = lingkup_user(user)
    if lingkup is None or not lingkup.boleh_ubah(kecamatan.kode, sektor):
        raise PermissionDenied
    lokasi = lokasi or {}

    def masalah(kunci, pesan):
        baris, kolom = lokasi.get(kunci, (None, None))
        return Masalah(kunci[0], kunci[1], kunci[2], pesan, baris, kolom)

    if asal is not None:
        perubahan = {k: v for k, v in perubahan.items() if v != asal.get(k)}
    if not perubahan:
        if hanya_periksa:
            raise IsianDitolak()
        return HasilSimpan()

    galat = []
    elemen = {e.id: e for e in DataElemen.objects.filter(sektor=sektor)}
    desa_sah = set(
        Desa.objects.filter(
            kecamatan=kecamatan, aktif=True, kode__in={k[0] for k in perubahan}
        ).values_list("kode", flat=True)
    )
    batas_bulan = bulan_ini()
    for k in perubahan:
        el = elemen.get(k[1])
        if el is None or not el.aktif:
            galat.append(masalah(k, _("elemen data bukan bagian dari sektor ini")))
        elif k[0] not in desa_sah:
            galat.append(
                masalah(k, _("desa tidak termasuk Kecamatan %(nama)s") % {"nama": kecamatan.nama})
            )
        elif el.tahunan and k[2].month != 1:
            galat.append(masalah(k, _("sasaran tahunan hanya diisi pada bulan Januari")))
        elif k[2] > batas_bulan:
            galat.append(
                masalah(k, _("bulan %(bulan)s belum berjalan") % {"bulan": _format_bulan(k[2])})
            )
    perubahan = {k: v for k, v in perubahan.items() if k[1] in elemen}

    daftar_bulan = sorted({k[2] for k in perubahan})
    pengajuan = _pengajuan_kunci(kecamatan, sektor, daftar_bulan)
    for k in perubahan:
        p = pengajuan[k[2]]
        if p.status != Pengajuan.Status.DRAFT:
            galat.append(
                masalah(
                    k,
                    _("data bulan %(bulan)s berstatus %(status)s dan tidak dapat diubah")
                    % {"bulan": _format_bulan(k[2]), "status": p.get_status_display().lower()},
                )
            )

    lama = _nilai_ada(perubahan)
    if asal is not None:
        for k in perubahan:
            sekarang = lama.get(k, (None, None))[1]
            if sekarang != asal.get(k):
                galat.append(
                    masalah(
                        k,
                        _(
                            "nilai ini baru saja diubah oleh pengguna lain (sekarang %(nilai)s); "
                            "muat ulang halaman"
                        )
                        % {"nilai": "kosong" if sekarang is None else sekarang},
                    )
                )
    perubahan = {k: v for k, v in perubahan.items() if v != lama.get(k, (None, None))[1]}

    galat.extend(_periksa_rasio(perubahan, elemen, masalah))
    peringatan = _periksa_pencilan(perubahan, elemen, masalah)
    belum = [m for m in peringatan if m.kunci not in konfirmasi] if wajib_konfirmasi else []
    if galat or belum or hanya_periksa:
        raise IsianDitolak(galat, peringatan if wajib_konfirmasi else [])

    hasil = HasilSimpan(peringatan=peringatan)
    kunci_pencilan = {m.kunci for m in peringatan}
    tulis = []
    audit = []
    hapus = []
    for k, v in perubahan.items():
        id_lama, nilai_lama = lama.get(k, (None, None))
        if v is None:
            hapus.append(id_lama)
            hasil.dihapus += 1
        else:
            tulis.append((k[0], k[1], k[2], v))
            if id_lama is None:
                hasil.baru += 1
            else:
                hasil.diubah += 1
        audit.append((k[0], k[1], k[2], nilai_lama, v, k in kunci_pencilan))
    if tulis:
        _nilai_upsert(tulis, user)
    if hapus:
        NilaiData.objects.filter(id__in=hapus).delete()
    _audit_sisip(audit, user, sumber)

    _kelengkapan_hitung(kecamatan, sektor, [pengajuan[b] for b in daftar_bulan])
    terdampak = set()
    for k in perubahan:
        if elemen[k[1]].tahunan:
            # An annual target applies to every month of its year.
            terdampak.update(rentang_bulan(k[2], k[2].replace(month=12)))
        else:
            terdampak.add(k[2])
    agregasi_jadwalkan(desa_kode=sorted({k[0] for k in perubahan}), bulan=sorted(terdampak))
    desa_diubah = Desa.objects.filter(kode__in={k[0] for k in perubahan})
    for tahun in sorted({k[2].year for k in perubahan}):
        hasil.sasaran_terlampaui += sasaran_terlampaui(desa_qs=desa_diubah, tahun=tahun)
    return hasil


def _kolom(baris, i):
    return [r[i] for r in baris]


def _nilai_upsert(baris, user):
    """Insert or update (desa, elemen_id, bulan, nilai) rows in one statement. On PostgreSQL the
    rows travel as one array per column (INSERT … SELECT FROM unnest … ON CONFLICT): no model
    instances and no per-row SQL, which keeps a 10,000-row import well inside its budget."""
    if connection.vendor == "postgresql":
        tabel = NilaiData._meta.db_table
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {tabel} (desa_id, elemen_id, bulan, nilai, diubah_oleh_id, "
                "diubah_pada, contoh) "
                "SELECT d, e, b, v, %s, now(), false "
                "FROM unnest(%s::varchar[], %s::bigint[], %s::date[], %s::bigint[]) "
                "AS t(d, e, b, v) "
                "ON CONFLICT (desa_id, elemen_id, bulan) DO UPDATE SET nilai = EXCLUDED.nilai, "
                "diubah_oleh_id = EXCLUDED.diubah_oleh_id, diubah_pada = EXCLUDED.diubah_pada, "
                "contoh = false",
                [user.pk] + [_kolom(baris, i) for i in range(4)],
            )
        return
    NilaiData.objects.bulk_create(
        [
            NilaiData(desa_id=d, elemen_id=e, bulan=b, nilai=v, diubah_oleh=user)
            for d, e, b, v in baris
        ],
        update_conflicts=True,
        unique_fields=["desa", "elemen", "bulan"],
        update_fields=["nilai", "diubah_oleh", "diubah_pada", "contoh"],
        batch_size=2000,
    )


def _audit_sisip(baris, user, sumber):
    """Append audit rows (desa, elemen_id, bulan, lama, baru, pencilan) in one statement."""
    if not baris:
        return
    if connection.vendor == "postgresql":
        tabel = AuditNilai._meta.db_table
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {tabel} (desa_id, elemen_id, bulan, nilai_lama, nilai_baru, "
                "pencilan, oleh_id, sumber, pada) "
                "SELECT d, e, b, l, n, p, %s, %s, now() FROM unnest(%s::varchar[], "
                "%s::bigint[], %s::date[], %s::bigint[], %s::bigint[], %s::boolean[]) "
                "AS t(d, e, b, l, n, p)",
                [user.pk, sumber] + [_kolom(baris, i) for i in range(6)],
            )
        return
    AuditNilai.objects.bulk_create(
        [
            AuditNilai(
                desa_id=d,
                elemen_id=e,
                bulan=b,
                nilai_lama=lama,
                nilai_baru=n,
                pencilan=p,
                oleh=user,
                sumber=sumber,
            )
            for d, e, b, lama, n, p in baris
        ],
        batch_size=2000,
    )


def _pasangan_rasio(elemen):
    """(pembilang_id → [penyebut_id], penyebut_id → [pembilang_id]) of the active indicators
    whose elements are among `elemen`."""
    pemb, peny = defaultdict(list), defaultdict(list)
    for p, q in Indikator.objects.filter(
        aktif=True, pembilang_id__in=elemen, penyebut_id__in=elemen
    ).values_list("pembilang_id", "penyebut_id"):
        if p != q:
            pemb[p].append(q)
            peny[q].append(p)
    return pemb, peny


def _periksa_rasio(perubahan, elemen, masalah):
    """Numerator ≤ denominator on the values as they would be after the write. An annual
    denominator (January row) bounds the numerator of every month of its year."""
    pemb, peny = _pasangan_rasio(elemen)

    def bulan_penyebut(q, b):
        return b.replace(month=1) if elemen[q].tahunan else b

    perlu = set()
    for d, e, b in perubahan:
        for q in pemb.get(e, ()):
            perlu.add((d, q, bulan_penyebut(q, b)))
        for p in peny.get(e, ()):
            bulan_p = rentang_bulan(b, b.replace(month=12)) if elemen[e].tahunan else [b]
            perlu.update((d, p, bp) for bp in bulan_p)
    konteks = {k: v for k, (_i, v) in _nilai_ada(perlu - perubahan.keys()).items()}

    def akhir(k):
        return perubahan[k] if k in perubahan else konteks.get(k)

    galat = []
    for k, v in perubahan.items():
        d, e, b = k
        if v is None:
            continue
        for q in pemb.get(e, ()):
            penyebut = akhir((d, q, bulan_penyebut(q, b)))
            if penyebut is not None and v > penyebut:
                galat.append(
                    masalah(
                        k,
                        _("%(nilai)s melebihi penyebutnya “%(penyebut)s” (%(batas)s)")
                        % {"nilai": v, "penyebut": elemen[q].nama, "batas": penyebut},
                    )
                )
        for p in peny.get(e, ()):
            bulan_p = rentang_bulan(b, b.replace(month=12)) if elemen[e].tahunan else [b]
            for bp in bulan_p:
                kp = (d, p, bp)
                if kp in perubahan:
                    continue  # checked from the numerator's side above
                pembilang = konteks.get(kp)
                if pembilang is not None and pembilang > v:
                    galat.append(
                        masalah(
                            k,
                            _(
                                "%(nilai)s lebih kecil dari pembilangnya “%(pembilang)s” "
                                "bulan %(bulan)s (%(isi)s)"
                            )
                            % {
                                "nilai": v,
                                "pembilang": elemen[p].nama,
                                "bulan": _format_bulan(bp),
                                "isi": pembilang,
                            },
                        )
                    )
    return galat


def _periksa_pencilan(perubahan, elemen, masalah):
    """Warnings for new values far from the same village's history of the same element."""
    kandidat = {k: v for k, v in perubahan.items() if v is not None and not elemen[k[1]].tahunan}
    if not kandidat:
        return []
    n = conf.pencilan_bulan_riwayat()
    awal = tambah_bulan(min(k[2] for k in kandidat), -n)
    akhir = max(k[2] for k in kandidat)
    riwayat = defaultdict(dict)
    for d, e, b, v in NilaiData.objects.filter(
        desa_id__in={k[0] for k in kandidat},
        elemen_id__in={k[1] for k in kandidat},
        bulan__gte=awal,
        bulan__lt=akhir,
    ).values_list("desa_id", "elemen_id", "bulan", "nilai"):
        riwayat[(d, e)][b] = v
    hasil = []
    for k, v in kandidat.items():
        d, e, b = k
        dari = tambah_bulan(b, -n)
        seri = [x for bm, x in riwayat.get((d, e), {}).items() if dari <= bm < b]
        p = cek_pencilan(v, seri)
        if p is not None:
            hasil.append(masalah(k, pesan_pencilan(v, p)))
    return hasil


# --- workflow ----------------------------------------------------------------------------------


class Aksi(models.TextChoices):
    AJUKAN = "ajukan", _("Ajukan")
    VERIFIKASI = "verifikasi", _("Verifikasi")
    KUNCI = "kunci", _("Kunci")
    KEMBALIKAN = "kembalikan", _("Kembalikan")
    BUKA = "buka", _("Buka kembali")
    TARIK = "tarik", _("Tarik pengajuan")


S = Pengajuan.Status
# aksi → (allowed from, to, who may, reason required)
TRANSISI = {
    Aksi.AJUKAN: ({S.DRAFT}, S.DIAJUKAN, "pengisi", False),
    # The sender may take a submission back until the camat has acted on it (verified it or
    # sent it back); after that only the camat's own steps apply.
    Aksi.TARIK: ({S.DIAJUKAN}, S.DRAFT, "pengirim", False),
    Aksi.VERIFIKASI: ({S.DIAJUKAN}, S.DIVERIFIKASI, "pimpinan", False),
    Aksi.KUNCI: ({S.DIVERIFIKASI}, S.DIKUNCI, "pimpinan", False),
    Aksi.KEMBALIKAN: ({S.DIAJUKAN, S.DIVERIFIKASI}, S.DRAFT, "pimpinan", True),
    Aksi.BUKA: ({S.DIKUNCI}, S.DRAFT, "camat", True),
}


class AlurDitolak(Exception):
    pass


def aksi_diizinkan(lingkup, kecamatan_kode, sektor, status):
    """The actions this user may take on a submission in `status` (for the buttons)."""
    hasil = []
    if lingkup is None or not lingkup.boleh_ubah(kecamatan_kode, sektor):
        return hasil
    for aksi, (dari, _ke, siapa, _alasan) in TRANSISI.items():
        if status not in dari:
            continue
        if siapa == "pimpinan" and not lingkup.is_pimpinan:
            continue
        if siapa == "pengirim" and lingkup.is_pimpinan:
            continue  # the camat sends back with a reason instead
        if siapa == "camat" and not (lingkup.superuser or lingkup.peran == Peran.CAMAT):
            continue
        hasil.append(aksi)
    return hasil


@transaction.atomic
def pengajuan_ubah_status(*, user, kecamatan, sektor, bulan, aksi, alasan=""):
    """Move one (kecamatan, sector, month) submission along draft → diajukan → diverifikasi →
    dikunci; the camat/sekcam may send it back, only the camat may reopen a locked month.
    Every step is recorded. Raises AlurDitolak with the reason when not allowed."""
    lingkup = lingkup_user(user)
    if lingkup is None or not lingkup.boleh_ubah(kecamatan.kode, sektor):
        raise PermissionDenied
    if aksi not in TRANSISI:
        raise AlurDitolak(_("Aksi tidak dikenal."))
    dari, ke, _siapa, perlu_alasan = TRANSISI[aksi]
    alasan = (alasan or "").strip()
    p = _pengajuan_kunci(kecamatan, sektor, [bulan])[bulan]
    if aksi not in aksi_diizinkan(lingkup, kecamatan.kode, sektor, p.status):
        if p.status not in dari:
            raise AlurDitolak(
                _("Pengajuan berstatus %(status)s; aksi “%(aksi)s” tidak berlaku.")
                % {"status": p.get_status_display().lower(), "aksi": Aksi(aksi).label}
            )
        raise AlurDitolak(_("Anda tidak berwenang melakukan aksi ini."))
    if perlu_alasan and not alasan:
        raise AlurDitolak(_("Alasan wajib diisi."))
    if aksi == Aksi.AJUKAN and bulan > bulan_ini():
        raise AlurDitolak(_("Bulan ini belum berjalan."))
    sekarang = timezone.now()
    status_lama = p.status
    p.status = ke
    if aksi == Aksi.AJUKAN:
        # Timeliness counts the first submission; a resubmission after being sent back does
        # not make a punctual month late.
        p.diajukan_pada = p.diajukan_pada or sekarang
        p.alasan_dikembalikan = ""
    elif aksi == Aksi.VERIFIKASI:
        p.diverifikasi_pada = sekarang
    elif aksi == Aksi.KUNCI:
        p.dikunci_pada = sekarang
    elif aksi == Aksi.KEMBALIKAN:
        p.alasan_dikembalikan = alasan
        p.diverifikasi_pada = None
    elif aksi == Aksi.BUKA:
        p.alasan_dikembalikan = alasan
        p.diverifikasi_pada = None
        p.dikunci_pada = None
    elif aksi == Aksi.TARIK:
        # Withdrawn is not submitted: timeliness counts the next submission.
        p.diajukan_pada = None
    p.save()
    RiwayatPengajuan.objects.create(pengajuan=p, dari=status_lama, ke=ke, oleh=user, catatan=alasan)
    desa = list(
        NilaiData.objects.filter(desa__kecamatan=kecamatan, elemen__sektor=sektor, bulan=bulan)
        .values_list("desa_id", flat=True)
        .distinct()
    )
    if desa:
        agregasi_jadwalkan(desa_kode=sorted(desa), bulan=[bulan])
    return p


@transaction.atomic
def pengajuan_verifikasi_massal(*, user, kecamatan, daftar):
    """Verify several (sector, month) submissions of one kecamatan: all of them or none (the
    first refusal rolls the others back). Each step is checked and recorded as a single one."""
    hasil = []
    for sektor, bulan in daftar:
        try:
            hasil.append(
                pengajuan_ubah_status(
                    user=user, kecamatan=kecamatan, sektor=sektor, bulan=bulan, aksi=Aksi.VERIFIKASI
                )
            )
        except AlurDitolak as exc:
            raise AlurDitolak(
                _("%(sektor)s %(bulan)s: %(pesan)s Tidak ada yang diverifikasi.")
                % {"sektor": Sektor(sektor).label, "bulan": nama_bulan(bulan), "pesan": exc}
            ) from None
    return hasil


# --- sample data -------------------------------------------------------------------------------

DEMO_WILAYAH = "33.06"  # Kabupaten Purworejo


def data_contoh_muat(
    *,
    wilayah_kode=DEMO_WILAYAH,
    jumlah_bulan=24,
    bulan_akhir=None,
    seed=2024,
    ulang=False,
    bangun_agregat=True,
):
    """Generate sample values for every active village under `wilayah_kode` (a kabupaten or a
    kecamatan) for the `jumlah_bulan` months up to `bulan_akhir` (default: last month), with
    their submissions, and record that the wilayah holds sample data (pages show a banner).

    Values are flagged `contoh`: a reload replaces only those, never a real entry. Returns the
    DataContoh record, or None when sample data exists already and `ulang` is not set.

    Half a million values at once are a bulk load, not an edit: instead of queueing every
    village-month for the incremental path, the aggregates of the wilayah are rebuilt once,
    after the values have committed (`bangun_agregat=False` leaves that to the caller)."""
    catatan = _data_contoh_tulis(
        wilayah_kode=wilayah_kode,
        jumlah_bulan=jumlah_bulan,
        bulan_akhir=bulan_akhir,
        seed=seed,
        ulang=ulang,
    )
    if catatan is not None and bangun_agregat:
        from .agregasi import agregasi_bangun

        agregasi_bangun(kode=wilayah_kode)
    return catatan


@transaction.atomic
def _data_contoh_tulis(*, wilayah_kode, jumlah_bulan, bulan_akhir, seed, ulang):
    from .contoh import nilai_desa

    if DataContoh.objects.filter(wilayah_kode=wilayah_kode).exists() and not ulang:
        return None
    if not DataElemen.objects.exists():
        katalog_muat()
    elemen = dict(DataElemen.objects.filter(aktif=True).values_list("kode", "id"))
    desa = list(Desa.objects.aktif().di_bawah(wilayah_kode).order_by("kode"))
    if not desa:
        raise ValueError(_("Tidak ada desa aktif di bawah kode %(k)s.") % {"k": wilayah_kode})
    bulan_akhir = bulan_akhir or tambah_bulan(bulan_ini(), -1)
    daftar = rentang_bulan(tambah_bulan(bulan_akhir, -(jumlah_bulan - 1)), bulan_akhir)

    awalan = Q(desa__kode=wilayah_kode) | Q(desa__kode__startswith=wilayah_kode + ".")
    NilaiData.objects.filter(awalan, contoh=True).delete()
    baris = (
        (d.kode, elemen[kode], b, v)
        for d in desa
        for (kode, b), v in nilai_desa(d.kode, daftar, seed=seed).items()
        if kode in elemen
    )
    jumlah = _nilai_contoh_tulis(baris)

    _pengajuan_contoh(wilayah_kode, daftar, seed)
    catatan, _baru = DataContoh.objects.update_or_create(
        wilayah_kode=wilayah_kode,
        defaults={
            "bulan_awal": daftar[0],
            "bulan_akhir": daftar[-1],
            "seed": seed,
            "jumlah_nilai": jumlah,
        },
    )
    return catatan


def _nilai_contoh_tulis(baris):
    """Insert sample rows, leaving any real entry in place; returns the number inserted.

    ~600k rows: through the ORM this takes minutes, so each engine gets its fast path.
    PostgreSQL: COPY into a temporary table and one INSERT … SELECT. SQLite (the demo): one
    executemany of INSERT OR IGNORE. Others: batched bulk inserts."""
    tabel = NilaiData._meta.db_table
    kolom = "(desa_id, elemen_id, bulan, nilai, diubah_pada, contoh)"
    if connection.vendor == "postgresql":
        buf = io.StringIO()
        for d, e, b, v in baris:
            buf.write(f"{d}\t{e}\t{b.isoformat()}\t{v}\n")
        buf.seek(0)
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE nilai_contoh_sementara (desa_id varchar(13), "
                "elemen_id bigint, bulan date, nilai bigint) ON COMMIT DROP"
            )
            cur.cursor.copy_expert("COPY nilai_contoh_sementara FROM STDIN", buf)
            cur.execute(
                f"INSERT INTO {tabel} {kolom} "
                "SELECT desa_id, elemen_id, bulan, nilai, now(), true FROM nilai_contoh_sementara "
                "ORDER BY desa_id, elemen_id, bulan "
                "ON CONFLICT (desa_id, elemen_id, bulan) DO NOTHING"
            )
            jumlah = cur.rowcount
            # ON COMMIT DROP does not fire when an outer transaction (a test) goes on.
            cur.execute("DROP TABLE nilai_contoh_sementara")
            return jumlah
    if connection.vendor == "sqlite":
        sekarang = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cur:
            sebelum = NilaiData.objects.count()
            cur.executemany(
                f"INSERT OR IGNORE INTO {tabel} {kolom} VALUES (%s, %s, %s, %s, %s, 1)",
                ((d, e, b.isoformat(), v, sekarang) for d, e, b, v in baris),
            )
            return NilaiData.objects.count() - sebelum
    jumlah, antre = 0, []
    for d, e, b, v in baris:
        antre.append(NilaiData(desa_id=d, elemen_id=e, bulan=b, nilai=v, contoh=True))
        if len(antre) >= 20000:
            jumlah += len(NilaiData.objects.bulk_create(antre, ignore_conflicts=True))
            antre = []
    return jumlah + len(NilaiData.objects.bulk_create(antre, ignore_conflicts=True))


def _pengajuan_contoh(wilayah_kode, daftar, seed):
    """Submissions for the sample months: old months locked, recent ones verified, the month
    before last partly submitted (waiting for the camat), last month still a draft; most on
    time, some late. Completeness from the values."""
    import random

    rng = random.Random(f"{seed}:pengajuan")
    awalan = Q(desa__kode=wilayah_kode) | Q(desa__kode__startswith=wilayah_kode + ".")
    lapor = {
        (r["desa__kecamatan_id"], r["elemen__sektor"], r["bulan"]): r["n"]
        for r in NilaiData.objects.filter(awalan, elemen__tahunan=False, bulan__in=daftar)
        .values("desa__kecamatan_id", "elemen__sektor", "bulan")
        .annotate(n=Count("desa", distinct=True))
    }
    diharapkan = dict(
        Desa.objects.aktif()
        .di_bawah(wilayah_kode)
        .values("kecamatan_id")
        .annotate(n=Count("kode"))
        .values_list("kecamatan_id", "n")
    )
    sekarang = timezone.now()
    ini = bulan_ini()
    rows = []
    for kec, n_desa in sorted(diharapkan.items()):
        for sektor in Sektor.values:
            for b in daftar:
                # Months since the month now being reported (last month = 0).
                umur = (ini.year - b.year) * 12 + ini.month - b.month - 1
                batas = batas_pengajuan(b)
                geser = rng.randint(1, 9) if rng.random() < 0.8 else -rng.randint(1, 12)
                diajukan = min(batas - dt.timedelta(days=geser, hours=rng.randint(2, 12)), sekarang)
                p = Pengajuan(
                    kecamatan_id=kec,
                    sektor=sektor,
                    bulan=b,
                    desa_lapor=lapor.get((kec, sektor, b), 0),
                    desa_diharapkan=n_desa,
                    diajukan_pada=diajukan,
                )
                # The month being reported stays open everywhere, so a demo UPT does the real
                # task (fill, submit); the one before partly waits for the camat's verification.
                if umur == 0:
                    p.status, p.diajukan_pada = Pengajuan.Status.DRAFT, None
                elif umur == 1 and rng.random() < 0.5:
                    p.status = Pengajuan.Status.DIAJUKAN
                elif umur <= 2:
                    p.status = Pengajuan.Status.DIVERIFIKASI
                    p.diverifikasi_pada = min(diajukan + dt.timedelta(days=3), sekarang)
                else:
                    p.status = Pengajuan.Status.DIKUNCI
                    p.diverifikasi_pada = diajukan + dt.timedelta(days=3)
                    p.dikunci_pada = diajukan + dt.timedelta(days=5)
                rows.append(p)
    Pengajuan.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["kecamatan", "sektor", "bulan"],
        update_fields=[
            "status",
            "desa_lapor",
            "desa_diharapkan",
            "diajukan_pada",
            "diverifikasi_pada",
            "dikunci_pada",
        ],
        batch_size=2000,
    )
