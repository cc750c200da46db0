"""Excel/CSV in and out: the template round trip, atomicity, every bad row reported, scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from layanan_dasar.models import AuditNilai, NilaiData, Pengajuan
from layanan_dasar.services import pengajuan_ubah_status
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, KEMIRI, PITURUH
from tests.csv_excel import baca_csv

from .conftest import BULAN, BULAN_TEKS

pytestmark = pytest.mark.django_db
DESA2 = "33.06.11.2002"


def url_impor(kode=PITURUH, sektor="kesehatan"):
    return reverse("layanan_dasar:impor", args=[kode, sektor])


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("isian.xlsx", buf.getvalue())


def csv_berkas(teks, nama="isian.csv"):
    return SimpleUploadedFile(nama, teks.encode("utf-8"))


def kepala(kec=PITURUH, sektor="kesehatan", bulan=BULAN_TEKS):
    return [["Kecamatan", kec], ["Sektor", sektor], ["Bulan", bulan]]


def test_the_template_comes_prefilled_and_imports_back(klien, upt_kesehatan, el, simpan_langsung):
    e = el("kes-bumil-layanan")
    simpan_langsung(DESA_PITURUH, e, {BULAN: 8})
    client = klien(upt_kesehatan)
    resp = client.get(reverse("layanan_dasar:templat", args=[PITURUH, "kesehatan", BULAN_TEKS]))
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb["Data"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Kecamatan", PITURUH] and rows[2][1] == BULAN_TEKS
    header = rows[5]
    assert header[:2] == ["kode_desa", "nama_desa"] and "kes-bumil-layanan" in header
    assert "kes-sasaran-bumil" not in header  # annual targets: January template only
    assert "(orang)" in rows[4][header.index("kes-bumil-layanan")]
    desa_rows = {r[0]: r for r in rows[6:]}
    assert len(desa_rows) == 49 and desa_rows[DESA_PITURUH][1] == "Kendalrejo"
    kol = header.index("kes-bumil-layanan")
    assert desa_rows[DESA_PITURUH][kol] == 8

    # Fill two cells and send it back.
    ws.cell(7, kol + 1).value = 11
    ws.cell(8, kol + 1).value = 4
    buf = io.BytesIO()
    wb.save(buf)
    resp = client.post(url_impor(), {"berkas": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    assert resp.status_code == 200, resp.context["hasil"].galat
    assert resp.context["hasil"].simpan.diubah == 1 and resp.context["hasil"].simpan.baru == 1
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen=e).nilai == 11
    assert NilaiData.objects.get(desa_id=DESA2, elemen=e).nilai == 4
    audit = AuditNilai.objects.get(desa_id=DESA_PITURUH, elemen=e)
    assert (audit.nilai_lama, audit.nilai_baru, audit.sumber) == (8, 11, "impor")


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(klien, upt_kesehatan, el):
    a, b = "kes-bumil-layanan", "kes-balita-layanan"
    berkas = xlsx(
        kepala()
        + [
            ["kode_desa", "nama_desa", a, b],
            [DESA_PITURUH, "Kendalrejo", 5, 6],  # row 5: fine
            [DESA2, "x", -1, 3],  # row 6: negative
            ["33.06.11.2003", "x", 4, "2,5"],  # row 7: decimal
            [DESA_KEMIRI, "x", 1, 1],  # row 8: another kecamatan's village
            ["33.06.11.2004", "x", 7, 7],  # row 9: fine
            [DESA_PITURUH, "x", 1, 1],  # row 10: the same village twice
        ]
    )
    resp = klien(upt_kesehatan).post(url_impor(), {"berkas": berkas})
    assert resp.status_code == 400
    assert not NilaiData.objects.exists() and not AuditNilai.objects.exists()
    galat = resp.context["hasil"].galat
    assert [(m.baris, m.kolom[0]) for m in galat] == [(6, "C"), (7, "D"), (8, "A"), (10, "A")]
    assert "tidak boleh negatif" in galat[0].pesan
    assert "desimal" in galat[1].pesan
    assert "tidak termasuk Kecamatan Pituruh" in galat[2].pesan
    assert "baris 5" in galat[3].pesan
    assert "Tidak ada data yang diimpor" in resp.text


def test_a_file_for_another_kecamatan_or_sector_is_refused(klien, upt_kesehatan, el):
    client = klien(upt_kesehatan)
    baris = [["kode_desa", "nama_desa", "kes-bumil-layanan"], [DESA_PITURUH, "x", 5]]
    resp = client.post(url_impor(), {"berkas": xlsx(kepala(kec=KEMIRI) + baris)})
    assert resp.status_code == 400 and "bukan Kecamatan Pituruh" in resp.text
    resp = client.post(url_impor(), {"berkas": xlsx(kepala(sektor="Pendidikan") + baris)})
    assert resp.status_code == 400 and "bukan Kesehatan" in resp.text
    # Columns of another sector's elements are refused too.
    resp = client.post(
        url_impor(),
        {
            "berkas": xlsx(
                kepala() + [["kode_desa", "nama_desa", "pdd-paud-5-6"], [DESA_PITURUH, "x", 5]]
            )
        },
    )
    assert resp.status_code == 400 and "milik sektor Pendidikan" in resp.text
    assert not NilaiData.objects.exists()


def test_upt_kesehatan_cannot_import_into_pendidikan_or_another_kecamatan(
    klien, upt_kesehatan, katalog
):
    client = klien(upt_kesehatan)
    f = csv_berkas(
        f"kode_desa;kode_elemen;bulan;nilai\n{DESA_PITURUH};pdd-paud-5-6;{BULAN_TEKS};4\n"
    )
    assert client.post(url_impor(sektor="pendidikan"), {"berkas": f}).status_code == 404
    assert client.post(url_impor(kode=KEMIRI), {"berkas": f}).status_code == 404
    assert client.get(url_impor(sektor="pendidikan")).status_code == 404
    assert not NilaiData.objects.exists()


def test_a_long_csv_with_several_months_imports_at_once(klien, upt_kesehatan, el):
    teks = (
        "kode_desa;kode_elemen;bulan;nilai\n"
        f"{DESA_PITURUH};kes-bumil-layanan;2025-01;3\n"
        f"{DESA_PITURUH};kes-bumil-layanan;2025-02;4\n"
        f"{DESA_PITURUH};kes-sasaran-bumil;2025-01;60\n"
        f"{DESA2};kes-balita-layanan;2025-02;\n"  # blank: ignored
    )
    resp = klien(upt_kesehatan).post(url_impor(), {"berkas": csv_berkas(teks)})
    assert resp.status_code == 200, resp.context["hasil"].galat
    assert NilaiData.objects.count() == 3
    assert set(Pengajuan.objects.values_list("bulan", "desa_lapor")) == {
        (BULAN.replace(month=1), 1),
        (BULAN.replace(month=2), 1),
    }


def test_import_checks_ratios_annual_months_and_locks(klien, upt_kesehatan, camat, pituruh, el):
    pengajuan_ubah_status(
        user=upt_kesehatan, kecamatan=pituruh, sektor="kesehatan", bulan=BULAN, aksi="ajukan"
    )
    teks = (
        "kode_desa,kode_elemen,bulan,nilai\n"
        f"{DESA_PITURUH},kes-sasaran-bumil,2025-01,10\n"  # line 2: fine
        f"{DESA_PITURUH},kes-bumil-layanan,2025-02,11\n"  # line 3: above the annual target
        f"{DESA_PITURUH},kes-sasaran-balita,2025-02,90\n"  # line 4: annual target not in January
        f"{DESA_PITURUH},kes-bumil-layanan,{BULAN_TEKS},1\n"  # line 5: month already submitted
        f"{DESA_PITURUH},kes-tidak-ada,2025-02,1\n"  # line 6: unknown element
        f"{DESA_PITURUH},kes-bumil-layanan,2025-2x,1\n"  # line 7: bad month
    )
    resp = klien(upt_kesehatan).post(url_impor(), {"berkas": csv_berkas(teks)})
    assert resp.status_code == 400
    galat = resp.context["hasil"].galat
    assert [m.baris for m in galat] == [3, 4, 5, 6, 7]
    assert "melebihi penyebutnya" in galat[0].pesan
    assert "bulan Januari" in galat[1].pesan
    assert "berstatus diajukan" in galat[2].pesan
    assert "tidak dikenal" in galat[3].pesan
    assert "TTTT-BB" in galat[4].pesan
    assert not NilaiData.objects.exists()


def test_a_damaged_file_gets_a_clear_message(klien, upt_kesehatan, katalog):
    resp = klien(upt_kesehatan).post(
        url_impor(), {"berkas": SimpleUploadedFile("x.xlsx", b"bukan excel")}
    )
    assert resp.status_code == 400
    assert "tidak dapat dibaca" in resp.text


def test_the_export_holds_the_stored_values_and_reimports_unchanged(
    klien, upt_kesehatan, el, simpan_langsung
):
    simpan_langsung(DESA_PITURUH, el("kes-bumil-layanan"), {BULAN.replace(month=1): 2, BULAN: 3})
    simpan_langsung(DESA_KEMIRI, el("kes-bumil-layanan"), {BULAN: 99})  # other kecamatan
    simpan_langsung(DESA_PITURUH, el("pdd-paud-5-6"), {BULAN: 50})  # other sector
    client = klien(upt_kesehatan)
    url = reverse("layanan_dasar:ekspor", args=[PITURUH, "kesehatan"])
    resp = client.get(url, {"dari": "2025-01", "sampai": "2025-03", "format": "csv"})
    baca_csv(resp)
    teks = resp.content.decode("utf-8-sig")
    baris = [b for b in teks.splitlines() if b.startswith(DESA_PITURUH)]
    nama = "Ibu hamil yang mendapat pelayanan antenatal sesuai standar"
    assert baris == [
        f"{DESA_PITURUH};Kendalrejo;kes-bumil-layanan;{nama};orang;2025-01;2",
        f"{DESA_PITURUH};Kendalrejo;kes-bumil-layanan;{nama};orang;2025-03;3",
    ]
    assert "99" not in teks and "pdd-paud" not in teks
    resp = client.post(url_impor(), {"berkas": csv_berkas(teks, "ekspor.csv")})
    assert resp.status_code == 200 and resp.context["hasil"].simpan.jumlah == 0
    xl = client.get(url, {"dari": "2025-01", "sampai": "2025-03"})
    assert xl["Content-Type"].startswith("application/vnd.openxmlformats")
    # Another sector or kecamatan cannot be exported.
    assert (
        client.get(
            reverse("layanan_dasar:ekspor", args=[PITURUH, "pendidikan"]),
            {"dari": "2025-01", "sampai": "2025-03"},
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("layanan_dasar:ekspor", args=[KEMIRI, "kesehatan"]),
            {"dari": "2025-01", "sampai": "2025-03"},
        ).status_code
        == 404
    )


def _riwayat_stabil(simpan_langsung, e):
    from layanan_dasar.periode import tambah_bulan

    simpan_langsung(DESA_PITURUH, e, {tambah_bulan(BULAN, -i): 20 + i % 3 for i in range(1, 13)})


def test_an_import_with_outliers_stores_nothing_until_confirmed(
    klien, upt_kesehatan, el, simpan_langsung, buat_pengguna, settings, tmp_path
):
    from wilayah.models import Peran

    settings.MEDIA_ROOT = tmp_path
    e = el("kes-bumil-layanan")
    _riwayat_stabil(simpan_langsung, e)
    rows = kepala() + [
        ["kode_desa", "nama_desa", e.kode],
        [DESA_PITURUH, "x", 400],
        [DESA2, "y", 3],
    ]
    client = klien(upt_kesehatan)
    resp = client.post(url_impor(), {"berkas": xlsx(rows)})
    assert resp.status_code == 400
    hasil = resp.context["hasil"]
    assert hasil.perlu_konfirmasi and not hasil.galat
    assert [(m.desa_kode, m.baris) for m in hasil.peringatan] == [(DESA_PITURUH, 5)]
    html = resp.content.decode()
    assert "Belum ada data yang diimpor." in html and "tidak perlu diunggah lagi" in html
    assert not NilaiData.objects.filter(bulan=BULAN).exists()  # all or nothing, as before
    tunda = resp.context["tunda"]
    kunci = f"{DESA_PITURUH}|{e.id}|{BULAN_TEKS}"

    # Without the tick, still nothing.
    resp = client.post(url_impor(), {"tunda": tunda, "pencilan": kunci})
    assert resp.status_code == 400 and not NilaiData.objects.filter(bulan=BULAN).exists()

    # Nobody else can use the held file: an outsider gets 404, a colleague a fresh upload form.
    data = {"tunda": tunda, "pencilan": kunci, "konfirmasi_pencilan": "1"}
    assert (
        klien(buat_pengguna(Peran.UPT_KESEHATAN, KEMIRI)).post(url_impor(), data).status_code == 404
    )
    resp = klien(buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)).post(url_impor(), data)
    assert resp.status_code == 302
    assert not NilaiData.objects.filter(bulan=BULAN).exists()

    client = klien(upt_kesehatan)
    resp = client.post(url_impor(), data)
    assert resp.status_code == 200
    assert resp.context["hasil"].berhasil
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).nilai == 400
    assert NilaiData.objects.get(desa_id=DESA2, bulan=BULAN).nilai == 3
    assert AuditNilai.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).pencilan
    # The held file is gone once imported.
    assert client.post(url_impor(), data).status_code == 302
    assert list(tmp_path.rglob("*.bin")) == []
