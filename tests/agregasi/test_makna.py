"""Hand-computed cases of what a figure means (DESIGN §5): year-to-date coverage against an
annual target, stock and flow pairs that meet month by month, only submitted months as data,
completeness that never exceeds 100 % when a village is retired. Full and incremental rebuilds
give the same rows (the property test covers random data; these pin the rules)."""

from decimal import Decimal

import pytest

from layanan_dasar.agregasi import agregasi_bangun, agregasi_inkremental, agregasi_jadwalkan
from layanan_dasar.models import AgregasiWaktu, Pengajuan
from tests.conftest import PITURUH
from wilayah.models import Desa

from .conftest import agregat, isi

pytestmark = pytest.mark.django_db

A, B = "33.06.11.2001", "33.06.11.2002"  # Pituruh


@pytest.fixture
def cakupan(indikator, elemen):
    """People served (a flow) over the year's target population: an SPM coverage."""
    layanan = elemen(AgregasiWaktu.JUMLAH)
    sasaran = elemen(AgregasiWaktu.TERAKHIR, tahunan=True)
    return indikator(pembilang=layanan, penyebut=sasaran), layanan, sasaran


def test_coverage_against_an_annual_target_is_year_to_date(cakupan):
    ind, layanan, sasaran = cakupan
    isi(A, sasaran, "2025-01", 120)
    for bulan, n in (("2025-01", 10), ("2025-02", 8), ("2025-03", 12), ("2025-05", 9)):
        isi(A, layanan, bulan, n)
    isi(B, sasaran, "2025-01", 60)
    isi(B, layanan, "2025-03", 6)

    agregasi_bangun()

    maret = agregat(ind, A, "bulan", "2025-03")
    # January–March over the annual target: 30 / 120 = 25 % (not March alone: 10 %).
    assert (maret.pembilang, maret.penyebut, maret.nilai) == (30, 120, Decimal("25.0000"))
    assert (maret.pembilang_periode, maret.bulan_kumulatif, maret.desa_lapor) == (12, 3, 1)
    # April had no service data: the year-to-date figure stands, the village did not report.
    april = agregat(ind, A, "bulan", "2025-04")
    assert (april.pembilang, april.pembilang_periode, april.desa_lapor) == (30, None, 0)
    tw2 = agregat(ind, A, "triwulan", "2025-04")
    assert (tw2.pembilang, tw2.pembilang_periode, tw2.bulan_kumulatif) == (39, 9, 6)
    tahun = agregat(ind, A, "tahun", "2025")
    assert (tahun.pembilang, tahun.bulan_kumulatif) == (39, 12)

    kec = agregat(ind, PITURUH, "bulan", "2025-03")
    # Both villages, year-to-date: (30 + 6) / (120 + 60); this month's own flow 12 + 6.
    assert (kec.pembilang, kec.penyebut, kec.nilai) == (36, 180, Decimal("20.0000"))
    assert (kec.pembilang_periode, kec.desa_lapor, kec.bulan_kumulatif) == (18, 2, 3)
    feb = agregat(ind, PITURUH, "bulan", "2025-02")
    # B had no service yet in February: only A's year-to-date enters the sums.
    assert (feb.pembilang, feb.penyebut, feb.desa_lapor) == (18, 120, 1)
    assert agregat(ind, "", "bulan", "2025-03").bulan_kumulatif == 3


def test_other_indicators_are_not_year_to_date(indikator, elemen):
    ind = indikator(pembilang=elemen(AgregasiWaktu.JUMLAH), penyebut=elemen(AgregasiWaktu.JUMLAH))
    isi(A, ind.pembilang, "2025-01", 3)
    isi(A, ind.penyebut, "2025-01", 4)
    isi(A, ind.pembilang, "2025-02", 1)
    isi(A, ind.penyebut, "2025-02", 2)

    agregasi_bangun()

    feb = agregat(ind, A, "bulan", "2025-02")
    assert (feb.pembilang, feb.penyebut, feb.bulan_kumulatif, feb.pembilang_periode) == (
        1,
        2,
        None,
        1,
    )


def test_a_snapshot_quarter_takes_the_latest_month_where_both_exist(indikator, elemen):
    # Scorecard: the children served and the children due are counts of one cohort.
    ind = indikator(
        pembilang=elemen(AgregasiWaktu.TERAKHIR), penyebut=elemen(AgregasiWaktu.TERAKHIR)
    )
    isi(A, ind.pembilang, "2025-02", 8)
    isi(A, ind.penyebut, "2025-02", 10)
    isi(A, ind.pembilang, "2025-03", 9)  # March's numerator has no denominator beside it
    isi(B, ind.pembilang, "2025-03", 5)  # B never pairs in the quarter
    isi(B, ind.penyebut, "2025-01", 4)

    agregasi_bangun()

    tw = agregat(ind, A, "triwulan", "2025-01")
    # Not March's 9 over February's 10: February's own pair.
    assert (tw.pembilang, tw.penyebut, tw.desa_lapor) == (8, 10, 1)
    tb = agregat(ind, B, "triwulan", "2025-01")
    assert (tb.pembilang, tb.penyebut, tb.desa_lapor, tb.nilai) == (5, None, 0, None)
    kec = agregat(ind, PITURUH, "triwulan", "2025-01")
    assert (kec.pembilang, kec.penyebut, kec.desa_lapor) == (8, 10, 1)
    tahun = agregat(ind, A, "tahun", "2025")
    assert (tahun.pembilang, tahun.penyebut) == (8, 10)


def test_a_flow_pair_sums_only_the_months_where_both_exist(indikator, elemen):
    ind = indikator(pembilang=elemen(AgregasiWaktu.JUMLAH), penyebut=elemen(AgregasiWaktu.JUMLAH))
    isi(A, ind.pembilang, "2025-01", 3)
    isi(A, ind.penyebut, "2025-01", 4)
    isi(A, ind.pembilang, "2025-02", 5)  # no denominator in February
    isi(A, ind.penyebut, "2025-03", 6)  # no numerator in March

    agregasi_bangun()

    tw = agregat(ind, A, "triwulan", "2025-01")
    assert (tw.pembilang, tw.penyebut, tw.nilai) == (3, 4, Decimal("75.0000"))
    for jenis, periode in (("triwulan", "2025-01"), ("tahun", "2025")):
        row = agregat(ind, A, jenis, periode)
        assert row.pembilang <= row.penyebut


def test_drafts_and_months_sent_back_are_not_data(cakupan):
    ind, layanan, sasaran = cakupan
    isi(A, sasaran, "2025-01", 100)
    isi(A, layanan, "2025-01", 10)
    isi(A, layanan, "2025-02", 50, status=Pengajuan.Status.DRAFT)

    agregasi_bangun()

    assert agregat(ind, A, "bulan", "2025-02").pembilang == 10  # January's, year-to-date
    assert agregat(ind, A, "bulan", "2025-02").pembilang_periode is None

    # Submitted: the month becomes data on the next (incremental) run.
    Pengajuan.objects.filter(bulan="2025-02-01").update(status=Pengajuan.Status.DIAJUKAN)
    agregasi_jadwalkan(desa_kode=[A], bulan=[Pengajuan.objects.get(bulan="2025-02-01").bulan])
    agregasi_inkremental()
    assert agregat(ind, A, "bulan", "2025-02").pembilang == 60
    assert agregat(ind, A, "bulan", "2025-03").pembilang == 60  # later months carry it

    # Sent back to the UPT: a draft again, gone from the aggregates.
    Pengajuan.objects.filter(bulan="2025-02-01").update(status=Pengajuan.Status.DRAFT)
    agregasi_jadwalkan(desa_kode=[A], bulan=[Pengajuan.objects.get(bulan="2025-02-01").bulan])
    agregasi_inkremental()
    assert agregat(ind, A, "bulan", "2025-02").pembilang == 10


def test_a_retired_village_that_reported_counts_as_expected(indikator):
    ind = indikator()
    aktif = Desa.objects.filter(kecamatan_id=PITURUH, aktif=True).count()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 2)
    isi(B, ind.pembilang, "2025-03", 1)
    isi(B, ind.penyebut, "2025-03", 2)
    Desa.objects.filter(kode=B).update(aktif=False)

    agregasi_bangun()

    for kode in (PITURUH, "33.06", "33", ""):
        row = agregat(ind, kode, "bulan", "2025-03")
        assert row.desa_lapor <= row.desa_diharapkan, kode
    kec = agregat(ind, PITURUH, "bulan", "2025-03")
    assert (kec.desa_lapor, kec.desa_diharapkan) == (2, aktif)  # aktif no longer counts B
    assert agregat(ind, B, "bulan", "2025-03").desa_diharapkan == 1
    kab = agregat(ind, "33.06", "bulan", "2025-03")
    assert (
        kab.desa_diharapkan
        == Desa.objects.filter(kecamatan__kabupaten_id="33.06", aktif=True).count() + 1
    )

    # The incremental path agrees.
    isi(A, ind.pembilang, "2025-03", 2)
    agregasi_jadwalkan(desa_kode=[A], bulan=[agregat(ind, A, "bulan", "2025-03").periode])
    agregasi_inkremental()
    kab2 = agregat(ind, "33.06", "bulan", "2025-03")
    assert kab2.desa_diharapkan == kab.desa_diharapkan
    assert agregat(ind, "", "bulan", "2025-03").desa_diharapkan == (
        Desa.objects.filter(aktif=True).count() + 1
    )


def test_a_wilayah_reload_that_retires_a_village_queues_and_then_refreshes(indikator, tmp_path):
    import csv
    import shutil

    from django.conf import settings

    from layanan_dasar.agregasi.selectors import status_agregat
    from layanan_dasar.models import AntrianAgregasi
    from wilayah.services import wilayah_muat

    ind = indikator()
    isi(A, ind.pembilang, "2025-03", 1)
    isi(A, ind.penyebut, "2025-03", 2)
    agregasi_bangun()
    harap = agregat(ind, PITURUH, "bulan", "2025-03").desa_diharapkan

    sumber = settings.BASE_DIR / "fixtures" / "wilayah"
    for f in sumber.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    with (sumber / "villages.csv").open(encoding="utf-8", newline="") as fh:
        baris = [r for r in csv.reader(fh) if r[0] != B]  # B disappears from the new list
    with (tmp_path / "villages.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(baris)

    from django.db import transaction

    with transaction.atomic():
        wilayah_muat(direktori=tmp_path)
        # Inside the reload: B's months are queued and the kecamatan's pages say so.
        assert AntrianAgregasi.objects.filter(desa_kode=B).count() == 12
        assert status_agregat(PITURUH).ada_tertunda
    # The incremental run (on commit, in-process here) refreshed the expected count.
    agregasi_inkremental()
    assert not AntrianAgregasi.objects.exists()
    assert agregat(ind, PITURUH, "bulan", "2025-03").desa_diharapkan == harap - 1
