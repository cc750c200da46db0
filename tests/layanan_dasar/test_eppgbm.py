"""e-PPGBM import on generated files: WHO 2006 z-scores checked against the published tables,
both layouts round-tripped to per desa × month counts through the grid's write service,
per-row refusals with nothing stored, and NIK nowhere in the database, the SQL or the logs."""

import datetime as dt
import logging

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan_dasar.contoh_eppgbm import anak_contoh, xlsx_bulanan, xlsx_dua_lembar
from layanan_dasar.eppgbm import impor_eppgbm, z_tinggi_umur
from layanan_dasar.models import AntrianAgregasi, AuditNilai, NilaiData, Pengajuan, RiwayatImpor
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, PITURUH

TAHUN = 2025
BULAN = [dt.date(TAHUN, 2, 1), dt.date(TAHUN, 8, 1)]
DESA_KEDUA = "33.06.11.2002"


# --- the standard ----------------------------------------------------------------------------
# Values from the WHO Child Growth Standards tables (length/height-for-age, 2006): the −2 SD and
# −3 SD columns, rounded to 0.1 cm by WHO, so the z-score is within rounding of −2 or −3.
@pytest.mark.parametrize(
    ("jk", "umur_hari", "tinggi", "cara", "z"),
    [
        ("M", 0, 46.1, "L", -2),  # boys, birth, −2 SD
        ("M", 0, 44.2, "L", -3),  # boys, birth, −3 SD
        ("F", 0, 45.4, "L", -2),  # girls, birth, −2 SD
        ("F", 365, 68.9, "L", -2),  # girls, 12 months, −2 SD
        ("M", 731, 81.0, "H", -2),  # boys, 24 months (height), −2 SD
        ("M", 1826, 100.7, "H", -2),  # boys, 60 months, −2 SD
        ("F", 1826, 99.9, "H", -2),  # girls, 60 months, −2 SD
    ],
)
def test_z_scores_match_the_who_tables(jk, umur_hari, tinggi, cara, z):
    lahir = dt.date(2020, 1, 1)
    tanggal = lahir + dt.timedelta(days=umur_hari)
    hasil = z_tinggi_umur(jk=jk, lahir=lahir, tanggal=tanggal, tinggi=tinggi, cara=cara)
    assert abs(hasil - z) < 0.06


def test_the_measuring_position_is_corrected_by_07_cm():
    lahir = dt.date(2020, 1, 1)
    tanggal = lahir + dt.timedelta(days=800)
    berdiri = z_tinggi_umur(jk="M", lahir=lahir, tanggal=tanggal, tinggi=85.0, cara="H")
    berbaring = z_tinggi_umur(jk="M", lahir=lahir, tanggal=tanggal, tinggi=85.7, cara="L")
    assert abs(berdiri - berbaring) < 0.001


# --- the import ------------------------------------------------------------------------------


def _harapan(anak):
    """{(desa, month): (measured, pendek, sangat pendek)} computed here from the children."""
    hasil = {}
    for a in anak:
        per_bulan = {}
        for u in a["ukur"]:
            per_bulan[u["tanggal"].replace(day=1)] = u
        for b, u in per_bulan.items():
            z = z_tinggi_umur(
                jk="M" if a["jk"] == "L" else "F",
                lahir=a["lahir"],
                tanggal=u["tanggal"],
                tinggi=u["tinggi"],
                cara="L" if u["cara"] == "Terlentang" else "H",
            )
            n, p, sp = hasil.get((a["desa"], b), (0, 0, 0))
            hasil[(a["desa"], b)] = (n + 1, p + (z < -2), sp + (z < -3))
    return hasil


def _tersimpan(el):
    ids = {
        el(k).id: k for k in ("kes-balita-diukur", "kes-balita-pendek", "kes-balita-sangat-pendek")
    }
    hasil = {}
    for d, e, b, v in NilaiData.objects.filter(elemen_id__in=ids).values_list(
        "desa_id", "elemen_id", "bulan", "nilai"
    ):
        hasil.setdefault((d, b), {})[ids[e]] = v
    return {
        k: (v["kes-balita-diukur"], v["kes-balita-pendek"], v["kes-balita-sangat-pendek"])
        for k, v in hasil.items()
    }


def test_the_monthly_layout_round_trips_to_counts(el, pituruh, upt_kesehatan, caplog):
    from wilayah.models import Desa

    anak = anak_contoh(DESA_PITURUH, 40, bulan=BULAN)
    isi = xlsx_bulanan(anak, tahun=TAHUN)
    hasil = impor_eppgbm(
        user=upt_kesehatan,
        kecamatan=pituruh,
        isi=isi,
        nama_berkas="eppgbm-kendalrejo.xlsx",
        desa=Desa.objects.get(kode=DESA_PITURUH),
    )
    assert hasil.berhasil, hasil.galat
    harapan = _harapan(anak)
    assert _tersimpan(el) == harapan
    assert sum(p for _n, p, _s in harapan.values()) > 0  # the sample has stunted children
    # Through the grid's service: audited as an import, a draft submission, queued for the
    # incremental rebuild.
    assert AuditNilai.objects.filter(sumber="impor", oleh=upt_kesehatan).count() == 3 * len(harapan)
    assert (
        Pengajuan.objects.filter(kecamatan=pituruh, sektor="kesehatan", bulan__in=BULAN).count()
        == 2
    )
    assert set(AntrianAgregasi.objects.values_list("desa_kode", flat=True)) == {DESA_PITURUH} or (
        not AntrianAgregasi.objects.exists()  # eager Celery drained the marks already
    )
    catatan = RiwayatImpor.objects.get()
    assert catatan.sumber == "eppgbm" and catatan.periode == "2025-02..2025-08"
    assert list(catatan.desa.values_list("kode", flat=True)) == [DESA_PITURUH]


def test_the_two_sheet_layout_takes_the_village_from_its_column(el, pituruh, upt_kesehatan):
    anak = anak_contoh(DESA_PITURUH, 30, bulan=BULAN) + anak_contoh(DESA_KEDUA, 25, bulan=BULAN)
    # One child measured twice in February counts once, with the later measurement.
    dua_kali = next(a for a in anak if a["lahir"] < dt.date(TAHUN, 1, 1))
    pertama = {**dua_kali["ukur"][0], "tanggal": dt.date(TAHUN, 2, 3)}
    pertama["tinggi"] -= 3
    dua_kali["ukur"].insert(0, pertama)
    hasil = impor_eppgbm(
        user=upt_kesehatan, kecamatan=pituruh, isi=xlsx_dua_lembar(anak), nama_berkas="e.xlsx"
    )
    assert hasil.berhasil, hasil.galat
    dua_kali["ukur"].remove(pertama)
    assert _tersimpan(el) == _harapan(anak)
    assert {k[0] for k in _tersimpan(el)} == {DESA_PITURUH, DESA_KEDUA}


def test_every_bad_row_is_refused_and_nothing_is_stored(el, pituruh, upt_kesehatan):
    anak = anak_contoh(DESA_PITURUH, 12, bulan=BULAN)
    sebelum_lahir = anak[1]
    sebelum_lahir["ukur"][0]["tanggal"] = sebelum_lahir["lahir"] - dt.timedelta(days=3)
    raksasa = anak[2]
    raksasa["ukur"][0]["tinggi"] = 140.0 if raksasa["ukur"][0]["cara"] == "Terlentang" else 148.0
    anak[3]["desa"] = "32.01.01.1001"  # Kabupaten Bogor
    anak[4]["desa"] = "99.99.99.9999"  # no such code
    anak[5]["desa"] = DESA_KEMIRI  # the neighbouring kecamatan
    hasil = impor_eppgbm(
        user=upt_kesehatan, kecamatan=pituruh, isi=xlsx_dua_lembar(anak), nama_berkas="e.xlsx"
    )
    assert not hasil.berhasil
    teks = [str(g) for g in hasil.galat]
    assert any("Pemantauan baris" in t and "sebelum tanggal lahir" in t for t in teks), teks
    assert any("Pemantauan baris" in t and "di luar ±6" in t for t in teks), teks
    assert any("Data Dasar baris 5" in t and "di luar Kabupaten Purworejo" in t for t in teks), teks
    assert any("Data Dasar baris 6" in t and "9999999999" in t for t in teks), teks
    assert any("Data Dasar baris 7" in t and "bukan desa aktif Kecamatan" in t for t in teks), teks
    assert not NilaiData.objects.exists()
    assert not RiwayatImpor.objects.exists()


def test_a_submitted_month_is_refused(el, pituruh, upt_kesehatan):
    Pengajuan.objects.create(
        kecamatan=pituruh, sektor="kesehatan", bulan=BULAN[0], status="diajukan"
    )
    anak = anak_contoh(DESA_PITURUH, 10, bulan=BULAN)
    hasil = impor_eppgbm(
        user=upt_kesehatan, kecamatan=pituruh, isi=xlsx_dua_lembar(anak), nama_berkas="e.xlsx"
    )
    assert not hasil.berhasil
    assert any("berstatus diajukan" in str(g) for g in hasil.galat)
    assert not NilaiData.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(el, pituruh, upt_kesehatan):
    hasil = impor_eppgbm(user=upt_kesehatan, kecamatan=pituruh, isi=b"abc", nama_berkas="x.xlsx")
    assert not hasil.berhasil and "Excel" in str(hasil.galat[0])


def _semua_teks_db():
    """Every text value of every table (a small test database)."""
    for model in apps.get_models():
        kolom = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if kolom:
            for row in model.objects.values_list(*kolom):
                yield from (v for v in row if v)


def test_nik_and_names_are_nowhere_after_an_import(el, pituruh, upt_kesehatan, caplog):
    caplog.set_level(logging.DEBUG)
    anak = anak_contoh(DESA_PITURUH, 15, bulan=BULAN)
    anak[0]["ukur"][0]["tanggal"] = anak[0]["lahir"] - dt.timedelta(days=1)  # one refusal too
    isi = xlsx_dua_lembar(anak)
    with CaptureQueriesContext(connection) as sql:
        ditolak = impor_eppgbm(user=upt_kesehatan, kecamatan=pituruh, isi=isi, nama_berkas="a.xlsx")
        anak[0]["ukur"] = anak[0]["ukur"][1:]
        diterima = impor_eppgbm(
            user=upt_kesehatan, kecamatan=pituruh, isi=xlsx_dua_lembar(anak), nama_berkas="b.xlsx"
        )
    assert not ditolak.berhasil and diterima.berhasil, diterima.galat
    rahasia = {a["nik"] for a in anak} | {a["nik_ibu"] for a in anak} | {a["no_kk"] for a in anak}
    rahasia |= {a["nama"] for a in anak}
    teks_db = list(_semua_teks_db())
    assert teks_db  # the scan saw the tables
    assert not [t for t in teks_db if any(r in str(t) for r in rahasia)]
    semua_sql = " ".join(q["sql"] for q in sql.captured_queries)
    assert not [r for r in rahasia if r in semua_sql]
    assert not [r for r in rahasia if r in caplog.text]
    assert not [r for r in rahasia for g in ditolak.galat if r in str(g)]


def test_the_page_imports_for_the_health_upt_only(
    el, klien, upt_kesehatan, upt_pendidikan, camat_luar
):
    anak = anak_contoh(DESA_PITURUH, 10, bulan=BULAN)
    url = reverse("layanan_dasar:eppgbm", args=[PITURUH])

    def unggah(isi=None):
        return SimpleUploadedFile("e.xlsx", isi or xlsx_dua_lembar(anak))

    for luar in (upt_pendidikan, camat_luar):
        c = klien(luar)
        assert c.get(url).status_code == 404
        assert c.post(url, {"berkas": unggah()}).status_code == 404
    assert not NilaiData.objects.exists()
    c = klien(upt_kesehatan)
    assert c.get(url).status_code == 200
    r = c.post(url, {"berkas": unggah()})
    assert r.status_code == 200 and b"hasil-impor" in r.content
    assert NilaiData.objects.exists()
    anak[0]["ukur"][0]["tinggi"] = "tinggi"
    r = c.post(url, {"berkas": unggah(xlsx_dua_lembar(anak))})
    assert r.status_code == 400 and b"galat-impor" in r.content


def test_the_command_imports_a_file(el, tmp_path, django_user_model):
    django_user_model.objects.create_superuser("admin", password="x")
    path = tmp_path / "e.xlsx"
    anak = anak_contoh(DESA_PITURUH, 10, bulan=BULAN)
    path.write_bytes(xlsx_bulanan(anak, tahun=TAHUN))
    call_command("impor_eppgbm", str(path), "--kecamatan", PITURUH, "--desa", DESA_PITURUH)
    assert NilaiData.objects.filter(desa_id=DESA_PITURUH).count() == 3 * 2
    with pytest.raises(CommandError, match="desa tidak diketahui"):
        call_command("impor_eppgbm", str(path), "--kecamatan", PITURUH)
