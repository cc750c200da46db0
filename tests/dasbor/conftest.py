"""Fixtures of the dashboard tests: a small catalogue made here (not the shipped CSV) and
aggregate rows written straight into AgregatIndikator, as the aggregation engine would."""

from datetime import date, datetime
from decimal import Decimal

import factory
import pytest
from django.utils import timezone

from layanan_dasar.dasbor.hitung import geser_bulan
from layanan_dasar.models import AgregatIndikator, DataElemen, Indikator, JenisPeriode
from tests.conftest import DESA_PITURUH, KEMIRI, PITURUH
from wilayah.models import Desa, Kabupaten, Kecamatan, tingkat_dari_kode

PERIODE = date(2025, 3, 1)
SEBELUMNYA = date(2025, 2, 1)
DIHITUNG = datetime(2025, 4, 2, 8, 30, tzinfo=timezone.get_fixed_timezone(7 * 60))


class ElemenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataElemen

    kode = factory.Sequence(lambda n: f"uji-elemen-{n}")
    nama = factory.Sequence(lambda n: f"Elemen uji {n}")
    sektor = "kesehatan"


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    kode = factory.Sequence(lambda n: f"uji-indikator-{n}")
    nama = factory.Sequence(lambda n: f"Indikator uji {n}")
    sektor = "kesehatan"
    kelompok = Indikator.Kelompok.SPM
    pembilang = factory.SubFactory(ElemenFactory, sektor=factory.SelfAttribute("..sektor"))
    penyebut = factory.SubFactory(ElemenFactory, sektor=factory.SelfAttribute("..sektor"))
    faktor = Decimal(100)
    target = Decimal(100)
    urutan = factory.Sequence(lambda n: n)


def _rasio(p, q):
    return None if not q else Decimal(p * 100) / Decimal(q)


def baris_agregat(
    indikator, kode, periode, pembilang, penyebut, *, jenis="bulan", lapor=1, harap=1
):
    return AgregatIndikator(
        indikator=indikator,
        tingkat=tingkat_dari_kode(kode),
        wilayah_kode=kode,
        jenis_periode=jenis,
        periode=periode,
        pembilang=pembilang,
        penyebut=penyebut,
        nilai=None
        if pembilang is None
        else _rasio(pembilang, penyebut).quantize(Decimal("0.0001")),
        desa_lapor=lapor,
        desa_diharapkan=harap,
        dihitung_pada=DIHITUNG,
    )


def nilai_desa(ind_no, desa_no, periode):
    """A deterministic numerator over a denominator of 200 (some villages below target)."""
    return (200 - ((ind_no * 37 + desa_no * 11 + periode.month * 3) % 90), 200)


@pytest.fixture
def katalog():
    """Seven indicators over four sectors, one of them 'lower is better'."""
    pdd = [
        IndikatorFactory(sektor="pendidikan", nama=f"Partisipasi sekolah uji {i}") for i in (1, 2)
    ]
    kes = [
        IndikatorFactory(sektor="kesehatan", nama=f"Pelayanan kesehatan uji {i}") for i in (1, 2)
    ]
    prev = IndikatorFactory(
        sektor="kesehatan",
        nama="Prevalensi stunting uji",
        kelompok=Indikator.Kelompok.PREVALENSI,
        target=Decimal(14),
        arah=Indikator.Arah.TURUN,
    )
    pu = IndikatorFactory(sektor="pu", nama="Air minum uji")
    sos = IndikatorFactory(sektor="sosial", nama="Rehabilitasi sosial uji")
    return pdd + kes + [prev, pu, sos]


@pytest.fixture
def isi_agregat():
    """isi_agregat(katalog, periode=..., desa_kecamatan=[...], ...) writes a consistent set of
    aggregates: villages of the given kecamatan (every village, or only `lapor` of them), the
    kecamatan as ratio of sums, the kabupaten, provinces and nation as fixed values, the
    kecamatan of kabupaten 33.06 and the kabupaten of province 33 for drill-down, and 24 months
    of kecamatan trend."""

    def _isi(
        katalog,
        *,
        periode=PERIODE,
        kecamatan=(PITURUH, KEMIRI),
        tanpa_desa=(),
        jenis=JenisPeriode.BULAN,
        tren=True,
    ):
        rows = []
        ada_kecamatan = set()
        for p in (periode, geser_bulan(periode, -1 if jenis == "bulan" else -3)):
            for kec in kecamatan:
                desa = list(
                    Desa.objects.filter(kecamatan_id=kec, aktif=True)
                    .order_by("kode")
                    .values_list("kode", flat=True)
                )
                for n_ind, ind in enumerate(katalog):
                    sp = sq = lapor = 0
                    for n_desa, kode in enumerate(desa):
                        if kode in tanpa_desa:
                            continue
                        a, b = nilai_desa(n_ind, n_desa, p)
                        if ind.arah == Indikator.Arah.TURUN:
                            a = b - a  # prevalence: small numbers are good
                        rows.append(baris_agregat(ind, kode, p, a, b, jenis=jenis))
                        sp, sq, lapor = sp + a, sq + b, lapor + 1
                    rows.append(
                        baris_agregat(
                            ind, kec, p, sp, sq, jenis=jenis, lapor=lapor, harap=len(desa)
                        )
                    )
                    ada_kecamatan.add((ind.id, kec, p))
            for n_ind, ind in enumerate(katalog):
                # Drill-down levels: kabupaten 33.06 and its kecamatan, province 33 and its
                # kabupaten, provinces 33 and 34, the nation.
                for i, kec in enumerate(
                    Kecamatan.objects.filter(kabupaten_id="33.06").values_list("kode", flat=True)
                ):
                    if (ind.id, kec, p) not in ada_kecamatan:
                        rows.append(
                            baris_agregat(
                                ind, kec, p, 150 + i, 200, jenis=jenis, lapor=10, harap=12
                            )
                        )
                for i, kab in enumerate(
                    Kabupaten.objects.filter(provinsi_id="33").values_list("kode", flat=True)
                ):
                    rows.append(
                        baris_agregat(
                            ind,
                            kab,
                            p,
                            1000 + 20 * i + n_ind,
                            1500,
                            jenis=jenis,
                            lapor=90,
                            harap=100,
                        )
                    )
                for kode, a in (("33", 1300), ("34", 1250), ("", 1200)):
                    rows.append(
                        baris_agregat(
                            ind, kode, p, a + n_ind, 1500, jenis=jenis, lapor=900, harap=1000
                        )
                    )
        if tren:
            for n_ind, ind in enumerate(katalog):
                for m in range(1, 25):
                    b = geser_bulan(periode, -m)
                    if b == geser_bulan(periode, -1) and jenis == "bulan":
                        continue
                    for kode in (PITURUH, DESA_PITURUH, "33.06", "33", ""):
                        rows.append(baris_agregat(ind, kode, b, 120 + m + n_ind, 200))
        AgregatIndikator.objects.bulk_create(rows, ignore_conflicts=True)
        return rows

    return _isi
