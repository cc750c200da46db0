"""Statistics for the camat and Sekber, and the exports: right numbers, scoped, no identity."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan import services
from tests.conftest import DESA_KEMIRI, PITURUH
from tests.csv_excel import baca_csv
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 5, 5, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
HARI = timedelta(days=1)
IDENTITAS = ("Siti Pelapor", "siti@contoh.id", "0812-3456-7890", "3456")


@pytest.fixture
def riwayat_kasus(buat_pengaduan, camat):
    """Three Pituruh complaints with known timings, one in Kemiri, and one overdue."""
    with time_machine.travel(T0, tick=False) as mesin:
        cepat = buat_pengaduan(sektor="kesehatan", desa="33.06.11.2001")
        lambat = buat_pengaduan(sektor="kesehatan", desa="33.06.11.2002")
        rahasia = buat_pengaduan(
            sektor="pu", desa="33.06.11.2002", rahasia=True, judul='=HYPERLINK("x")'
        )
        buat_pengaduan(sektor="kesehatan", desa=DESA_KEMIRI)
        unit = (Peran.UPT_KESEHATAN, PITURUH)
        services.pengaduan_verifikasi(pengaduan=cepat, oleh=camat, unit=unit)
        services.pengaduan_verifikasi(pengaduan=lambat, oleh=camat, unit=unit)
        mesin.shift(2 * HARI)
        services.pengaduan_tanggapi(pengaduan=cepat, oleh=camat, isi="Ok", minta_konfirmasi=True)
        mesin.shift(2 * HARI)
        services.pengaduan_balas(pengaduan=cepat, selesai=True)
        mesin.shift(4 * HARI)  # lambat: 8 days after dispatch, no response yet
    return {"cepat": cepat, "lambat": lambat, "rahasia": rahasia}


def test_the_numbers_by_sector_village_status_and_month(klien, camat, riwayat_kasus):
    with time_machine.travel(T0 + 8 * HARI, tick=False):
        r = klien(camat).get(reverse("pengaduan:statistik"))
    s = r.context["s"]
    assert s["ringkas"]["total"] == 3  # Kemiri's is outside the camat's scope
    assert s["ringkas"]["selesai"] == 1
    # lambat: first response overdue; rahasia: unverified for 8 days.
    assert s["ringkas"]["terlambat"] == 2
    kes = {r["kode"]: r for r in s["per_sektor"]}["kesehatan"]
    assert (kes["total"], kes["selesai"], kes["terlambat"], kes["ditanggapi"]) == (2, 1, 1, 1)
    assert kes["rata_tanggapan"] == 2.0 and kes["rata_selesai"] == 4.0
    wilayah = {r["kode"]: r for r in s["per_wilayah"]}
    assert wilayah["33.06.11.2001"]["nama"] == "Kendalrejo"
    assert (wilayah["33.06.11.2002"]["total"], wilayah["33.06.11.2002"]["terlambat"]) == (2, 2)
    status = {r["kode"]: r["n"] for r in s["per_status"]}
    assert (status["selesai"], status["didisposisi"], status["diterima"]) == (1, 1, 1)
    assert [(b["n"], b["selesai"]) for b in s["per_bulan"]] == [(3, 1)]
    html = r.content.decode()
    assert 'data-grafik="grafik-sektor"' in html and 'data-testid="tabel-wilayah"' in html
    assert reverse("pengaduan:desa", args=["33.06.11.2001"]) in html


def test_sekber_sees_its_scope_grouped_one_level_down(klien, sekber_kabupaten, riwayat_kasus):
    r = klien(sekber_kabupaten).get(reverse("pengaduan:statistik"))
    s = r.context["s"]
    assert s["ringkas"]["total"] == 4
    assert {(w["kode"], w["nama"], w["total"]) for w in s["per_wilayah"]} == {
        (PITURUH, "Pituruh", 3),
        ("33.06.12", "Kemiri", 1),
    }


def test_outsiders_statistics_leave_out_our_kecamatan(klien, camat_luar, riwayat_kasus):
    s = klien(camat_luar).get(reverse("pengaduan:statistik")).context["s"]
    assert s["ringkas"]["total"] == 1
    assert [w["kode"] for w in s["per_wilayah"]] == [DESA_KEMIRI]


def test_the_csv_export_has_no_identity_no_rahasia_text_and_no_formulas(
    klien, camat, riwayat_kasus
):
    r = klien(camat).get(reverse("pengaduan:ekspor", args=["csv"]))
    teks = b"".join(r.streaming_content).decode("utf-8-sig")
    baca_csv(klien(camat).get(reverse("pengaduan:ekspor", args=["csv"])))
    for i in IDENTITAS:
        assert i not in teks
    baris = list(csv.DictReader(io.StringIO(teks), delimiter=";"))
    assert len(baris) == 3
    assert {b["Nomor"] for b in baris} == {p.nomor for p in riwayat_kasus.values()}
    rahasia = next(b for b in baris if b["Nomor"] == riwayat_kasus["rahasia"].nomor)
    assert rahasia["Judul"] == "" and rahasia["Rahasia"] == "Ya"
    assert "HYPERLINK" not in teks
    cepat = next(b for b in baris if b["Nomor"] == riwayat_kasus["cepat"].nomor)
    assert (cepat["Hari sampai tanggapan pertama"], cepat["Hari sampai ditutup"]) == ("2", "4")
    assert cepat["Judul"] == "Posyandu tidak buka"


def test_exported_text_cannot_become_a_spreadsheet_formula(klien, camat, buat_pengaduan):
    buat_pengaduan(judul="=1+2 jalan rusak")
    r = klien(camat).get(reverse("pengaduan:ekspor", args=["csv"]))
    teks = b"".join(r.streaming_content).decode("utf-8-sig")
    assert "'=1+2 jalan rusak" in teks
    r = klien(camat).get(reverse("pengaduan:ekspor", args=["xlsx"]))
    ws = load_workbook(io.BytesIO(r.content))["Pengaduan"]
    sel = ws.cell(row=2, column=18)
    assert sel.value == "=1+2 jalan rusak" and sel.data_type == "s"


def test_the_xlsx_export_has_the_rows_and_summaries_without_identity(
    klien, sekber_kabupaten, riwayat_kasus
):
    r = klien(sekber_kabupaten).get(
        reverse("pengaduan:ekspor", args=["xlsx"]), {"sektor": "kesehatan"}
    )
    assert r["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Pengaduan", "Per sektor", "Per wilayah"]
    rows = list(wb["Pengaduan"].iter_rows(values_only=True))
    assert rows[0][0] == "Nomor" and len(rows) == 1 + 3  # kesehatan: 2 in Pituruh, 1 in Kemiri
    semua = " ".join(str(v) for row in rows for v in row if v is not None)
    for i in IDENTITAS:
        assert i not in semua
    wilayah = {row[0]: row for row in wb["Per wilayah"].iter_rows(min_row=2, values_only=True)}
    assert wilayah[PITURUH][2] == 2


def test_statistics_query_count_does_not_grow_with_villages(
    klien, camat, buat_pengaduan, django_assert_max_num_queries
):
    c = klien(camat)

    def hitung():
        with django_assert_max_num_queries(20) as ctx:
            c.get(reverse("pengaduan:statistik"))
        return len(ctx.captured_queries)

    buat_pengaduan(desa="33.06.11.2001")
    sedikit = hitung()
    for i in range(20):
        buat_pengaduan(desa=f"33.06.11.20{i + 10}", sektor=["pu", "sosial"][i % 2])
    # session, user, assignment, breadcrumbs, totals, per sector, per village + names, per
    # status, per month: the same whatever the number of villages.
    assert hitung() == sedikit <= 11


def test_an_unknown_export_format_is_a_404(klien, camat):
    assert klien(camat).get(reverse("pengaduan:ekspor", args=["pdf"])).status_code == 404


def test_a_plain_summary_per_period_for_other_reports(riwayat_kasus):
    from pengaduan.selectors import ringkasan_periode

    with time_machine.travel(T0 + 8 * HARI, tick=False):
        r = ringkasan_periode(kode_wilayah=PITURUH, mulai=T0.date(), akhir=T0.date())
    assert (r["total"], r["selesai"], r["terlambat"], r["rata_tanggapan"]) == (3, 1, 2, 2.0)
    assert [(s["sektor"], s["total"]) for s in r["per_sektor"]] == [("kesehatan", 2), ("pu", 1)]
    kosong = ringkasan_periode(
        kode_wilayah=PITURUH, mulai=T0.date() + HARI, akhir=T0.date() + 90 * HARI
    )
    assert kosong["total"] == 0 and kosong["rata_tanggapan"] is None and kosong["per_sektor"] == []
