"""Sample data: seeded, plausible, flagged, shown with a banner, and never over real entries."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from layanan_dasar.models import DataContoh, DataElemen, Indikator, NilaiData, Pengajuan
from tests.conftest import DESA_PITURUH, PITURUH

pytestmark = pytest.mark.django_db
SAMPAI = dt.date(2025, 3, 1)


def muat(**kw):
    out = io.StringIO()
    args = ["--wilayah", PITURUH, "--bulan", "3", "--sampai", "2025-03", "--tanpa-agregat"]
    call_command("muat_data_contoh", *args, *[f"--{k}" for k in kw], stdout=out)
    return out.getvalue()


def test_it_generates_plausible_flagged_values_for_every_village(katalog):
    el = DataElemen.objects.get(kode="kes-bumil-layanan")
    real = NilaiData.objects.create(desa_id=DESA_PITURUH, elemen=el, bulan=SAMPAI, nilai=77)
    assert "nilai" in muat()
    nilai = NilaiData.objects.filter(desa__kecamatan_id=PITURUH)
    assert nilai.filter(contoh=True).values("desa").distinct().count() == 49
    assert set(nilai.values_list("bulan", flat=True).distinct()) == {
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
        SAMPAI,
    }
    real.refresh_from_db()
    assert (real.nilai, real.contoh) == (77, False)  # a real entry is never overwritten
    # Annual targets only on January; numerators never above their denominators.
    tahunan = nilai.filter(elemen__tahunan=True).values_list("bulan", flat=True).distinct()
    assert set(tahunan) == {dt.date(2025, 1, 1)}
    semua = {
        (d, e, b): v for d, e, b, v in nilai.values_list("desa_id", "elemen_id", "bulan", "nilai")
    }
    for ind in Indikator.objects.select_related("penyebut"):
        for (d, e, b), v in semua.items():
            if e != ind.pembilang_id or (d, e, b) == (real.desa_id, real.elemen_id, real.bulan):
                continue
            bq = b.replace(month=1) if ind.penyebut.tahunan else b
            q = semua.get((d, ind.penyebut_id, bq))
            assert q is None or v <= q, (ind.kode, d, b, v, q)
    p = Pengajuan.objects.filter(kecamatan_id=PITURUH, sektor="kesehatan")
    assert p.count() == 3 and all(x.desa_diharapkan == 49 and x.desa_lapor > 30 for x in p)
    assert p.get(bulan=dt.date(2025, 1, 1)).status == "dikunci"
    assert (
        DataContoh.objects.get(wilayah_kode=PITURUH).jumlah_nilai
        == nilai.filter(contoh=True).count()
    )


def test_the_same_seed_gives_the_same_numbers_and_a_rerun_is_a_no_op(katalog):
    muat()
    pertama = sorted(NilaiData.objects.values_list("desa_id", "elemen_id", "bulan", "nilai"))
    assert "sudah ada" in muat()
    muat(ulang=True)
    assert (
        sorted(NilaiData.objects.values_list("desa_id", "elemen_id", "bulan", "nilai")) == pertama
    )


def test_pages_over_sample_data_carry_a_banner(katalog, klien, upt_kesehatan):
    url = reverse("layanan_dasar:isian", args=[PITURUH, "kesehatan", "2025-03"])
    assert "DATA CONTOH" not in klien(upt_kesehatan).get(url).text
    muat()
    assert "DATA CONTOH" in klien(upt_kesehatan).get(url).text
    assert (
        "DATA CONTOH"
        in klien(upt_kesehatan)
        .get(reverse("layanan_dasar:kelengkapan", args=[PITURUH]) + "?tahun=2025")
        .text
    )


def test_a_bulk_load_rebuilds_the_aggregates_of_its_wilayah_once(katalog, monkeypatch):
    from layanan_dasar import agregasi
    from layanan_dasar.models import AntrianAgregasi
    from layanan_dasar.services import data_contoh_muat

    panggilan = []
    monkeypatch.setattr(agregasi, "agregasi_bangun", lambda **kw: panggilan.append(kw))
    data_contoh_muat(wilayah_kode=PITURUH, jumlah_bulan=2, bulan_akhir=SAMPAI)
    assert panggilan == [{"kode": PITURUH}]
    assert not AntrianAgregasi.objects.exists()  # no per-village queue for a bulk load
