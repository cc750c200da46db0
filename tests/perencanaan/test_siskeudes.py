"""Siskeudes import on generated exports: round trip to our plan lines, replacement of drafts,
per-row refusals (nothing stored), scope, the command and the page."""

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from layanan_dasar.models import RiwayatImpor
from perencanaan import services
from perencanaan.contoh_siskeudes import (
    KEGIATAN,
    RKP_SAJA,
    SELISIH_BESAR,
    TIDAK_DI_RKP,
    isi_zip,
    kd_desa,
    kd_keg,
    tabel_siskeudes,
)
from perencanaan.models import Rencana
from perencanaan.siskeudes import siskeudes_impor, urai_rupiah
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Desa, KodeEksternal

TAHUN = 2026


@pytest.fixture
def desa_tiga(db):
    return list(
        Desa.objects.filter(kecamatan_id=PITURUH).order_by("kode").values_list("kode", "nama")[:3]
    )


@pytest.fixture
def tabel(desa_tiga):
    return tabel_siskeudes(desa_tiga, tahun=TAHUN)


def _impor(user, tabel, **kw):
    return siskeudes_impor(oleh=user, isi=isi_zip(tabel), nama_berkas="siskeudes.zip", **kw)


def _baris_csv(tabel, nama, **cocok):
    """(line number in the CSV, row) of the first row matching `cocok`."""
    for i, r in enumerate(tabel[nama], start=2):
        if all(r[k] == v for k, v in cocok.items()):
            return i, r
    raise AssertionError(cocok)


def test_it_imports_apb_and_rkp_lines_of_every_village(referensi, camat, tabel, desa_tiga):
    hasil = _impor(camat, tabel)
    assert hasil.berhasil, hasil.penolakan
    assert hasil.tahun == TAHUN
    rencana = Rencana.objects.filter(tahun=TAHUN)
    assert rencana.filter(jenis="apb").count() == 3
    assert rencana.filter(jenis="rkp").count() == 3

    kode = desa_tiga[0][0]
    apb = Rencana.objects.get(desa_id=kode, tahun=TAHUN, jenis="apb")
    assert apb.status == "draf" and apb.dibuat_oleh == camat
    # One line per activity and funding source of its budget detail.
    assert apb.baris.count() == sum(len(k[5]) for k in KEGIATAN)
    pagu = sum(
        int(r["Pagu"].split(".")[0]) for r in tabel["Ta_Kegiatan"] if r["Kd_Desa"] == kd_desa(kode)
    )
    assert sum(apb.baris.values_list("anggaran", flat=True)) == pagu
    jalan = apb.baris.filter(kode_kegiatan_id="2.3.10")
    assert set(jalan.values_list("sumber_dana", flat=True)) == {"DDS", "SWD"}
    assert {b.kode_siskeudes for b in jalan} == {kd_keg(kode, "2.3.10")}
    posyandu = apb.baris.get(kode_kegiatan_id="2.2.02")
    assert posyandu.volume == 12 and posyandu.satuan == "bulan"
    assert posyandu.lokasi.startswith("Dusun")
    # Ta_AnggaranLog: posting date, lock and Perdes number.
    assert apb.siskeudes_posting == date(TAHUN - 1, 12, 20)
    assert apb.siskeudes_kunci is True and apb.siskeudes_perdes == f"1/{TAHUN}"

    rkp = Rencana.objects.get(desa_id=kode, tahun=TAHUN, jenis="rkp")
    kode_rkp = set(rkp.baris.values_list("kode_kegiatan_id", flat=True))
    assert RKP_SAJA[0] in kode_rkp and KEGIATAN[TIDAK_DI_RKP][0] not in kode_rkp
    jalan_rkp = rkp.baris.get(kode_kegiatan_id=KEGIATAN[SELISIH_BESAR][0])
    assert jalan_rkp.anggaran > sum(jalan.values_list("anggaran", flat=True))
    assert rkp.riwayat.filter(aksi="diimpor").exists()

    catatan = RiwayatImpor.objects.get()
    isi = isi_zip(tabel)
    assert catatan.sumber == "siskeudes" and catatan.oleh == camat
    assert catatan.sha256 == hashlib.sha256(isi).hexdigest() and catatan.ukuran == len(isi)
    assert catatan.periode == str(TAHUN) and catatan.wilayah_kode == PITURUH
    assert set(catatan.desa.values_list("kode", flat=True)) == {k for k, _n in desa_tiga}


def test_a_second_import_replaces_draft_lines(referensi, camat, tabel):
    _impor(camat, tabel)
    n = Rencana.objects.count()
    tabel["Ta_Kegiatan"] = [r for r in tabel["Ta_Kegiatan"] if "02.02.02." not in r["Kd_Keg"]]
    tabel["Ta_RABRinci"] = [r for r in tabel["Ta_RABRinci"] if "02.02.02." not in r["Kd_Keg"]]
    hasil = _impor(camat, tabel)
    assert hasil.berhasil, hasil.penolakan
    assert Rencana.objects.count() == n
    assert not any(r.baru for r in hasil.rencana)
    assert not Rencana.objects.filter(jenis="apb", baris__kode_kegiatan_id="2.2.02").exists()


def test_a_submitted_plan_is_never_overwritten(referensi, camat, operator_desa, tabel):
    _impor(camat, tabel)
    apb = Rencana.objects.get(desa_id=DESA_PITURUH, tahun=TAHUN, jenis="apb")
    services.rencana_ajukan(rencana=apb, oleh=operator_desa)
    sebelum = list(apb.baris.values_list("id", flat=True))
    hasil = _impor(camat, tabel)
    assert not hasil.berhasil
    assert any("berstatus diajukan" in str(p) for p in hasil.penolakan)
    assert list(apb.baris.values_list("id", flat=True)) == sebelum
    assert RiwayatImpor.objects.count() == 1


def test_every_bad_row_is_refused_and_nothing_is_stored(referensi, camat, tabel, desa_tiga):
    kdd = kd_desa(desa_tiga[1][0])
    # A village the kabupaten does not have.
    n_luar, luar = _baris_csv(tabel, "Ta_Kegiatan", Kd_Desa=kdd)
    luar["Kd_Desa"] = "99.2001."
    luar["Kd_Keg"] = "99.2001." + luar["Kd_Keg"][len(kdd) :]
    # A code outside Permendagri 20/2018.
    n_kode, salah_kode = _baris_csv(tabel, "Ta_Kegiatan", Kd_Keg=kd_keg(desa_tiga[0][0], "2.2.02"))
    salah_kode["Kd_Keg"] = kd_desa(desa_tiga[0][0]) + "02.09.07."
    # A fraction of a Rupiah.
    n_sen, sen = _baris_csv(tabel, "Ta_RABRinci", Kd_Keg=kd_keg(desa_tiga[2][0], "2.1.02"))
    sen["Anggaran"] = "15000000.50"
    # An unknown funding source.
    n_sd, sd = _baris_csv(tabel, "Ta_RPJM_Pagu_Tahunan", Kd_Keg=kd_keg(desa_tiga[2][0], "2.1.02"))
    sd["Kd_Sumber"] = "XYZ"

    hasil = _impor(camat, tabel)
    assert not hasil.berhasil
    teks = [str(p) for p in hasil.penolakan]
    assert any(f"Ta_Kegiatan.csv baris {n_luar}" in t and "99.2001" in t for t in teks), teks
    assert any(f"Ta_Kegiatan.csv baris {n_kode}" in t and "02.09.07." in t for t in teks), teks
    assert any(f"Ta_RABRinci.csv baris {n_sen}" in t and "bilangan bulat" in t for t in teks), teks
    assert any(f"Ta_RPJM_Pagu_Tahunan.csv baris {n_sd}" in t and "XYZ" in t for t in teks), teks
    assert not Rencana.objects.exists()
    assert not RiwayatImpor.objects.exists()


def test_the_crosswalk_maps_a_code_no_rule_derives(referensi, camat, tabel, desa_tiga):
    kode = desa_tiga[0][0]
    asli = kd_desa(kode)
    lain = "77.2001."  # the kabupaten numbers this kecamatan differently in its Siskeudes
    for nama in ("Ta_Kegiatan", "Ta_RAB", "Ta_RABRinci", "Ta_AnggaranLog", "Ta_Desa"):
        for r in tabel[nama]:
            if r.get("Kd_Desa") == asli:
                r["Kd_Desa"] = lain
            if r.get("Kd_Keg", "").startswith(asli):
                r["Kd_Keg"] = lain + r["Kd_Keg"][len(asli) :]
    for r in tabel["Ta_RPJM_Pagu_Tahunan"] + tabel["Ta_RPJM_Kegiatan"]:
        if r["Kd_Keg"].startswith(asli):
            r["Kd_Keg"] = lain + r["Kd_Keg"][len(asli) :]
    hasil = _impor(camat, tabel)
    assert not hasil.berhasil
    assert any("33.06.77.2001" in str(p) and "tidak dikenal" in str(p) for p in hasil.penolakan)

    KodeEksternal.objects.create(
        sistem="siskeudes", kode_eksternal="33.06.77.2001", wilayah_kode=kode
    )
    hasil = _impor(camat, tabel)
    assert hasil.berhasil, hasil.penolakan
    assert Rencana.objects.filter(desa_id=kode, jenis="apb").exists()


def test_an_operator_desa_imports_only_their_village(referensi, operator_desa, tabel):
    hasil = _impor(operator_desa, tabel)
    assert hasil.berhasil, hasil.penolakan
    assert set(Rencana.objects.values_list("desa_id", flat=True)) == {DESA_PITURUH}
    assert len(hasil.dilewati) == 2


def test_an_outsider_imports_nothing(referensi, camat_luar, tabel):
    hasil = _impor(camat_luar, tabel)
    assert not hasil.berhasil
    assert "wilayah Anda" in str(hasil.penolakan[0])
    assert not Rencana.objects.exists()


@pytest.mark.parametrize("isi", [b"bukan zip", b"PK\x03\x04rusak"])
def test_a_file_that_is_not_an_export_is_refused(referensi, camat, isi):
    hasil = siskeudes_impor(oleh=camat, isi=isi, nama_berkas="x.zip")
    assert not hasil.berhasil and "zip" in str(hasil.penolakan[0])


def test_a_zip_without_the_tables_is_refused(referensi, camat, tabel):
    del tabel["Ta_Kegiatan"]
    hasil = _impor(camat, tabel)
    assert "Ta_Kegiatan.csv" in str(hasil.penolakan[0])


def test_amounts_are_whole_rupiah():
    assert urai_rupiah("1500000.00") == 1_500_000
    assert urai_rupiah("0") == 0
    for salah in ("1500000.5", "-5", "abc", "", "1e30", "NaN", "inf"):
        with pytest.raises(ValueError):
            urai_rupiah(salah)


def test_the_command_imports_a_zip(referensi, tabel, tmp_path, django_user_model):
    django_user_model.objects.create_superuser("admin", password="x")
    path = tmp_path / "kab.zip"
    path.write_bytes(isi_zip(tabel))
    call_command("impor_siskeudes", str(path), "--tahun", str(TAHUN))
    assert Rencana.objects.filter(jenis="apb").count() == 3
    tabel["Ta_Kegiatan"][0]["Pagu"] = "12,5"
    path.write_bytes(isi_zip(tabel))
    with pytest.raises(CommandError, match="Ta_Kegiatan.csv baris 2"):
        call_command("impor_siskeudes", str(path))


def _unggah(tabel):
    return SimpleUploadedFile("siskeudes.zip", isi_zip(tabel), content_type="application/zip")


def test_the_page_imports_and_lists_refusals(referensi, klien, camat, tabel):
    c = klien(camat)
    url = reverse("perencanaan:siskeudes")
    assert c.get(url).status_code == 200
    r = c.post(url, {"berkas": _unggah(tabel)})
    assert r.status_code == 200
    assert Rencana.objects.count() == 6
    assert b"hasil-impor" in r.content
    tabel["Ta_Kegiatan"][0]["Pagu"] = "abc"
    Rencana.objects.all().delete()
    r = c.post(url, {"berkas": _unggah(tabel)})
    assert r.status_code == 400 and b"daftar-kesalahan" in r.content
    assert b"Ta_Kegiatan.csv" in r.content
    assert not Rencana.objects.exists()


@pytest.mark.parametrize("peran", ["upt_kesehatan", "sekber_kabupaten"])
def test_the_page_is_closed_to_other_roles(referensi, klien, request, peran, tabel):
    c = klien(request.getfixturevalue(peran))
    url = reverse("perencanaan:siskeudes")
    assert c.get(url).status_code == 403
    assert c.post(url, {"berkas": _unggah(tabel)}).status_code == 403
    assert not Rencana.objects.exists()
