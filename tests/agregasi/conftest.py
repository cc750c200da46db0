"""Fixtures of the aggregation-engine tests: a small catalogue made here, values written straight
into NilaiData, and helpers to read the aggregate table back."""

import datetime as dt
from decimal import Decimal

import pytest

from layanan_dasar.models import (
    AgregasiWaktu,
    AgregatIndikator,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
)

_n = iter(range(10**6))


@pytest.fixture
def elemen():
    """elemen(agregasi="jumlah"|"terakhir", tahunan=False) → a new DataElemen."""

    def _buat(agregasi=AgregasiWaktu.JUMLAH, tahunan=False):
        i = next(_n)
        return DataElemen.objects.create(
            kode=f"uji-agr-el-{i}",
            nama=f"Elemen uji {i}",
            sektor="kesehatan",
            agregasi_waktu=agregasi,
            tahunan=tahunan,
        )

    return _buat


@pytest.fixture
def indikator(elemen):
    """indikator(pembilang=None, penyebut=None, faktor=100) → a new Indikator (elements are
    made when not given: a flow over a stock)."""

    def _buat(pembilang=None, penyebut=None, faktor=100):
        i = next(_n)
        return Indikator.objects.create(
            kode=f"uji-agr-ind-{i}",
            nama=f"Indikator uji {i}",
            sektor="kesehatan",
            kelompok=Indikator.Kelompok.SPM,
            pembilang=pembilang or elemen(AgregasiWaktu.JUMLAH),
            penyebut=penyebut or elemen(AgregasiWaktu.TERAKHIR),
            faktor=Decimal(faktor),
            target=Decimal(100),
        )

    return _buat


def isi(desa, elemen, bulan, nilai, *, status=Pengajuan.Status.DIAJUKAN):
    """Set (or, with nilai None, delete) one value. Its kecamatan-sector-month is submitted
    (`status`, unless the month already has one): only submitted values are aggregated."""
    if isinstance(bulan, str):
        bulan = dt.date.fromisoformat((bulan + "-01")[:10])
    Pengajuan.objects.get_or_create(
        kecamatan_id=desa[:8], sektor=elemen.sektor, bulan=bulan, defaults={"status": status}
    )
    if nilai is None:
        NilaiData.objects.filter(desa_id=desa, elemen=elemen, bulan=bulan).delete()
        return
    NilaiData.objects.update_or_create(
        desa_id=desa, elemen=elemen, bulan=bulan, defaults={"nilai": nilai}
    )


def agregat(indikator, kode, jenis, periode):
    """The stored row, or None."""
    if isinstance(periode, str):
        periode = dt.date.fromisoformat((periode + "-01-01")[:10])
    return AgregatIndikator.objects.filter(
        indikator=indikator, wilayah_kode=kode, jenis_periode=jenis, periode=periode
    ).first()


def potret(using="default"):
    """Every aggregate row as comparable tuples (without id and computed-at time)."""
    return sorted(
        AgregatIndikator.objects.using(using).values_list(
            "indikator__kode",
            "tingkat",
            "wilayah_kode",
            "jenis_periode",
            "periode",
            "pembilang",
            "penyebut",
            "nilai",
            "desa_lapor",
            "desa_diharapkan",
        )
    )


@pytest.fixture(autouse=True)
def _lupakan_backend_celery():
    """A task run eagerly here caches a disabled result backend on the Celery app (per
    thread); drop it so a later real-worker test in the session can read results. (The shared
    worker fixture drops the stale broker pools but not this.)"""
    yield
    from dashboard_kecamatan.celery import app

    app._local.__dict__.pop("backend", None)
