"""Hand-computed cases: ratio of sums, time aggregation of flows and stocks, annual targets,
missing vs zero, division by zero, and the levels above the kecamatan."""

from decimal import Decimal

import pytest

from layanan_dasar.agregasi import agregasi_bangun
from layanan_dasar.models import AgregasiWaktu, AgregatIndikator, RiwayatAgregasi
from tests.conftest import KEMIRI, PITURUH
from wilayah.models import Desa

from .conftest import agregat, isi

pytestmark = pytest.mark.django_db

A, B, C = "33.06.11.2001", "33.06.11.2002", "33.06.11.2003"  # Pituruh
K1 = "33.06.12.2001"  # Kemiri
KAB, PROV = "33.06", "33"


def test_ratio_of_sums_not_mean_of_percentages(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 10)  # 10 %
    isi(B, ind.pembilang, "2025-03", 90)
    isi(B, ind.penyebut, "2025-03", 100)  # 90 %

    agregasi_bangun()

    kec = agregat(ind, PITURUH, "bulan", "2025-03")
    # Mean of the two percentages would be 50 %; the ratio of sums is 91 / 110.
    assert (kec.pembilang, kec.penyebut) == (91, 110)
    assert kec.nilai == Decimal("82.7273")
    assert kec.desa_lapor == 2
    assert kec.desa_diharapkan == Desa.objects.filter(kecamatan_id=PITURUH, aktif=True).count()
    assert agregat(ind, A, "bulan", "2025-03").nilai == Decimal("10.0000")
    assert agregat(ind, B, "bulan", "2025-03").nilai == Decimal("90.0000")


def test_levels_above_sum_their_children(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 3)
    isi(A, ind.penyebut, "2025-03", 4)
    isi(K1, ind.pembilang, "2025-03", 1)
    isi(K1, ind.penyebut, "2025-03", 16)

    agregasi_bangun()

    for kode in (KAB, PROV, ""):
        row = agregat(ind, kode, "bulan", "2025-03")
        assert (row.pembilang, row.penyebut, row.desa_lapor) == (4, 20, 2), kode
        assert row.nilai == Decimal("20.0000")
    assert agregat(ind, KEMIRI, "bulan", "2025-03").nilai == Decimal("6.2500")
    assert agregat(ind, KAB, "bulan", "2025-03").tingkat == "kabupaten"
    assert agregat(ind, "", "bulan", "2025-03").tingkat == "nasional"
    harap = {
        KAB: Desa.objects.filter(kecamatan__kabupaten_id=KAB, aktif=True).count(),
        PROV: Desa.objects.filter(kecamatan__kabupaten__provinsi_id=PROV, aktif=True).count(),
        "": Desa.objects.filter(aktif=True).count(),
    }
    for kode, n in harap.items():
        assert agregat(ind, kode, "bulan", "2025-03").desa_diharapkan == n
    # Nothing for nodes without data.
    assert not AgregatIndikator.objects.filter(wilayah_kode="32").exists()


def test_flow_is_summed_and_stock_is_latest_over_a_quarter(indikator, elemen):
    arus = elemen(AgregasiWaktu.JUMLAH)
    stok = elemen(AgregasiWaktu.TERAKHIR)
    ind = indikator(pembilang=arus, penyebut=stok)
    isi(A, arus, "2025-01", 3)
    isi(A, arus, "2025-03", 5)  # February missing: summed over the months present
    isi(A, stok, "2025-01", 100)
    isi(A, stok, "2025-02", 120)  # March missing: the latest month present is February

    agregasi_bangun()

    q1 = agregat(ind, A, "triwulan", "2025-01")
    assert (q1.pembilang, q1.penyebut, q1.desa_lapor) == (8, 120, 1)
    assert q1.nilai == Decimal("6.6667")
    tahun = agregat(ind, A, "tahun", "2025")
    assert (tahun.pembilang, tahun.penyebut) == (8, 120)
    # February: a stock without its flow. The desa row shows it; the desa does not report.
    feb = agregat(ind, A, "bulan", "2025-02")
    assert (feb.pembilang, feb.penyebut, feb.nilai, feb.desa_lapor) == (None, 120, None, 0)
    # March: a flow without its stock.
    mar = agregat(ind, A, "bulan", "2025-03")
    assert (mar.pembilang, mar.penyebut, mar.nilai, mar.desa_lapor) == (5, None, None, 0)
    mar_kec = agregat(ind, PITURUH, "bulan", "2025-03")
    assert (mar_kec.pembilang, mar_kec.penyebut, mar_kec.desa_lapor) == (None, None, 0)
    assert agregat(ind, A, "triwulan", "2025-04") is None


def test_stock_quarter_takes_each_desa_latest_month(indikator, elemen):
    stok_n = elemen(AgregasiWaktu.TERAKHIR)
    stok_d = elemen(AgregasiWaktu.TERAKHIR)
    ind = indikator(pembilang=stok_n, penyebut=stok_d)
    # Desa A reported through March, desa B only January: each desa's own latest month.
    for bulan, n, d in (("2025-01", 1, 10), ("2025-02", 2, 10), ("2025-03", 6, 10)):
        isi(A, stok_n, bulan, n)
        isi(A, stok_d, bulan, d)
    isi(B, stok_n, "2025-01", 4)
    isi(B, stok_d, "2025-01", 5)

    agregasi_bangun()

    kec = agregat(ind, PITURUH, "triwulan", "2025-01")
    assert (kec.pembilang, kec.penyebut, kec.desa_lapor) == (10, 15, 2)


def test_annual_target_applies_to_every_month_of_its_year(indikator, elemen):
    arus = elemen(AgregasiWaktu.JUMLAH)
    sasaran = elemen(AgregasiWaktu.TERAKHIR, tahunan=True)
    ind = indikator(pembilang=arus, penyebut=sasaran)
    isi(A, sasaran, "2025-01", 200)
    isi(A, arus, "2025-06", 10)
    isi(A, arus, "2025-07", 30)
    isi(A, sasaran, "2026-01", 400)  # next year's target does not leak back

    agregasi_bangun()

    jun = agregat(ind, A, "bulan", "2025-06")
    assert (jun.pembilang, jun.penyebut, jun.nilai) == (10, 200, Decimal("5.0000"))
    # A flow over an annual target is year-to-date (DESIGN §5): the third quarter covers
    # January–September; the quarter's own flow is kept beside it.
    q3 = agregat(ind, A, "triwulan", "2025-07")
    assert (q3.pembilang, q3.penyebut, q3.pembilang_periode, q3.bulan_kumulatif) == (40, 200, 30, 9)
    tahun = agregat(ind, A, "tahun", "2025")
    assert (tahun.pembilang, tahun.penyebut, tahun.nilai) == (40, 200, Decimal("20.0000"))
    # Months without service data still show the target; the desa does not report them.
    feb = agregat(ind, A, "bulan", "2025-02")
    assert (feb.pembilang, feb.penyebut, feb.desa_lapor) == (None, 200, 0)
    assert agregat(ind, A, "bulan", "2026-03").penyebut == 400


def test_missing_is_not_zero_and_division_by_zero_gives_no_value(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-05", 0)  # a real zero: reported, counts in both sums
    isi(A, ind.penyebut, "2025-05", 50)
    isi(B, ind.pembilang, "2025-05", 0)
    isi(B, ind.penyebut, "2025-05", 0)  # zero target: reported, no value of its own
    # Desa C has no data at all: left out, not counted as zero.

    agregasi_bangun()

    kec = agregat(ind, PITURUH, "bulan", "2025-05")
    assert (kec.pembilang, kec.penyebut, kec.nilai, kec.desa_lapor) == (0, 50, 0, 2)
    b = agregat(ind, B, "bulan", "2025-05")
    assert (b.pembilang, b.penyebut, b.nilai, b.desa_lapor) == (0, 0, None, 1)
    assert agregat(ind, C, "bulan", "2025-05") is None
    # A node whose reporting desa all have a zero denominator: no value, not an error.
    isi(A, ind.penyebut, "2025-05", 0)
    agregasi_bangun()
    kec = agregat(ind, PITURUH, "bulan", "2025-05")
    assert (kec.pembilang, kec.penyebut, kec.nilai) == (0, 0, None)


def test_factor_and_inactive_indicators(indikator):
    per_seribu = indikator(faktor=1000)
    mati = indikator()
    for ind in (per_seribu, mati):
        isi(A, ind.pembilang, "2025-03", 3)
        isi(A, ind.penyebut, "2025-03", 7)
    agregasi_bangun()
    assert agregat(per_seribu, A, "bulan", "2025-03").nilai == Decimal("428.5714")
    assert agregat(mati, A, "bulan", "2025-03") is not None

    mati.aktif = False
    mati.save()
    agregasi_bangun()
    assert not AgregatIndikator.objects.filter(indikator=mati).exists()


def test_scoped_rebuild_touches_only_its_scope(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 2)
    isi(K1, ind.pembilang, "2025-03", 1)
    isi(K1, ind.penyebut, "2025-03", 4)
    agregasi_bangun()
    kemiri_lama = agregat(ind, KEMIRI, "bulan", "2025-03")

    isi(A, ind.pembilang, "2025-03", 2)
    isi(K1, ind.pembilang, "2025-03", 3)  # outside the scope below: stays stale
    hasil = agregasi_bangun(kode=PITURUH, tahun=2025)

    assert hasil.jenis == RiwayatAgregasi.Jenis.LINGKUP
    assert agregat(ind, A, "bulan", "2025-03").pembilang == 2
    assert agregat(ind, KEMIRI, "bulan", "2025-03").dihitung_pada == kemiri_lama.dihitung_pada
    # Ancestors are summed from the stored children (Kemiri still as it was).
    assert agregat(ind, KAB, "bulan", "2025-03").pembilang == 3
    assert RiwayatAgregasi.objects.filter(wilayah_kode=PITURUH, tahun=2025).exists()


def _definisi_tabel():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attidentity, a.attcollation FROM pg_attribute a WHERE a.attrelid = "
            "'layanan_dasar_agregatindikator'::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attname"
        )
        kolom = cur.fetchall()
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'layanan_dasar_agregatindikator' ORDER BY indexname"
        )
        indeks = cur.fetchall()
        cur.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'layanan_dasar_agregatindikator'::regclass ORDER BY conname"
        )
        # The swap adds the foreign key NOT VALID (its rows come from a join with the catalogue;
        # validating would scan the whole table); it is enforced for every new row all the same.
        kendala = [(n, t, d.removesuffix(" NOT VALID")) for n, t, d in cur.fetchall()]
        return kolom, indeks, kendala


def test_the_swapped_table_keeps_the_definition_django_knows(indikator):
    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 2)
    sebelum = _definisi_tabel()
    hasil = agregasi_bangun()
    assert hasil.rincian.get("indeks_tukar") is not None  # the swap path ran
    assert _definisi_tabel() == sebelum
    # The id column goes on after the rows the rebuild wrote.
    baris = AgregatIndikator.objects.create(
        indikator=ind,
        tingkat="desa",
        wilayah_kode=B,
        jenis_periode="bulan",
        periode="2025-03-01",
        dihitung_pada="2025-04-01T00:00:00Z",
    )
    assert baris.pk > AgregatIndikator.objects.exclude(pk=baris.pk).latest("pk").pk
