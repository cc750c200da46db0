"""The stored layout (issue 17): one row per indicator × node × year behind the AgregatIndikator
view. Readers see through the view the rows a one-period table held; the swap keeps the year
table's definition; the manager's year filter changes no result."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from layanan_dasar.agregasi import agregasi_bangun, agregasi_inkremental, agregasi_jadwalkan
from layanan_dasar.agregasi.mesin import TABEL
from layanan_dasar.models import AgregasiWaktu, AgregatIndikator, AgregatTahun

from .conftest import isi

A, B = "33.06.11.2001", "33.06.11.2002"  # Pituruh
K1 = "33.06.12.2001"  # Kemiri
SEBELUM = [("layanan_dasar", "0006_agregat_kumulatif")]
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


def _baris():
    return sorted(AgregatIndikator.objects.values_list(*KOLOM))


def _data(indikator, elemen):
    """Every kind of pairing, two years, a retired-looking spread of villages."""
    cakupan = indikator(
        pembilang=elemen(AgregasiWaktu.JUMLAH), penyebut=elemen(AgregasiWaktu.JUMLAH, True)
    )
    stok = indikator(
        pembilang=elemen(AgregasiWaktu.TERAKHIR), penyebut=elemen(AgregasiWaktu.TERAKHIR)
    )
    arus = indikator(pembilang=elemen(AgregasiWaktu.JUMLAH), penyebut=elemen(AgregasiWaktu.JUMLAH))
    for n, desa in enumerate((A, B, K1)):
        isi(desa, cakupan.penyebut, "2025-01", 120 + n)
        for bulan in ("2024-11", "2025-01", "2025-02", "2025-04"):
            isi(desa, cakupan.pembilang, bulan, 7 + n)
            isi(desa, stok.pembilang, bulan, 30 + n)
            if bulan != "2025-02" or desa != B:
                isi(desa, stok.penyebut, bulan, 50 + n)
            isi(desa, arus.pembilang, bulan, 3 + n)
            isi(desa, arus.penyebut, bulan, 9 + n)
    return cakupan, stok, arus


@pytest.mark.django_db
def test_readers_see_through_the_view_the_rows_the_one_period_table_held(indikator, elemen):
    """The engine's rows as readers see them are written into the one-period table of
    migration 0006 (the old layout); migration 0007 moves them into year rows; the view gives
    every one of them back, figure for figure."""
    _data(indikator, elemen)
    agregasi_bangun()
    sebelum = _baris()
    assert len(sebelum) > 100

    executor = MigrationExecutor(connection)
    executor.migrate(SEBELUM)
    try:
        lama = executor.loader.project_state(SEBELUM).apps.get_model(
            "layanan_dasar", "AgregatIndikator"
        )
        assert lama._meta.managed
        lama.objects.bulk_create(lama(**dict(zip(KOLOM, b, strict=True))) for b in sebelum)
        # Inside the test's transaction: check the deferred foreign keys now, so that the
        # migration may drop the table they were checked on.
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _baris() == sebelum
    # Stored one row per indicator × node × year, not per period.
    tahun = AgregatTahun.objects.count()
    assert tahun == len({(b[0], b[2], b[4].year) for b in sebelum}) < len(sebelum) / 5
    # And a rebuild over the moved rows writes nothing a reader would see differently.
    agregasi_bangun(kode="33.06.11", tahun=2025)
    assert [b[:-1] for b in _baris()] == [b[:-1] for b in sebelum]


def _definisi():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attidentity, a.attcollation FROM pg_attribute a WHERE a.attrelid = %s::regclass "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attname",
            [TABEL],
        )
        kolom = cur.fetchall()
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [TABEL],
        )
        indeks = cur.fetchall()
        cur.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY conname",
            [TABEL],
        )
        kendala = [(n, t, d.removesuffix(" NOT VALID")) for n, t, d in cur.fetchall()]
        cur.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass",
            [TABEL],
        )
        return kolom, indeks, kendala, cur.fetchone()


@pytest.mark.django_db
def test_the_swap_keeps_the_year_table_and_the_view(indikator, elemen):
    _data(indikator, elemen)
    agregasi_bangun()
    sebelum, baris = _definisi(), _baris()
    hasil = agregasi_bangun()
    assert hasil.rincian.get("indeks_tukar") is not None  # the swap path ran
    assert _definisi() == sebelum
    assert [b[:-1] for b in _baris()] == [b[:-1] for b in baris]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass ORDER BY 1",
            ["layanan_dasar_agregatindikator"],
        )
        assert [r[0] for r in cur.fetchall()] == [
            "layanan_dasar_agregatindikator_tulis",
            "layanan_dasar_agregatindikator_ubah",
        ]
        # The ids computed from the keys (desa) and numbered after them (the levels above) are
        # unique (primary key), and the identity goes on above every one of them.
        cur.execute(
            f"SELECT MAX(id), nextval(pg_get_serial_sequence('{TABEL}', 'id')) FROM {TABEL}"
        )
        terbesar, berikut = cur.fetchone()
        assert berikut > terbesar


@pytest.mark.django_db
def test_a_filter_on_the_period_also_narrows_the_stored_year(indikator, elemen):
    cakupan, _s, _a = _data(indikator, elemen)
    agregasi_bangun()
    april = dt.date(2025, 4, 1)
    with CaptureQueriesContext(connection) as q:
        rows = list(AgregatIndikator.objects.filter(periode=april).values_list("id", flat=True))
    assert '"tahun" = ' in q[0]["sql"]
    semua = AgregatIndikator.objects.values_list("id", "periode")
    assert sorted(rows) == sorted(i for i, p in semua if p == april)
    antara = AgregatIndikator.objects.filter(
        periode__gte=dt.date(2024, 12, 1), periode__lt=dt.date(2025, 3, 1)
    )
    assert sorted(antara.values_list("id", flat=True)) == sorted(
        i for i, p in semua if dt.date(2024, 12, 1) <= p < dt.date(2025, 3, 1)
    )
    # A year-to-date coverage: April is January..April over the annual target.
    kec = AgregatIndikator.objects.get(
        indikator=cakupan, wilayah_kode="33.06.11", jenis_periode="bulan", periode=april
    )
    assert (kec.pembilang, kec.penyebut, kec.pembilang_periode, kec.bulan_kumulatif) == (
        3 * (7 + 8),
        120 + 121,
        7 + 8,
        4,
    )
    assert kec.nilai == Decimal(100 * 45 / 241).quantize(Decimal("0.0001"))


@pytest.mark.django_db
def test_an_incremental_run_rewrites_the_changed_year_only(indikator, elemen):
    cakupan, _s, _a = _data(indikator, elemen)
    agregasi_bangun()
    tahun_lalu = dict(AgregatTahun.objects.filter(tahun=2024).values_list("id", "dihitung_pada"))
    isi(A, cakupan.pembilang, "2025-04", 99)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 4, 1)])
    hasil = agregasi_inkremental()
    # desa A, Pituruh, Purworejo, Jawa Tengah, the nation × April and the months after it (a
    # year-to-date figure carries April), Q2..Q4 and the year.
    assert hasil.baris == 5 * (9 + 3 + 1)
    assert (
        dict(AgregatTahun.objects.filter(tahun=2024).values_list("id", "dihitung_pada"))
        == tahun_lalu
    )


@pytest.mark.django_db
def test_an_or_of_scopes_and_periods_narrows_the_stored_rows_too(indikator, elemen):
    """Q(desa, two months) | Q(its kecamatan, one month), as the desa page asks: the codes and
    the year every branch names are added, and the rows are the same."""
    from django.db.models import Q

    _data(indikator, elemen)
    agregasi_bangun()
    q = Q(wilayah_kode=A, periode__in=[dt.date(2025, 2, 1), dt.date(2025, 1, 1)]) | Q(
        wilayah_kode__in=["33.06.11"], periode=dt.date(2025, 2, 1)
    )
    with CaptureQueriesContext(connection) as tangkap:
        rows = sorted(AgregatIndikator.objects.filter(q).values_list("id", flat=True))
    sql = tangkap[0]["sql"]
    assert '"tahun" IN (2025)' in sql and '"wilayah_kode" IN (' in sql
    semua = AgregatIndikator.objects.values_list("id", "wilayah_kode", "periode")
    harap = sorted(
        i
        for i, k, p in semua
        if (k == A and p in (dt.date(2025, 2, 1), dt.date(2025, 1, 1)))
        or (k == "33.06.11" and p == dt.date(2025, 2, 1))
    )
    assert rows == harap and rows
    # A branch without a period or a code: nothing is added.
    with CaptureQueriesContext(connection) as tangkap:
        list(AgregatIndikator.objects.filter(Q(wilayah_kode=A) | Q(tingkat="nasional")))
    assert '"tahun" IN' not in tangkap[0]["sql"]


@pytest.mark.django_db
def test_an_or_of_levels_narrows_the_stored_rows_to_those_levels(indikator, elemen):
    """Q(the children of a node by subquery, one month) | Q(the node, two months), as the
    Sekber page asks: no code list is known, but every branch names its level, and the levels
    are added (else every desa row of the year is unpacked: 0.2 s on one province)."""
    from django.db.models import Q

    from wilayah.models import Kecamatan

    _data(indikator, elemen)
    agregasi_bangun()
    feb, jan = dt.date(2025, 2, 1), dt.date(2025, 1, 1)
    q = Q(
        tingkat="kecamatan",
        wilayah_kode__in=Kecamatan.objects.filter(kabupaten_id="33.06").values("kode"),
        periode=feb,
    ) | Q(tingkat="kabupaten", wilayah_kode="33.06", periode__in=[feb, jan])
    with CaptureQueriesContext(connection) as tangkap:
        rows = sorted(AgregatIndikator.objects.filter(q).values_list("id", flat=True))
    sql = tangkap[0]["sql"]
    assert "\"tingkat\" IN ('kabupaten', 'kecamatan')" in sql and '"tahun" IN (2025)' in sql
    semua = AgregatIndikator.objects.values_list("id", "tingkat", "wilayah_kode", "periode")
    harap = sorted(
        i
        for i, t, k, p in semua
        if (t == "kecamatan" and k.startswith("33.06.") and p == feb)
        or (k == "33.06" and p in (feb, jan))
    )
    assert rows == harap and len({k for _i, _t, k, _p in semua if k}) > 3
