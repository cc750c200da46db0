"""Aggregation engine: builds AgregatIndikator from NilaiData with set-based SQL.

Semantics (DESIGN §5; tested in tests/agregasi/):

- Over time, per desa and element, within one calendar year: a `jumlah` element (flow) is the
  sum of the months present in the period; a `terakhir` element (stock) is the value of the
  latest month present in the period; a `tahunan` element (annual target population, entered
  once a year on the January row) takes the year's value — the latest month present in that
  year — for every month, quarter and the year itself. No month present = missing, never zero.
- A desa row exists for an indicator and period when its numerator or its denominator exists.
  The desa *reports* (desa_lapor = 1) when BOTH exist; only reporting desa enter the sums above
  it, so a missing denominator never inflates a percentage and a missing numerator never
  deflates one. desa_diharapkan = 1 for an active desa.
- Across wilayah: pembilang and penyebut are the sums over the reporting desa (ratio of sums,
  never a mean of percentages); desa_lapor is their number; desa_diharapkan is the number of
  active desa under the node; a node gets a row when any desa under it has a row.
- nilai = pembilang × faktor ÷ penyebut, rounded to 4 decimals; none when penyebut is missing
  or zero (division by zero gives no value, not an error).

How it runs:

- Full rebuild (`agregasi_bangun()` with no scope): on PostgreSQL the new aggregates are built
  into a fresh table (one CREATE TABLE … AS) and swapped in by renames at the end of one
  transaction, so readers see the old table or the new one, never half; on SQLite (the demo) it
  runs as the scoped rebuild below over the whole country, also in one transaction.
- Scoped rebuild (`agregasi_bangun(kode=..., tahun=...)`) and incremental rebuild
  (`agregasi_inkremental()`, draining AntrianAgregasi): the affected kecamatan are recomputed
  from NilaiData, their ancestors from the stored children rows, and only rows whose figures
  differ are written (upsert + delete of vanished rows) in one transaction.
- One writer at a time (a PostgreSQL advisory lock; SQLite serialises writers itself); a second
  rebuild of a scope already being rebuilt is skipped as a duplicate.

Interface used by the data-entry services (grid save, import, verification, reopen):
`agregasi_jadwalkan(desa_kode=..., bulan=...)`, called inside their writing transaction.
"""

import datetime as dt
import logging
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from .models import (
    AgregasiWaktu,
    AgregatIndikator,
    AntrianAgregasi,
    DataElemen,
    Indikator,
    JenisPeriode,
    NilaiData,
    RiwayatAgregasi,
)

log = logging.getLogger(__name__)

TABEL = AgregatIndikator._meta.db_table
NILAI = NilaiData._meta.db_table
KOLOM = (
    "indikator_id",
    "tingkat",
    "wilayah_kode",
    "jenis_periode",
    "periode",
    "pembilang",
    "penyebut",
    "nilai",
    "desa_lapor",
    "desa_diharapkan",
    "dihitung_pada",
)
KUNCI = ("indikator_id", "wilayah_kode", "jenis_periode", "periode")  # agregat_unik
# pg_advisory_xact_lock keys: one writer at a time; one run per scope.
KUNCI_TULIS = 0x41475231  # "AGR1"
# Wilayah levels above desa: (level, code length, table of that level's nodes, parent column).
TINGKAT_ATAS = (
    ("kabupaten", 5, "wilayah_kecamatan", "kabupaten_id"),
    ("provinsi", 2, "wilayah_kabupaten", "provinsi_id"),
    ("nasional", 0, "wilayah_provinsi", None),
)
TINGKAT_ANAK = {"kabupaten": "kecamatan", "provinsi": "kabupaten", "nasional": "provinsi"}
N_PERIODE = 17  # 12 months, 4 quarters, 1 year: column suffixes 1..17


def pengaturan_pg():
    """PostgreSQL settings applied (SET LOCAL) to every rebuild transaction, whatever the
    server's defaults. Measured on a national year (bench/aggregate.py, README): work_mem 1GB
    keeps the month pivot's hash table (one group per desa × element) in memory; jit on
    compiles its twelve CASE expressions per row, a third off the pivot. Small statements (an
    incremental run) stay under jit_above_cost and are never compiled. One rebuild runs at a
    time (advisory lock), so the memory is bounded; lower it with AGREGASI_PG on small servers."""
    return getattr(settings, "AGREGASI_PG", {"work_mem": "1GB", "jit": "on"})


# --- periods -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    idx: int  # 1..12 month, 13..16 quarter, 17 year

    @property
    def jenis(self):
        if self.idx <= 12:
            return JenisPeriode.BULAN.value
        return JenisPeriode.TRIWULAN.value if self.idx <= 16 else JenisPeriode.TAHUN.value

    @property
    def tanggal(self):
        if self.idx <= 12:
            return dt.date(self.tahun, self.idx, 1)
        if self.idx <= 16:
            return dt.date(self.tahun, 3 * (self.idx - 13) + 1, 1)
        return dt.date(self.tahun, 1, 1)


def periode_terdampak(bulan):
    """The periods a change in these months touches: each month, its quarter and its year."""
    hasil = set()
    for b in bulan:
        hasil.add(Periode(b.year, b.month))
        hasil.add(Periode(b.year, 13 + (b.month - 1) // 3))
        hasil.add(Periode(b.year, 17))
    return hasil


def _semua_periode(tahun):
    return {Periode(t, i) for t in tahun for i in range(1, N_PERIODE + 1)}


# --- results -------------------------------------------------------------------------------


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


# --- scheduling ------------------------------------------------------------------------------


def agregasi_jadwalkan(*, desa_kode, bulan):
    """Mark the villages `desa_kode` × months `bulan` (first-of-month dates) stale and enqueue
    an incremental rebuild once the surrounding transaction commits. Call it inside the writing
    transaction: a rollback takes the marks back with the values.

    A month's mark rebuilds that month, its quarter and its year. A change to an annual
    (`tahunan`) value touches every month of its year: mark all twelve (the entry services do)."""
    desa_kode = sorted(set(desa_kode))
    bulan = sorted({b.replace(day=1) for b in bulan})
    if not desa_kode or not bulan:
        return 0
    sekarang = timezone.now()
    AntrianAgregasi.objects.bulk_create(
        [
            AntrianAgregasi(desa_kode=d, bulan=b, dibuat_pada=sekarang)
            for d in desa_kode
            for b in bulan
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    # robust: the values are committed whatever happens to the broker; the marks stay and the
    # periodic drain (JADWAL) picks them up if this message is lost.
    transaction.on_commit(_kirim_inkremental, robust=True)
    return len(desa_kode) * len(bulan)


def _kirim_inkremental():
    from dashboard_kecamatan.celery import app

    from .tasks import agregasi_inkremental_tugas

    if app.conf.task_always_eager:
        # No broker (the demo, the tests): run it here and now, without Celery's machinery
        # (an eager .delay() would leave the app caching a disabled result backend).
        agregasi_inkremental()
        return
    agregasi_inkremental_tugas.delay()


# --- the SQL ---------------------------------------------------------------------------------


class _Mesin:
    """One run's SQL, on one connection, inside the caller's transaction."""

    def __init__(self, using):
        self.conn = connections[using]
        self.using = using
        self.pg = self.conn.vendor == "postgresql"
        self.cur = self.conn.cursor()
        self.sekarang = timezone.now()
        self.baris = 0
        self.rincian = {}
        self._temp = []

    # helpers --------------------------------------------------------------------------------

    def q(self, sql, params=()):
        self.cur.execute(sql, params)
        return self.cur.rowcount

    def tgl(self, d):
        return self.conn.ops.adapt_datefield_value(d)

    def waktu(self):
        return self.conn.ops.adapt_datetimefield_value(self.sekarang)

    def beda(self, a, b):
        return f"{a} IS DISTINCT FROM {b}" if self.pg else f"{a} IS NOT {b}"

    def bagi(self, n, faktor, d):
        """n × faktor ÷ d rounded to 4 places; no value when d is missing or zero."""
        tipe = "numeric" if self.pg else "REAL"
        return (
            f"CASE WHEN {n} IS NOT NULL AND {d} > 0 "
            f"THEN ROUND(CAST({n} AS {tipe}) * {faktor} / {d}, 4) END"
        )

    def temp(self, nama, ddl):
        self.q(f"DROP TABLE IF EXISTS {nama}")
        self.q(f"CREATE TEMP TABLE {nama} ({ddl})")
        if nama not in self._temp:
            self._temp.append(nama)

    def analyze(self, nama):
        # Autovacuum never analyses temporary tables; without statistics the planner guesses
        # a thousand rows and picks nested loops over millions.
        if self.pg:
            self.q(f"ANALYZE {nama}")

    def bersihkan(self):
        for nama in self._temp:
            self.q(f"DROP TABLE IF EXISTS {nama}")
        self._temp = []

    def langkah(self, nama, mulai):
        self.rincian[nama] = self.rincian.get(nama, 0.0) + (timezone.now() - mulai).total_seconds()

    def kunci_tulis(self, *, tunggu):
        if not self.pg:
            return True
        if tunggu:
            self.q("SELECT pg_advisory_xact_lock(%s)", [KUNCI_TULIS])
            return True
        self.q("SELECT pg_try_advisory_xact_lock(%s)", [KUNCI_TULIS])
        return self.cur.fetchone()[0]

    def kunci_lingkup(self, nama):
        if not self.pg:
            return True
        self.q("SELECT pg_try_advisory_xact_lock(%s, %s)", [KUNCI_TULIS, _hash32(nama)])
        return self.cur.fetchone()[0]

    def atur_pg(self, pengaturan=None):
        """Per-transaction planner settings (work_mem for the hash aggregates, jit off);
        measured in bench/aggregate.py."""
        if not self.pg:
            return
        for nama, nilai in (pengaturan if pengaturan is not None else pengaturan_pg()).items():
            self.q("SELECT set_config(%s, %s, true)", [nama, str(nilai)])

    # catalogue and expected counts ----------------------------------------------------------

    def siapkan_katalog(self):
        """ag_ind: active indicators; ag_el: their elements with the time-aggregation kind
        (0 = stock, 1 = flow, 2 = annual)."""
        self.temp("ag_ind", "id bigint, pembilang bigint, penyebut bigint, faktor numeric")
        self.temp("ag_el", "id bigint, jenis integer")
        ind = list(
            Indikator.objects.using(self.using)
            .filter(aktif=True)
            .values_list("id", "pembilang_id", "penyebut_id", "faktor")
        )
        if ind:
            self.cur.executemany(
                "INSERT INTO ag_ind (id, pembilang, penyebut, faktor) VALUES (%s, %s, %s, %s)",
                [(i, p, q, self.conn.ops.adapt_decimalfield_value(f, 10, 2)) for i, p, q, f in ind],
            )
        dipakai = {p for _i, p, _q, _f in ind} | {q for _i, _p, q, _f in ind}
        el = DataElemen.objects.using(self.using).filter(id__in=dipakai)
        baris = [
            (e.id, 2 if e.tahunan else 1 if e.agregasi_waktu == AgregasiWaktu.JUMLAH else 0)
            for e in el
        ]
        if baris:
            self.cur.executemany("INSERT INTO ag_el (id, jenis) VALUES (%s, %s)", baris)
        self.analyze("ag_ind")
        self.analyze("ag_el")
        return bool(ind)

    def siapkan_harap(self, lingkup=False):
        """ag_harap(kode, n): active desa under each node — every node, or (lingkup) the
        kecamatan of ag_lk_kec, their ancestors and the nation. Counted once per kecamatan and
        summed upwards through the small wilayah tables."""
        self.temp("ag_harap", "kode varchar(13), n integer")
        kab = prov = ""
        if lingkup:
            kab = " WHERE kabupaten_id IN (SELECT DISTINCT substr(kode, 1, 5) FROM ag_lk_kec)"
            prov = " WHERE provinsi_id IN (SELECT DISTINCT substr(kode, 1, 2) FROM ag_lk_kec)"
        # Every kecamatan of the affected kabupaten: the kabupaten count needs all of them.
        self.q(
            "INSERT INTO ag_harap (kode, n) SELECT kecamatan_id, COUNT(*) FROM wilayah_desa "
            "WHERE aktif"
            + (f" AND kecamatan_id IN (SELECT kode FROM wilayah_kecamatan{kab})" if kab else "")
            + " GROUP BY kecamatan_id"
        )
        self.q(
            "INSERT INTO ag_harap (kode, n) SELECT k.kabupaten_id, SUM(h.n) FROM ag_harap h "
            "JOIN wilayah_kecamatan k ON k.kode = h.kode GROUP BY k.kabupaten_id"
        )
        if lingkup:
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT kb.provinsi_id, COUNT(*) "
                "FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.kode = d.kecamatan_id "
                f"JOIN wilayah_kabupaten kb ON kb.kode = k.kabupaten_id WHERE d.aktif "
                f"AND kb.provinsi_id IN (SELECT provinsi_id FROM wilayah_kabupaten{prov}) "
                "GROUP BY kb.provinsi_id"
            )
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT '', COUNT(*) FROM wilayah_desa WHERE aktif"
            )
        else:
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT kb.provinsi_id, SUM(h.n) FROM ag_harap h "
                "JOIN wilayah_kabupaten kb ON kb.kode = h.kode GROUP BY kb.provinsi_id"
            )
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT '', SUM(n) FROM ag_harap "
                "WHERE length(kode) = 2"
            )
        self.analyze("ag_harap")

    # desa level: pivot the months, pair numerator with denominator ---------------------------

    def pivot(self, tahun, *, lingkup):
        """ag_ev: per desa and element, its value in each of the 17 periods of `tahun`."""
        mulai = timezone.now()
        self.temp(
            "ag_ev",
            "desa_id varchar(13), elemen_id bigint, "
            + ", ".join(f"v{i} bigint" for i in range(1, N_PERIODE + 1)),
        )
        bulan = [self.tgl(dt.date(tahun, m, 1)) for m in range(1, 13)]
        slot = ", ".join(
            f"MAX(CASE WHEN v.bulan = %s THEN v.nilai END) AS b{m}" for m in range(1, 13)
        )
        terakhir_tahun = "COALESCE(" + ", ".join(f"p.b{m}" for m in range(12, 0, -1)) + ")"
        ekspr = []
        for m in range(1, 13):
            ekspr.append(f"CASE WHEN e.jenis = 2 THEN {terakhir_tahun} ELSE p.b{m} END")
        for t in range(4):
            a, b, c = (f"p.b{3 * t + k}" for k in (1, 2, 3))
            jumlah = (
                f"CASE WHEN COALESCE({a}, {b}, {c}) IS NULL THEN NULL "
                f"ELSE COALESCE({a}, 0) + COALESCE({b}, 0) + COALESCE({c}, 0) END"
            )
            ekspr.append(
                f"CASE e.jenis WHEN 2 THEN {terakhir_tahun} WHEN 1 THEN {jumlah} "
                f"ELSE COALESCE({c}, {b}, {a}) END"
            )
        ekspr.append(f"CASE WHEN e.jenis = 1 THEN p.bs ELSE {terakhir_tahun} END")
        batas = " AND v.desa_id IN (SELECT kode FROM ag_lk_desa)" if lingkup else ""
        self.q(
            f"INSERT INTO ag_ev (desa_id, elemen_id, "
            f"{', '.join(f'v{i}' for i in range(1, N_PERIODE + 1))}) "
            f"SELECT p.desa_id, p.elemen_id, {', '.join(ekspr)} FROM ("
            f"SELECT v.desa_id, v.elemen_id, {slot}, SUM(v.nilai) AS bs FROM {NILAI} v "
            f"WHERE v.bulan >= %s AND v.bulan < %s "
            f"AND v.elemen_id IN (SELECT id FROM ag_el){batas} "
            f"GROUP BY v.desa_id, v.elemen_id) p JOIN ag_el e ON e.id = p.elemen_id",
            [*bulan, self.tgl(dt.date(tahun, 1, 1)), self.tgl(dt.date(tahun + 1, 1, 1))],
        )
        self.analyze("ag_ev")
        self.langkah("pivot", mulai)

    def pasangkan(self, tahun, *, tambah=False):
        """ag_lebar: per indicator, desa and year, numerator n1..n17 and denominator d1..d17
        (`tambah`: append this year to the previous years' rows)."""
        mulai = timezone.now()
        n = ", ".join(f"n{i} bigint" for i in range(1, N_PERIODE + 1))
        d = ", ".join(f"d{i} bigint" for i in range(1, N_PERIODE + 1))
        if not tambah:
            self.temp(
                "ag_lebar",
                f"tahun integer, indikator_id bigint, desa_id varchar(13), faktor numeric, "
                f"aktif integer, {n}, {d}",
            )
        rentang = range(1, N_PERIODE + 1)
        n_kol = ", ".join(f"n.v{i} AS n{i}" for i in rentang)
        d_kol = ", ".join(f"d.v{i} AS d{i}" for i in rentang)
        sisi = "(SELECT i.id AS ind, x.* FROM ag_ind i JOIN ag_ev x ON x.elemen_id = i.{})"
        kosong = ", ".join("NULL" for _ in rentang)
        d_kol_polos = ", ".join(f"d.v{i}" for i in rentang)
        if self.pg:
            # Numerator and denominator rows of each (indicator, desa): one hash full join.
            pasangan = (
                f"SELECT COALESCE(n.ind, d.ind) AS ind, COALESCE(n.desa_id, d.desa_id) AS desa_id, "
                f"{n_kol}, {d_kol} FROM {sisi.format('pembilang')} n "
                f"FULL JOIN {sisi.format('penyebut')} d ON d.ind = n.ind AND d.desa_id = n.desa_id"
            )
        else:
            # SQLite joins subqueries by nested loops: look the partner up in an index instead,
            # then add the denominators that have no numerator.
            self.q("CREATE INDEX IF NOT EXISTS ag_ev_kunci ON ag_ev (elemen_id, desa_id)")
            pasangan = (
                f"SELECT i.id AS ind, n.desa_id AS desa_id, {n_kol}, {d_kol} "
                f"FROM ag_ind i JOIN ag_ev n ON n.elemen_id = i.pembilang "
                f"LEFT JOIN ag_ev d ON d.elemen_id = i.penyebut AND d.desa_id = n.desa_id "
                f"UNION ALL SELECT i.id, d.desa_id, {kosong}, {d_kol_polos} "
                f"FROM ag_ind i JOIN ag_ev d ON d.elemen_id = i.penyebut WHERE NOT EXISTS ("
                f"SELECT 1 FROM ag_ev n WHERE n.elemen_id = i.pembilang AND n.desa_id = d.desa_id)"
            )
        nama = ", ".join(f"n{i}" for i in rentang) + ", " + ", ".join(f"d{i}" for i in rentang)
        self.q(
            f"INSERT INTO ag_lebar SELECT {int(tahun)}, f.ind, f.desa_id, i.faktor, "
            f"CASE WHEN w.aktif THEN 1 ELSE 0 END, "
            + ", ".join(f"f.{k}" for k in nama.split(", "))
            + f" FROM ({pasangan}) f "
            "JOIN ag_ind i ON i.id = f.ind LEFT JOIN wilayah_desa w ON w.kode = f.desa_id"
        )
        self.analyze("ag_lebar")
        self.langkah("pasangkan", mulai)

    # unpivot: one row per period ---------------------------------------------------------------

    def _buka(self, sumber, kunci, kolom, periode, per_tahun=False):
        """`sumber` (a table or subquery aliased s) with one row per period in `periode`: the
        columns `kunci`, jenis, periode and, for each name in `kolom`, the value of column
        `{name}{idx}`. With `per_tahun` (PostgreSQL) the dates come from the rows' `tahun`
        column and only the periods' positions count. Returns (sql, params) of a subquery."""
        kunci_sql = ", ".join(f"s.{k}" for k in kunci)
        params = []
        if self.pg:
            nilai = []
            for p in periode:
                tanggal = f"make_date(s.tahun, {p.tanggal.month}, 1)" if per_tahun else "%s"
                nilai.append(f"(%s, {tanggal}, " + ", ".join(f"s.{k}{p.idx}" for k in kolom) + ")")
                params += [p.jenis] if per_tahun else [p.jenis, self.tgl(p.tanggal)]
            sql = (
                f"(SELECT {kunci_sql}, u.* FROM {sumber} s CROSS JOIN LATERAL (VALUES "
                f"{', '.join(nilai)}) AS u(jenis, periode, {', '.join(kolom)}))"
            )
            return sql, params
        # SQLite has no LATERAL: join a small table of the periods and pick the columns.
        nama = f"ag_per_{len(self._temp)}"
        self.temp(nama, "idx integer, jenis varchar(10), periode date")
        self.cur.executemany(
            f"INSERT INTO {nama} (idx, jenis, periode) VALUES (%s, %s, %s)",
            [(p.idx, p.jenis, self.tgl(p.tanggal)) for p in periode],
        )
        pilih = ", ".join(
            "CASE u.idx "
            + " ".join(f"WHEN {p.idx} THEN s.{k}{p.idx}" for p in periode)
            + f" END AS {k}"
            for k in kolom
        )
        sql = (
            f"(SELECT {kunci_sql}, u.jenis, u.periode, {pilih} FROM {sumber} s CROSS JOIN {nama} u)"
        )
        return sql, params

    def sql_desa(self, periode, per_tahun=False):
        """SELECT of the desa rows (KOLOM order) from ag_lebar."""
        u, params = self._buka(
            "ag_lebar",
            ("indikator_id", "desa_id", "faktor", "aktif"),
            ("n", "d"),
            periode,
            per_tahun,
        )
        sql = (
            f"SELECT u.indikator_id, 'desa', u.desa_id, u.jenis, u.periode, u.n, u.d, "
            f"{self.bagi('u.n', 'u.faktor', 'u.d')}, "
            f"CASE WHEN u.n IS NOT NULL AND u.d IS NOT NULL THEN 1 ELSE 0 END, u.aktif, %s "
            f"FROM {u} u WHERE u.n IS NOT NULL OR u.d IS NOT NULL"
        )
        return sql, [self.waktu(), *params]

    def sql_kec(self, periode, per_tahun=False):
        """SELECT of the kecamatan rows (KOLOM order): sums over each kecamatan's desa of
        ag_lebar, counting only desa where both numerator and denominator exist."""
        agg = []
        for p in periode:
            i = p.idx
            dua = f"l.n{i} IS NOT NULL AND l.d{i} IS NOT NULL"
            agg.append(
                f"SUM(CASE WHEN {dua} THEN l.n{i} END) AS sn{i}, "
                f"SUM(CASE WHEN {dua} THEN l.d{i} END) AS sd{i}, "
                f"COUNT(CASE WHEN {dua} THEN 1 END) AS c{i}, "
                f"COUNT(l.n{i}) + COUNT(l.d{i}) AS a{i}"
            )
        sumber = (
            f"(SELECT l.tahun, l.indikator_id, substr(l.desa_id, 1, 8) AS kode, "
            f"MAX(l.faktor) AS faktor, {', '.join(agg)} FROM ag_lebar l "
            f"GROUP BY l.tahun, l.indikator_id, substr(l.desa_id, 1, 8))"
        )
        u, params = self._buka(
            sumber, ("indikator_id", "kode", "faktor"), ("sn", "sd", "c", "a"), periode, per_tahun
        )
        sql = (
            f"SELECT u.indikator_id, 'kecamatan', u.kode, u.jenis, u.periode, u.sn, u.sd, "
            f"{self.bagi('u.sn', 'u.faktor', 'u.sd')}, u.c, COALESCE(h.n, 0), %s "
            f"FROM {u} u LEFT JOIN ag_harap h ON h.kode = u.kode WHERE u.a > 0"
        )
        return sql, [self.waktu(), *params]

    def sql_naik(self, sumber, tingkat, panjang, saring="", params=()):
        """SELECT of the `tingkat` rows (KOLOM order) summed from the child rows in `sumber`
        (alias a; `saring` narrows it, with `params`)."""
        induk = f"substr(a.wilayah_kode, 1, {panjang})" if panjang else "''"
        kelompok = f"{induk}, " if panjang else ""  # PostgreSQL refuses GROUP BY ''
        sql = (
            f"SELECT g.indikator_id, %s, g.kode, g.jenis_periode, g.periode, g.pb, g.pn, "
            f"{self.bagi('g.pb', 'i.faktor', 'g.pn')}, g.lapor, COALESCE(h.n, 0), %s FROM ("
            f"SELECT a.indikator_id, {induk} AS kode, a.jenis_periode, a.periode, "
            f"SUM(a.pembilang) AS pb, SUM(a.penyebut) AS pn, SUM(a.desa_lapor) AS lapor "
            f"FROM {sumber} a WHERE a.tingkat = %s{saring} "
            f"GROUP BY a.indikator_id, {kelompok}a.jenis_periode, a.periode) g "
            f"JOIN ag_ind i ON i.id = g.indikator_id LEFT JOIN ag_harap h ON h.kode = g.kode"
        )
        return sql, [tingkat, self.waktu(), TINGKAT_ANAK[tingkat], *params]

    # writing: the difference, for a scope ------------------------------------------------------

    def siapkan_hasil(self, nama="ag_hasil"):
        self.temp(
            nama,
            "indikator_id bigint, tingkat varchar(10), wilayah_kode varchar(13), "
            "jenis_periode varchar(10), periode date, pembilang bigint, penyebut bigint, "
            "nilai numeric, desa_lapor integer, desa_diharapkan integer, dihitung_pada "
            + ("timestamptz" if self.pg else "datetime"),
        )

    def tulis_selisih(self, kode_sql, kode_params, periode):
        """Make the stored rows of the nodes `kode_sql` (a subquery of codes) in `periode`
        equal to ag_hasil, writing only rows that differ."""
        mulai = timezone.now()
        self.analyze("ag_hasil")
        if not self.pg:
            # SQLite would scan ag_hasil once per stored row in the NOT EXISTS below.
            self.q(f"CREATE INDEX IF NOT EXISTS ag_hasil_kunci ON ag_hasil ({', '.join(KUNCI)})")
        kolom = ", ".join(KOLOM)
        ubah = ", ".join(f"{k} = excluded.{k}" for k in KOLOM if k not in KUNCI)
        beda = " OR ".join(
            self.beda(f"{TABEL}.{k}", f"excluded.{k}")
            for k in ("tingkat", "pembilang", "penyebut", "nilai", "desa_lapor", "desa_diharapkan")
        )
        self.baris += self.q(
            f"INSERT INTO {TABEL} ({kolom}) SELECT {kolom} FROM ag_hasil WHERE true "
            f"ON CONFLICT ({', '.join(KUNCI)}) DO UPDATE SET {ubah} WHERE {beda}"
        )
        per_sql, per_params = self._daftar_periode(periode)
        self.baris += self.q(
            f"DELETE FROM {TABEL} WHERE wilayah_kode IN ({kode_sql}) "
            f"AND (jenis_periode, periode) IN ({per_sql}) AND NOT EXISTS ("
            f"SELECT 1 FROM ag_hasil h WHERE h.indikator_id = {TABEL}.indikator_id "
            f"AND h.wilayah_kode = {TABEL}.wilayah_kode "
            f"AND h.jenis_periode = {TABEL}.jenis_periode AND h.periode = {TABEL}.periode)",
            [*kode_params, *per_params],
        )
        self.q("DELETE FROM ag_hasil")
        self.langkah("tulis", mulai)

    def _daftar_periode(self, periode):
        baris = " UNION ALL ".join("SELECT %s, %s" for _ in periode)
        params = []
        for p in sorted(periode):
            params += [p.jenis, self.tgl(p.tanggal)]
        return baris, params


def _hash32(teks):
    return zlib.crc32(teks.encode()) & 0x7FFFFFFF


# --- scoped and incremental rebuilds ---------------------------------------------------------


def _bangun_lingkup(m, kec, periode):
    """Recompute the kecamatan `kec` (codes; None = all) for `periode` (a set of Periode) from
    NilaiData, then their ancestors from the stored rows, writing only the differences."""
    m.temp("ag_lk_kec", "kode varchar(13)")
    if kec is None:
        m.q("INSERT INTO ag_lk_kec (kode) SELECT kode FROM wilayah_kecamatan")
    else:
        m.cur.executemany("INSERT INTO ag_lk_kec (kode) VALUES (%s)", [(k,) for k in sorted(kec)])
    m.temp("ag_lk_desa", "kode varchar(13)")
    m.q(
        "INSERT INTO ag_lk_desa (kode) SELECT kode FROM wilayah_desa "
        "WHERE kecamatan_id IN (SELECT kode FROM ag_lk_kec)"
    )
    m.analyze("ag_lk_kec")
    m.analyze("ag_lk_desa")
    m.siapkan_harap(lingkup=kec is not None)
    m.siapkan_hasil()
    per_tahun = {}
    for p in periode:
        per_tahun.setdefault(p.tahun, []).append(p)
    kolom = ", ".join(KOLOM)
    for tahun, daftar in sorted(per_tahun.items()):
        daftar.sort()
        m.pivot(tahun, lingkup=True)
        m.pasangkan(tahun)
        mulai = timezone.now()
        for sql, params in (m.sql_desa(daftar), m.sql_kec(daftar)):
            m.q(f"INSERT INTO ag_hasil ({kolom}) {sql}", params)
        m.langkah("hitung", mulai)
        m.tulis_selisih(
            "SELECT kode FROM ag_lk_desa UNION ALL SELECT kode FROM ag_lk_kec", [], daftar
        )
        # Ancestors from the stored children (kecamatan outside the scope are unchanged).
        anak = "SELECT kode FROM ag_lk_kec"
        for tingkat, panjang, tabel_anak, kolom_induk in TINGKAT_ATAS:
            mulai = timezone.now()
            if kolom_induk:
                induk = f"SELECT DISTINCT substr(kode, 1, {panjang}) AS kode FROM ({anak}) x"
                anak_semua = f"SELECT kode FROM {tabel_anak} WHERE {kolom_induk} IN ({induk})"
            else:
                induk = "SELECT '' AS kode"
                anak_semua = f"SELECT kode FROM {tabel_anak}"
            per_sql, per_params = m._daftar_periode(daftar)
            sql, params = m.sql_naik(
                TABEL,
                tingkat,
                panjang,
                saring=(
                    f" AND a.wilayah_kode IN ({anak_semua}) "
                    f"AND (a.jenis_periode, a.periode) IN ({per_sql})"
                ),
                params=per_params,
            )
            m.q(f"INSERT INTO ag_hasil ({kolom}) {sql}", params)
            m.langkah("hitung", mulai)
            m.tulis_selisih(induk, [], daftar)
            anak = induk


def _tahun_data(m, kec=None):
    """Years that hold values (within the kecamatan of ag_lk_kec when kec is given)."""
    if kec is None:
        m.q(f"SELECT MIN(bulan), MAX(bulan) FROM {NILAI}")
        awal, akhir = m.cur.fetchone()
        if awal is None:
            return []
        awal, akhir = (
            x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
            for x in (awal, akhir)
        )
        return list(range(awal.year, akhir.year + 1))
    # The stored years too: a year whose values were all deleted must lose its rows.
    m.q(
        f"SELECT DISTINCT substr(CAST(periode AS varchar(10)), 1, 4) FROM {TABEL} "
        f"WHERE jenis_periode = 'tahun' AND wilayah_kode IN (SELECT kode FROM ag_lk_kec)"
    )
    tahun = {int(r[0]) for r in m.cur.fetchall()}
    m.q(
        f"SELECT MIN(bulan), MAX(bulan) FROM {NILAI} WHERE desa_id IN (SELECT kode FROM ag_lk_desa)"
    )
    awal, akhir = m.cur.fetchone()
    if awal is not None:
        awal, akhir = (
            x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
            for x in (awal, akhir)
        )
        tahun.update(range(awal.year, akhir.year + 1))
    return sorted(tahun)


def agregasi_inkremental(*, using="default"):
    """Drain the queue of stale village-months and rebuild what they touch: the marked
    villages' kecamatan (from NilaiData) and their ancestors (from the stored children), for the
    marked months, their quarters and years. Returns a HasilAgregasi; `dilewati="terkunci"`
    when another rebuild holds the write lock (the caller retries later; the marks stay)."""
    mulai = timezone.now()
    hasil = HasilAgregasi(jenis=RiwayatAgregasi.Jenis.INKREMENTAL)
    with transaction.atomic(using=using):
        m = _Mesin(using)
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
        m.atur_pg()
        if m.siapkan_katalog():
            _bangun_lingkup(m, kec, periode_terdampak(bulan))
        else:
            _hapus_semua(m)
        hasil.baris = m.baris
        hasil.rincian = m.rincian
        m.bersihkan()
        _catat(hasil, mulai, using, catatan=f"{len(kec)} kecamatan, {len(bulan)} bulan")
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
        m = _Mesin(using)
        if not m.kunci_lingkup(f"bangun:{kode}:{tahun}"):
            hasil.dilewati = "duplikat"
            return hasil
        m.kunci_tulis(tunggu=True)
        m.atur_pg(pengaturan)
        if strategi is None:
            strategi = "tukar" if penuh and m.pg and _boleh_tukar(m) else "selisih"
        if penuh:
            # Every mark is covered by this run: take them before reading any value.
            m.q(f"DELETE FROM {AntrianAgregasi._meta.db_table}")
        if not m.siapkan_katalog():
            _hapus_semua(m)
        elif strategi in ("tukar", "ganti"):
            _bangun_tukar(m, ganti=strategi == "ganti")
        else:
            kec = _kecamatan_di_bawah(m, kode)
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
            daftar_tahun = [tahun] if tahun else _tahun_data(m, kec=kec)
            if daftar_tahun:
                _bangun_lingkup(m, kec, _semua_periode(daftar_tahun))
        hasil.baris = m.baris
        hasil.rincian = m.rincian
        m.bersihkan()
        _catat(hasil, mulai, using)
    log.info(
        "agregasi %s %s %s: %s baris, %.1f s",
        hasil.jenis,
        kode or "nasional",
        tahun or "semua tahun",
        hasil.baris,
        hasil.detik,
    )
    return hasil


def _kecamatan_di_bawah(m, kode):
    """The kecamatan codes under `kode` ('' = None = all; a desa code → its kecamatan)."""
    if not kode:
        return None
    if kode.count(".") >= 2:
        return {kode[:8]}
    m.q(
        "SELECT kode FROM wilayah_kecamatan WHERE kode LIKE %s",
        [kode.replace("%", "").replace("_", "") + ".%"],
    )
    return {r[0] for r in m.cur.fetchall()}


def _hapus_semua(m):
    """No active indicator: no aggregate may remain."""
    m.baris += m.q(f"DELETE FROM {TABEL}")


def _catat(hasil, mulai, using, catatan=""):
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


# --- full rebuild on PostgreSQL: build a new table, swap it in ---------------------------------


def _boleh_tukar(m):
    """The swap drops the old table: only when no other table points at it."""
    m.q(
        "SELECT COUNT(*) FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
        [TABEL],
    )
    return m.cur.fetchone()[0] == 0


def _bangun_tukar(m, ganti=False):
    """Every year's desa rows (unpivoted from ag_lebar) and the levels above (staged in small
    temp tables) go into a new table in ONE `CREATE TABLE … AS` (PostgreSQL's bulk path, twice
    as fast as INSERT … SELECT); the old table's columns, keys and indexes are then given to it
    and the two are swapped. `ganti` (benchmarks only): DELETE every row and INSERT the new ones
    into the same table instead, also atomic for readers under MVCC."""
    mulai = timezone.now()
    baru = f"{TABEL}_baru"
    m.q(f"DROP TABLE IF EXISTS {baru}")
    m.siapkan_harap()
    m.langkah("siapkan", mulai)
    daftar_tahun = _tahun_data(m)
    for i, tahun in enumerate(daftar_tahun):
        m.pivot(tahun, lingkup=False)
        m.pasangkan(tahun, tambah=i > 0)
    if not daftar_tahun:  # no values: empty intermediates, an empty new table
        m.pivot(2000, lingkup=False)
        m.pasangkan(2000)
    # Positions and kinds of the 17 periods; the dates come from each row's year.
    periode = sorted(_semua_periode([2000]))
    mulai = timezone.now()
    kolom = ", ".join(KOLOM)
    sumber = []
    params = []
    m.siapkan_hasil("ag_t_kecamatan")
    sql, p = m.sql_kec(periode, per_tahun=True)
    m.q(f"INSERT INTO ag_t_kecamatan ({kolom}) {sql}", p)
    anak = "ag_t_kecamatan"
    for tingkat, panjang, _t, _k in TINGKAT_ATAS:
        m.analyze(anak)
        m.siapkan_hasil(f"ag_t_{tingkat}")
        sql, p = m.sql_naik(anak, tingkat, panjang)
        m.q(f"INSERT INTO ag_t_{tingkat} ({kolom}) {sql}", p)
        sumber.append(f"SELECT {kolom} FROM {anak}")
        anak = f"ag_t_{tingkat}"
    sumber.append(f"SELECT {kolom} FROM {anak}")
    m.langkah("hitung_atas", mulai)

    mulai = timezone.now()
    sql, params = m.sql_desa(periode, per_tahun=True)
    if ganti:
        m.baris += m.q(f"DELETE FROM {TABEL}")
        m.baris += m.q(
            f"INSERT INTO {TABEL} ({kolom}) SELECT * FROM ({sql} UNION ALL "
            f"{' UNION ALL '.join(sumber)}) AS x",
            params,
        )
        m.langkah("tulis", mulai)
        return
    m.q(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
        "CASE WHEN a.attcollation NOT IN (0, 100) THEN c.collname END "
        "FROM pg_attribute a LEFT JOIN pg_collation c ON c.oid = a.attcollation "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum",
        [TABEL],
    )
    kolom_lama = m.cur.fetchall()
    pilih = []
    for nama, tipe, _nn, identitas, collation in kolom_lama:
        if identitas:
            pilih.append(f"CAST(row_number() OVER () AS {tipe}) AS {nama}")
            continue
        coll = f' COLLATE "{collation}"' if collation else ""
        pilih.append(f"CAST(x.{nama} AS {tipe}){coll} AS {nama}")
    # Storage options (fillfactor: room for the incremental updates to stay HOT) carry over.
    m.q("SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = %s::regclass", [TABEL])
    opsi = m.cur.fetchone()[0]
    dengan = f" WITH ({opsi})" if opsi else ""
    m.baris += m.q(
        f"CREATE TABLE {baru}{dengan} AS SELECT {', '.join(pilih)} FROM ({sql} UNION ALL "
        f"{' UNION ALL '.join(sumber)}) AS x({kolom})",
        params,
    )
    wajib = [f"ALTER COLUMN {nama} SET NOT NULL" for nama, _t, nn, _i, _c in kolom_lama if nn]
    if wajib:
        m.q(f"ALTER TABLE {baru} {', '.join(wajib)}")
    for nama, _t, _nn, identitas, _c in kolom_lama:
        if identitas:
            jenis = "ALWAYS" if identitas == "a" else "BY DEFAULT"
            m.q(
                f"ALTER TABLE {baru} ALTER COLUMN {nama} ADD GENERATED {jenis} AS IDENTITY "
                f"(START WITH {m.baris + 1})"
            )
    m.langkah("tulis", mulai)
    mulai = timezone.now()
    _pasang_indeks_dan_tukar(m, baru)
    m.langkah("indeks_tukar", mulai)


def _pasang_indeks_dan_tukar(m, baru):
    """Give the new table the old one's indexes and constraints (same definitions; the names
    are restored after the old table is gone, so Django's migrations keep finding them), then
    swap the two by renames and drop the old one."""
    m.q(
        "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), c.conindid::regclass::text "
        "FROM pg_constraint c WHERE c.conrelid = %s::regclass "
        "AND c.contype IN ('p', 'u', 'f', 'c')",
        [TABEL],
    )
    kendala = m.cur.fetchall()
    indeks_kendala = {r[3] for r in kendala if r[1] in ("p", "u")}
    m.q(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s",
        [TABEL],
    )
    indeks = [(n, d) for n, d in m.cur.fetchall() if n not in indeks_kendala]
    ganti_nama = []  # (temporary name, final name, is an index)
    for i, (nama, _jenis, definisi, _idx) in enumerate(kendala):
        sementara = f"ag_tukar_k{i}"
        if _jenis == "f":
            # The rows come from a join with the catalogue: validating them again would scan
            # the whole table for nothing.
            m.q(f"ALTER TABLE {baru} ADD CONSTRAINT {sementara} {definisi} NOT VALID")
        else:
            m.q(f"ALTER TABLE {baru} ADD CONSTRAINT {sementara} {definisi}")
        ganti_nama.append((sementara, nama, False))
    for i, (nama, definisi) in enumerate(indeks):
        sementara = f"ag_tukar_i{i}"
        definisi = definisi.replace(f"INDEX {nama} ON", f"INDEX {sementara} ON", 1)
        definisi = definisi.replace(f" ON public.{TABEL} ", f" ON public.{baru} ", 1)
        definisi = definisi.replace(f" ON {TABEL} ", f" ON {baru} ", 1)
        m.q(definisi)
        ganti_nama.append((sementara, nama, True))
    m.q(f"ANALYZE {baru}")
    # The renames take an exclusive lock on the old table: wait for running readers a while,
    # never forever (new readers would queue behind us).
    m.q(
        "SELECT set_config('lock_timeout', %s, true)",
        [getattr(settings, "AGREGASI_LOCK_TIMEOUT", "10s")],
    )
    lama = f"{TABEL}_lama"
    m.q(f"ALTER TABLE {TABEL} RENAME TO {lama}")
    m.q(f"ALTER TABLE {baru} RENAME TO {TABEL}")
    # Django's foreign keys are deferred: fire what is pending on the old table (only when this
    # transaction wrote to it, as in tests) so it can be dropped.
    m.q("SET CONSTRAINTS ALL IMMEDIATE")
    m.q(f"DROP TABLE {lama}")
    for sementara, nama, adalah_indeks in ganti_nama:
        if adalah_indeks:
            m.q(f"ALTER INDEX {sementara} RENAME TO {nama}")
        else:
            m.q(f"ALTER TABLE {TABEL} RENAME CONSTRAINT {sementara} TO {nama}")
    m.q("SELECT set_config('lock_timeout', '0', true)")


def agregasi_riwayat_pangkas(*, hari=90, using="default"):
    """Delete run records older than `hari` days, keeping the latest."""
    terakhir = RiwayatAgregasi.objects.using(using).order_by("-selesai", "-id").first()
    if terakhir is None:
        return 0
    batas = timezone.now() - dt.timedelta(days=hari)
    qs = RiwayatAgregasi.objects.using(using).filter(selesai__lt=batas).exclude(pk=terakhir.pk)
    return qs.delete()[0]
