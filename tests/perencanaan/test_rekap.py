"""Kecamatan overview: every village's plan, clock, budget, basic-service share and gaps;
sortable, filterable, exported as CSV and XLSX; query count independent of the villages."""

import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from perencanaan import services
from tests.conftest import DESA_PITURUH, KEMIRI, PITURUH
from tests.csv_excel import baca_csv
from wilayah.models import Desa, Peran

from .conftest import baris

pytestmark = pytest.mark.django_db

URL = reverse("perencanaan:rekap", args=[PITURUH])


@pytest.fixture
def operator(buat_pengguna):
    def _op(kode):
        return buat_pengguna(Peran.OPERATOR_DESA, kode)

    return _op


@pytest.fixture
def kecamatan_uji(buat_rencana, operator, operator_desa, buat_indikator, agregat, camat):
    """Kendalrejo: APB 2025 submitted, health gap linked; 2002: approved, no gaps data;
    2003: draft with a breach of the BLT rule; every other village: no plan."""
    bumil = buat_indikator("kesehatan", nama="Pelayanan ibu hamil")
    air = buat_indikator("pu", nama="Air minum layak")
    agregat(DESA_PITURUH, bumil, 2024, "70")
    agregat(DESA_PITURUH, air, 2024, "50")
    agregat("33.06.11.2004", air, 2024, "40")  # a village without a plan still has gaps

    a = buat_rencana(
        operator_desa,
        [baris("2.2.02", 30_000_000, indikator=[bumil]), baris("1.1.04", 70_000_000)],
    )
    with time_machine.travel("2025-05-07 09:00 +07:00", tick=False):
        services.rencana_ajukan(rencana=a, oleh=operator_desa)
    op2 = operator("33.06.11.2002")
    b = buat_rencana(op2, [baris("2.4.12", 80_000_000), baris("2.1.02", 20_000_000)])
    services.rencana_ajukan(rencana=b, oleh=op2)
    services.rencana_mulai_tinjau(rencana=b, oleh=camat)
    services.rencana_setujui(rencana=b, oleh=camat)
    op3 = operator("33.06.11.2003")
    buat_rencana(op3, [baris("5.3.00", 50_000_000), baris("2.3.10", 50_000_000)])
    return {"bumil": bumil, "air": air}


def _baris(r):
    return {row["desa_kode"]: row for row in r.context["table"].data.data}


def test_every_village_is_listed_with_its_plan_clock_budget_and_gaps(kecamatan_uji, klien, camat):
    with time_machine.travel("2025-06-20 09:00 +07:00", tick=False):
        r = klien(camat).get(URL, {"tahun": 2025, "jenis": "apb"})
    assert r.status_code == 200
    rows = _baris(r)
    assert len(rows) == Desa.objects.filter(kecamatan_id=PITURUH, aktif=True).count() == 49
    a = rows[DESA_PITURUH]
    assert (a["status"], a["total"], str(a["persen_layanan_dasar"])) == (
        "diajukan",
        100_000_000,
        "30.0",
    )
    assert (a["kesenjangan"], a["belum_ditangani"], a["terlambat"]) == (2, 1, True)
    b = rows["33.06.11.2002"]
    assert (b["status"], b["tenggat"], b["persen_layanan_dasar"]) == ("disetujui", None, 100)
    assert b["kesenjangan"] is None  # no data for this village: not zero
    c = rows["33.06.11.2003"]
    assert (c["status"], c["pelanggaran"]) == ("draf", 2)  # BLT > 15%, food security < 20%
    d = rows["33.06.11.2004"]
    assert (d["status"], d["total"], d["kesenjangan"], d["belum_ditangani"]) == ("", None, 1, 1)
    html = r.content.decode()
    assert "Rp 100.000.000" in html
    assert "terlambat" in html
    # Per indicator across the kecamatan: air is below target in two villages, neither addressed.
    per = {x.indikator.nama: x for x in r.context["data"].per_indikator}
    assert [d.kode for d in per["Air minum layak"].desa_belum_ditangani] == [
        DESA_PITURUH,
        "33.06.11.2004",
    ]
    assert per["Pelayanan ibu hamil"].anggaran == 30_000_000


def test_filters_and_sorting(kecamatan_uji, klien, camat):
    c = klien(camat)
    r = c.get(URL, {"tahun": 2025, "jenis": "apb", "status": "disetujui"})
    assert list(_baris(r)) == ["33.06.11.2002"]
    r = c.get(URL, {"tahun": 2025, "jenis": "apb", "status": "belum_ada", "nama": "a"})
    assert DESA_PITURUH not in _baris(r) and len(_baris(r)) > 0
    with time_machine.travel("2025-06-20 09:00 +07:00", tick=False):
        r = c.get(URL, {"tahun": 2025, "jenis": "apb", "terlambat": "on"})
    assert list(_baris(r)) == [DESA_PITURUH]
    r = c.get(URL, {"tahun": 2025, "jenis": "apb", "sort": "-total"})
    urut = [row.record["desa_kode"] for row in r.context["table"].rows][:3]
    assert urut[0] in (DESA_PITURUH, "33.06.11.2002", "33.06.11.2003")
    totals = [row.record["total"] for row in r.context["table"].rows]
    angka = [t for t in totals if t is not None]
    assert angka == sorted(angka, reverse=True) and len(angka) == 3
    # Another year has no plans: the villages are listed, none with a plan.
    r = c.get(URL, {"tahun": 2027, "jenis": "apb"})
    assert all(row["status"] == "" for row in _baris(r).values())


def test_export_csv_and_xlsx(kecamatan_uji, klien, camat):
    c = klien(camat)
    r = c.get(URL, {"tahun": 2025, "jenis": "apb", "status": "disetujui", "ekspor": "csv"})
    rows = baca_csv(r)
    assert rows[0][:3] == ["Kode", "Desa", "Status"]
    assert rows[1][:4] == ["33.06.11.2002", "Kalimati", "Disetujui", ""]
    assert rows[1][4] == "100000000"
    r = c.get(URL, {"tahun": 2025, "jenis": "apb", "ekspor": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    data = list(ws.iter_rows(values_only=True))
    assert data[0][0] == "Kode"
    assert len(data) == 50
    kendalrejo = next(row for row in data if row[0] == DESA_PITURUH)
    assert kendalrejo[4] == 100_000_000  # a number, not text


def test_query_count_does_not_grow_with_villages(
    kecamatan_uji, klien, camat, buat_rencana, operator, django_assert_max_num_queries
):
    c = klien(camat)
    c.get(URL, {"tahun": 2025})  # warm the session
    with CaptureQueriesContext(connection) as sedikit:
        c.get(URL, {"tahun": 2025, "jenis": "apb"})
    for i in range(5, 12):
        kode = f"33.06.11.20{i:02d}"
        buat_rencana(operator(kode), [baris("2.2.02", 1_000_000), baris("2.4.12", 2_000_000)])
    with CaptureQueriesContext(connection) as banyak:
        c.get(URL, {"tahun": 2025, "jenis": "apb"})
    assert len(banyak) == len(sedikit)
    # Expected (17 today): session, user, assignment, kecamatan, default plan year, villages
    # with their plan (one query, subselects), sector mapping, code ↔ indicator mapping,
    # rules, line ↔ indicator links, lines, data year, yearly aggregates, indicators, the
    # RKP ⟷ APB check (plans of the year, their lines), breadcrumbs (one UNION), the
    # aggregates' status (latest run, pending marks), the assignment again for the navbar;
    # the bound leaves room for other apps' menu links.
    with django_assert_max_num_queries(22):
        c.get(URL, {"tahun": 2025, "jenis": "apb"})


def test_who_sees_the_overview(
    kecamatan_uji, klien, camat_luar, operator_desa, upt_kesehatan, sekber_kabupaten, buat_pengguna
):
    assert klien(camat_luar).get(URL).status_code == 404
    assert klien(operator_desa).get(URL).status_code == 404
    r = klien(upt_kesehatan).get(URL, {"tahun": 2025})
    assert r.status_code == 200
    # A health officer counts only health gaps.
    assert _baris(r)[DESA_PITURUH]["kesenjangan"] == 1
    assert klien(sekber_kabupaten).get(URL).status_code == 200
    luar = buat_pengguna(Peran.OPERATOR_KECAMATAN, KEMIRI)
    assert klien(luar).get(URL).status_code == 404


def test_wide_scopes_get_a_list_of_kecamatan(
    kecamatan_uji, klien, sekber_kabupaten, camat, operator_desa, buat_pengguna
):
    r = klien(sekber_kabupaten).get(reverse("perencanaan:indeks"))
    assert r.status_code == 200
    assert [k["kode"] for k in r.context["daftar"]] == [PITURUH]
    assert r.context["daftar"][0]["n"] == 3
    lain = buat_pengguna(Peran.SEKBER_PROVINSI, "32", is_staff=True)
    assert klien(lain).get(reverse("perencanaan:indeks")).context["daftar"] == []
    assert klien(camat).get(reverse("perencanaan:indeks")).url == URL
    assert klien(operator_desa).get(reverse("perencanaan:indeks")).url == reverse(
        "perencanaan:desa", args=[DESA_PITURUH]
    )
