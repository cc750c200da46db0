"""The dashboards' arithmetic: periods, traffic lights, change, index, ranking, completeness."""

from datetime import date
from types import SimpleNamespace

import pytest

from layanan_dasar.dasbor import hitung as h
from layanan_dasar.models import Indikator


def _ind(i, target=100, arah="naik", sektor="kesehatan", kode=None):
    return SimpleNamespace(
        id=i, kode=kode or f"i{i}", nama=f"Indikator {i}", target=target, arah=arah, sektor=sektor
    )


def _b(nilai, lapor=1, harap=1):
    return h.Baris(1, "x", date(2025, 1, 1), nilai, None, None, lapor, harap, None, None, None)


def test_periods_step_by_their_type():
    assert h.periode_sebelumnya("bulan", date(2025, 1, 1)) == date(2024, 12, 1)
    assert h.periode_sebelumnya("triwulan", date(2025, 1, 1)) == date(2024, 10, 1)
    assert h.periode_sebelumnya("tahun", date(2025, 1, 1)) == date(2024, 1, 1)
    assert h.bulan_terakhir("triwulan", date(2025, 4, 1)) == date(2025, 6, 1)
    tren = h.bulan_tren("bulan", date(2025, 3, 1))
    assert len(tren) == 24 and tren[0] == date(2023, 4, 1) and tren[-1] == date(2025, 3, 1)


def test_period_labels_are_indonesian():
    assert h.label_periode("bulan", date(2025, 8, 1)) == "Agustus 2025"
    assert h.label_periode("triwulan", date(2025, 7, 1)) == "Triwulan III 2025"
    assert h.label_periode("tahun", date(2025, 1, 1)) == "2025"


@pytest.mark.parametrize(
    "nilai, target, arah, harap",
    [
        (100, 100, "naik", h.HIJAU),
        (95, 100, "naik", h.KUNING),
        (90, 100, "naik", h.KUNING),  # exactly the band: still yellow
        (89.9, 100, "naik", h.MERAH),
        (None, 100, "naik", h.ABU),  # no data is grey, never red
        (0, 100, "naik", h.MERAH),  # zero is a value, not missing
        (12, 14, "turun", h.HIJAU),
        (20, 14, "turun", h.KUNING),
        (30, 14, "turun", h.MERAH),
        (50, None, "naik", h.TANPA_TARGET),
    ],
)
def test_traffic_light(nilai, target, arah, harap):
    assert h.lampu(nilai, target, arah) == harap


def test_yellow_band_is_a_setting(settings):
    settings.DASBOR_RENTANG_KUNING = 2
    assert h.lampu(95, 100, "naik") == h.MERAH
    assert h.lampu(98, 100, "naik") == h.KUNING


def test_change_is_better_or_worse_by_direction():
    assert h.perubahan(80, 70, Indikator.Arah.NAIK) == (10, "membaik")
    assert h.perubahan(20, 25, Indikator.Arah.TURUN) == (-5, "membaik")
    assert h.perubahan(30, 25, Indikator.Arah.TURUN) == (5, "memburuk")
    assert h.perubahan(None, 25, Indikator.Arah.NAIK) == (None, None)


def test_completeness_is_a_ratio_of_sums():
    # 9 of 10 and 1 of 40: 10 of 50 = 20 %, not the mean of 90 % and 2,5 %.
    assert h.kelengkapan([_b(1, 9, 10), _b(1, 1, 40)]) == 20.0
    assert h.kelengkapan([]) is None


def test_index_ranking_and_priorities():
    inds = [_ind(1), _ind(2), _ind(3, sektor="pu")]
    sel = {
        ("a", 1): _b(100),
        ("a", 2): _b(100),
        ("a", 3): _b(50),
        ("b", 1): _b(70),
        ("b", 2): _b(90),
        ("b", 3): _b(100),
        ("c", 1): _b(None),
    }
    desa = [("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")]
    urut = h.peringkat_desa(inds[:2], desa, sel)
    assert [r["nama"] for r in urut] == ["Alpha", "Beta", "Gamma"]
    assert urut[0]["indeks"] == 100 and urut[1]["indeks"] == 80
    assert urut[2]["indeks"] is None and urut[2]["peringkat"] is None
    assert urut[1]["merah"] == 1 and urut[1]["kuning"] == 1
    prio = h.desa_prioritas(inds, desa, sel)
    assert [r["nama"] for r in prio["kesehatan"]] == ["Beta"]  # Alpha reached every target
    assert prio["kesehatan"][0]["terburuk"].id == 1 and prio["kesehatan"][0]["kekurangan"] == 30
    assert [r["nama"] for r in prio["pu"]] == ["Alpha"]


def test_index_weights_are_settings(settings):
    settings.DASBOR_BOBOT_INDIKATOR = {"i1": 3}
    inds = [_ind(1), _ind(2)]
    idx, _hitung = h.indeks_desa(inds, {1: _b(60), 2: _b(100)})
    assert idx == 70.0  # (3 × 60 + 1 × 100) / 4


def test_numbers_use_indonesian_format():
    assert h.angka(1234.5) == "1.234,5"
    assert h.angka(None) == "—"


def test_axis_labels_stay_distinct():
    from layanan_dasar.dasbor.grafik import label_unik

    nama = [
        "Pelayanan kesehatan orang dengan gangguan jiwa berat",
        "Pelayanan kesehatan orang dengan risiko terinfeksi HIV",
        "Balita",
    ]
    label = label_unik(nama)
    assert len(set(label)) == 3 and label[2] == "Balita"
    assert label[1].endswith("HIV") and len(label[1]) <= 34
