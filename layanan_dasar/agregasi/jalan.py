"""The runs: incremental (drain the queue), scoped or full rebuild, the run log. Each is one
transaction under the write lock."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import AntrianAgregasi, RiwayatAgregasi
from .lingkup import bangun_lingkup, kecamatan_di_bawah, tahun_data
from .mesin import TABEL, Mesin, pengaturan_pg_lingkup
from .periode import periode_terdampak, semua_periode
from .tukar import bangun_tukar, boleh_tukar

log = logging.getLogger("layanan_dasar.agregasi")


@dataclass
class HasilAgregasi:
    jenis: str
    wilayah_kode: str = ""
    tahun: int | None = None
    baris: int = 0  # rows written (inserted, changed or deleted)
    tanda: int = 0  # queue marks drained (incremental)
    dilewati: str = ""  # why nothing ran: "terkunci" (another writer) or "duplikat"
    detik: float = 0.0
    rincian: dict = field(default_factory=dict)  # step → seconds (benchmarks)


def agregasi_inkremental(*, using="default"):
    """Drain the queue of stale village-months and rebuild what they touch: the marked
    villages' kecamatan (from NilaiData) and their ancestors (from the stored children), for the
    marked months, their quarters and years. Returns a HasilAgregasi; `dilewati="terkunci"`
    when another rebuild holds the write lock (the caller retries later; the marks stay)."""
    mulai = timezone.now()
    hasil = HasilAgregasi(jenis=RiwayatAgregasi.Jenis.INKREMENTAL)
    with transaction.atomic(using=using):
        m = Mesin(using)
        if not m.kunci_tulis(tunggu=False):
            hasil.dilewati = "terkunci"
            return hasil
        # Take the marks BEFORE reading any value: an edit committed after this statement
        # leaves its own mark behind for the next run.
        m.q(f"DELETE FROM {AntrianAgregasi._meta.db_table} RETURNING desa_kode, bulan")
        tanda = m.cur.fetchall()
        if not tanda:
            return hasil
        hasil.tanda = len(tanda)
        bulan = {
            b if isinstance(b, dt.date) else dt.date.fromisoformat(str(b)[:10]) for _d, b in tanda
        }
        kec = {d[:8] for d, _b in tanda}
        m.atur_pg(pengaturan_pg_lingkup())
        if m.siapkan_katalog():
            bangun_lingkup(m, kec, periode_terdampak(bulan))
        else:
            hapus_semua(m)
        hasil.baris = m.baris
        hasil.rincian = m.rincian
        m.bersihkan()
        catat(hasil, mulai, using, catatan=f"{len(kec)} kecamatan, {len(bulan)} bulan")
    log.info(
        "agregasi inkremental: %s tanda, %s baris, %.3f s", hasil.tanda, hasil.baris, hasil.detik
    )
    return hasil


def agregasi_bangun(*, kode="", tahun=None, using="default", strategi=None, pengaturan=None):
    """Rebuild the aggregates of the wilayah `kode` ('' = the whole country) for `tahun` (None =
    every year with data). A full rebuild (no kode, no tahun) on PostgreSQL builds a new table
    and swaps it in; any narrower scope rewrites only the rows that differ. `strategi`
    ("tukar" | "selisih") and `pengaturan` (PostgreSQL settings) are for benchmarks.

    Returns a HasilAgregasi; `dilewati="duplikat"` when the same scope is being rebuilt."""
    mulai = timezone.now()
    kode = (kode or "").strip()
    penuh = not kode and tahun is None
    jenis = RiwayatAgregasi.Jenis.PENUH if penuh else RiwayatAgregasi.Jenis.LINGKUP
    hasil = HasilAgregasi(jenis=jenis, wilayah_kode=kode, tahun=tahun)
    with transaction.atomic(using=using):
        m = Mesin(using)
        if not m.kunci_lingkup(f"bangun:{kode}:{tahun}"):
            hasil.dilewati = "duplikat"
            return hasil
        m.kunci_tulis(tunggu=True)
        if strategi is None:
            strategi = "tukar" if penuh and m.pg and boleh_tukar(m) else "selisih"
        if pengaturan is None and strategi == "selisih":
            pengaturan = pengaturan_pg_lingkup()
        m.atur_pg(pengaturan)
        if penuh:
            # Every mark is covered by this run: take them before reading any value.
            m.q(f"DELETE FROM {AntrianAgregasi._meta.db_table}")
        if not m.siapkan_katalog():
            hapus_semua(m)
        elif strategi in ("tukar", "ganti"):
            bangun_tukar(m, ganti=strategi == "ganti")
        else:
            kec = kecamatan_di_bawah(m, kode)
            m.temp("ag_lk_kec", "kode varchar(13)")
            m.temp("ag_lk_desa", "kode varchar(13)")
            if kec is None:
                m.q("INSERT INTO ag_lk_kec (kode) SELECT kode FROM wilayah_kecamatan")
            else:
                m.cur.executemany(
                    "INSERT INTO ag_lk_kec (kode) VALUES (%s)", [(k,) for k in sorted(kec)]
                )
            m.q(
                "INSERT INTO ag_lk_desa (kode) SELECT kode FROM wilayah_desa "
                "WHERE kecamatan_id IN (SELECT kode FROM ag_lk_kec)"
            )
            daftar_tahun = [tahun] if tahun else tahun_data(m, kec=kec)
            if daftar_tahun:
                bangun_lingkup(m, kec, semua_periode(daftar_tahun))
        hasil.baris = m.baris
        hasil.rincian = m.rincian
        m.bersihkan()
        catat(hasil, mulai, using)
    log.info(
        "agregasi %s %s %s: %s baris, %.1f s",
        hasil.jenis,
        kode or "nasional",
        tahun or "semua tahun",
        hasil.baris,
        hasil.detik,
    )
    return hasil


def hapus_semua(m):
    """No active indicator: no aggregate may remain."""
    m.baris += m.q(f"DELETE FROM {TABEL}")


def catat(hasil, mulai, using, catatan=""):
    selesai = timezone.now()
    hasil.detik = (selesai - mulai).total_seconds()
    RiwayatAgregasi.objects.using(using).create(
        jenis=hasil.jenis,
        wilayah_kode=hasil.wilayah_kode,
        tahun=hasil.tahun,
        mulai=mulai,
        selesai=selesai,
        baris=min(hasil.baris, 2**31 - 1),
        catatan=catatan,
    )


def agregasi_riwayat_pangkas(*, hari=90, using="default"):
    """Delete run records older than `hari` days, keeping the latest."""
    terakhir = RiwayatAgregasi.objects.using(using).order_by("-selesai", "-id").first()
    if terakhir is None:
        return 0
    batas = timezone.now() - dt.timedelta(days=hari)
    qs = RiwayatAgregasi.objects.using(using).filter(selesai__lt=batas).exclude(pk=terakhir.pk)
    return qs.delete()[0]
