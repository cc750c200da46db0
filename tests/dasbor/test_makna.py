"""What the camat reads (DESIGN §5), end to end through the real engine: year-to-date coverage
beside a pro-rated target at month, quarter and year; the default period is the latest with
submitted data, a stray draft never moves it; drafts are not on the camat's page; "lower is
better" honoured by the heatmap's colours and the ranking."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from layanan_dasar.agregasi import agregasi_bangun
from layanan_dasar.dasbor import grafik
from layanan_dasar.dasbor.hitung import HIJAU, MERAH, lampu, peringkat_desa, skor
from layanan_dasar.models import AgregasiWaktu, DataElemen, Indikator, Pengajuan
from tests.agregasi.conftest import isi
from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db

A, B = "33.06.11.2001", "33.06.11.2002"


@pytest.fixture
def spm():
    """An SPM coverage: services (a flow) over the year's target population."""
    layanan = DataElemen.objects.create(
        kode="uji-makna-layanan", nama="Layanan uji", sektor="kesehatan"
    )
    sasaran = DataElemen.objects.create(
        kode="uji-makna-sasaran",
        nama="Sasaran uji",
        sektor="kesehatan",
        agregasi_waktu=AgregasiWaktu.TERAKHIR,
        tahunan=True,
    )
    ind = Indikator.objects.create(
        kode="uji-makna-spm",
        nama="Cakupan uji",
        sektor="kesehatan",
        kelompok=Indikator.Kelompok.SPM,
        pembilang=layanan,
        penyebut=sasaran,
        target=Decimal(100),
    )
    return ind, layanan, sasaran


def _capaian(resp):
    return {r["indikator"]: r for r in resp.context["tabel"]["capaian"].data.data}


def test_month_quarter_and_year_read_year_to_date_against_a_pro_rated_target(spm, klien, camat):
    ind, layanan, sasaran = spm
    isi(A, sasaran, "2025-01", 120)
    for bulan, n in (("2025-01", 10), ("2025-02", 10), ("2025-03", 12)):
        isi(A, layanan, bulan, n)
    agregasi_bangun()
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    c = klien(camat)

    maret = _capaian(c.get(url, {"sektor": "kesehatan", "periode": "2025-03-01"}))["Cakupan uji"]
    # 32 / 120 = 26,7 % year-to-date, against 100 × 3 ÷ 12 = 25: reached (alone, March's own
    # 12 services would read 10 % and red).
    assert maret["nilai"] == pytest.approx(26.6667, abs=1e-3)
    assert (maret["target"], maret["target_tahunan"], maret["status"]) == (25.0, 100.0, HIJAU)
    assert maret["layanan_periode"] == 12 and maret["dasar"] == "kumulatif"

    tw = c.get(url, {"sektor": "kesehatan", "jenis": "triwulan", "periode": "2025-01-01"})
    assert _capaian(tw)["Cakupan uji"]["target"] == 25.0
    assert "kumulatif s.d. Maret" in tw.text and "25,0 %" in tw.text
    tahun = c.get(url, {"sektor": "kesehatan", "jenis": "tahun", "periode": "2025-01-01"})
    r = _capaian(tahun)["Cakupan uji"]
    assert (r["target"], r["status"]) == (100.0, MERAH)  # the year: the whole target


def test_the_page_opens_on_the_latest_submitted_month_never_on_a_stray_draft(spm, klien, camat):
    ind, layanan, sasaran = spm
    isi(A, sasaran, "2025-01", 120)
    isi(A, layanan, "2025-01", 10)
    isi(A, layanan, "2025-02", 20)
    isi(B, layanan, "2025-04", 99, status=Pengajuan.Status.DRAFT)  # one value typed in April
    agregasi_bangun()

    resp = klien(camat).get(reverse("dasbor:kecamatan", args=[PITURUH]), {"sektor": "kesehatan"})

    assert resp.context["pilihan"].periode == date(2025, 2, 1)
    pilihan = [p for p, _l in resp.context["form"].fields["periode"].choices]
    assert "2025-04-01" not in pilihan and "2025-03-01" not in pilihan
    # The draft is not data: February's year-to-date is January's and February's only.
    assert _capaian(resp)["Cakupan uji"]["pembilang"] == 30


def test_lower_is_better_is_red_in_the_heatmap_and_last_in_the_ranking():
    prevalensi = Indikator(
        id=1, kode="prev", nama="Prevalensi", target=Decimal(14), arah=Indikator.Arah.TURUN
    )
    prevalensi.kumulatif = False
    # 34,9 % stunting against a target of at most 14 %: far below target, whatever the score.
    assert lampu(34.9, prevalensi.target, prevalensi.arah) == MERAH
    z = skor(34.9, prevalensi.target, prevalensi.arah)
    skala = grafik.skala_lampu()
    batas_kuning = next(pos for pos, warna in skala if warna == "#fdd49e")
    assert z / 100 < batas_kuning  # inside the red band of the heatmap's colours
    assert {w: p for p, w in skala}["#2166ac"] == 1.0  # blue only at the target

    class B_:
        def __init__(self, nilai):
            self.nilai = nilai

    sel = {("d1", 1): B_(10.0), ("d2", 1): B_(34.9)}
    urut = peringkat_desa([prevalensi], [("d1", "Satu"), ("d2", "Dua")], sel)
    assert [r["kode"] for r in urut] == ["d1", "d2"]  # 10 % stunting ranks above 34,9 %
    assert urut[1]["merah"] == 1 and urut[0]["hijau"] == 1


def test_the_change_of_year_to_date_coverage_is_measured_against_the_pro_rated_target(
    spm, klien, camat
):
    ind, layanan, sasaran = spm
    isi(A, sasaran, "2025-01", 120)
    for bulan, n in (("2025-01", 10), ("2025-02", 10), ("2025-03", 5)):
        isi(A, layanan, bulan, n)
    agregasi_bangun()

    resp = klien(camat).get(
        reverse("dasbor:kecamatan", args=[PITURUH]),
        {"sektor": "kesehatan", "periode": "2025-03-01"},
    )
    r = _capaian(resp)["Cakupan uji"]
    # Year-to-date grew from 16,7 % to 20,8 %, but fell further behind the pro-rated target
    # (16,7 − 16,67 → 20,8 − 25): a slowing pace reads "memburuk", not "membaik".
    assert r["nilai"] > 20 and r["arah_perubahan"] == "memburuk"
    assert r["perubahan"] == pytest.approx(
        (25 / 120 * 100 - 25) - (20 / 120 * 100 - 100 * 2 / 12), abs=0.01
    )
