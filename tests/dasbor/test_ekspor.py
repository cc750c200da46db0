"""Every dashboard table downloads as CSV and XLSX with the rows the page shows, in scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import DESA_PITURUH, PITURUH
from tests.csv_excel import angka, baca_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(katalog, isi_agregat):
    isi_agregat(katalog)
    return katalog


def _csv(resp):
    return baca_csv(resp)


def test_camat_home_tables_export_whole_and_raw(klien, camat, data):
    c = klien(camat)
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    r = c.get(url)
    for t in r.context["tabel"].values():
        assert c.get(url + t.url_csv).status_code == 200, t.nama
    rows = _csv(c.get(url, {"ekspor": "csv", "tabel": "peringkat"}))
    assert rows[0][:3] == ["Peringkat", "Desa/kelurahan", "Indeks (0–100)"]
    assert len(rows) == 1 + 49  # every village, not just the first page
    assert angka(rows[1][2]) >= angka(rows[2][2])  # raw numbers, ranked
    assert "Kemiri" not in {row[1] for row in rows}
    heat = _csv(c.get(url, {"ekspor": "csv", "tabel": "heatmap", "sektor": "kesehatan"}))
    assert heat[0][0] == "Desa/kelurahan" and len(heat[0]) == 1 + 3


def test_xlsx_has_typed_numbers(klien, camat, data):
    c = klien(camat)
    r = c.get(reverse("dasbor:desa", args=[DESA_PITURUH]), {"ekspor": "xlsx", "tabel": "indikator"})
    assert r["Content-Disposition"].endswith('.xlsx"')
    ws = load_workbook(io.BytesIO(r.content)).active
    baris = list(ws.iter_rows(values_only=True))
    assert baris[0][:3] == ("Sektor", "Indikator", "Desa (%)")
    assert "Tren 24 bulan" not in baris[0]  # the sparkline is not data
    assert len(baris) == 1 + len(data)
    assert all(isinstance(b[2], int | float) for b in baris[1:])


def test_export_follows_sort_and_filter(klien, camat, data):
    c = klien(camat)
    url = reverse("dasbor:indikator", args=[PITURUH, data[0].kode])
    rows = _csv(c.get(url, {"ekspor": "csv", "tabel": "desa", "desa-sort": "-nilai"}))
    nilai = [angka(r[2]) for r in rows[1:]]
    assert nilai == sorted(nilai, reverse=True)
    rows = _csv(c.get(url, {"ekspor": "csv", "tabel": "desa", "nama": "kendal"}))
    assert [r[0] for r in rows[1:]] == ["Kendalrejo"]


def test_unknown_table_or_format_is_404(klien, camat, data):
    c = klien(camat)
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    assert c.get(url, {"ekspor": "csv", "tabel": "rahasia"}).status_code == 404
    assert c.get(url, {"ekspor": "pdf", "tabel": "capaian"}).status_code == 404


def test_sekber_exports_its_children(klien, sekber_provinsi, data):
    c = klien(sekber_provinsi)
    url = reverse("dasbor:pantau", args=["33"])
    rows = _csv(c.get(url, {"ekspor": "csv", "tabel": "wilayah"}))
    assert len(rows) == 1 + 35
    assert all(r[1].startswith("33.") for r in rows[1:])
    assert (
        c.get(
            reverse("dasbor:pantau", args=["32"]), {"ekspor": "csv", "tabel": "wilayah"}
        ).status_code
        == 404
    )


def test_exported_text_cannot_run_as_a_formula(klien, camat, data):
    data[0].nama = '=HYPERLINK("http://contoh")'
    data[0].save()
    c = klien(camat)
    rows = _csv(
        c.get(reverse("dasbor:kecamatan", args=[PITURUH]), {"ekspor": "csv", "tabel": "capaian"})
    )
    assert rows[1][0].startswith("'=")
