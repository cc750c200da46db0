"""The SQL of one aggregation run, on one connection, for PostgreSQL and SQLite: the temporary
intermediates (catalogue, submitted months, expected counts), the desa year rows straight from
the values (one GROUP BY desa × indicator × year pairing numerator with denominator month by
month), the sums per level and the write of the difference. Everything is in the stored shape
of AgregatTahun: one row per indicator × node × year, the 17 periods as columns. The runs that
drive it live in `lingkup.py` (scoped, incremental) and `tukar.py` (the full swap)."""

import datetime as dt
import zlib

from django.conf import settings
from django.db import connections
from django.utils import timezone

from ..models import (
    N_PERIODE,
    STATUS_DATA,
    AgregasiWaktu,
    AgregatTahun,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
)

TABEL = AgregatTahun._meta.db_table
NILAI = NilaiData._meta.db_table
RENTANG = range(1, N_PERIODE + 1)
# The columns of a stored year row (AgregatTahun), in the order every SELECT here gives them.
PER_PERIODE = ("n", "d", "o", "c", "e", "v", "w")
FIGUR = ("n", "d", "o", "c", "e", "v")  # what a period holds; w is when it was computed
KOLOM = (
    "indikator_id",
    "tingkat",
    "wilayah_kode",
    "tahun",
    "faktor",
    "pasangan",
    "aktif",
    "dihitung_pada",
    *(f"{x}{i}" for x in PER_PERIODE for i in RENTANG),
)
KUNCI = ("wilayah_kode", "tahun", "indikator_id")  # agregat_tahun_unik
# What the plans over a year table join, group and filter by: the statistics they need (the
# 119 figure columns would cost seconds to analyse on a national table).
KOLOM_RENCANA = ("tingkat", *KUNCI)
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
    server's defaults; measured on a national year (bench/aggregate.py, README). work_mem 1GB
    keeps the desa statement's hash aggregate (one group per desa × indicator, 24 month slots)
    in memory instead of spilling it to disk; jit compiles that statement's hundreds of CASE
    expressions once instead of interpreting them for 3.4 M rows; merge join off: with it on,
    the planner once sorted all 52 M values to meet the submitted months (847 s for one
    statement). Small statements (an incremental run) stay under jit_above_cost and are never
    compiled. One rebuild runs at a time (advisory lock), so the memory is bounded; lower it
    with AGREGASI_PG on small servers."""
    return getattr(
        settings, "AGREGASI_PG", {"work_mem": "1GB", "jit": "on", "enable_mergejoin": "off"}
    )


def pengaturan_pg_lingkup():
    """The settings of a scoped or incremental run: the engine's, with jit off. Their
    statements are small but their estimated cost is not (a kecamatan's values are guessed at
    100,000 rows), so PostgreSQL compiled the desa statement's hundreds of expressions for
    2,000 rows: 1.1 of a 2.4 s incremental run (bench/aggregate.py, README)."""
    return {**pengaturan_pg(), "jit": "off"}


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
        self.sementara(nama)

    def sementara(self, nama):
        """Drop the table `nama` when the run ends (bersihkan)."""
        if nama not in self._temp:
            self._temp.append(nama)

    def analyze(self, nama, kolom=()):
        # Autovacuum never analyses temporary tables; without statistics the planner guesses
        # a thousand rows and picks nested loops over millions. `kolom`: only the columns the
        # next plans join and group by (a year table's 119 figure columns cost seconds).
        if self.pg:
            self.q(f"ANALYZE {nama}" + (f" ({', '.join(kolom)})" if kolom else ""))

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
        """Per-transaction planner settings (`pengaturan_pg` unless given); measured in
        bench/aggregate.py."""
        if not self.pg:
            return
        for nama, nilai in (pengaturan if pengaturan is not None else pengaturan_pg()).items():
            self.q("SELECT set_config(%s, %s, true)", [nama, str(nilai)])

    # catalogue and expected counts ----------------------------------------------------------

    def siapkan_katalog(self):
        """ag_ind: active indicators with the kinds of their two elements (jn, jd: 0 = stock,
        1 = flow, 2 = annual) and their pairing rule; ag_el: those elements and sectors."""
        self.temp(
            "ag_ind",
            "id bigint, pembilang bigint, penyebut bigint, faktor numeric, pasangan integer, "
            "jn integer, jd integer",
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
        if ind:
            self.cur.executemany(
                "INSERT INTO ag_ind (id, pembilang, penyebut, faktor, pasangan, jn, jd) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        i,
                        p,
                        q,
                        self.conn.ops.adapt_decimalfield_value(f, 10, 2),
                        pasangan(jenis, p, q),
                        jenis.get(p),
                        jenis.get(q),
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

    def siapkan_sah(self, awal, akhir, *, lingkup, biasa=False):
        """The (kecamatan, element, month) whose values are data — the element's sector
        submitted for that kecamatan and month (diajukan or later), years `awal`..`akhir`:
        drafts and months sent back are not aggregated (DESIGN §5) — once per indicator the
        element serves, with its role there (peran 0 numerator, 1 denominator) and the month's
        number and year: the desa statement meets each value with its rows in ONE hash join
        and compares small integers. (Joining the roles separately, the planner guessed the
        submitted values of a kecamatan at 490 rows instead of 30,000 and took a nested loop:
        0.9 s of a 1.1 s incremental run.)

        `biasa` (the full rebuild on PostgreSQL): an unlogged plain table, dropped with the
        run, instead of a temporary one — PostgreSQL never lets parallel workers read a
        temporary table, and the full rebuild's join of every value with it is the run's
        largest step. Returns the table's name."""
        nama = "ag_sah_penuh" if biasa else "ag_sah"
        kolom = (
            "kecamatan varchar(13), elemen_id bigint, bulan date, bln integer, thn integer, "
            "ind bigint, peran integer"
        )
        if biasa:
            self.q(f"DROP TABLE IF EXISTS {nama}")
            self.sementara(nama)
        else:
            self.temp(nama, kolom)
        batas = " AND p.kecamatan_id IN (SELECT kode FROM ag_lk_kec)" if lingkup else ""
        status = ", ".join(["%s"] * len(STATUS_DATA))
        if self.pg:
            bln, thn = "EXTRACT(MONTH FROM p.bulan)::integer", "EXTRACT(YEAR FROM p.bulan)::integer"
        else:
            bln = "CAST(strftime('%%m', p.bulan) AS integer)"
            thn = "CAST(strftime('%%Y', p.bulan) AS integer)"
        peran = (
            "SELECT id AS ind, 0 AS peran, pembilang AS elemen FROM ag_ind "
            "UNION ALL SELECT id, 1, penyebut FROM ag_ind"
        )
        pilih = (
            f"SELECT p.kecamatan_id AS kecamatan, e.id AS elemen_id, p.bulan, {bln} AS bln, "
            f"{thn} AS thn, m.ind, m.peran "
            f"FROM {Pengajuan._meta.db_table} p JOIN ag_el e ON e.sektor = p.sektor "
            f"JOIN ({peran}) m ON m.elemen = e.id WHERE p.status IN ({status}) "
            f"AND p.bulan >= %s AND p.bulan < %s{batas}"
        )
        params = [*STATUS_DATA, self.tgl(dt.date(awal, 1, 1)), self.tgl(dt.date(akhir + 1, 1, 1))]
        if biasa:  # 6.5 M rows nationally: the bulk path
            self.q(f"CREATE UNLOGGED TABLE {nama} AS {pilih}", params)
        else:
            self.q(
                f"INSERT INTO {nama} (kecamatan, elemen_id, bulan, bln, thn, ind, peran) {pilih}",
                params,
            )
        if self.pg:
            self.q(f"ANALYZE {nama}")
        else:
            self.q(f"CREATE INDEX IF NOT EXISTS {nama}_k ON {nama} (kecamatan, elemen_id, bulan)")
        return nama

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
                "INSERT INTO ag_harap (kode, n) SELECT '', SUM(n) FROM ag_harap "
                "WHERE length(kode) = 2"
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

    # desa level: one GROUP BY desa × indicator × year, numerator beside denominator ----------

    def sql_desa(self, sah, awal, akhir, *, lingkup, nomor=None):
        """SELECT of the desa year rows (KOLOM order) of years `awal`..`akhir` straight from the
        values of the submitted months (`sah`, see siapkan_sah), in three layers:

        1. per desa × indicator × year, the value of each month of the numerator and of the
           denominator side by side (s0_1..s0_12, s1_1..s1_12): the least any engine with these
           rules must do (a desa counts for an indicator-month only when both exist, so they
           must meet per desa before any sum above it) — bench/aggregate.py's pairing bound;
        2. each element over the 17 periods as its kind says (flow: the months present summed;
           stock: the latest month present; annual: the year's value in every period);
        3. the indicator's pairing rule over those (`_ekspr_periode`).

        Layers 2 and 3 are fenced (OFFSET 0) so each period's value is computed once per row,
        not once per reference. `lingkup`: only the desa of ag_lk_desa.

        `nomor` (the full rebuild): (table of kode, aktif, no — every desa numbered from 1 —,
        number of desa, widest indicator id + 1): the rows then start with an id computed from
        the year, the desa's number and the indicator, unique and known to each row alone (a
        row_number() over the statement held its 3.5 M rows in one serial step: 2 s)."""
        if self.pg:
            slot = ", ".join(
                f"MAX(v.nilai) FILTER (WHERE s.peran = {r} AND s.bln = {b}) AS s{r}_{b}"
                for r in (0, 1)
                for b in range(1, 13)
            )
            pagar = " OFFSET 0"
            # Codes are ASCII: grouping and sorting them bytewise is the same order, at memcmp's
            # cost instead of the database locale's (the full rebuild sorts 4 M partial groups).
            kode = ' COLLATE "C"'
        else:
            slot = ", ".join(
                f"MAX(CASE WHEN s.peran = {r} AND s.bln = {b} THEN v.nilai END) AS s{r}_{b}"
                for r in (0, 1)
                for b in range(1, 13)
            )
            pagar = " LIMIT -1 OFFSET 0"
            kode = ""
        batas = " AND v.desa_id IN (SELECT kode FROM ag_lk_desa)" if lingkup else ""
        lapis1 = (
            f"SELECT s.thn AS tahun, v.desa_id{kode} AS desa_id, s.ind, {slot} FROM {NILAI} v "
            f"JOIN {sah} s ON s.elemen_id = v.elemen_id AND s.bulan = v.bulan "
            f"AND s.kecamatan = substr(v.desa_id, 1, 8) "
            f"WHERE v.bulan >= %s AND v.bulan < %s{batas} "
            f"GROUP BY s.thn, v.desa_id{kode}, s.ind"
        )
        elemen = ", ".join(
            f"{_ekspr_elemen(f'a.s{r}_', f'i.{j}', k)} AS {x}{k}"
            for r, j, x in ((0, "jn", "n"), (1, "jd", "d"))
            for k in RENTANG
        )
        lapis2 = (
            f"SELECT a.tahun, a.desa_id, a.ind, i.faktor, i.pasangan, {elemen} "
            f"FROM ({lapis1}) a JOIN ag_ind i ON i.id = a.ind{pagar}"
        )
        ekspr = [_ekspr_periode(k, "f.pasangan") for k in RENTANG]
        kosong = ", ".join("NULL" for _ in range(4 * N_PERIODE))  # c, e, v, w
        id_, desa = "", "wilayah_desa"
        if nomor:
            desa, n_desa, lebar = nomor
            id_ = f"((f.tahun - {int(awal)}) * {int(n_desa)} + w.no - 1) * {int(lebar)} + f.ind, "
        sql = (
            f"SELECT {id_}f.ind, 'desa', f.desa_id, f.tahun, f.faktor, f.pasangan, "
            "CASE WHEN w.aktif THEN 1 ELSE 0 END, %s, "
            + ", ".join(e[0] for e in ekspr)
            + ", "
            + ", ".join(e[1] for e in ekspr)
            + ", "
            + ", ".join(e[2] for e in ekspr)
            + f", {kosong} FROM ({lapis2}) f LEFT JOIN {desa} w ON w.kode = f.desa_id"
        )
        rentang = [self.tgl(dt.date(awal, 1, 1)), self.tgl(dt.date(akhir + 1, 1, 1))]
        return sql, [self.waktu(), *rentang]

    # the levels above desa: column sums ---------------------------------------------------------

    def sql_kec(self, sumber, saring="", params=()):
        """SELECT of the kecamatan year rows (KOLOM order): per period, sums over the desa rows
        of `sumber` (alias l; `saring` narrows it) counting only desa where both numerator and
        denominator exist; reporting desa (own numerator and denominator) are counted, retired
        ones that reported added to the expected. A period has a kecamatan row when any of its
        desa has one (e set; c and e stay empty otherwise)."""
        agg = []
        luar = {x: [] for x in PER_PERIODE}
        for i in RENTANG:
            dua = f"l.n{i} IS NOT NULL AND l.d{i} IS NOT NULL"
            sendiri = f"CASE WHEN l.pasangan = {KUMULATIF} THEN l.o{i} ELSE l.n{i} END"
            lapor = f"({sendiri}) IS NOT NULL AND l.d{i} IS NOT NULL"
            agg.append(
                f"SUM(CASE WHEN {dua} THEN l.n{i} END) AS sn{i}, "
                f"SUM(CASE WHEN {dua} THEN l.d{i} END) AS sd{i}, "
                f"SUM(CASE WHEN {lapor} THEN {sendiri} END) AS so{i}, "
                f"COUNT(CASE WHEN {lapor} THEN 1 END) AS c{i}, "
                f"COUNT(CASE WHEN {lapor} AND l.aktif = 0 THEN 1 END) AS x{i}, "
                f"COUNT(COALESCE(l.n{i}, l.d{i})) AS a{i}"
            )
            luar["n"].append(f"k.sn{i}")
            luar["d"].append(f"k.sd{i}")
            luar["o"].append(f"CASE WHEN k.pasangan = {KUMULATIF} THEN k.so{i} END")
            luar["c"].append(f"CASE WHEN k.a{i} > 0 THEN k.c{i} END")
            luar["e"].append(f"CASE WHEN k.a{i} > 0 THEN COALESCE(h.n, 0) + k.x{i} END")
            luar["v"].append("NULL")
            luar["w"].append("NULL")
        sql = (
            "SELECT k.indikator_id, 'kecamatan', k.kode, k.tahun, k.faktor, k.pasangan, NULL, %s, "
            + ", ".join(e for x in PER_PERIODE for e in luar[x])
            + " FROM (SELECT l.tahun, l.indikator_id, substr(l.wilayah_kode, 1, 8) AS kode, "
            f"MAX(l.faktor) AS faktor, MAX(l.pasangan) AS pasangan, {', '.join(agg)} "
            f"FROM {sumber} l WHERE l.tingkat = 'desa'{saring} "
            "GROUP BY l.tahun, l.indikator_id, substr(l.wilayah_kode, 1, 8)) k "
            "LEFT JOIN ag_harap h ON h.kode = k.kode"
        )
        return sql, [self.waktu(), *params]

    def sql_naik(self, sumber, tingkat, panjang, saring="", params=()):
        """SELECT of the `tingkat` year rows (KOLOM order) summed from the child rows in
        `sumber` (alias a; `saring` narrows it, with `params`). Expected = the node's active
        desa plus the retired ones that reported below it (each child's expected beyond its
        active); a period has a row when any child has one."""
        induk = f"substr(a.wilayah_kode, 1, {panjang})" if panjang else "''"
        kelompok = f"{induk}, " if panjang else ""  # PostgreSQL refuses GROUP BY ''
        dalam = ", ".join(
            f"SUM(a.n{i}) AS n{i}, SUM(a.d{i}) AS d{i}, SUM(a.o{i}) AS o{i}, "
            f"SUM(a.c{i}) AS c{i}, SUM(a.e{i} - COALESCE(hc.n, 0)) AS x{i}, COUNT(a.e{i}) AS a{i}"
            for i in RENTANG
        )
        luar = {
            "n": [f"g.n{i}" for i in RENTANG],
            "d": [f"g.d{i}" for i in RENTANG],
            # Only a year-to-date figure keeps its own numerator (the view gives n otherwise).
            "o": [f"CASE WHEN i.pasangan = {KUMULATIF} THEN g.o{i} END" for i in RENTANG],
            "c": [f"g.c{i}" for i in RENTANG],
            "e": [f"CASE WHEN g.a{i} > 0 THEN COALESCE(h.n, 0) + g.x{i} END" for i in RENTANG],
            "v": ["NULL" for _ in RENTANG],
            "w": ["NULL" for _ in RENTANG],
        }
        sql = (
            "SELECT g.indikator_id, %s, g.kode, g.tahun, i.faktor, i.pasangan, NULL, %s, "
            + ", ".join(e for x in PER_PERIODE for e in luar[x])
            + f" FROM (SELECT a.indikator_id, {induk} AS kode, a.tahun, {dalam} "
            f"FROM {sumber} a LEFT JOIN ag_harap hc ON hc.kode = a.wilayah_kode "
            f"WHERE a.tingkat = %s{saring} GROUP BY a.indikator_id, {kelompok}a.tahun) g "
            "JOIN ag_ind i ON i.id = g.indikator_id LEFT JOIN ag_harap h ON h.kode = g.kode"
        )
        return sql, [tingkat, self.waktu(), TINGKAT_ANAK[tingkat], *params]

    # writing: the difference, for a scope ------------------------------------------------------

    def siapkan_hasil(self, nama="ag_hasil"):
        waktu = "timestamptz" if self.pg else "datetime"
        per = {"n": "bigint", "d": "bigint", "o": "bigint", "c": "integer", "e": "integer"}
        per.update(v="numeric", w=waktu)
        self.temp(
            nama,
            "indikator_id bigint, tingkat varchar(10), wilayah_kode varchar(13), tahun integer, "
            f"faktor numeric, pasangan integer, aktif integer, dihitung_pada {waktu}, "
            + ", ".join(f"{x}{i} {per[x]}" for x in PER_PERIODE for i in RENTANG),
        )

    def tulis_selisih(self, kode_sql, kode_params, tahun):
        """Make the stored rows of the nodes `kode_sql` (a subquery of codes) in the years
        `tahun` equal to ag_hasil, writing only rows that differ."""
        mulai = timezone.now()
        # Without it the NOT EXISTS below scans ag_hasil once per stored row: SQLite always,
        # PostgreSQL whenever it misjudges the list as one row.
        self.q(f"CREATE INDEX IF NOT EXISTS ag_hasil_kunci ON ag_hasil ({', '.join(KUNCI)})")
        self.analyze("ag_hasil", KUNCI)  # what the plans below need (all 125 columns: 70 ms)
        kolom = ", ".join(KOLOM)
        figur = [k for k in KOLOM if k not in KUNCI and k != "dihitung_pada" and k[0] != "w"]
        ubah = [f"{k} = excluded.{k}" for k in KOLOM if k not in KUNCI and k[0] != "w"]
        for i in RENTANG:
            # A period whose figures stay as they were keeps the time they were computed.
            sama = " AND ".join(
                f"NOT ({self.beda(f'{TABEL}.{x}{i}', f'excluded.{x}{i}')})" for x in FIGUR
            )
            isi = " OR ".join(f"excluded.{x}{i} IS NOT NULL" for x in ("n", "d", "e"))
            ubah.append(
                f"w{i} = CASE WHEN ({sama}) AND ({isi}) "
                f"THEN COALESCE({TABEL}.w{i}, {TABEL}.dihitung_pada) END"
            )
        beda = " OR ".join(self.beda(f"{TABEL}.{k}", f"excluded.{k}") for k in figur)
        self.baris += self._hitung_slot(
            f"ag_hasil h LEFT JOIN {TABEL} t ON " + " AND ".join(f"t.{k} = h.{k}" for k in KUNCI),
            ("h", "t"),
        )
        self.q(
            f"INSERT INTO {TABEL} ({kolom}) SELECT {kolom} FROM ag_hasil WHERE true "
            f"ON CONFLICT ({', '.join(KUNCI)}) DO UPDATE SET {', '.join(ubah)} WHERE {beda}"
        )
        tahun = sorted(tahun)
        hilang = (
            f"wilayah_kode IN ({kode_sql}) "
            f"AND tahun IN ({', '.join(['%s'] * len(tahun))}) AND NOT EXISTS ("
            f"SELECT 1 FROM ag_hasil h WHERE h.wilayah_kode = {TABEL}.wilayah_kode "
            f"AND h.tahun = {TABEL}.tahun AND h.indikator_id = {TABEL}.indikator_id)"
        )
        self.baris += self._hitung_slot(f"{TABEL} WHERE {hilang}", (TABEL,), [*kode_params, *tahun])
        self.q(f"DELETE FROM {TABEL} WHERE {hilang}", [*kode_params, *tahun])
        self.q("DELETE FROM ag_hasil")
        self.langkah("tulis", mulai)

    def _hitung_slot(self, sumber, sisi, params=()):
        """The number of periods (rows as readers see them) that differ between the sides
        `sisi` (one alias: the periods present) of `sumber`: what a write changes."""
        suku = []
        for i in RENTANG:
            ada = " OR ".join(f"{a}.{x}{i} IS NOT NULL" for a in sisi for x in ("n", "d", "e"))
            if len(sisi) == 2:
                a, b = sisi
                beda = " OR ".join(self.beda(f"{a}.{x}{i}", f"{b}.{x}{i}") for x in FIGUR)
                ada = f"({ada}) AND ({beda})"
            suku.append(f"CASE WHEN {ada} THEN 1 ELSE 0 END")
        self.q(f"SELECT COALESCE(SUM({' + '.join(suku)}), 0) FROM {sumber}", params)
        return int(self.cur.fetchone()[0])


def _ekspr_elemen(s, jenis, k):
    """SQL of one element's value in period `k` from its month slots `{s}1`..`{s}12` and its
    kind `jenis` (0 stock: the latest month present; 1 flow: the months present summed, none
    present = missing; 2 annual, entered once a year: the year's value — the latest month
    present — in every period)."""
    tahunan = "COALESCE(" + ", ".join(f"{s}{m}" for m in range(12, 0, -1)) + ")"
    bulan = bulan_periode(k)
    if k <= 12:
        return f"CASE WHEN {jenis} = 2 THEN {tahunan} ELSE {s}{k} END"
    ada = "COALESCE(" + ", ".join(f"{s}{m}" for m in bulan) + ")"
    jumlah = " + ".join(f"COALESCE({s}{m}, 0)" for m in bulan)
    arus = f"CASE WHEN {ada} IS NULL THEN NULL ELSE {jumlah} END"
    if k == 17:
        return f"CASE WHEN {jenis} = 1 THEN {arus} ELSE {tahunan} END"
    stok = "COALESCE(" + ", ".join(f"{s}{m}" for m in reversed(bulan)) + ")"
    return f"CASE {jenis} WHEN 2 THEN {tahunan} WHEN 1 THEN {arus} ELSE {stok} END"


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


def _ekspr_periode(i, jenis="i.pasangan"):
    """SQL (numerator, denominator, own numerator) of period `i` for one row `f` of the pairing
    (f.n1..f.n17 and f.d1..f.d17: each element aggregated on its own) and its rule `jenis`.

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
            f"CASE WHEN {jenis} = {KUMULATIF} THEN {kumulatif} ELSE {n} END",
            d,
            f"CASE WHEN {jenis} = {KUMULATIF} THEN {n} END",
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
        f"CASE {jenis} WHEN {KUMULATIF} THEN {kumulatif} "
        f"WHEN {STOK} THEN {stok_n} ELSE {n} END "
        f"WHEN {ARUS} THEN CASE WHEN {ada} THEN {arus_n} ELSE {n} END ELSE {n} END"
    )
    penyebut = (
        f"CASE {jenis} WHEN {STOK} THEN {stok_d} ELSE {sendiri_d} END "
        f"WHEN {ARUS} THEN CASE WHEN {ada} THEN {arus_d} ELSE {sendiri_d} END ELSE {d} END"
    )
    return pembilang, penyebut, f"CASE WHEN {jenis} = {KUMULATIF} THEN {n} END"


def hash32(teks):
    return zlib.crc32(teks.encode()) & 0x7FFFFFFF
