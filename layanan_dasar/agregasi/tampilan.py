"""The readers' view: AgregatIndikator (one row per indicator × node × period) over the stored
year rows of AgregatTahun (the 17 periods as columns). Created by migration 0007 and again by
the full rebuild's swap (a view is bound to the table it was created on, not to its name).

The SQL here is fixed text: the migration runs it as it stands, so a change belongs in a new
migration that calls it again."""

TABEL_TAHUN = "layanan_dasar_agregattahun"
TAMPILAN = "layanan_dasar_agregatindikator"
N = 17
KUMULATIF = 3  # mesin.KUMULATIF: flow over an annual target, year-to-date

# (idx, jenis_periode, first month, last month) of the 17 periods.
PERIODE = (
    [(m, "bulan", m, m) for m in range(1, 13)]
    + [(12 + t, "triwulan", 3 * t - 2, 3 * t) for t in range(1, 5)]
    + [(17, "tahun", 1, 12)]
)


def _kolom(u):
    """The view's columns from the unpivoted slot `u` (n, d, o, c, e, v, w, idx, jenis, bk) and the
    stored row `t`. A desa row stores neither c nor e: it reports when its own numerator (this
    period's flow for a year-to-date indicator) and its denominator exist; it is expected when
    it is active or reported (a retired village that reported, so completeness stays ≤ 100 %)."""
    sendiri = f"CASE WHEN t.pasangan = {KUMULATIF} THEN {u}.o ELSE {u}.n END"
    lapor = f"(({sendiri}) IS NOT NULL AND {u}.d IS NOT NULL)"
    return (
        f"{u}.jenis AS jenis_periode, "
        f"{u}.n AS pembilang, {u}.d AS penyebut, "
        f"COALESCE({u}.v, CASE WHEN {u}.n IS NOT NULL AND {u}.d > 0 "
        f"THEN ROUND(CAST({u}.n AS {{desimal}}) * t.faktor / {u}.d, 4) END) AS nilai, "
        f"COALESCE({u}.c, CASE WHEN {lapor} THEN 1 ELSE 0 END) AS desa_lapor, "
        f"COALESCE({u}.e, CASE WHEN t.aktif = 1 OR {lapor} THEN 1 ELSE 0 END) AS desa_diharapkan, "
        f"CASE WHEN {u}.o IS NOT NULL THEN {u}.o WHEN t.pasangan = {KUMULATIF} THEN NULL "
        f"ELSE {u}.n END AS pembilang_periode, "
        f"CASE WHEN t.pasangan = {KUMULATIF} THEN {u}.bk END AS bulan_kumulatif, "
        f"COALESCE({u}.w, t.dihitung_pada) AS dihitung_pada"
    )


def sql_tampilan(vendor):
    kunci = "t.indikator_id, t.tingkat, t.wilayah_kode, t.tahun"
    if vendor == "postgresql":
        # LATERAL VALUES: each stored row read once, each slot a column reference.
        slot = ", ".join(
            f"({i}, '{jenis}', {awal}, {akhir}, " + ", ".join(f"t.{x}{i}" for x in "ndocevw") + ")"
            for i, jenis, awal, akhir in PERIODE
        )
        return (
            f"CREATE VIEW {TAMPILAN} AS SELECT t.id * 32 + u.idx AS id, {kunci}, "
            f"make_date(t.tahun, u.awal, 1) AS periode, {_kolom('u').format(desimal='numeric')} "
            f"FROM {TABEL_TAHUN} t CROSS JOIN LATERAL (VALUES {slot}) "
            "AS u(idx, jenis, awal, bk, n, d, o, c, e, v, w) "
            "WHERE u.n IS NOT NULL OR u.d IS NOT NULL OR u.e IS NOT NULL"
        )
    # SQLite has no LATERAL: join the 17 periods and pick each slot's columns by position.
    periode = " UNION ALL ".join(
        f"SELECT {i} AS idx, '{jenis}' AS jenis, {awal} AS awal, {akhir} AS bk"
        for i, jenis, awal, akhir in PERIODE
    )
    pilih = ", ".join(
        "CASE p.idx "
        + " ".join(f"WHEN {i} THEN t.{x}{i}" for i in range(1, N + 1))
        + f" END AS {x}"
        for x in "ndocevw"
    )
    return (
        f"CREATE VIEW {TAMPILAN} AS SELECT t.id * 32 + t.idx AS id, {kunci}, "
        "date(printf('%04d-%02d-01', t.tahun, t.awal)) AS periode, "
        f"{_kolom('t').format(desimal='REAL')} "
        f"FROM (SELECT t.*, p.idx, p.jenis, p.awal, p.bk, {pilih} "
        f"FROM {TABEL_TAHUN} t CROSS JOIN ({periode}) p) t "
        "WHERE t.n IS NOT NULL OR t.d IS NOT NULL OR t.e IS NOT NULL"
    )


# An insert into the view (tests write figures straight into AgregatIndikator, as the engine
# would) goes into its year row's slot; a slot already filled is left as it is, as
# bulk_create(ignore_conflicts=True) expects of the old table. PostgreSQL only: nothing
# inserts into the view on the SQLite demo.
_FUNGSI = f"""
CREATE OR REPLACE FUNCTION {TAMPILAN}_tulis() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    idx integer;
    baris bigint;
BEGIN
    idx := CASE NEW.jenis_periode
        WHEN 'bulan' THEN extract(month FROM NEW.periode)::integer
        WHEN 'triwulan' THEN 12 + (extract(month FROM NEW.periode)::integer + 2) / 3
        ELSE 17 END;
    NEW.tahun := extract(year FROM NEW.periode)::integer;
    EXECUTE format(
        'INSERT INTO {TABEL_TAHUN} AS t (indikator_id, tingkat, wilayah_kode, tahun, faktor, '
        'pasangan, dihitung_pada, n%1$s, d%1$s, o%1$s, c%1$s, e%1$s, v%1$s) '
        'SELECT $1, $2, $3, $4, i.faktor, CASE WHEN $5 IS NULL THEN 0 ELSE {KUMULATIF} END, '
        '$6, $7, $8, $9, $10, $11, $12 FROM layanan_dasar_indikator i WHERE i.id = $1 '
        'ON CONFLICT (wilayah_kode, tahun, indikator_id) DO UPDATE SET '
        'n%1$s = excluded.n%1$s, d%1$s = excluded.d%1$s, o%1$s = excluded.o%1$s, '
        'c%1$s = excluded.c%1$s, e%1$s = excluded.e%1$s, v%1$s = excluded.v%1$s, '
        'pasangan = GREATEST(t.pasangan, excluded.pasangan), '
        'dihitung_pada = excluded.dihitung_pada '
        'WHERE t.n%1$s IS NULL AND t.d%1$s IS NULL AND t.e%1$s IS NULL RETURNING t.id', idx)
    INTO baris
    USING NEW.indikator_id, NEW.tingkat, NEW.wilayah_kode, NEW.tahun, NEW.bulan_kumulatif,
        NEW.dihitung_pada, NEW.pembilang, NEW.penyebut, NEW.pembilang_periode,
        NEW.desa_lapor, NEW.desa_diharapkan, NEW.nilai;
    IF baris IS NULL THEN
        RETURN NULL;  -- the slot is taken: nothing inserted
    END IF;
    NEW.id := baris * 32 + idx;
    RETURN NEW;
END
$f$
"""


# An update or delete through the view (tests) rewrites or empties the period's slot.
_FUNGSI_UBAH = f"""
CREATE OR REPLACE FUNCTION {TAMPILAN}_ubah() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format(
            'UPDATE {TABEL_TAHUN} SET n%1$s = NULL, d%1$s = NULL, o%1$s = NULL, c%1$s = NULL, '
            'e%1$s = NULL, v%1$s = NULL, w%1$s = NULL WHERE id = $1', OLD.id % 32)
        USING OLD.id / 32;
        RETURN OLD;
    END IF;
    EXECUTE format(
        'UPDATE {TABEL_TAHUN} SET n%1$s = $2, d%1$s = $3, o%1$s = $4, c%1$s = $5, e%1$s = $6, '
        'v%1$s = $7, w%1$s = $8 WHERE id = $1', OLD.id % 32)
    USING OLD.id / 32, NEW.pembilang, NEW.penyebut, NEW.pembilang_periode, NEW.desa_lapor,
        NEW.desa_diharapkan, NEW.nilai, NEW.dihitung_pada;
    RETURN NEW;
END
$f$
"""


def pasang(cursor, vendor):
    """Create the view (and on PostgreSQL its insert trigger) over the current year table."""
    cursor.execute(f"DROP VIEW IF EXISTS {TAMPILAN}")
    cursor.execute(sql_tampilan(vendor))
    if vendor == "postgresql":
        cursor.execute(_FUNGSI)
        cursor.execute(
            f"CREATE TRIGGER {TAMPILAN}_tulis INSTEAD OF INSERT ON {TAMPILAN} "
            f"FOR EACH ROW EXECUTE FUNCTION {TAMPILAN}_tulis()"
        )
        cursor.execute(_FUNGSI_UBAH)
        cursor.execute(
            f"CREATE TRIGGER {TAMPILAN}_ubah INSTEAD OF UPDATE OR DELETE ON {TAMPILAN} "
            f"FOR EACH ROW EXECUTE FUNCTION {TAMPILAN}_ubah()"
        )


def lepas(cursor):
    cursor.execute(f"DROP VIEW IF EXISTS {TAMPILAN}")
