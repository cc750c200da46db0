"""Excel import: all or nothing, every bad row listed with row, column and reason."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from perencanaan import selectors
from perencanaan.impor import ImporGagal, baca_baris
from perencanaan.models import RiwayatRencana

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
    "Kode indikator",
]


def xlsx(rows, judul=JUDUL):
    wb = Workbook()
    ws = wb.active
    ws.append(judul)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("kegiatan.xlsx", out.getvalue())


def _baca(berkas, indikator=None):
    return baca_baris(
        berkas,
        kode_kegiatan=selectors.kode_kegiatan_tingkat(),
        indikator_kode=indikator or {},
    )


def test_good_rows_are_parsed_and_funding_labels_normalised(referensi, buat_indikator):
    ind = buat_indikator("kesehatan")
    rows = _baca(
        xlsx(
            [
                ["2.2.02", "Posyandu", "Dusun I", 12, "bulan", 24000000, "Dana Desa", ind.kode],
                ["2.4.12", "Pipanisasi", "", "1.250", "meter", "Rp 150.000.000", "DD-APBN", ""],
                ["4.2.01", "Bibit padi", "Dusun II", "2,5", "ton", 7500000.0, "BAN-PROV", None],
                [None, None, None, None, None, None, None, None],  # blank rows are skipped
                ["5.3.00", "BLT Desa", "", 12, "bulan", "10,800,000", "dds", ""],
            ]
        ),
        {ind.kode: ind.id},
    )
    assert [(r["kode_kegiatan"], r["anggaran"], r["sumber_dana"]) for r in rows] == [
        ("2.2.02", 24_000_000, "DDS"),
        ("2.4.12", 150_000_000, "DDS"),
        ("4.2.01", 7_500_000, "PBP"),
        ("5.3.00", 10_800_000, "DDS"),
    ]
    assert [str(r["volume"]) for r in rows] == ["12", "1250", "2.5", "12"]
    assert rows[0]["indikator"] == [ind.id]


def test_every_bad_row_is_listed_with_row_column_and_reason(referensi):
    with pytest.raises(ImporGagal) as exc:
        _baca(
            xlsx(
                [
                    ["2.2.02", "Posyandu", "", 12, "bulan", 24000000, "DDS", ""],
                    ["9.9.99", "Kode salah", "", 1, "paket", 1000, "DDS", ""],
                    ["2.2", "Sub bidang", "", 1, "paket", "satu juta", "Dana Entah", "x-1"],
                    ["2.3.10", "", "", -1, "", 1500.5, "ADD", ""],
                ]
            )
        )
    kes = {(k.baris, k.kolom) for k in exc.value.kesalahan}
    assert kes == {
        (3, "Kode kegiatan"),
        (4, "Kode kegiatan"),
        (4, "Anggaran (Rp)"),
        (4, "Sumber dana"),
        (4, "Kode indikator"),
        (5, "Nama kegiatan"),
        (5, "Volume"),
        (5, "Satuan"),
        (5, "Anggaran (Rp)"),
    }
    teks = {(k.baris, k.kolom): k.alasan for k in exc.value.kesalahan}
    assert "tidak ada dalam klasifikasi Permendagri 20/2018" in teks[(3, "Kode kegiatan")]
    assert "tingkat kegiatan" in teks[(4, "Kode kegiatan")]
    assert "Dana Entah" in teks[(4, "Sumber dana")]
    assert "tanpa sen" in teks[(5, "Anggaran (Rp)")]
    assert "Baris 3, kolom Kode kegiatan:" in str(exc.value.kesalahan[0])


def test_a_missing_required_column_or_a_non_excel_file_is_refused(referensi):
    with pytest.raises(ImporGagal) as exc:
        _baca(xlsx([["2.2.02", "Posyandu"]], judul=["Kode", "Nama"]))
    assert exc.value.kesalahan[0].baris == 1
    assert "Anggaran (Rp)" in exc.value.kesalahan[0].kolom
    with pytest.raises(ImporGagal, match="bukan berkas Excel"):
        _baca(SimpleUploadedFile("x.xlsx", b"kode,nama\n2.2.02,Posyandu\n"))
    with pytest.raises(ImporGagal, match="tidak memuat baris"):
        _baca(xlsx([]))


def test_one_bad_row_imports_nothing_and_the_page_lists_every_error(
    buat_rencana, operator_desa, klien
):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000, nama="Lama")])
    c = klien(operator_desa)
    url = reverse("perencanaan:impor", args=[rencana.pk])
    berkas = xlsx(
        [
            ["2.2.02", "Posyandu", "", 12, "bulan", 24000000, "DDS", ""],
            ["2.1.02", "APE PAUD", "", 1, "paket", "abc", "DDS", ""],
            ["2.3.10", "Jalan", "", 100, "meter", 50000000, "???", ""],
        ]
    )
    r = c.post(url, {"berkas": berkas})
    assert r.status_code == 400
    html = r.content.decode()
    assert "2 kesalahan" in html
    assert "Tidak ada baris yang diimpor" in html
    assert [k.baris for k in r.context["kesalahan"]] == [3, 4]
    assert list(rencana.baris.values_list("nama", flat=True)) == ["Lama"]
    assert not RiwayatRencana.objects.filter(rencana=rencana, aksi="diimpor").exists()


def test_a_good_file_replaces_the_lines_and_is_recorded(buat_rencana, operator_desa, klien):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000, nama="Lama")])
    r = klien(operator_desa).post(
        reverse("perencanaan:impor", args=[rencana.pk]),
        {
            "berkas": xlsx(
                [
                    ["2.2.02", "Posyandu", "", 12, "bulan", 24000000, "DDS", ""],
                    ["2.4.12", "Pipanisasi", "Dusun II", 300, "meter", 90000000, "ADD", ""],
                ]
            )
        },
    )
    assert r.status_code == 302
    assert list(rencana.baris.values_list("nama", "anggaran")) == [
        ("Posyandu", 24_000_000),
        ("Pipanisasi", 90_000_000),
    ]
    assert RiwayatRencana.objects.filter(rencana=rencana, aksi="diimpor").count() == 1


def test_the_export_imports_back_unchanged(buat_rencana, operator_desa, klien, buat_indikator):
    ind = buat_indikator("pu")
    rencana = buat_rencana(
        operator_desa,
        [baris("2.4.12", 90_000_000, sumber="ADD", indikator=[ind], volume="12.5")],
    )
    isi = klien(operator_desa).get(reverse("perencanaan:unduh", args=[rencana.pk])).content
    assert load_workbook(io.BytesIO(isi)).sheetnames == [
        "Kegiatan",
        "Kode kegiatan",
        "Sumber dana",
        "Indikator",
    ]
    rows = _baca(SimpleUploadedFile("x.xlsx", isi), {ind.kode: ind.id})
    assert [
        (r["kode_kegiatan"], r["anggaran"], r["sumber_dana"], r["indikator"]) for r in rows
    ] == [("2.4.12", 90_000_000, "ADD", [ind.id])]
    assert str(rows[0]["volume"]) == "12.5"


def test_the_template_downloads_and_parses(referensi, klien, operator_desa):
    isi = klien(operator_desa).get(reverse("perencanaan:templat")).content
    rows = _baca(SimpleUploadedFile("t.xlsx", isi))
    assert rows[0]["kode_kegiatan"] == "2.2.02"


def test_only_the_villages_operator_imports(buat_rencana, operator_desa, camat, camat_luar, klien):
    rencana = buat_rencana(operator_desa)
    url = reverse("perencanaan:impor", args=[rencana.pk])
    assert klien(camat).get(url).status_code == 403
    assert klien(camat_luar).get(url).status_code == 404
