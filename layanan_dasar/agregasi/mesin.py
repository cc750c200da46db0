"""The SQL of one aggregation run, on one connection, for PostgreSQL and SQLite: the temporary
intermediates (catalogue, expected counts, the month pivot, numerator ⟷ denominator pairing), the
unpivot to one row per period, the sums per level and the write of the difference. The runs that
drive it live in `lingkup.py` (scoped, incremental) and `tukar.py` (the full swap)."""

import datetime as dt
import zlib

from django.conf import settings
from django.db import connections
from django.utils import timezone

from ..models import (
    STATUS_DATA,
    AgregasiWaktu,
    AgregatIndikator,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
)
from .periode import N_PERIODE

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
    "pembilang_periode",
    "bulan_kumulatif",
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
# How an indicator's numerator and denominator meet over the months of a quarter or year
# (DESIGN §5 "What a figure means"), from the kinds of its two elements:
BEBAS = 0  # anything else: each element aggregated on its own, as its kind says
STOK = 1  # stock over stock (a cohort): the latest month in the period where BOTH exist
ARUS = 2  # flow over flow: the sums of only the months where both exist
KUMULATIF = 3  # flow over an annual target: year-to-date through the period's last month


def pengaturan_pg():
    """PostgreSQL settings applied (SET LOCAL) to every rebuild transaction, whatever the
    server's defaults. Measured on a national year (bench/aggregate.py, README): work_mem 1GB
    keeps the month pivot's hash table (one group per desa × element) in memory; jit on
    compiles its twelve CASE expressions per row, a third off the pivot. Small statements (an
    incremental run) stay under jit_above_cost and are never compiled. One rebuild runs at a
    time (advisory lock), so the memory is bounded; lower it with AGREGASI_PG on small servers."""
    return getattr(
        settings, "AGREGASI_PG", {"work_mem": "1GB", "jit": "on", "enable_mergejoin": "off"}
    )


class Mesin:
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
        self.q("SELECT pg_try_advisory_xact_lock(%s, %s)", [KUNCI_TULIS, hash32(nama)])
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
        self.temp(
            "ag_ind",
            "id bigint, pembilang bigint, penyebut bigint, faktor numeric, pasangan integer",
        )
        self.temp("ag_el", "id bigint, jenis integer, sektor varchar(20)")
        ind = list(
            Indikator.objects.using(self.using)
            .filter(aktif=True)
            .values_list("id", "pembilang_id", "penyebut_id", "faktor")
        )
        dipakai = {p for _i, p, _q, _f in ind} | {q for _i, _p, q, _f in ind}
        el = DataElemen.objects.using(self.using).filter(id__in=dipakai)
        jenis = {
            e.id: 2 if e.tahunan else 1 if e.agregasi_waktu == AgregasiWaktu.JUMLAH else 0
            for e in el
        }

        def desimal(f):
            return self.conn.ops.adapt_decimalfield_value(f, 10, 2)

        if ind:
            self.cur.executemany(
                "INSERT INTO ag_ind (id, pembilang, penyebut, faktor, pasangan) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (
                        i,
                        p,
                        q,
                        self.conn.ops.adapt_decimalfield_value(f, 10, 2),
                        pasangan(jenis, p, q),
                    )
                    for i, p, q, f in ind
                ],
            )
        baris = [(e.id, jenis[e.id], e.sektor) for e in el]
        if baris:
            self.cur.executemany("INSERT INTO ag_el (id, jenis, sektor) VALUES (%s, %s, %s)", baris)
        self.analyze("ag_ind")
        self.analyze("ag_el")
        return bool(ind)

    def siapkan_sah(self, tahun, *, lingkup):
        """ag_sah: the (kecamatan, element, month) whose values are data — the element's sector
        submitted for that kecamatan and month (diajukan or later): drafts and months sent back
        are not aggregated (DESIGN §5). Keyed by element, not sector, so the pivot meets each
        value with exactly one row in one hash join (by sector, every value first met the four
        sectors of its kecamatan-month: 210 M rows planned nationally, and a merge join that
        sorted 52 M values took 847 s)."""
        self.temp("ag_sah", "kecamatan varchar(13), elemen_id bigint, bulan date")
        batas = " AND p.kecamatan_id IN (SELECT kode FROM ag_lk_kec)" if lingkup else ""
        status = ", ".join(["%s"] * len(STATUS_DATA))
        self.q(
            f"INSERT INTO ag_sah (kecamatan, elemen_id, bulan) "
            f"SELECT p.kecamatan_id, e.id, p.bulan FROM {Pengajuan._meta.db_table} p "
            f"JOIN ag_el e ON e.sektor = p.sektor WHERE p.status IN ({status}) "
            f"AND p.bulan >= %s AND p.bulan < %s{batas}",
            [*STATUS_DATA, self.tgl(dt.date(tahun, 1, 1)), self.tgl(dt.date(tahun + 1, 1, 1))],
        )
        if not self.pg:
            self.q(
                "CREATE INDEX IF NOT EXISTS ag_sah_kunci ON ag_sah (kecamatan, elemen_id, bulan)"
            )
        self.analyze("ag_sah")

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
            # The levels above sum their children's counts (a retired village that reported is
            # added to its own kecamatan only), so every child of an affected node is counted:
            # every kabupaten of the affected provinsi, every provinsi.
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT k.kabupaten_id, COUNT(*) "
                "FROM wilayah_desa d JOIN wilayah_kecamatan k ON k.kode = d.kecamatan_id "
                "JOIN wilayah_kabupaten kb ON kb.kode = k.kabupaten_id WHERE d.aktif "
                f"AND kb.provinsi_id IN (SELECT provinsi_id FROM wilayah_kabupaten{prov}) "
                f"AND kb.kode NOT IN (SELECT kabupaten_id FROM wilayah_kecamatan{kab}) "
                "GROUP BY k.kabupaten_id"
            )
            self.q(
                "INSERT INTO ag_harap (kode, n) SELECT substr(kecamatan_id, 1, 2), COUNT(*) "
                "FROM wilayah_desa WHERE aktif GROUP BY substr(kecamatan_id, 1, 2)"
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
        """ag_ev: per desa and element, its value in each of the 17 periods of `tahun`, from
        the submitted months only (ag_sah)."""
        mulai = timezone.now()
        self.siapkan_sah(tahun, lingkup=lingkup)
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
            f"JOIN ag_sah s ON s.elemen_id = v.elemen_id AND s.bulan = v.bulan "
            f"AND s.kecamatan = substr(v.desa_id, 1, 8) "
            f"WHERE v.bulan >= %s AND v.bulan < %s{batas} "
            f"GROUP BY v.desa_id, v.elemen_id) p JOIN ag_el e ON e.id = p.elemen_id",
            [*bulan, self.tgl(dt.date(tahun, 1, 1)), self.tgl(dt.date(tahun + 1, 1, 1))],
        )
        self.analyze("ag_ev")
        self.langkah("pivot", mulai)

    def pasangkan(self, tahun, *, tambah=False):
        """ag_lebar: per indicator, desa and year, numerator n1..n17 and denominator d1..d17 as
        the indicator's pairing rule makes them (`_ekspr_periode`), and p1..p17, the period's
        own numerator (`tambah`: append this year to the previous years' rows)."""
        mulai = timezone.now()
        n = ", ".join(f"n{i} bigint" for i in range(1, N_PERIODE + 1))
        d = ", ".join(f"d{i} bigint" for i in range(1, N_PERIODE + 1))
        pp = ", ".join(f"p{i} bigint" for i in range(1, N_PERIODE + 1))
        if not tambah:
            self.temp(
                "ag_lebar",
                f"tahun integer, indikator_id bigint, desa_id varchar(13), faktor numeric, "
                f"aktif integer, pasangan integer, {n}, {d}, {pp}",
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
        ekspr = [_ekspr_periode(i) for i in rentang]
        self.q(
            f"INSERT INTO ag_lebar SELECT {int(tahun)}, f.ind, f.desa_id, i.faktor, "
            f"CASE WHEN w.aktif THEN 1 ELSE 0 END, i.pasangan, "
            + ", ".join(e[0] for e in ekspr)
            + ", "
            + ", ".join(e[1] for e in ekspr)
            + ", "
            + ", ".join(e[2] for e in ekspr)
            + f" FROM ({pasangan}) f "
            "JOIN ag_ind i ON i.id = f.ind LEFT JOIN wilayah_desa w ON w.kode = f.desa_id"
        )
        self.analyze("ag_lebar")
        self.langkah("pasangkan", mulai)

    # unpivot: one row per period ---------------------------------------------------------------

    def _buka(self, sumber, kunci, kolom, periode, per_tahun=False):
        """`sumber` (a table or subquery aliased s) with one row per period in `periode`: the
        columns `kunci`, jenis, periode and, for each name in `kolom`, the value of column
        `{name}{idx}`, and bk, the number of the period's last month (`bulan_berjalan`). With
        `per_tahun` (PostgreSQL) the dates come from the rows' `tahun` column and only the
        periods' positions count. Returns (sql, params) of a subquery."""
        kunci_sql = ", ".join(f"s.{k}" for k in kunci)
        params = []
        if self.pg:
            nilai = []
            for p in periode:
                tanggal = f"make_date(s.tahun, {p.tanggal.month}, 1)" if per_tahun else "%s"
                nilai.append(
                    f"(%s, {tanggal}, {bulan_berjalan(p.idx)}, "
                    + ", ".join(f"s.{k}{p.idx}" for k in kolom)
                    + ")"
                )
                params += [p.jenis] if per_tahun else [p.jenis, self.tgl(p.tanggal)]
            sql = (
                f"(SELECT {kunci_sql}, u.* FROM {sumber} s CROSS JOIN LATERAL (VALUES "
                f"{', '.join(nilai)}) AS u(jenis, periode, bk, {', '.join(kolom)}))"
            )
            return sql, params
        # SQLite has no LATERAL: join a small table of the periods and pick the columns.
        nama = f"ag_per_{len(self._temp)}"
        self.temp(nama, "idx integer, jenis varchar(10), periode date, bk integer")
        self.cur.executemany(
            f"INSERT INTO {nama} (idx, jenis, periode, bk) VALUES (%s, %s, %s, %s)",
            [(p.idx, p.jenis, self.tgl(p.tanggal), bulan_berjalan(p.idx)) for p in periode],
        )
        pilih = ", ".join(
            "CASE u.idx "
            + " ".join(f"WHEN {p.idx} THEN s.{k}{p.idx}" for p in periode)
            + f" END AS {k}"
            for k in kolom
        )
        sql = (
            f"(SELECT {kunci_sql}, u.jenis, u.periode, u.bk, {pilih} "
            f"FROM {sumber} s CROSS JOIN {nama} u)"
        )
        return sql, params

    def sql_desa(self, periode, per_tahun=False):
        """SELECT of the desa rows (KOLOM order) from ag_lebar. A village reports in a period
        when its own numerator for the period and the denominator both exist; a retired
        village that reported is expected there too (completeness never exceeds 100 %)."""
        u, params = self._buka(
            "ag_lebar",
            ("indikator_id", "desa_id", "faktor", "aktif", "pasangan"),
            ("n", "d", "p"),
            periode,
            per_tahun,
        )
        sendiri = f"CASE WHEN u.pasangan = {KUMULATIF} THEN u.p ELSE u.n END"
        lapor = f"({sendiri}) IS NOT NULL AND u.d IS NOT NULL"
        sql = (
            f"SELECT u.indikator_id, 'desa', u.desa_id, u.jenis, u.periode, u.n, u.d, "
            f"{self.bagi('u.n', 'u.faktor', 'u.d')}, "
            f"CASE WHEN {lapor} THEN 1 ELSE 0 END, "
            f"CASE WHEN u.aktif = 1 OR ({lapor}) THEN 1 ELSE 0 END, {sendiri}, "
            f"CASE WHEN u.pasangan = {KUMULATIF} THEN u.bk END, %s "
            f"FROM {u} u WHERE u.n IS NOT NULL OR u.d IS NOT NULL"
        )
        return sql, [self.waktu(), *params]

    def sql_kec_lebar(self, periode):
        """SELECT of one row per year × indicator × kecamatan with the sums of `periode` as
        columns (sn, sd, so, c, x, a + the period's position), from ag_lebar: the wide shape
        `sql_kec` unpivots."""
        agg = []
        for p in periode:
            i = p.idx
            dua = f"l.n{i} IS NOT NULL AND l.d{i} IS NOT NULL"
            sendiri = f"CASE WHEN l.pasangan = {KUMULATIF} THEN l.p{i} ELSE l.n{i} END"
            lapor = f"({sendiri}) IS NOT NULL AND l.d{i} IS NOT NULL"
            agg.append(
                f"SUM(CASE WHEN {dua} THEN l.n{i} END) AS sn{i}, "
                f"SUM(CASE WHEN {dua} THEN l.d{i} END) AS sd{i}, "
                f"SUM(CASE WHEN {lapor} THEN {sendiri} END) AS so{i}, "
                f"COUNT(CASE WHEN {lapor} THEN 1 END) AS c{i}, "
                f"COUNT(CASE WHEN {lapor} AND l.aktif = 0 THEN 1 END) AS x{i}, "
                f"COUNT(l.n{i}) + COUNT(l.d{i}) AS a{i}"
            )
        return (
            f"SELECT l.tahun, l.indikator_id, substr(l.desa_id, 1, 8) AS kode, "
            f"MAX(l.faktor) AS faktor, MAX(l.pasangan) AS pasangan, {', '.join(agg)} "
            f"FROM ag_lebar l GROUP BY l.tahun, l.indikator_id, substr(l.desa_id, 1, 8)"
        )

    def sql_kec(self, periode, per_tahun=False):
        """SELECT of the kecamatan rows (KOLOM order): sums over each kecamatan's desa of
        ag_lebar, counting only desa where both numerator and denominator exist; reporting
        desa (own numerator and denominator) are counted, retired ones added to the expected."""
        sumber = f"({self.sql_kec_lebar(periode)})"
        u, params = self._buka(
            sumber,
            ("indikator_id", "kode", "faktor", "pasangan"),
            ("sn", "sd", "so", "c", "x", "a"),
            periode,
            per_tahun,
        )
        sql = (
            f"SELECT u.indikator_id, 'kecamatan', u.kode, u.jenis, u.periode, u.sn, u.sd, "
            f"{self.bagi('u.sn', 'u.faktor', 'u.sd')}, u.c, COALESCE(h.n, 0) + u.x, u.so, "
            f"CASE WHEN u.pasangan = {KUMULATIF} THEN u.bk END, %s "
            f"FROM {u} u LEFT JOIN ag_harap h ON h.kode = u.kode WHERE u.a > 0"
        )
        return sql, [self.waktu(), *params]

    def sql_naik(self, sumber, tingkat, panjang, saring="", params=()):
        """SELECT of the `tingkat` rows (KOLOM order) summed from the child rows in `sumber`
        (alias a; `saring` narrows it, with `params`). Expected = the node's active desa plus
        the retired ones that reported below it (each child's expected beyond its active)."""
        induk = f"substr(a.wilayah_kode, 1, {panjang})" if panjang else "''"
        kelompok = f"{induk}, " if panjang else ""  # PostgreSQL refuses GROUP BY ''
        sql = (
            f"SELECT g.indikator_id, %s, g.kode, g.jenis_periode, g.periode, g.pb, g.pn, "
            f"{self.bagi('g.pb', 'i.faktor', 'g.pn')}, g.lapor, COALESCE(h.n, 0) + g.ekstra, "
            f"g.po, g.bk, %s FROM ("
            f"SELECT a.indikator_id, {induk} AS kode, a.jenis_periode, a.periode, "
            f"SUM(a.pembilang) AS pb, SUM(a.penyebut) AS pn, SUM(a.desa_lapor) AS lapor, "
            f"SUM(a.pembilang_periode) AS po, MAX(a.bulan_kumulatif) AS bk, "
            f"SUM(a.desa_diharapkan - COALESCE(hc.n, 0)) AS ekstra "
            f"FROM {sumber} a LEFT JOIN ag_harap hc ON hc.kode = a.wilayah_kode "
            f"WHERE a.tingkat = %s{saring} "
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
            "nilai numeric, desa_lapor integer, desa_diharapkan integer, "
            "pembilang_periode bigint, bulan_kumulatif smallint, dihitung_pada "
            + ("timestamptz" if self.pg else "datetime"),
        )

    def tulis_selisih(self, kode_sql, kode_params, periode):
        """Make the stored rows of the nodes `kode_sql` (a subquery of codes) in `periode`
        equal to ag_hasil, writing only rows that differ."""
        mulai = timezone.now()
        # Without it the NOT EXISTS below scans ag_hasil once per stored row: SQLite always,
        # PostgreSQL whenever it misjudges the (jenis, periode) list as one row (seen: 158 s
        # for one kecamatan-year of fresh rows instead of 0.2 s).
        self.q(f"CREATE INDEX IF NOT EXISTS ag_hasil_kunci ON ag_hasil ({', '.join(KUNCI)})")
        self.analyze("ag_hasil")
        kolom = ", ".join(KOLOM)
        ubah = ", ".join(f"{k} = excluded.{k}" for k in KOLOM if k not in KUNCI)
        beda = " OR ".join(
            self.beda(f"{TABEL}.{k}", f"excluded.{k}")
            for k in KOLOM
            if k not in KUNCI and k != "dihitung_pada"
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


def pasangan(jenis, pembilang, penyebut):
    """The pairing rule of an indicator from its elements' kinds (0 stock, 1 flow, 2 annual)."""
    a, b = jenis.get(pembilang), jenis.get(penyebut)
    if a == 1 and b == 2:
        return KUMULATIF
    if a == 0 and b == 0:
        return STOK
    if a == 1 and b == 1:
        return ARUS
    return BEBAS


def bulan_periode(idx):
    """The months (1..12) inside period `idx` (1..12 a month, 13..16 a quarter, 17 the year)."""
    if idx <= 12:
        return [idx]
    if idx <= 16:
        akhir = 3 * (idx - 12)
        return [akhir - 2, akhir - 1, akhir]
    return list(range(1, 13))


def bulan_berjalan(idx):
    """The number of the period's last month in its year: what a year-to-date figure covers."""
    return bulan_periode(idx)[-1]


def _ekspr_periode(i):
    """SQL (numerator, denominator, own numerator) of period `i` for one row `f` of the pairing
    join (f.n1..f.n17 and f.d1..f.d17: each element aggregated on its own) and `i.pasangan`.

    - KUMULATIF: the numerator is year-to-date (the months 1..end of the period that are
      present; none present = missing), over the annual target; the own numerator is the
      period's flow.
    - STOK: a quarter or the year takes the latest month where both exist; ARUS sums only the
      months where both exist. When no month pairs, the numerator (or, with no numerator, the
      denominator) stands alone: the village has a row but does not report in that period, so
      numerator ≤ denominator holds in every period as it does in every month.
    - BEBAS, and every month: each element as its own kind gives it.
    The own numerator is kept for KUMULATIF only (the others' own numerator is the numerator)."""
    n, d = f"f.n{i}", f"f.d{i}"
    akhir = bulan_berjalan(i)
    ytd = ", ".join(f"f.n{m}" for m in range(1, akhir + 1))
    ytd_jumlah = " + ".join(f"COALESCE(f.n{m}, 0)" for m in range(1, akhir + 1))
    kumulatif = f"CASE WHEN COALESCE({ytd}, NULL) IS NULL THEN NULL ELSE {ytd_jumlah} END"
    if i <= 12:
        return (
            f"CASE WHEN i.pasangan = {KUMULATIF} THEN {kumulatif} ELSE {n} END",
            d,
            f"CASE WHEN i.pasangan = {KUMULATIF} THEN {n} END",
        )
    bulan = bulan_periode(i)
    dua = {m: f"(f.n{m} IS NOT NULL AND f.d{m} IS NOT NULL)" for m in bulan}
    ada = " OR ".join(dua.values())
    sendiri_d = f"CASE WHEN {n} IS NULL THEN {d} END"  # unpaired: no denominator beside a value
    stok_n = "CASE " + " ".join(f"WHEN {dua[m]} THEN f.n{m}" for m in reversed(bulan))
    stok_d = "CASE " + " ".join(f"WHEN {dua[m]} THEN f.d{m}" for m in reversed(bulan))
    arus_n = " + ".join(f"CASE WHEN {dua[m]} THEN f.n{m} ELSE 0 END" for m in bulan)
    arus_d = " + ".join(f"CASE WHEN {dua[m]} THEN f.d{m} ELSE 0 END" for m in bulan)
    pembilang = (
        f"CASE i.pasangan WHEN {KUMULATIF} THEN {kumulatif} "
        f"WHEN {STOK} THEN {stok_n} ELSE {n} END "
        f"WHEN {ARUS} THEN CASE WHEN {ada} THEN {arus_n} ELSE {n} END ELSE {n} END"
    )
    penyebut = (
        f"CASE i.pasangan WHEN {STOK} THEN {stok_d} ELSE {sendiri_d} END "
        f"WHEN {ARUS} THEN CASE WHEN {ada} THEN {arus_d} ELSE {sendiri_d} END ELSE {d} END"
    )
    return pembilang, penyebut, f"CASE WHEN i.pasangan = {KUMULATIF} THEN {n} END"


def hash32(teks):
    return zlib.crc32(teks.encode()) & 0x7FFFFFFF
