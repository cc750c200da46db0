"""The aggregation engine on a national year.

    .venv/bin/python bench/aggregate.py            # builds dk_bench_agregat (~15 min), measures
    .venv/bin/python bench/aggregate.py --ulang    # reuse the values loaded by a previous run
    .venv/bin/python bench/aggregate.py --ulang --strategi   # also time the write strategies
    .venv/bin/python bench/aggregate.py --ulang --lima-tahun # also five national years: pages
    .venv/bin/python bench/aggregate.py --ulang --hanya-halaman  # only the pages, on what is stored

Loads the whole wilayah list and the shipped catalogue, then one year of values for every village
and every element of the catalogue (monthly elements × 12 months; annual targets once, on the
January row, as the entry grid stores them) with COPY, and every kecamatan × sector × month as
submitted (diajukan): only submitted months are aggregated. Then, in the same run:

- the floor: one plain GROUP BY to kecamatan level over the submitted values (the values joined
  to their submitted kecamatan × sector × month: what any aggregation of them must at least cost);
- the pairing bound: over the same submitted values, one GROUP BY desa × indicator putting each
  month's numerator beside its denominator, and the month-by-month pairing over them (paired
  sums, latest paired month), counted and not written — the least an engine with these rules
  must do (a desa counts for an indicator-month only when both exist), before any year-to-date,
  quarter, level above desa or write;
- the full rebuild, run by a real Celery worker (solo pool, Redis): every desa, kecamatan,
  kabupaten, provinsi and the nation × every month, quarter and the year, stored as one row per
  indicator × node × year (AgregatTahun); with its ratio to both, its size on disk with indexes,
  and the worker's peak RSS (VmHWM);
- an incremental rebuild after changing one kecamatan-month (Pituruh, March: every value + 1),
  drained by the same worker (median of 5);
- the PostgreSQL settings that matter: the full rebuild under the server's defaults (work_mem
  4MB, jit on, parallel workers on, merge join on) next to the engine's, and the desa statement
  alone (the run's largest) under each setting changed on its own;
- with --lima-tahun: the stored year copied into four earlier years (five national years of
  aggregates; the values stay one year, which only the full rebuild reads), the incremental run
  again (it must not grow with the years) and the camat home and the Sekber national page
  (bench/pages.py's measurement, the page cache off and on).

Targets (2-core machine, issue 17): full rebuild <= 2 × the pairing bound; aggregates with their
indexes <= 2.5 GB per national year; incremental <= 0.3 s; peak RSS <= 300 MB; with five years,
camat home p95 <= 100 ms and Sekber national p95 <= 150 ms.
Environment: PGHOST/PGUSER (default 127.0.0.1/postgres), BENCH_REDIS_URL (redis://127.0.0.1:6379/2),
BENCH_DB (dk_bench_agregat).
"""

import io
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")

from _db import ROOT, siapkan  # noqa: E402

NAMA_DB = os.environ.get("BENCH_DB", "dk_bench_agregat")
TAHUN = 2025
PITURUH = "33.06.11"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
# The values that count under the rules: those of a kecamatan × sector × month whose submission
# is diajukan or later (DESIGN §5; the engine's ag_sah). Both statements below start from them.
_SAH = (
    "SELECT v.desa_id, v.elemen_id, v.bulan, v.nilai FROM layanan_dasar_nilaidata v "
    "JOIN layanan_dasar_dataelemen e ON e.id = v.elemen_id "
    "JOIN layanan_dasar_pengajuan p ON p.kecamatan_id = substr(v.desa_id, 1, 8) "
    "AND p.sektor = e.sektor AND p.bulan = v.bulan "
    "WHERE p.status IN ('diajukan', 'diverifikasi', 'dikunci') "
    f"AND v.bulan >= '{TAHUN}-01-01' AND v.bulan < '{TAHUN + 1}-01-01'"
)
# The outer query reads every aggregate it wraps: PostgreSQL drops a subquery's unread outputs,
# and an unread sum(...) would not be computed at all.
LANTAI = (
    "SELECT count(*), sum(s.t) FROM (SELECT substr(v.desa_id, 1, 8), v.elemen_id, v.bulan, "
    f"sum(v.nilai) AS t FROM ({_SAH}) v GROUP BY 1, 2, 3) s"
)
BAWAAN_SERVER = {"work_mem": "4MB", "jit": "on"}  # PostgreSQL 15 defaults


def _sql_pasangan():
    """The least any engine with these rules must do: from the submitted values only, one
    GROUP BY desa × indicator holding each month's numerator and denominator side by side (a
    desa reports an indicator-month only when both exist, so they must meet per desa before
    any sum above it), then the month-by-month pairing the quarter and year rules need: for
    each month whether both exist, the paired numerator and denominator summed over the year
    (flow/flow), the latest paired month (stock/stock). Counted, not written; no year-to-date,
    quarter, level above desa or write."""
    slot = [(peran, b) for peran in (0, 1) for b in range(1, 13)]
    agregat = ", ".join(
        f"MAX(v.nilai) FILTER (WHERE m.peran = {peran} AND v.bulan = '{TAHUN}-{b:02d}-01') "
        f"AS s{peran}_{b}"
        for peran, b in slot
    )
    dua = {b: f"(s.s0_{b} IS NOT NULL AND s.s1_{b} IS NOT NULL)" for b in range(1, 13)}
    jumlah_n = " + ".join(f"CASE WHEN {dua[b]} THEN s.s0_{b} ELSE 0 END" for b in range(1, 13))
    jumlah_d = " + ".join(f"CASE WHEN {dua[b]} THEN s.s1_{b} ELSE 0 END" for b in range(1, 13))
    terakhir = "CASE " + " ".join(f"WHEN {dua[b]} THEN {b}" for b in range(12, 0, -1)) + " END"
    return (
        f"SELECT count(*), sum({jumlah_n}), sum({jumlah_d}), sum({terakhir}) "
        f"FROM (SELECT v.desa_id, m.ind, {agregat} "
        f"FROM ({_SAH}) v JOIN ("
        "SELECT id AS ind, 0 AS peran, pembilang_id AS elemen FROM layanan_dasar_indikator "
        "WHERE aktif UNION ALL SELECT id, 1, penyebut_id FROM layanan_dasar_indikator "
        "WHERE aktif) m ON m.elemen = v.elemen_id GROUP BY v.desa_id, m.ind) s"
    )


# --- data --------------------------------------------------------------------------------------


class _Aliran(io.RawIOBase):
    """A file-like view of a generator of str chunks, for COPY FROM STDIN."""

    def __init__(self, potongan):
        self._it = iter(potongan)
        self._sisa = b""

    def readable(self):
        return True

    def read(self, n=-1):
        while len(self._sisa) < max(n, 1 << 20):
            try:
                self._sisa += next(self._it).encode()
            except StopIteration:
                break
        if n < 0:
            n = len(self._sisa)
        hasil, self._sisa = self._sisa[:n], self._sisa[n:]
        return hasil


def _baris_nilai(desa, elemen, penyebut):
    """Plausible values: a denominator (target, cohort) around a village-specific base, a
    numerator below it; a village in eight skips a month now and then (missing, not zero)."""
    waktu = f"{TAHUN}-12-31 00:00:00+07"
    bulan = [f"{TAHUN}-{m:02d}-01" for m in range(1, 13)]
    for i, kode in enumerate(desa):
        dasar = 40 + (i * 7919) % 400
        jarang = i % 8 == 0
        baris = []
        for e_id, tahunan in elemen:
            nilai_dasar = 2 * dasar if e_id in penyebut else dasar + e_id % 17
            if tahunan:
                baris.append(f"{kode}\t{e_id}\t{bulan[0]}\t{nilai_dasar}\t{waktu}\tf\n")
                continue
            for m, b in enumerate(bulan):
                if jarang and (m + e_id) % 5 == 0:
                    continue
                baris.append(f"{kode}\t{e_id}\t{b}\t{nilai_dasar + m}\t{waktu}\tf\n")
        yield "".join(baris)


def muat_nilai(conn):
    """COPY a national year into NilaiData. The secondary indexes and foreign keys are dropped
    for the load and the ones the engine and the entry grid use are rebuilt afterwards."""
    from layanan_dasar.models import DataElemen, Indikator
    from wilayah.models import Desa

    desa = Desa.objects.order_by("kode")
    if os.environ.get("BENCH_WILAYAH"):  # a quick trial on one province
        desa = desa.filter(kode__startswith=os.environ["BENCH_WILAYAH"] + ".")
    desa = list(desa.values_list("kode", flat=True))
    elemen = list(DataElemen.objects.order_by("id").values_list("id", "tahunan"))
    penyebut = set(Indikator.objects.values_list("penyebut_id", flat=True))
    with conn.cursor() as cur:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'layanan_dasar_nilaidata'::regclass AND contype IN ('u', 'f')"
        )
        kendala = cur.fetchall()
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = "
            "'layanan_dasar_nilaidata' AND indexname NOT LIKE '%%pkey' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indeks = cur.fetchall()
        for nama, _d in kendala:
            cur.execute(f"ALTER TABLE layanan_dasar_nilaidata DROP CONSTRAINT {nama}")
        for nama, _d in indeks:
            cur.execute(f"DROP INDEX {nama}")
        t0 = time.perf_counter()
        cur.copy_expert(
            "COPY layanan_dasar_nilaidata (desa_id, elemen_id, bulan, nilai, diubah_pada, contoh)"
            " FROM STDIN",
            _Aliran(_baris_nilai(desa, elemen, penyebut)),
            size=1 << 20,
        )
        salin = time.perf_counter() - t0
        t0 = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '1GB'")
        for nama, definisi in kendala:
            if "FOREIGN KEY" in definisi:
                # Valid by construction; NOT VALID spares a scan of 50M rows.
                cur.execute(
                    f"ALTER TABLE layanan_dasar_nilaidata ADD CONSTRAINT {nama} {definisi} "
                    "NOT VALID"
                )
            else:
                cur.execute(f"ALTER TABLE layanan_dasar_nilaidata ADD CONSTRAINT {nama} {definisi}")
        # Of the plain indexes only (bulan, elemen) matters to the engine and the grid; the
        # single-column foreign-key indexes are redundant with nilai_unik and skipped to save
        # disk (they do not take part in any aggregation statement).
        for _nama, definisi in indeks:
            if "(bulan, elemen_id)" in definisi:
                cur.execute(definisi)
        indeks_detik = time.perf_counter() - t0
    conn.commit()
    return salin, indeks_detik


def muat_pengajuan(conn):
    """Every kecamatan × sector of the catalogue × month of the year submitted (diajukan), in
    one INSERT … SELECT: under the rules only submitted months are aggregated. Returns the
    number of rows and the seconds."""
    t0 = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute("DELETE FROM layanan_dasar_pengajuan")
        cur.execute(
            "INSERT INTO layanan_dasar_pengajuan (kecamatan_id, sektor, bulan, status, "
            "diajukan_pada, alasan_dikembalikan, desa_lapor, desa_diharapkan, diperbarui) "
            "SELECT k.kode, s.sektor, b.bulan::date, 'diajukan', now(), '', h.n, h.n, now() "
            "FROM wilayah_kecamatan k "
            "JOIN (SELECT kecamatan_id, count(*) AS n FROM wilayah_desa GROUP BY 1) h "
            "ON h.kecamatan_id = k.kode "
            "CROSS JOIN (SELECT DISTINCT sektor FROM layanan_dasar_dataelemen) s "
            f"CROSS JOIN generate_series('{TAHUN}-01-01'::date, '{TAHUN}-12-01'::date, "
            "interval '1 month') b(bulan)"
        )
        n = cur.rowcount
    conn.commit()
    with conn.cursor() as cur:
        old = conn.autocommit
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE layanan_dasar_pengajuan")
        conn.autocommit = old
    return n, time.perf_counter() - t0


# --- measurements ------------------------------------------------------------------------------


def lantai(conn, pengaturan, sql=LANTAI, kali=2):
    """Seconds of the floor statement (or `sql`) under `pengaturan` (the best of `kali` runs)."""
    hasil = []
    with conn.cursor() as cur:
        for _ in range(kali):
            cur.execute("BEGIN")
            for k, v in pengaturan.items():
                cur.execute("SELECT set_config(%s, %s, true)", [k, v])
            t0 = time.perf_counter()
            cur.execute(sql)
            cur.fetchone()
            hasil.append(time.perf_counter() - t0)
            cur.execute("ROLLBACK")
    return min(hasil)


class Pekerja:
    """A real Celery worker (solo pool) against the bench database and Redis."""

    def __init__(self, database_url):
        import redis

        redis.Redis.from_url(REDIS).flushdb()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": REDIS,
            "CELERY_RESULT_BACKEND": REDIS,
            "DEBUG": "0",
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "dashboard_kecamatan",
                "worker",
                "-P",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            env=env,
            cwd=ROOT,
        )
        from dashboard_kecamatan.celery import app

        app.conf.update(broker_url=REDIS, result_backend=REDIS, task_always_eager=False)
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)
        self.app = app
        batas = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if time.monotonic() > batas or self.proc.poll() is not None:
                raise RuntimeError("worker Celery tidak siap")

    def jalankan(self, tugas, **kwargs):
        return tugas.apply_async(kwargs=kwargs).get(timeout=3600)

    def puncak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for baris in fh:
                if baris.startswith("VmHWM:"):
                    return int(baris.split()[1]) / 1024
        return float("nan")

    def berhenti(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def ubah_satu_kecamatan_bulan(n):
    """Every value of Pituruh in March + 1 (as a kecamatan import would), marked for the
    incremental rebuild; returns when the transaction committed (the task is on its way)."""
    import datetime as dt

    from django.db import connection, transaction

    from layanan_dasar.agregasi import agregasi_jadwalkan

    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE layanan_dasar_nilaidata SET nilai = nilai + 1 "
                "WHERE desa_id IN (SELECT kode FROM wilayah_desa WHERE kecamatan_id = %s) "
                "AND bulan = %s RETURNING desa_id",
                [PITURUH, dt.date(TAHUN, 3, 1)],
            )
            desa = {r[0] for r in cur.fetchall()}
        agregasi_jadwalkan(desa_kode=desa, bulan=[dt.date(TAHUN, 3, 1)])
    return len(desa)


def langkah_desa(pengaturan):
    """Seconds of the full rebuild's desa statement alone (CREATE TABLE … AS, rolled back)
    under `pengaturan`."""
    from django.db import transaction

    from layanan_dasar.agregasi import mesin as ag
    from layanan_dasar.agregasi.lingkup import tahun_data

    with transaction.atomic():
        m = ag.Mesin("default")
        m.atur_pg(pengaturan)
        m.siapkan_katalog()
        tahun = tahun_data(m)
        sah = m.siapkan_sah(tahun[0], tahun[-1], lingkup=False, biasa=True)
        sql, params = m.sql_desa(sah, tahun[0], tahun[-1], lingkup=False)
        t0 = time.perf_counter()
        m.q(f"CREATE TABLE ag_bench_desa AS SELECT * FROM ({sql}) x({', '.join(ag.KOLOM)})", params)
        detik = time.perf_counter() - t0
        transaction.set_rollback(True)
    return detik


def ukuran_agregat(cur):
    """(year rows, rows as readers see them, bytes with indexes, bytes of the table alone)."""
    from layanan_dasar.agregasi.mesin import TABEL

    ada = " + ".join(
        f"CASE WHEN n{i} IS NOT NULL OR d{i} IS NOT NULL OR e{i} IS NOT NULL THEN 1 ELSE 0 END"
        for i in range(1, 18)
    )
    cur.execute(f"SELECT count(*), sum({ada}) FROM {TABEL}")
    n_tahun, n_periode = cur.fetchone()
    cur.execute("SELECT pg_total_relation_size(%s), pg_relation_size(%s)", [TABEL, TABEL])
    return (n_tahun, n_periode, *cur.fetchone())


def lima_tahun(raw):
    """Copy the stored year into the four years before it (every node, indicator and period:
    five national years of aggregates) and return the seconds."""
    from layanan_dasar.agregasi.mesin import KOLOM, TABEL

    kolom = ", ".join(KOLOM)
    pilih = ", ".join("tahun - %s" if k == "tahun" else k for k in KOLOM)
    t0 = time.perf_counter()
    with raw.cursor() as cur:
        cur.execute(f"DELETE FROM {TABEL} WHERE tahun < %s", [TAHUN])
        for mundur in range(1, 5):
            cur.execute(
                f"INSERT INTO {TABEL} ({kolom}) SELECT {pilih} FROM {TABEL} WHERE tahun = %s",
                [mundur, TAHUN],
            )
        cur.execute(f"VACUUM ANALYZE {TABEL}")
    return time.perf_counter() - t0


def tunggu_inkremental(sejak):
    from layanan_dasar.models import AntrianAgregasi, RiwayatAgregasi

    batas = time.monotonic() + 120
    while time.monotonic() < batas:
        run = (
            RiwayatAgregasi.objects.filter(jenis="inkremental", selesai__gt=sejak)
            .order_by("-selesai")
            .first()
        )
        if run is not None and not AntrianAgregasi.objects.exists():
            return run
        time.sleep(0.05)
    raise RuntimeError("pembaruan inkremental tidak selesai dalam 120 detik")


def _langkah(r):
    return {k: v for k, v in r.items() if k != "baris_desa"}


def _rincian(r):
    return ", ".join(f"{k} {v:.1f} s" for k, v in r.items())


def main():
    ulang = "--ulang" in sys.argv
    url = siapkan(NAMA_DB, baru=not ulang)
    import psycopg2

    from layanan_dasar.agregasi import agregasi_bangun, pengaturan_pg
    from layanan_dasar.agregasi.tasks import agregasi_bangun_tugas
    from layanan_dasar.models import (
        DataElemen,
        Indikator,
        NilaiData,
        Pengajuan,
    )
    from layanan_dasar.services import katalog_muat
    from wilayah.models import Desa
    from wilayah.services import wilayah_muat

    # A connection of its own for the bench's plain SQL (Django's stays in autocommit).
    raw = psycopg2.connect(url)
    if not ulang or not NilaiData.objects.exists():
        wilayah_muat(direktori=ROOT / "fixtures" / "wilayah")
        katalog_muat()
        salin, indeks = muat_nilai(raw)
        print(f"COPY nilai                : {salin:.1f} s (+ indeks {indeks:.1f} s)")
        raw.autocommit = True
        with raw.cursor() as cur:
            cur.execute("VACUUM ANALYZE layanan_dasar_nilaidata")
    raw.autocommit = True
    if not ulang or not Pengajuan.objects.exists():
        n_aju, detik_aju = muat_pengajuan(raw)
        print(f"pengajuan (diajukan)      : {n_aju:,} baris, {detik_aju:.1f} s")
    with raw.cursor() as cur:
        cur.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'layanan_dasar_nilaidata'"
        )
        n_nilai = cur.fetchone()[0]
    print(
        f"desa × elemen × bulan     : {Desa.objects.count():,} desa, "
        f"{DataElemen.objects.count()} elemen, {Indikator.objects.count()} indikator, "
        f"{n_nilai:,} nilai ({TAHUN})"
    )

    if "--hanya-halaman" in sys.argv:
        halaman()
        return
    mesin = {k: str(v) for k, v in pengaturan_pg().items()}
    print(f"\n== pengaturan mesin (SET LOCAL): {mesin}")
    floor = lantai(raw, mesin)
    print(f"lantai (GROUP BY ke kecamatan) : {floor:7.1f} s")
    pasangan = lantai(raw, mesin, _sql_pasangan())
    print(
        f"batas bawah pemasangan         : {pasangan:7.1f} s   "
        f"rasio {pasangan / floor:.2f} × lantai"
        "   (GROUP BY desa × indikator, pembilang dan penyebut per bulan, tanpa menulis)"
    )

    pekerja = Pekerja(url)
    try:
        t0 = time.perf_counter()
        hasil = pekerja.jalankan(agregasi_bangun_tugas)
        penuh = time.perf_counter() - t0
        print(
            f"bangun ulang penuh (pekerja)   : {penuh:7.1f} s   "
            f"rasio {penuh / floor:.2f} × lantai, "
            f"{penuh / pasangan:.2f} × batas pemasangan"
            f"   (target <= 2 × batas pemasangan)"
        )
        print(f"   {_rincian(_langkah(hasil.get('rincian', {})))}")
        with raw.cursor() as cur:
            n_tahun, n_periode, total, tabel = ukuran_agregat(cur)
        print(f"   {n_tahun:,} baris tahun = {n_periode:,} baris periode (seperti dibaca halaman)")
        print(
            f"   ukuran di disk: {total / 2**30:.2f} GB dengan indeks "
            f"(tabel {tabel / 2**30:.2f} GB)   (target <= 2,5 GB)"
        )
        floor2 = lantai(raw, mesin)
        print(f"lantai, diukur ulang           : {floor2:7.1f} s   rasio {penuh / floor2:.2f}")
        waktu = inkremental(pekerja)
        print(
            f"puncak RSS pekerja             : {pekerja.puncak_rss_mb():7.1f} MB  (target <= 300)"
        )
    finally:
        pekerja.berhenti()
    rincian_inkremental()

    print(f"\n== bawaan server: {BAWAAN_SERVER}")
    t0 = time.perf_counter()
    h = agregasi_bangun(pengaturan=BAWAAN_SERVER)
    penuh_b = time.perf_counter() - t0
    print(f"bangun ulang penuh             : {penuh_b:7.1f} s   (pengaturan mesin: {penuh:.1f} s)")
    print(f"   {_rincian(_langkah(h.rincian))}")

    print("\n== pernyataan desa saja (CREATE TABLE … AS, dibatalkan), satu pengaturan diubah")
    for label, ubah in (
        ("pengaturan mesin", {}),
        ("work_mem 4MB", {"work_mem": "4MB"}),
        ("jit off", {"jit": "off"}),
        ("tanpa pekerja paralel", {"max_parallel_workers_per_gather": "0"}),
        ("merge join on", {"enable_mergejoin": "on"}),
    ):
        print(f"   {label:24s}: {langkah_desa({**mesin, **ubah}):6.1f} s")

    if "--strategi" in sys.argv:
        print("\n== strategi tulis bangun ulang penuh (tabel sudah terisi, pengaturan mesin)")
        for strategi, label in (
            ("tukar", "tabel baru + tukar nama"),
            ("ganti", "DELETE + INSERT, satu transaksi"),
        ):
            t0 = time.perf_counter()
            h = agregasi_bangun(strategi=strategi, pengaturan=mesin)
            print(
                f"   {label:32s}: {time.perf_counter() - t0:7.1f} s   {h.baris:,} baris; "
                f"{_rincian(h.rincian)}"
            )

    hasil_json = {"lantai": floor, "pasangan": pasangan, "penuh": penuh, "inkremental": waktu}
    if "--lima-tahun" in sys.argv:
        print("\n== lima tahun nasional")
        detik = lima_tahun(raw)
        with raw.cursor() as cur:
            n_tahun, n_periode, total, _t = ukuran_agregat(cur)
        print(
            f"salin ke 4 tahun sebelumnya    : {detik:7.1f} s; {n_tahun:,} baris tahun = "
            f"{n_periode:,} baris periode, {total / 2**30:.2f} GB dengan indeks"
        )
        pekerja = Pekerja(url)
        try:
            hasil_json["inkremental_5"] = inkremental(pekerja)
        finally:
            pekerja.berhenti()
        rincian_inkremental()
        halaman()
    print(json.dumps(hasil_json))


def halaman():
    """bench/pages.py's measurement of the camat home and the Sekber national page on what is
    stored now, the page cache off and on."""
    import pages
    from django.conf import settings

    for cache in (False, True):
        settings.DASBOR_CACHE = cache
        print(f"\n-- halaman (bench/pages.py), cache dasbor {'nyala' if cache else 'mati'}")
        pages.ukur(bobot=False)


def inkremental(pekerja):
    """Median seconds of five incremental runs after one kecamatan-month changed."""
    from django.utils import timezone

    waktu = []
    for i in range(5):
        sejak = timezone.now()
        n = ubah_satu_kecamatan_bulan(i)
        run = tunggu_inkremental(sejak)
        waktu.append((run.selesai - run.mulai).total_seconds())
    print(
        f"inkremental (1 kecamatan-bulan, {n} desa): median {statistics.median(waktu):.3f} s"
        f"   {[round(w, 3) for w in waktu]}   (target <= 0,3 s)"
    )
    return waktu


def rincian_inkremental():
    """Where an incremental run spends its time (in-process, same change)."""
    from layanan_dasar.agregasi import agregasi_inkremental
    from layanan_dasar.models import AntrianAgregasi

    AntrianAgregasi.objects.all().delete()
    ubah_satu_kecamatan_bulan(5)
    h = agregasi_inkremental()
    print(
        f"   inkremental dalam proses: {h.detik:.3f} s; {h.baris} baris periode ditulis; "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in h.rincian.items())
    )


if __name__ == "__main__":
    main()
