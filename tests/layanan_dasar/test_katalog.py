import io
from collections import Counter

import pytest
from django.core.management import call_command

from layanan_dasar.models import AgregasiWaktu, DataElemen, Indikator

pytestmark = pytest.mark.django_db


def test_the_catalogue_ships_every_spm_and_scorecard_indicator(katalog):
    per_kelompok = Counter(Indikator.objects.values_list("sektor", "kelompok"))
    assert per_kelompok[("pendidikan", "spm")] == 3
    assert per_kelompok[("kesehatan", "spm")] == 12
    assert per_kelompok[("pu", "spm")] == 2
    assert per_kelompok[("sosial", "spm")] == 5
    assert sum(n for (_s, k), n in per_kelompok.items() if k == "stunting_bumil") == 8
    assert sum(n for (_s, k), n in per_kelompok.items() if k == "stunting_baduta") == 10
    assert sum(n for (_s, k), n in per_kelompok.items() if k == "stunting_anak") == 1
    prevalensi = Indikator.objects.get(kelompok="prevalensi")
    assert prevalensi.arah == Indikator.Arah.TURUN
    assert prevalensi.penyebut.kode == "kes-balita-diukur"


def test_spm_denominators_are_annual_stocks(katalog):
    for ind in Indikator.objects.filter(kelompok="spm").exclude(kode="spm-sos-bencana"):
        assert ind.penyebut.agregasi_waktu == AgregasiWaktu.TERAKHIR
        assert ind.penyebut.tahunan
        assert ind.target == 100
        assert "PP 2/2018" in ind.dasar_hukum


def test_loading_twice_changes_nothing_and_restores_edited_rows(katalog):
    DataElemen.objects.filter(kode="kes-sasaran-bumil").update(nama="diubah")
    n = DataElemen.objects.count(), Indikator.objects.count()
    call_command("muat_katalog", stdout=io.StringIO())
    assert (DataElemen.objects.count(), Indikator.objects.count()) == n
    assert DataElemen.objects.get(kode="kes-sasaran-bumil").nama == "Sasaran ibu hamil"
