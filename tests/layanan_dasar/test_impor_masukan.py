"""Every bad input to the entry import gets a message per row and changes nothing; nothing
answers 500: header variants, inf/NaN/huge numbers, encodings, formula cells without a value,
zip bombs refused from the zip directory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from layanan_dasar.models import NilaiData
from tests.conftest import DESA_PITURUH, PITURUH
from tests.zip_xlsx import bom_zip, ganti_sel, xlsx_bytes

from .conftest import BULAN_TEKS

pytestmark = pytest.mark.django_db
URL = reverse("layanan_dasar:impor", args=[PITURUH, "kesehatan"])
EL = "kes-bumil-layanan"


def _kepala(kolom_desa="kode_desa"):
    return [
        ["Kecamatan", PITURUH],
        ["Sektor", "kesehatan"],
        ["Bulan", BULAN_TEKS],
        [kolom_desa, "Nama Desa/Kelurahan", EL],
    ]


def _kirim(client, isi, nama="isian.xlsx"):
    r = client.post(URL, {"berkas": SimpleUploadedFile(nama, isi)})
    assert r.status_code in (200, 400), r.status_code
    return r


def _galat(r):
    return [(m.baris, m.kolom, m.pesan) for m in r.context["hasil"].galat]


def test_the_header_kode_desa_kelurahan_is_understood(klien, upt_kesehatan, el):
    el(EL)
    isi = xlsx_bytes([*_kepala("Kode Desa/Kelurahan"), [DESA_PITURUH, "Kendalrejo", 7]])
    r = _kirim(klien(upt_kesehatan), isi)
    assert r.context["hasil"].berhasil, _galat(r)
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen=el(EL)).nilai == 7


@pytest.mark.parametrize(
    "v, kolom",
    [("inf", None), ("NaN", None), ("-inf", None), ("1E999", f"C ({EL})"), ("1e30", f"C ({EL})")],
)
def test_non_finite_and_huge_numeric_cells_get_a_row_message(klien, upt_kesehatan, el, v, kolom):
    el(EL)
    isi = xlsx_bytes([*_kepala(), [DESA_PITURUH, "Kendalrejo", 1], ["33.06.11.2002", "x", 2]])
    isi = ganti_sel(isi, {"C5": f'<c r="C5" t="n"><v>{v}</v></c>'})
    r = _kirim(klien(upt_kesehatan), isi)
    galat = _galat(r)
    # "inf"/"NaN" stop the spreadsheet reader itself (row known, column not); "1E999" is read
    # as infinity and "1e30" as a number, both refused by the value check at their cell.
    assert [(b, k) for b, k, _p in galat] == [(5, kolom)], galat
    assert not NilaiData.objects.exists()


@pytest.mark.parametrize("v", ["inf", "NaN", "1E999", "99999999999999999999999"])
def test_non_finite_and_huge_csv_cells_get_a_row_message(klien, upt_kesehatan, el, v):
    el(EL)
    teks = f"Bulan;{BULAN_TEKS}\nkode_desa;{EL}\n{DESA_PITURUH};{v}\n"
    r = _kirim(klien(upt_kesehatan), teks.encode(), "isian.csv")
    assert [b for b, _k, _p in _galat(r)] == [3]
    assert not NilaiData.objects.exists()


def test_a_csv_in_an_unknown_encoding_is_refused_with_a_message(klien, upt_kesehatan, el):
    el(EL)
    # Bytes undefined in both UTF-8 and Windows-1252.
    isi = f"Bulan;{BULAN_TEKS}\nkode_desa;{EL}\n".encode() + b"\x81\x8d\x8f\x90;1\n"
    r = _kirim(klien(upt_kesehatan), isi, "isian.csv")
    assert "Pengodean berkas CSV tidak dikenali" in _galat(r)[0][2]


def test_a_utf16_csv_from_excel_unicode_text_is_read(klien, upt_kesehatan, el):
    el(EL)
    teks = f"Bulan\t{BULAN_TEKS}\nkode_desa\t{EL}\n{DESA_PITURUH}\t5\n"
    r = _kirim(klien(upt_kesehatan), teks.encode("utf-16"), "isian.csv")
    assert r.context["hasil"].berhasil, _galat(r)


def test_formula_cells_without_a_value_are_refused_not_dropped(klien, upt_kesehatan, el):
    el(EL)
    isi = xlsx_bytes([*_kepala(), [DESA_PITURUH, "Kendalrejo", 1], ["33.06.11.2002", "x", 2]])
    isi = ganti_sel(isi, {"C6": '<c r="C6"><f>SUM(C1:C5)</f><v></v></c>'})
    r = _kirim(klien(upt_kesehatan), isi)
    galat = _galat(r)
    assert [(b, k) for b, k, _p in galat] == [(6, "C")]
    assert "rumus tanpa nilai" in galat[0][2]
    assert not NilaiData.objects.exists()


def test_formula_cells_with_their_value_are_read(klien, upt_kesehatan, el):
    el(EL)
    isi = xlsx_bytes([*_kepala(), [DESA_PITURUH, "Kendalrejo", 1]])
    isi = ganti_sel(isi, {"C5": '<c r="C5"><f>1+2</f><v>3</v></c>'})
    r = _kirim(klien(upt_kesehatan), isi)
    assert r.context["hasil"].berhasil, _galat(r)
    assert NilaiData.objects.get().nilai == 3


@pytest.mark.parametrize(
    "batas_mb, pesan", [(20, "terlalu besar setelah dibuka"), (200, "tidak wajar")]
)
def test_a_zip_bomb_is_refused_before_unpacking(
    klien, upt_kesehatan, el, monkeypatch, settings, batas_mb, pesan
):
    import zipfile

    el(EL)
    settings.IMPOR_MAKS_TERURAI_BYTE = batas_mb * 1024 * 1024
    bom = bom_zip(40 * 1024 * 1024)
    assert len(bom) < 100 * 1024
    dibuka = []
    asli = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, *a, **k: dibuka.append(a) or asli(self, *a, **k)
    )
    r = _kirim(klien(upt_kesehatan), bom)
    assert pesan in _galat(r)[0][2]
    assert dibuka == []  # refused from the directory: no member was inflated
