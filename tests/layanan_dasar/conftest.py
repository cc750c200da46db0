import datetime as dt

import pytest

from tests.conftest import PITURUH

BULAN = dt.date(2025, 3, 1)  # a month safely in the past
BULAN_TEKS = "2025-03"


@pytest.fixture
def katalog(db):
    """The shipped catalogue, loaded through the real loader inside the test's transaction (a
    session-wide load would leak into other areas' tests, which build their own catalogue)."""
    from layanan_dasar.services import katalog_muat

    katalog_muat()


@pytest.fixture
def el(katalog):
    """el(kode) → DataElemen."""
    from layanan_dasar.models import DataElemen

    cache = {}

    def _el(kode):
        if kode not in cache:
            cache[kode] = DataElemen.objects.get(kode=kode)
        return cache[kode]

    return _el


@pytest.fixture
def pituruh(db):
    from wilayah.models import Kecamatan

    return Kecamatan.objects.get(kode=PITURUH)


@pytest.fixture
def simpan_langsung(db):
    """Store values without the service (history set-up):
    simpan_langsung(desa, elemen, {bulan: v})."""
    from layanan_dasar.models import NilaiData

    def _simpan(desa, elemen, nilai):
        NilaiData.objects.bulk_create(
            [NilaiData(desa_id=desa, elemen=elemen, bulan=b, nilai=v) for b, v in nilai.items()]
        )

    return _simpan


@pytest.fixture
def kirim_isian():
    """kirim_isian(client, url, {(desa, elemen_id): "teks"}, **extra) → response of the POST the
    page's own form would send (asal of every row, the typed cells, extra fields)."""

    def _kirim(client, url, isian, *, paket=False, **extra):
        halaman = client.get(url)
        assert halaman.status_code == 200, halaman.status_code
        grid = halaman.context["grid"]
        data = {"kolom": halaman.context["kolom_isi"], **extra}
        import json

        for b in grid.baris:
            d = b.desa.kode
            data[f"asal-{d}"] = b.asal
            sel = {s.elemen.id: s for s in b.sel if s.bisa_diisi}
            nilai = [isian.get((d, e), sel[e].mentah) for e in grid.kolom_isi]
            if paket:
                data[f"baris-{d}"] = json.dumps(nilai)
            else:
                for e, v in zip(grid.kolom_isi, nilai, strict=True):
                    data[f"v-{d}-{e}"] = v
        return client.post(url, data)

    return _kirim
