"""Plan import: every bad number gets a row message, nothing is written, nothing answers 500
(bigint overflow, 1e30, 1E999, inf, NaN); formula cells without a value and zip bombs are
refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from perencanaan import selectors
from perencanaan.impor import ImporGagal, baca_baris
from tests.zip_xlsx import bom_zip, ganti_sel, xlsx_bytes

from .conftest import baris

pytestmark = pytest.mark.django_db

JUDUL = [
    "Kode kegiatan",
    "Nama kegiatan",
    "Lokasi",
    "Volume",
    "Satuan",
    "Anggaran (Rp)",
    "Sumber dana",
]
BAIK = ["2.2.02", "Posyandu", "Dusun I", 12, "bulan", 24000000, "DDS"]


def _baca(isi):
    return baca_baris(
        SimpleUploadedFile("k.xlsx", isi),
        kode_kegiatan=selectors.kode_kegiatan_tingkat(),
        indikator_kode={},
    )


def _kesalahan(isi):
    with pytest.raises(ImporGagal) as e:
        _baca(isi)
    return [(k.baris, k.kolom) for k in e.value.kesalahan]


@pytest.mark.parametrize(
    "kolom, nilai",
    [
        ("F", 1e30),
        ("F", "12345678901234567890"),  # 20 digits: past bigint
        ("F", "99999999999999999999999999"),
        ("D", 1e30),
        ("D", "1E999"),
        ("D", "inf"),
        ("F", "inf"),
        ("D", "NaN"),
    ],
)
def test_out_of_range_numbers_get_a_row_message(referensi, kolom, nilai):
    row = list(BAIK)
    row["ABCDEFG".index(kolom)] = nilai
    label = {"D": "Volume", "F": "Anggaran (Rp)"}[kolom]
    assert _kesalahan(xlsx_bytes([JUDUL, BAIK, row])) == [(3, label)]


@pytest.mark.parametrize("v", ["inf", "-inf", "NaN", "1E999"])
def test_non_finite_numeric_cells_get_a_row_message(referensi, v):
    isi = ganti_sel(xlsx_bytes([JUDUL, BAIK, BAIK]), {"F3": f'<c r="F3" t="n"><v>{v}</v></c>'})
    kesalahan = _kesalahan(isi)
    assert [b for b, _k in kesalahan] == [3], kesalahan


def test_formula_cells_without_a_value_are_refused(referensi):
    isi = ganti_sel(xlsx_bytes([JUDUL, BAIK, BAIK]), {"F3": '<c r="F3"><f>F2*2</f><v/></c>'})
    with pytest.raises(ImporGagal, match="rumus tanpa nilai") as e:
        _baca(isi)
    assert [(k.baris, k.kolom) for k in e.value.kesalahan] == [(3, "F")]


def test_a_zip_bomb_is_refused_before_unpacking(referensi, settings):
    settings.IMPOR_MAKS_TERURAI_BYTE = 20 * 1024 * 1024
    with pytest.raises(ImporGagal, match="terlalu besar setelah dibuka"):
        _baca(bom_zip(40 * 1024 * 1024))


def test_the_page_answers_with_the_rows_never_500(buat_rencana, operator_desa, klien):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000, nama="Lama")])
    row = list(BAIK)
    row[5] = "12345678901234567890"
    isi = ganti_sel(xlsx_bytes([JUDUL, row, BAIK]), {"D3": '<c r="D3" t="n"><v>inf</v></c>'})
    r = klien(operator_desa).post(
        reverse("perencanaan:impor", args=[rencana.pk]),
        {"berkas": SimpleUploadedFile("k.xlsx", isi)},
    )
    assert r.status_code == 400
    assert list(rencana.baris.values_list("nama", flat=True)) == ["Lama"]
