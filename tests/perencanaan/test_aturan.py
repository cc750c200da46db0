"""Yearly Dana Desa rules as data, checked against each plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from perencanaan import selectors
from perencanaan.models import AturanDanaDesa

from .conftest import baris

pytestmark = pytest.mark.django_db


def _hasil(camat, rencana):
    return {h.aturan.kode: h for h in selectors.analisis_rencana(camat, rencana).aturan}


def test_the_2025_rules_are_checked_on_dana_desa_only(buat_rencana, operator_desa, camat, klien):
    rencana = buat_rencana(
        operator_desa,
        [
            baris("5.3.00", 20_000_000),  # BLT Desa: 20% of DDS > 15%
            baris("4.2.01", 15_000_000),  # food security
            baris("4.1.05", 5_000_000),  # food security: 20% exactly, ≥ 20% holds
            baris("1.1.04", 3_000_000),  # operations: 3% exactly, ≤ 3% holds
            baris("2.3.10", 57_000_000),
            baris("5.3.00", 90_000_000, sumber="ADD"),  # not Dana Desa: outside the base
        ],
    )
    hasil = _hasil(camat, rencana)
    assert set(hasil) == {"blt-desa", "ketahanan-pangan", "operasional-pemdes"}
    blt = hasil["blt-desa"]
    assert (blt.dasar, blt.bagian, blt.persen, blt.patuh) == (
        100_000_000,
        20_000_000,
        Decimal("20.0"),
        False,
    )
    assert hasil["ketahanan-pangan"].patuh is True
    assert hasil["ketahanan-pangan"].persen == Decimal("20.0")
    assert hasil["operasional-pemdes"].patuh is True
    page = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert "melanggar" in page


def test_a_year_without_rules_shows_none_and_no_error(buat_rencana, operator_desa, camat, klien):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 90_000_000)], tahun=2031)
    assert _hasil(camat, rencana) == {}
    r = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk]))
    assert r.status_code == 200
    assert 'data-testid="tanpa-aturan"' in r.content.decode()


def test_without_budget_from_the_base_source_the_rule_cannot_be_judged(
    buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 90_000_000, sumber="PAD")])
    blt = _hasil(camat, rencana)["blt-desa"]
    assert (blt.dasar, blt.patuh) == (0, None)


def test_rules_are_data_an_admin_row_changes_the_result(buat_rencana, operator_desa, camat):
    rencana = buat_rencana(operator_desa, [baris("5.3.00", 20), baris("2.3.10", 80)])
    assert _hasil(camat, rencana)["blt-desa"].patuh is False
    AturanDanaDesa.objects.filter(tahun=2025, kode="blt-desa").update(batas_persen=25)
    assert _hasil(camat, rencana)["blt-desa"].patuh is True
    AturanDanaDesa.objects.create(
        tahun=2025,
        kode="pendidikan-min",
        nama="Pendidikan paling sedikit 10%",
        sumber_dana="",
        awalan_kode="2.1",
        pembanding="gte",
        batas_persen=10,
    )
    assert _hasil(camat, rencana)["pendidikan-min"].patuh is False
