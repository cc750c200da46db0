"""Fixtures of the perencanaan tests: reference data through the real loaders, hand-made
indicators and aggregates, and plans built through the services."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from layanan_dasar.models import AgregatIndikator, DataElemen, Indikator, JenisPeriode
from perencanaan import services
from perencanaan.models import Rencana
from wilayah.models import Desa

_urut = itertools.count()


@pytest.fixture
def referensi(db):
    """Code tree, holidays, Dana Desa rules and the sector mapping, as `make run` loads them."""
    services.referensi_muat()


@pytest.fixture
def buat_indikator(db):
    """buat_indikator(sektor, target=100, arah="naik") → a fresh Indikator (own elements)."""

    def _buat(sektor, *, target=100, arah="naik", nama=None):
        n = next(_urut)
        pembilang = DataElemen.objects.create(
            kode=f"uji-p-{n}", nama=f"Pembilang {n}", sektor=sektor
        )
        penyebut = DataElemen.objects.create(kode=f"uji-q-{n}", nama=f"Penyebut {n}", sektor=sektor)
        return Indikator.objects.create(
            kode=f"uji-ind-{n}",
            nama=nama or f"Indikator uji {n}",
            sektor=sektor,
            kelompok=Indikator.Kelompok.SPM,
            pembilang=pembilang,
            penyebut=penyebut,
            target=None if target is None else Decimal(target),
            arah=arah,
            urutan=n,
        )

    return _buat


@pytest.fixture
def agregat(db):
    """agregat(desa_kode, indikator, tahun, nilai) → a desa-level yearly aggregate row."""

    def _buat(desa_kode, indikator, tahun, nilai):
        return AgregatIndikator.objects.create(
            indikator=indikator,
            tingkat="desa",
            wilayah_kode=desa_kode,
            jenis_periode=JenisPeriode.TAHUN,
            periode=date(tahun, 1, 1),
            pembilang=None if nilai is None else int(nilai),
            penyebut=None if nilai is None else 100,
            nilai=None if nilai is None else Decimal(nilai),
            desa_lapor=1,
            desa_diharapkan=1,
            dihitung_pada=timezone.now(),
        )

    return _buat


def baris(kode, anggaran, sumber="DDS", indikator=(), nama=None, **extra):
    """Cleaned data of one line, as the form or the import hands it to the services."""
    return {
        "kode_kegiatan": kode,
        "nama": nama or f"Kegiatan {kode}",
        "lokasi": extra.get("lokasi", "Dusun I"),
        "volume": Decimal(extra.get("volume", "1")),
        "satuan": extra.get("satuan", "paket"),
        "anggaran": anggaran,
        "sumber_dana": sumber,
        "indikator": [i.id for i in indikator],
        **({"id": extra["id"]} if "id" in extra else {}),
    }


@pytest.fixture
def buat_rencana(referensi):
    """buat_rencana(operator, baris=[...], tahun=2025, jenis="apb") → a draft plan with lines."""

    def _buat(operator, lines=(), *, tahun=2025, jenis=Rencana.Jenis.APB, desa_kode=None):
        desa = Desa.objects.get(kode=desa_kode or operator.penugasan.wilayah_kode)
        rencana = services.rencana_buat(desa=desa, tahun=tahun, jenis=jenis, oleh=operator)
        if lines:
            services.baris_simpan(rencana=rencana, oleh=operator, baris=list(lines))
        return Rencana.objects.get(pk=rencana.pk)

    return _buat
