"""Two stale plan grids: the first save wins, the second is refused naming who changed the plan
and when, and the first editor's change stays (no lost update)."""

import pytest
from django.urls import reverse

from tests.conftest import DESA_PITURUH
from tests.keamanan.formulir import formulir_post
from wilayah.models import Peran

from .conftest import baris

pytestmark = pytest.mark.django_db


def test_a_stale_plan_grid_is_refused_and_the_first_change_stays(
    buat_rencana, buat_pengguna, operator_desa, klien, klien_lain
):
    rekan = buat_pengguna(Peran.OPERATOR_DESA, DESA_PITURUH, first_name="Rina", last_name="Rekan")
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000, nama="Posyandu")])
    url = reverse("perencanaan:ubah", args=[rencana.pk])
    a, b = klien_lain(rekan), klien(operator_desa)
    data_a, data_b = formulir_post(a.get(url).text), formulir_post(b.get(url).text)
    assert data_a["versi"] and data_a["versi"] == data_b["versi"]

    data_a["baris-0-nama"] = "Posyandu Melati"
    assert a.post(url, data_a).status_code == 302
    data_b["baris-0-anggaran"] = "2.000.000"
    r = b.post(url, data_b)
    assert "sudah diubah oleh Rina Rekan pada" in r.text and "muat ulang" in r.text
    assert list(rencana.baris.values_list("nama", "anggaran")) == [("Posyandu Melati", 1_000_000)]

    # Reloaded, the second editor saves on top of the first change.
    data_b = formulir_post(b.get(url).text)
    data_b["baris-0-anggaran"] = "2.000.000"
    assert b.post(url, data_b).status_code == 302
    assert list(rencana.baris.values_list("nama", "anggaran")) == [("Posyandu Melati", 2_000_000)]
