"""Writes of the layanan_dasar app: keyword-only, atomic service functions."""

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wilayah.models import Sektor

from .models import AgregasiWaktu, DataElemen, Indikator

KATALOG_DIR = Path(settings.BASE_DIR) / "fixtures" / "katalog"


class KatalogError(ValueError):
    pass


def _baca_csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def katalog_muat(*, direktori=None):
    """Upsert the catalogue (elemen.csv, indikator.csv) by `kode`. Returns (n_elemen, n_indikator).

    Idempotent: running it again changes nothing. Elements or indicators added in admin but
    absent from the files are left alone (they may hold data)."""
    direktori = Path(direktori or KATALOG_DIR)
    sektor_sah = set(Sektor.values)
    elemen = {}
    for i, row in enumerate(_baca_csv(direktori / "elemen.csv"), start=2):
        if row["sektor"] not in sektor_sah or row["agregasi_waktu"] not in AgregasiWaktu.values:
            raise KatalogError(f"elemen.csv baris {i}: sektor atau agregasi waktu tidak dikenal")
        obj, _ = DataElemen.objects.update_or_create(
            kode=row["kode"],
            defaults={
                "nama": row["nama"],
                "sektor": row["sektor"],
                "satuan": row["satuan"] or "orang",
                "agregasi_waktu": row["agregasi_waktu"],
                "tahunan": row["tahunan"] == "1",
                "urutan": int(row["urutan"] or 0),
                "keterangan": row.get("keterangan", ""),
            },
        )
        elemen[obj.kode] = obj
    n_ind = 0
    for i, row in enumerate(_baca_csv(direktori / "indikator.csv"), start=2):
        try:
            pembilang = elemen.get(row["pembilang"]) or DataElemen.objects.get(
                kode=row["pembilang"]
            )
            penyebut = elemen.get(row["penyebut"]) or DataElemen.objects.get(kode=row["penyebut"])
        except DataElemen.DoesNotExist:
            raise KatalogError(f"indikator.csv baris {i}: elemen data tidak dikenal") from None
        if not (row["sektor"] == pembilang.sektor == penyebut.sektor):
            raise KatalogError(f"indikator.csv baris {i}: sektor elemen tidak sama")
        Indikator.objects.update_or_create(
            kode=row["kode"],
            defaults={
                "nama": row["nama"],
                "sektor": row["sektor"],
                "kelompok": row["kelompok"],
                "pembilang": pembilang,
                "penyebut": penyebut,
                "faktor": Decimal(row["faktor"] or "100"),
                "target": Decimal(row["target"]) if row["target"] else None,
                "arah": row["arah"],
                "urutan": int(row["urutan"] or 0),
                "dasar_hukum": row["dasar_hukum"],
            },
        )
        n_ind += 1
    return len(elemen), n_ind
