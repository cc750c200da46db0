"""The desa profile for coaching: one printable sheet per village joining what the kecamatan
knows of it; also every village of the kecamatan in one PDF."""

import pytest
from django.urls import reverse

from tests.conftest import ARTEFAK, DESA_KEMIRI, PITURUH
from tests.pelaporan.conftest import DESA_A, DESA_B, DESA_C

pytestmark = pytest.mark.django_db


@pytest.fixture
def profil_a(data_buatan, tw1):
    from pelaporan.selectors import profil_desa
    from wilayah.models import Kecamatan

    hasil = profil_desa(Kecamatan.objects.get(kode=PITURUH), tw1, desa_kode=DESA_A)
    assert len(hasil["desa"]) == 1
    return hasil["desa"][0]


def test_indicators_below_target_with_their_trend(profil_a, tw1):
    bawah = {i["kode"]: i for i in profil_a["indikator_bawah"]}
    # ibu hamil (100) is met and air minum has no target: neither is listed.
    assert list(bawah) == ["uji-paud", "uji-stunting"]
    paud = bawah["uji-paud"]
    assert (paud["nilai"], paud["target"], paud["kekurangan"]) == (50.0, 100.0, 50.0)
    assert paud["tren"] == [40.0, None, 45.0, 50.0]  # a missing quarter stays missing
    assert (paud["perubahan"], paud["arah_perubahan"]) == (5.0, "membaik")
    stunting = bawah["uji-stunting"]  # lower is better: 30 against 14
    assert (stunting["kekurangan"], stunting["perubahan"]) == (16.0, None)
    assert profil_a["indikator_tanpa_data"] == 0


def test_village_data_completeness(profil_a):
    kel = {k["sektor"]: k for k in profil_a["kelengkapan"]}
    # PAUD reported in January (1 of 1 indicator × 3 months); ibu hamil in February (1 of
    # 2 health indicators × 3 months); nothing for PU; sosial has no indicator (unknown).
    assert (kel["pendidikan"]["lapor"], kel["pendidikan"]["diharapkan"]) == (1, 3)
    assert kel["pendidikan"]["persen"] == 33.33
    assert (kel["kesehatan"]["lapor"], kel["kesehatan"]["diharapkan"]) == (1, 6)
    assert kel["pu"]["persen"] == 0.0 and kel["sosial"]["persen"] is None
    assert profil_a["kelengkapan_total"] == 16.67


def test_current_plan_lines_and_budget_against_the_gaps(profil_a, hari_laporan):
    r = profil_a["rencana"]
    assert (r["ada"], r["jenis"], r["tahun"], r["status"]) == (True, "APB Desa", 2025, "disetujui")
    assert (r["total"], r["layanan_dasar"], r["persen_layanan_dasar"]) == (
        130_000_000,
        30_000_000,
        23.08,
    )
    k = {g["nama"]: g for g in r["kesenjangan"]}
    assert k["Uji PAUD"]["ditangani"] and k["Uji PAUD"]["anggaran"] == 30_000_000
    assert [b["kode"] for b in k["Uji PAUD"]["baris"]] == ["2.1.01"]
    assert not k["Uji stunting"]["ditangani"]  # nothing in the plan addresses it
    assert r["kesenjangan"][0]["nama"] == "Uji stunting"  # unaddressed gaps first
    assert r["belum_ditangani"] == 1


def test_review_status_of_a_plan_waiting_past_its_due_date(data_buatan, tw1, hari_laporan):
    from pelaporan.selectors import profil_desa
    from wilayah.models import Kecamatan

    [b] = profil_desa(Kecamatan.objects.get(kode=PITURUH), tw1, desa_kode=DESA_B)["desa"]
    r = b["rencana"]
    assert (r["status"], r["putaran"], r["terlambat"]) == ("diajukan", 2, True)
    assert str(r["tenggat"]) == "2025-03-03"


def test_open_and_overdue_complaints_and_community_ratings(profil_a, hari_laporan):
    a = profil_a["pengaduan"]
    assert (a["terbuka"], a["terlambat"]) == (3, 2)
    assert [(x["sektor"], x["terlambat"]) for x in a["daftar"]] == [
        ("Kesehatan", True),  # December, never verified
        ("Pendidikan", True),  # dispatched, no answer by 7 Feb
        ("Pekerjaan Umum", False),
    ]
    n = {s["sektor"]: s for s in profil_a["penilaian"]["per_sektor"]}
    assert (n["kesehatan"]["n"], n["kesehatan"]["rata"]) == (3, 4.0)
    assert n["kesehatan"]["sebaran"] == [0, 0, 1, 1, 1]
    assert (n["pendidikan"]["n"], n["pendidikan"]["rata"]) == (1, 2.0)
    assert (n["pu"]["n"], n["pu"]["rata"]) == (0, None)


def test_desa_profile_page_shows_each_part(data_buatan, camat, klien, hari_laporan):
    r = klien(camat).get(reverse("pelaporan:profil_desa", args=[DESA_A]), {"tw": "2025-1"})
    assert r.status_code == 200
    html = r.content.decode()
    for bagian in ("indikator", "rencana", "pengaduan", "penilaian", "kelengkapan"):
        assert f'data-bagian="{bagian}"' in html
    assert "Kendalrejo" in html and "Uji PAUD" in html and "TW I 2025" in html
    assert "Insentif guru PAUD" in html and "belum ditangani rencana" in html
    assert "ADU-" in html and "Belum tersedia" not in html


def test_desa_profile_pdf(data_buatan, camat, klien):
    r = klien(camat).get(
        reverse("pelaporan:profil_desa", args=[DESA_A]), {"tw": "2025-1", "format": "pdf"}
    )
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    (ARTEFAK / "profil-desa.pdf").write_bytes(r.content)


def test_kecamatan_profile_lists_every_village_in_constant_queries(
    data_buatan, camat, klien, django_assert_max_num_queries
):
    c = klien(camat)
    url = reverse("pelaporan:profil_kecamatan", args=[PITURUH])
    # session, user, penugasan, kecamatan, breadcrumbs, navbar assignment; the profile: villages,
    # indicators, quarterly rows, monthly completeness, plans, lines, line-indicator links,
    # sector mapping, code ↔ indicator mapping, open complaints, ratings, sample-data flag
    # (12); the aggregates' status (latest run, pending marks).
    with django_assert_max_num_queries(20):
        r = c.get(url, {"tw": "2025-1"})
    assert len(r.context["daftar"]) == 49
    assert r.content.decode().count('data-bagian="kelengkapan"') == 49
    sheet_c = next(p for p in r.context["daftar"] if p["desa"]["kode"] == DESA_C)
    assert sheet_c["indikator_bawah"] == []


def test_kecamatan_profile_pdf_is_a_job(
    buat_pengguna, klien, media_sementara, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from pypdf import PdfReader

    from pelaporan.models import PekerjaanEkspor

    # Magelang Selatan: six kelurahan, so one sheet each stays quick to render.
    camat = buat_pengguna("camat", "33.71.01")
    c = klien(camat)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(reverse("pelaporan:profil_kecamatan", args=["33.71.01"]), {"tw": "2025-1"})
    p = PekerjaanEkspor.objects.get()
    assert r.url == reverse("pelaporan:pekerjaan_detail", args=[p.pk])
    assert (p.status, p.selesai, p.total) == ("selesai", 6, 6)
    r = c.get(reverse("pelaporan:pekerjaan_unduh", args=[p.pk]))
    arsip = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    [nama] = arsip.namelist()
    assert nama.startswith("profil-desa-33.71.01") and nama.endswith(".pdf")
    halaman = PdfReader(io.BytesIO(arsip.read(nama))).pages
    assert len(halaman) == 6  # one sheet per village, in code order
    assert "Rejowinangun Selatan" in halaman[0].extract_text()
    assert "Tidar Selatan" in halaman[-1].extract_text()


def test_outsiders_and_sector_staff_get_404(
    data_buatan, camat_luar, upt_kesehatan, operator_desa, klien
):
    url = reverse("pelaporan:profil_desa", args=[DESA_A])
    for user in (camat_luar, upt_kesehatan):
        assert klien(user).get(url).status_code == 404
    luar = klien(camat_luar)
    assert luar.get(reverse("pelaporan:profil_desa", args=[DESA_KEMIRI])).status_code == 200
    # The village's own operator may read its sheet, not its neighbour's.
    assert klien(operator_desa).get(url).status_code == 200
    c = klien(operator_desa)
    assert c.get(reverse("pelaporan:profil_desa", args=[DESA_C])).status_code == 404
    r = klien(camat_luar).post(reverse("pelaporan:profil_kecamatan", args=[PITURUH]))
    assert r.status_code == 404


def test_profile_pages_say_how_current_the_indicators_are(
    data_buatan, camat, klien, hari_laporan, status_agregat_uji
):
    import datetime as dt

    status_agregat_uji(dt.datetime(2025, 6, 1, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_A])
    c = klien(camat)
    html = c.get(reverse("pelaporan:profil_desa", args=[DESA_A]), {"tw": "2025-1"}).content
    assert "Data per 1 Jun 2025 10.00" in html.decode()
    assert 'data-testid="agregat-tertunda"' in html.decode()
    html = c.get(reverse("pelaporan:profil_kecamatan", args=[PITURUH]), {"tw": "2025-1"}).content
    assert "Pembaruan tertunda: 1 desa-bulan" in html.decode()
