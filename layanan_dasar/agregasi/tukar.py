"""The full rebuild on PostgreSQL: build a new year table in one CREATE TABLE … AS, give it the
old one's keys and indexes, and swap the two (and the readers' view) in the run's transaction."""

from django.conf import settings
from django.utils import timezone

from . import tampilan
from .lingkup import tahun_data
from .mesin import KOLOM, KOLOM_RENCANA, TABEL, TINGKAT_ATAS


def boleh_tukar(m):
    """The swap drops the old table: only when no other table points at it."""
    m.q(
        "SELECT COUNT(*) FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
        [TABEL],
    )
    return m.cur.fetchone()[0] == 0


def bangun_tukar(m, ganti=False):
    """Every year's desa rows go into a new table in ONE `CREATE TABLE … AS` straight from the
    values (PostgreSQL's bulk path, parallel: the submitted months are a plain table for it);
    the kecamatan rows are summed from that table and the levels above from those (small temp
    tables), appended; the old table's columns, keys and indexes are then given to it and the
    two are swapped, with the readers' view. `ganti` (benchmarks only): DELETE every row and
    INSERT the new ones into the same table instead, also atomic for readers under MVCC."""
    mulai = timezone.now()
    baru = f"{TABEL}_baru"
    m.q(f"DROP TABLE IF EXISTS {baru}")
    m.siapkan_harap()
    daftar_tahun = tahun_data(m) or [2000]  # no values: empty intermediates, an empty table
    awal, akhir = daftar_tahun[0], daftar_tahun[-1]
    sah = m.siapkan_sah(awal, akhir, lingkup=False, biasa=True)
    m.langkah("siapkan", mulai)
    kolom = ", ".join(KOLOM)

    if ganti:
        sql_desa, params_desa = m.sql_desa(sah, awal, akhir, lingkup=False)
        mulai = timezone.now()
        m.baris += m.q(f"DELETE FROM {TABEL}")
        m.baris += m.q(f"INSERT INTO {TABEL} ({kolom}) {sql_desa}", params_desa)
        m.langkah("desa", mulai)
        tingkat_atas(
            m, TABEL, lambda nama: m.q(f"INSERT INTO {TABEL} ({kolom}) SELECT * FROM {nama}")
        )
        return

    mulai = timezone.now()
    m.q(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
        "CASE WHEN a.attcollation NOT IN (0, 100) THEN c.collname END "
        "FROM pg_attribute a LEFT JOIN pg_collation c ON c.oid = a.attcollation "
        "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum",
        [TABEL],
    )
    kolom_lama = m.cur.fetchall()

    # The desa rows' ids come from their keys (sql_desa `nomor`): 1 .. years × desa × lebar - 1;
    # the levels above are numbered after them, and the identity goes on from there.
    m.temp("ag_desa_no", "kode varchar(13), aktif boolean, no bigint")
    n_desa = m.q(
        "INSERT INTO ag_desa_no (kode, aktif, no) "
        "SELECT kode, aktif, row_number() OVER (ORDER BY kode) FROM wilayah_desa"
    )
    m.analyze("ag_desa_no")
    m.q("SELECT COALESCE(MAX(id), 0) + 1 FROM ag_ind")
    lebar = m.cur.fetchone()[0]
    sql_desa, params_desa = m.sql_desa(
        sah, awal, akhir, lingkup=False, nomor=("ag_desa_no", max(n_desa, 1), lebar)
    )
    geser = [(akhir - awal + 1) * max(n_desa, 1) * lebar]

    def pilih(geser=None):
        hasil = []
        for nama, tipe, _nn, identitas, collation in kolom_lama:
            if identitas:
                nilai = "x.id" if geser is None else f"row_number() OVER () + {geser - 1}"
                hasil.append(f"CAST({nilai} AS {tipe}) AS {nama}")
                continue
            coll = f' COLLATE "{collation}"' if collation else ""
            hasil.append(f"CAST(x.{nama} AS {tipe}){coll} AS {nama}")
        return ", ".join(hasil)

    # Storage options (fillfactor: room for the incremental updates to stay HOT) carry over.
    m.q("SELECT array_to_string(reloptions, ', ') FROM pg_class WHERE oid = %s::regclass", [TABEL])
    opsi = m.cur.fetchone()[0]
    dengan = f" WITH ({opsi})" if opsi else ""
    m.baris += m.q(
        f"CREATE TABLE {baru}{dengan} AS SELECT {pilih()} FROM ({sql_desa}) AS x(id, {kolom})",
        params_desa,
    )
    m.langkah("desa", mulai)
    baris_desa = m.baris

    def tambah(nama):
        n = m.q(
            f"INSERT INTO {baru} ({', '.join(k[0] for k in kolom_lama)}) "
            f"SELECT {pilih(geser[0])} FROM {nama} x"
        )
        m.baris += n
        geser[0] += n

    # The keys only (seconds, not the 119 figure columns): without any statistics the planner
    # took the kecamatan sums serial (41 s instead of 20 s).
    m.analyze(baru, KOLOM_RENCANA)
    tingkat_atas(m, baru, tambah)
    mulai = timezone.now()
    wajib = [f"ALTER COLUMN {nama} SET NOT NULL" for nama, _t, nn, _i, _c in kolom_lama if nn]
    if wajib:
        m.q(f"ALTER TABLE {baru} {', '.join(wajib)}")
    for nama, _t, _nn, identitas, _c in kolom_lama:
        if identitas:
            jenis = "ALWAYS" if identitas == "a" else "BY DEFAULT"
            m.q(
                f"ALTER TABLE {baru} ALTER COLUMN {nama} ADD GENERATED {jenis} AS IDENTITY "
                f"(START WITH {geser[0]})"
            )
    pasang_indeks_dan_tukar(m, baru)
    m.langkah("indeks_tukar", mulai)
    m.rincian["baris_desa"] = baris_desa


def tingkat_atas(m, sumber, simpan):
    """The kecamatan rows summed from the desa rows of `sumber`, then each level above from
    the one below, each staged in a temp table and handed to `simpan(table name)`."""
    mulai = timezone.now()
    kolom = ", ".join(KOLOM)
    m.q("DROP TABLE IF EXISTS ag_t_kecamatan")
    sql, p = m.sql_kec(sumber)
    # CREATE TABLE … AS may use parallel workers (an INSERT … SELECT never does): the sums
    # over every desa year row are this step's whole cost.
    m.q(f"CREATE TEMP TABLE ag_t_kecamatan AS SELECT * FROM ({sql}) x({kolom})", p)
    m.sementara("ag_t_kecamatan")
    anak = "ag_t_kecamatan"
    for tingkat, panjang, _t, _k in TINGKAT_ATAS:
        m.analyze(anak, KOLOM_RENCANA)
        m.siapkan_hasil(f"ag_t_{tingkat}")
        sql, p = m.sql_naik(anak, tingkat, panjang)
        m.q(f"INSERT INTO ag_t_{tingkat} ({kolom}) {sql}", p)
        simpan(anak)
        anak = f"ag_t_{tingkat}"
    simpan(anak)
    m.langkah("atas", mulai)


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
    # The columns the pages' plans choose by (autovacuum analyses the figures later).
    m.analyze(baru, KOLOM_RENCANA)
    # The renames take an exclusive lock on the old table: wait for running readers a while,
    # never forever (new readers would queue behind us).
    m.q(
        "SELECT set_config('lock_timeout', %s, true)",
        [getattr(settings, "AGREGASI_LOCK_TIMEOUT", "10s")],
    )
    lama = f"{TABEL}_lama"
    # The readers' view is bound to the old table: it goes and comes back over the new one
    # in this transaction (readers wait on the lock, then read the new rows).
    tampilan.lepas(m.cur)
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
    tampilan.pasang(m.cur, "postgresql")
    m.q("SELECT set_config('lock_timeout', '0', true)")
