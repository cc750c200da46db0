"""The quarterly scorecard template per desa: download, fill, import (all or nothing)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from layanan_dasar.models import NilaiData, RiwayatImpor
from layanan_dasar.skorkard import impor_skorkard, templat, urai_triwulan
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Desa


def _isi(xlsx, nilai):
    """Fill the template: nilai maps an indicator code → (pembilang, penyebut)."""
    wb = load_workbook(io.BytesIO(xlsx))
    ws = wb.active
    for row in ws.iter_rows(min_row=6):
        if row[0].value in nilai:
            row[3].value, row[5].value = nilai[row[0].value]
    keluar = io.BytesIO()
    wb.save(keluar)
    return keluar.getvalue()


@pytest.fixture
def kosong(katalog, upt_kesehatan):
    return templat(user=upt_kesehatan, desa=Desa.objects.get(kode=DESA_PITURUH), tahun=2025, tw=1)


def test_the_template_lists_the_pairs_of_the_users_sectors(kosong):
    ws = load_workbook(io.BytesIO(kosong)).active
    assert ws["B1"].value == DESA_PITURUH and ws["B3"].value == "2025-T1"
    kode = [r[0] for r in ws.iter_rows(min_row=6, values_only=True)]
    assert "ks-bumil-k4" in kode and "ks-baduta-idl" in kode
    assert "ks-anak-paud" not in kode  # pendidikan: not the health UPT's


def test_a_filled_template_lands_on_the_quarters_last_month(kosong, upt_kesehatan, pituruh, el):
    isi = _isi(kosong, {"ks-bumil-k4": (8, 10), "ks-bumil-ttd": (7, 10), "ks-baduta-idl": (5, 6)})
    hasil = impor_skorkard(user=upt_kesehatan, kecamatan=pituruh, isi=isi, nama_berkas="s.xlsx")
    assert hasil.berhasil, hasil.galat
    maret = dt.date(2025, 3, 1)
    nilai = dict(
        NilaiData.objects.filter(desa_id=DESA_PITURUH, bulan=maret).values_list(
            "elemen__kode", "nilai"
        )
    )
    assert nilai == {
        "kes-ks-bumil-k4": 8,
        "kes-ks-bumil-ttd": 7,
        "kes-ks-bumil": 10,
        "kes-ks-baduta-idl": 5,
        "kes-ks-anak-12-23": 6,
    }
    assert RiwayatImpor.objects.get().periode == "2025-T1"


def test_every_bad_row_is_refused_and_nothing_is_stored(kosong, upt_kesehatan, pituruh, el):
    isi = _isi(
        kosong,
        {
            "ks-bumil-k4": (12, 10),  # numerator above its denominator
            "ks-bumil-ttd": (7, 11),  # the shared denominator disagrees with the row above
            "ks-baduta-idl": ("lima", 6),
        },
    )
    hasil = impor_skorkard(user=upt_kesehatan, kecamatan=pituruh, isi=isi, nama_berkas="s.xlsx")
    assert not hasil.berhasil
    teks = " | ".join(str(g) for g in hasil.galat)
    assert "kes-ks-bumil sudah diisi 10" in teks
    assert "harus berupa angka" in teks
    assert "12 melebihi penyebutnya" in teks
    assert not NilaiData.objects.exists()


def test_an_indicator_of_another_sector_is_refused(kosong, upt_kesehatan, pituruh, el):
    wb = load_workbook(io.BytesIO(kosong))
    wb.active.append(["ks-anak-paud", "", "", 3, "", 4])
    keluar = io.BytesIO()
    wb.save(keluar)
    hasil = impor_skorkard(
        user=upt_kesehatan, kecamatan=pituruh, isi=keluar.getvalue(), nama_berkas="s.xlsx"
    )
    assert any("di luar sektor Anda" in str(g) for g in hasil.galat)
    assert not NilaiData.objects.exists()


def test_quarters_are_read_in_several_spellings():
    assert (
        urai_triwulan("2025-T1")
        == urai_triwulan("2025 TW1")
        == urai_triwulan("2025-1")
        == (2025, 1)
    )
    with pytest.raises(ValueError):
        urai_triwulan("2025-T5")


def test_the_page_and_template_are_scoped(kosong, klien, upt_kesehatan, camat_luar, el):
    url = reverse("layanan_dasar:skorkard", args=[PITURUH])
    url_templat = reverse("layanan_dasar:skorkard_templat", args=[PITURUH])
    q = {"desa": DESA_PITURUH, "triwulan": "2025-T1"}
    c = klien(camat_luar)
    assert c.get(url).status_code == 404 and c.get(url_templat, q).status_code == 404
    c = klien(upt_kesehatan)
    assert c.get(url).status_code == 200
    assert c.get(url_templat, q)["Content-Type"].startswith("application/vnd.openxml")
    r = c.post(url, {"berkas": SimpleUploadedFile("s.xlsx", _isi(kosong, {"ks-bumil-k4": (1, 2)}))})
    assert r.status_code == 200 and b"hasil-impor" in r.content
