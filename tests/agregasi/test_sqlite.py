"""The demo runs on SQLite: the same engine, run against a temporary SQLite database holding
the same wilayah, catalogue and values, gives exactly the rows PostgreSQL gives — after a full
rebuild and after incremental runs."""

import datetime as dt
import random

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction

from layanan_dasar.agregasi import (
    agregasi_bangun,
    agregasi_inkremental,
    agregasi_jadwalkan,
    tampilan,
)
from layanan_dasar.models import (
    AgregasiWaktu,
    AgregatTahun,
    AntrianAgregasi,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
    RiwayatAgregasi,
)
from wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

from .conftest import potret

pytestmark = pytest.mark.django_db

ALIAS = "agregasi_sqlite"
KECAMATAN = ("33.06.11", "33.06.12", "32.01.01", "34.01.01")
MODEL = (
    Provinsi,
    Kabupaten,
    Kecamatan,
    Desa,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
    AgregatTahun,
    AntrianAgregasi,
    RiwayatAgregasi,
)


@pytest.fixture
def sqlite(tmp_path):
    """A second connection, to an empty SQLite file with the tables the engine uses. Made
    outside settings.DATABASES (Django's test case allows such connections)."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    cfg = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "a.db")}}
    )["default"]
    setattr(connections._connections, ALIAS, DatabaseWrapper(cfg, alias=ALIAS))
    try:
        with connections[ALIAS].schema_editor() as editor:
            for model in (get_user_model(), *MODEL):
                editor.create_model(model)
        # The readers' view over the stored year rows, as migration 0007 makes it.
        with connections[ALIAS].cursor() as cur:
            tampilan.pasang(cur, "sqlite")
        for model in (Provinsi, Kabupaten, Kecamatan, Desa):
            _salin(model, ALIAS)
        yield ALIAS
    finally:
        connections[ALIAS].close()
        delattr(connections._connections, ALIAS)


def _salin(model, using):
    """Copy every row of `model` from PostgreSQL to `using` (plain tuples: the whole country's
    villages in about a second)."""
    kolom = [f.column for f in model._meta.concrete_fields]
    tujuan = connections[using]
    with transaction.atomic(using=using), tujuan.cursor() as cur:
        cur.execute(f"DELETE FROM {model._meta.db_table}")
        baris = [
            tuple(
                f.get_db_prep_value(v, tujuan) if v is not None else None
                for f, v in zip(model._meta.concrete_fields, r, strict=True)
            )
            for r in model.objects.values_list(*[f.attname for f in model._meta.concrete_fields])
        ]
        cur.executemany(
            f"INSERT INTO {model._meta.db_table} ({', '.join(kolom)}) "
            f"VALUES ({', '.join(['%s'] * len(kolom))})",
            baris,
        )


def _isi_acak(elemen, rng):
    desa = list(Desa.objects.filter(kecamatan_id__in=KECAMATAN).values_list("kode", flat=True))
    bulan = [dt.date(t, m, 1) for t in (2024, 2025) for m in range(1, 13)]
    baris = []
    for d in desa:
        for e in elemen:
            for b in bulan:
                if e.tahunan and b.month != 1:
                    continue
                if rng.random() < 0.25:
                    continue  # missing
                baris.append(NilaiData(desa_id=d, elemen=e, bulan=b, nilai=rng.randint(0, 40)))
    NilaiData.objects.bulk_create(baris)
    # Most months submitted, some still drafts: both engines must leave the drafts out alike.
    status = [Pengajuan.Status.DIAJUKAN, Pengajuan.Status.DIKUNCI, Pengajuan.Status.DRAFT]
    Pengajuan.objects.bulk_create(
        Pengajuan(kecamatan_id=k, sektor="kesehatan", bulan=b, status=rng.choice(status))
        for k in KECAMATAN
        for b in bulan
    )
    return desa, bulan


def test_sqlite_gives_the_rows_postgresql_gives(sqlite, elemen, indikator):
    rng = random.Random(7)
    arus = elemen(AgregasiWaktu.JUMLAH)
    stok = elemen(AgregasiWaktu.TERAKHIR)
    stok2 = elemen(AgregasiWaktu.TERAKHIR)
    sasaran = elemen(AgregasiWaktu.TERAKHIR, tahunan=True)
    indikator(pembilang=arus, penyebut=stok)
    indikator(pembilang=arus, penyebut=sasaran, faktor=1000)
    indikator(pembilang=stok2, penyebut=stok)
    desa, bulan = _isi_acak([arus, stok, stok2, sasaran], rng)
    Desa.objects.filter(kode=desa[3]).update(aktif=False)
    Desa.objects.using(sqlite).filter(kode=desa[3]).update(aktif=False)
    for model in (DataElemen, Indikator, NilaiData, Pengajuan):
        _salin(model, sqlite)

    agregasi_bangun()
    agregasi_bangun(using=sqlite)
    pg = potret()
    assert len(pg) > 1000
    assert potret(sqlite) == pg

    # Edits, drained incrementally on both engines.
    for _ in range(30):
        d, b = rng.choice(desa), rng.choice(bulan)
        e = rng.choice([arus, stok, stok2])
        NilaiData.objects.filter(desa_id=d, elemen=e, bulan=b).delete()
        if rng.random() < 0.7:
            NilaiData.objects.create(desa_id=d, elemen=e, bulan=b, nilai=rng.randint(0, 40))
        agregasi_jadwalkan(desa_kode=[d], bulan=[b])
    _salin(NilaiData, sqlite)
    for d, b in AntrianAgregasi.objects.values_list("desa_kode", "bulan"):
        AntrianAgregasi.objects.using(sqlite).create(
            desa_kode=d, bulan=b, dibuat_pada=dt.datetime.now(dt.UTC)
        )
    agregasi_inkremental()
    agregasi_inkremental(using=sqlite)
    pg = potret()
    assert potret(sqlite) == pg

    # And a full rebuild on SQLite changes nothing more.
    agregasi_bangun(using=sqlite)
    assert potret(sqlite) == pg
