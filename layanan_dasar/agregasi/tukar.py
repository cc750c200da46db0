"""The full rebuild on PostgreSQL: build a new table in one CREATE TABLE … AS, give it the old
one's keys and indexes, and swap the two by renames in the run's transaction."""

from django.conf import settings
from django.utils import timezone

from .lingkup import tahun_data
from .mesin import KOLOM, TABEL, TINGKAT_ATAS
from .periode import semua_periode


def boleh_tukar(m):
    """The swap drops the old table: only when no other table points at it."""
    m.q(
        "SELECT COUNT(*) FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
        [TABEL],
    )
    return m.cur.fetchone()[0] == 0


def bangun_tukar(m, ganti=False):
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
    daftar_tahun = tahun_data(m)
    for i, tahun in enumerate(daftar_tahun):
        m.pivot(tahun, lingkup=False)
        m.pasangkan(tahun, tambah=i > 0)
    if not daftar_tahun:  # no values: empty intermediates, an empty new table
        m.pivot(2000, lingkup=False)
        m.pasangkan(2000)
    # Positions and kinds of the 17 periods; the dates come from each row's year.
    periode = sorted(semua_periode([2000]))
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
    pasang_indeks_dan_tukar(m, baru)
    m.langkah("indeks_tukar", mulai)


def pasang_indeks_dan_tukar(m, baru):
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
