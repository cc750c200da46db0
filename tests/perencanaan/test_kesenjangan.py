"""Gap-vs-plan on a hand-made village: which below-target indicators the plan addresses."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from perencanaan import selectors, services
from perencanaan.analisis import BarisRingkas, NilaiIndikator, analisis_kesenjangan
from perencanaan.models import PemetaanKodeIndikator
from tests.conftest import DESA_PITURUH

from .conftest import baris

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa_uji(buat_indikator, agregat):
    """Two indicators below target (kesehatan 80/100, PU 60/100), one at target (pendidikan),
    one 'lower is better' indicator under its ceiling (stunting 10 ≤ 14)."""
    ind = {
        "bumil": buat_indikator("kesehatan", nama="Pelayanan ibu hamil"),
        "air": buat_indikator("pu", nama="Air minum layak"),
        "paud": buat_indikator("pendidikan", nama="Partisipasi PAUD"),
        "stunting": buat_indikator("kesehatan", target=14, arah="turun", nama="Prevalensi"),
        "tanpa_data": buat_indikator("sosial", nama="Rehabilitasi lansia"),
    }
    agregat(DESA_PITURUH, ind["bumil"], 2024, "80")
    agregat(DESA_PITURUH, ind["air"], 2024, "60")
    agregat(DESA_PITURUH, ind["paud"], 2024, "100")
    agregat(DESA_PITURUH, ind["stunting"], 2024, "10")
    return ind


def test_two_gaps_one_addressed_by_a_linked_line_the_other_listed_first(
    desa_uji, buat_rencana, operator_desa, camat, klien
):
    rencana = buat_rencana(
        operator_desa,
        [
            baris("2.2.02", 24_000_000, indikator=[desa_uji["bumil"]], nama="Kelas ibu hamil"),
            baris("1.1.04", 3_000_000, nama="Operasional pemerintah desa"),
        ],
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    assert hasil.tahun_data == 2024
    assert [(k.indikator.nama, k.ditangani) for k in hasil.kesenjangan] == [
        ("Air minum layak", False),  # nothing in the plan addresses it: listed first
        ("Pelayanan ibu hamil", True),
    ]
    ditangani = hasil.kesenjangan[1]
    assert [b.nama for b in ditangani.baris] == ["Kelas ibu hamil"]
    assert (ditangani.cara, ditangani.anggaran) == ("tertaut", 24_000_000)
    assert [i.nama for i in hasil.tanpa_data] == ["Rehabilitasi lansia"]

    rencana_tinjau = reverse("perencanaan:tinjau", args=[rencana.pk])
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    halaman = klien(camat).get(rencana_tinjau).content.decode()
    assert halaman.index(f'data-indikator="{desa_uji["air"].kode}"') < halaman.index(
        f'data-indikator="{desa_uji["bumil"].kode}"'
    )
    assert "belum ditangani" in halaman
    assert "Rp 24.000.000" in halaman


def test_an_unlinked_line_addresses_only_the_indicators_its_code_is_mapped_to(
    desa_uji, buat_rencana, operator_desa, camat
):
    PemetaanKodeIndikator.objects.create(awalan_kode="2.4.12", indikator=desa_uji["air"])
    rencana = buat_rencana(
        operator_desa, [baris("2.4.12", 40_000_000, nama="Pipanisasi", sumber="ADD")]
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    air = next(k for k in hasil.kesenjangan if k.indikator.nama == "Air minum layak")
    assert (air.ditangani, air.cara, air.anggaran) == (True, "kode", 40_000_000)
    bumil = next(k for k in hasil.kesenjangan if k.indikator.nama == "Pelayanan ibu hamil")
    assert not bumil.ditangani


def test_a_line_linked_to_other_indicators_does_not_count_by_code():
    """Linked indicators win over the code table: a 2.2.02 line linked to indicator A does
    not address indicator B even though the table maps 2.2 to B."""
    a = NilaiIndikator(1, "a", "A", "kesehatan", Decimal(100), "naik", Decimal(50))
    b = NilaiIndikator(2, "b", "B", "kesehatan", Decimal(100), "naik", Decimal(50))
    line = BarisRingkas(
        9, "2.2.02", "Posyandu", 10, "DDS", frozenset({1}), frozenset({"kesehatan"})
    )
    hasil, _ = analisis_kesenjangan([a, b], [line], [("2.2", 2, False)])
    assert [(k.indikator.kode, k.ditangani) for k in hasil] == [("b", False), ("a", True)]
    assert [c.cara for c in hasil[1].cocok] == ["tertaut"]


def test_lower_is_better_indicators_are_gaps_above_target(
    desa_uji, agregat, buat_rencana, operator_desa, camat
):
    agregat(DESA_PITURUH, desa_uji["stunting"], 2023, "30")  # older year: ignored
    desa_uji_stunting = desa_uji["stunting"]
    desa_uji_stunting.agregat.filter(periode__year=2024).update(nilai=Decimal("20"))
    rencana = buat_rencana(operator_desa, [baris("1.1.04", 1)])
    nama = [k.indikator.nama for k in selectors.analisis_rencana(camat, rencana).kesenjangan]
    assert "Prevalensi" in nama


def test_the_latest_full_year_is_before_the_current_and_the_plan_year(
    desa_uji, agregat, buat_rencana, operator_desa, camat
):
    agregat(DESA_PITURUH, desa_uji["air"], 2025, "100")  # the running year: not yet full
    rencana = buat_rencana(operator_desa, [baris("1.1.04", 1)], tahun=2026)
    with time_machine.travel("2025-11-10 09:00 +07:00", tick=False):
        hasil = selectors.analisis_rencana(camat, rencana)
    assert hasil.tahun_data == 2024
    assert "Air minum layak" in [k.indikator.nama for k in hasil.kesenjangan]


def test_no_aggregates_shows_belum_ada_data(buat_rencana, operator_desa, camat, klien):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000)])
    hasil = selectors.analisis_rencana(camat, rencana)
    assert (hasil.tahun_data, hasil.ada_data, hasil.kesenjangan) == (None, False, [])
    r = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk]))
    assert r.status_code == 200
    assert 'data-testid="belum-ada-data"' in r.content.decode()


def test_a_sector_user_sees_only_the_gaps_of_their_sector(
    desa_uji, buat_rencana, operator_desa, upt_kesehatan
):
    rencana = buat_rencana(operator_desa, [baris("1.1.04", 1)])
    nama = [
        k.indikator.nama for k in selectors.analisis_rencana(upt_kesehatan, rencana).kesenjangan
    ]
    assert nama == ["Pelayanan ibu hamil"]


def test_budget_share_per_sector(buat_rencana, operator_desa, camat, buat_indikator):
    sosial = buat_indikator("sosial")
    rencana = buat_rencana(
        operator_desa,
        [
            baris("2.1.02", 10_000_000),  # pendidikan
            baris("2.2.02", 20_000_000),  # kesehatan
            baris("4.4.02", 10_000_000),  # kesehatan and sosial by code
            baris("4.4.01", 5_000_000, indikator=[sosial]),  # linked: sosial only
            baris("1.1.04", 55_000_000),  # not a basic service
        ],
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    porsi = {p.sektor: (p.anggaran, p.persen) for p in hasil.porsi}
    assert porsi["pendidikan"] == (10_000_000, Decimal("10.0"))
    assert porsi["kesehatan"] == (30_000_000, Decimal("30.0"))
    assert porsi["sosial"] == (15_000_000, Decimal("15.0"))
    assert porsi["pu"] == (0, Decimal("0.0"))
    assert porsi[""] == (55_000_000, Decimal("55.0"))
    # Each line once: 45 of 100 million serve basic services.
    assert (hasil.total, hasil.layanan_dasar) == (100_000_000, 45_000_000)


def test_gap_pages_say_how_current_the_aggregates_are(
    desa_uji, buat_rencana, operator_desa, camat, klien, status_agregat_uji
):
    import datetime as dt

    from tests.conftest import PITURUH

    rencana = buat_rencana(operator_desa, [baris("2.2.02", 24_000_000)])
    status_agregat_uji(
        dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_PITURUH, "33.06.12.2001"]
    )
    c = klien(camat)
    halaman = c.get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert 'data-testid="status-agregat"' in halaman
    assert "Data per 1 Jun 2025 10.00" in halaman  # WIB
    # The village's own pending month (Kemiri's mark is another kecamatan's).
    assert "Pembaruan tertunda: 1 desa-bulan" in halaman
    rekap = c.get(reverse("perencanaan:rekap", args=[PITURUH])).content.decode()
    assert "Data per 1 Jun 2025 10.00" in rekap and "Pembaruan tertunda: 1 desa-bulan" in rekap
