"""The quarterly P3PD 1D report: every figure against the hand-made kecamatan (conftest), the
exports, sign-off freezing, and who may read, write and sign."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import ARTEFAK, KEMIRI, PITURUH
from tests.pelaporan.conftest import DESA_A, DESA_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def pituruh():
    from wilayah.models import Kecamatan

    return Kecamatan.objects.select_related("kabupaten__provinsi").get(kode=PITURUH)


@pytest.fixture
def data(data_buatan, pituruh, tw1, hari_laporan):
    from pelaporan.selectors import laporan_data

    return laporan_data(pituruh, tw1)


def _sektor(daftar, sektor):
    return next(s for s in daftar if s["sektor"] == sektor)


def test_completeness_is_a_ratio_of_sums_per_sector_and_month(data):
    k = data["kelengkapan"]
    pend = _sektor(k["per_sektor"], "pendidikan")
    assert [(b["lapor"], b["diharapkan"]) for b in pend["bulan"]] == [(49, 49), (45, 49), (0, 49)]
    assert (pend["lapor"], pend["diharapkan"], pend["persen"]) == (94, 147, 63.95)
    kes = _sektor(k["per_sektor"], "kesehatan")
    assert (kes["lapor"], kes["diharapkan"], kes["persen"]) == (138, 147, 93.88)
    assert _sektor(k["per_sektor"], "pu")["persen"] == 0.0
    assert (k["lapor"], k["diharapkan"], k["persen"]) == (232, 588, 39.46)


def test_timeliness_counts_submissions_before_the_due_day(data):
    t = data["ketepatan"]
    pend = _sektor(t["per_sektor"], "pendidikan")
    assert (pend["diajukan"], pend["tepat_waktu"], pend["terlambat"], pend["belum"]) == (2, 1, 1, 1)
    assert pend["diverifikasi"] == 1
    assert [r["tepat_waktu"] for r in pend["rincian"]] == [True, False, None]
    kes = _sektor(t["per_sektor"], "kesehatan")
    # 23:30 on the 10th (local time) is still on time.
    assert (kes["diajukan"], kes["tepat_waktu"], kes["terlambat"], kes["belum"]) == (2, 2, 0, 1)
    assert (t["diharapkan"], t["diajukan"], t["tepat_waktu"], t["terlambat"], t["belum"]) == (
        12,
        4,
        3,
        1,
        8,
    )
    assert (t["diverifikasi"], t["persen_tepat"], t["batas_tanggal"]) == (2, 25.0, 10)


def test_indicator_achievement_and_change_against_previous_quarter(data):
    c = data["capaian"]
    ind = {i["kode"]: i for i in c["indikator"]}
    assert set(ind) == {"uji-paud", "uji-bumil", "uji-stunting", "uji-air"}
    paud = ind["uji-paud"]
    assert (paud["nilai"], paud["nilai_sebelumnya"], paud["perubahan"]) == (80.0, 75.0, 5.0)
    assert (paud["pembilang"], paud["penyebut"], paud["target"]) == (80, 100, 100.0)
    assert (paud["tercapai"], paud["arah_perubahan"]) == (False, "membaik")
    assert (ind["uji-bumil"]["tercapai"], ind["uji-bumil"]["arah_perubahan"]) == (True, "tetap")
    # Lower is better: 18 → 20 is worse, and 20 is above the target of 14.
    stunting = ind["uji-stunting"]
    assert (stunting["perubahan"], stunting["arah_perubahan"], stunting["tercapai"]) == (
        2.0,
        "memburuk",
        False,
    )
    air = ind["uji-air"]  # no target, no previous quarter: unknown, never zero
    assert (air["tercapai"], air["perubahan"], air["nilai_sebelumnya"]) == (None, None, None)
    assert (c["dengan_data"], c["tercapai"], c["belum_tercapai"]) == (4, 1, 2)
    assert (c["membaik"], c["memburuk"]) == (1, 1)


def test_priority_villages_are_furthest_below_target_by_sector(data):
    p = {s["sektor"]: s["desa"] for s in data["desa_prioritas"]}
    assert [(d["kode"], d["rerata_kekurangan"], d["n_bawah"]) for d in p["pendidikan"]] == [
        (DESA_A, 50.0, 1),
        (DESA_B, 10.0, 1),
    ]
    assert p["pendidikan"][0]["nama"] == "Kendalrejo"
    # Kesehatan: B misses ibu hamil by 30 (mean 15 over 2), A misses stunting by 16 (mean 8).
    assert [(d["kode"], d["rerata_kekurangan"]) for d in p["kesehatan"]] == [
        (DESA_B, 15.0),
        (DESA_A, 8.0),
    ]
    assert p["pu"] == [] and p["sosial"] == []


def test_team_trainings_meetings_and_monitoring_of_the_quarter(data):
    k = data["kegiatan"]
    assert k["tim"] == {
        "aktif": True,
        "nomor_sk": "001/2025",
        "tanggal_sk": "2025-01-10",
        "anggota": 2,
    }
    p = k["pelatihan"]
    assert (p["jumlah"], p["peserta"], p["modul_tercakup"]) == (2, 5, [1, 8])
    assert {r["peran"]: r["jumlah"] for r in p["per_peran"]} == {
        "camat": 1,
        "operator_kecamatan": 1,
        "upt_kesehatan": 1,
        "kepala_desa": 2,
    }
    r = k["rapat"]
    assert (r["jumlah"], r["kehadiran"]) == (2, 7)
    tl = r["tindak_lanjut"]
    assert (tl["total"], tl["selesai"], tl["terbuka"], tl["terlambat"], tl["batal"]) == (
        3,
        1,
        2,
        1,
        0,
    )
    assert [x["terlambat"] for x in tl["terbuka_daftar"]] == [True, False]
    assert (k["monev"]["direncanakan"], k["monev"]["terlaksana"]) == (2, 1)


def test_plans_reviewed_on_time_and_their_outcomes(data):
    p = data["perencanaan"]
    assert p["tersedia"] is True
    assert (p["diterima"], p["ditinjau"], p["disetujui"], p["dikembalikan"]) == (2, 2, 1, 1)
    assert (p["tepat_waktu"], p["terlambat"], p["persen_tepat"]) == (1, 1, 50.0)
    assert p["rata_hari_kerja"] == 18.5  # (10 + 27) / 2
    assert (p["menunggu"], p["menunggu_terlambat"]) == (1, 1)
    apb = next(j for j in p["per_jenis"] if j["jenis"] == "apb")
    assert (apb["ditinjau"], apb["disetujui"], apb["dikembalikan"]) == (2, 1, 1)


def test_complaints_received_resolved_overdue_and_response_times(data):
    a = data["pengaduan"]
    assert a["tersedia"] is True
    assert (a["total"], a["selesai"], a["ditolak"], a["terbuka"], a["terlambat"]) == (
        4,
        1,
        1,
        2,
        1,
    )
    assert (a["ditanggapi"], a["tepat_waktu"], a["persen_tepat"]) == (2, 2, 100.0)
    assert (a["rata_tanggapan"], a["rata_selesai"], a["persen_selesai"]) == (3.5, 10.0, 25.0)
    per = {s["sektor"]: s for s in a["per_sektor"]}
    assert (per["kesehatan"]["total"], per["pendidikan"]["terlambat"]) == (2, 1)


def test_report_figures_are_plain_json(data):
    import json

    assert json.loads(json.dumps(data)) == data


def test_report_query_count_does_not_grow_with_villages(
    data_buatan, pituruh, tw1, hari_laporan, django_assert_max_num_queries
):
    from pelaporan.selectors import laporan_data

    # villages; completeness (1); timeliness (1); indicators + kecamatan rows (2); priority
    # villages (1); plans: received, decisions, holidays, waiting (4); complaints: totals and
    # per sector (2); team, trainings, roles, meetings, follow-up aggregate + list, monev (7);
    # the sample-data flag (1); the aggregates' "data per" (1).
    with django_assert_max_num_queries(22):
        laporan_data(pituruh, tw1)


def test_report_page_shows_the_figures_to_the_camat(data_buatan, camat, klien, hari_laporan):
    r = klien(camat).get(reverse("pelaporan:laporan_detail", args=[PITURUH, "2025-1"]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "39,46%" in html and "25,00%" in html
    assert 'data-testid="perencanaan-tertunda"' not in html
    assert 'data-testid="rencana-ditinjau">2<' in html
    assert 'data-testid="aduan-total"><strong>4<' in html
    assert "Kendalrejo" in html
    assert r.context["form"] is not None and r.context["boleh_tandatangan"]


def test_report_page_query_count(
    data_buatan, camat, klien, hari_laporan, django_assert_max_num_queries
):
    c = klien(camat)
    url = reverse("pelaporan:laporan_detail", args=[PITURUH, "2025-1"])
    # session, user, penugasan, kecamatan, breadcrumbs, saved report, the report's 22, the
    # aggregates' status (2), the navbar's assignment.
    with django_assert_max_num_queries(32):
        assert c.get(url).status_code == 200


def test_xlsx_opens_and_holds_the_figures(data_buatan, camat, klien, hari_laporan):
    r = klien(camat).get(reverse("pelaporan:laporan_unduh", args=[PITURUH, "2025-1", "xlsx"]))
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert {"Ringkasan", "Kelengkapan", "Ketepatan waktu", "Capaian indikator"} <= set(
        wb.sheetnames
    )
    ringkasan = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True)}
    assert ringkasan["Kelengkapan data (%)"] == 39.46
    assert ringkasan["Pengajuan tepat waktu (%)"] == 25.0
    assert ringkasan["Indikator tercapai"] == 1
    assert ringkasan["Pelatihan"] == 2 and ringkasan["Rapat koordinasi"] == 2
    assert ringkasan["Rencana desa diputuskan"] == 2 and ringkasan["Pengaduan diterima"] == 4
    rencana = {r[0]: r[1] for r in wb["Perencanaan"].iter_rows(min_row=2, values_only=True)}
    assert rencana["Diputuskan tepat waktu"] == 1
    assert rencana["Rata-rata hari kerja sampai diputuskan"] == 18.5
    aduan = list(wb["Pengaduan"].iter_rows(min_row=2, values_only=True))
    assert aduan[-1] == ("Semua sektor", 4, 1, 1, 2, 1, 2, 2, 3.5, 10.0)
    kel = list(wb["Kelengkapan"].iter_rows(min_row=2, values_only=True))
    assert ("Semua sektor", "Triwulan", 232, 588, 39.46) in kel
    cap = {row[1]: row for row in wb["Capaian indikator"].iter_rows(min_row=2, values_only=True)}
    assert cap["uji-paud"][3:13] == (
        "triwulan ini",
        100,
        100,
        80,
        100,
        80,
        None,
        75,
        5,
        "Belum tercapai",
    )
    assert cap["uji-air"][4] is None and cap["uji-air"][10] is None  # missing stays empty
    prioritas = list(wb["Desa prioritas"].iter_rows(min_row=2, values_only=True))
    assert prioritas[0][2:4] == (DESA_A, "Kendalrejo")
    # Each sheet freezes its header rows only (title + header at most), never a block of data
    # above a later table on the same sheet.
    for ws in wb.worksheets:
        if ws.freeze_panes:
            baris_beku = int("".join(c for c in ws.freeze_panes if c.isdigit())) - 1
            assert baris_beku <= 3, (ws.title, ws.freeze_panes)


def test_pdf_renders(data_buatan, camat, klien, hari_laporan):
    r = klien(camat).get(reverse("pelaporan:laporan_unduh", args=[PITURUH, "2025-1", "pdf"]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 5000
    ARTEFAK.mkdir(parents=True, exist_ok=True)
    (ARTEFAK / "laporan-triwulan.pdf").write_bytes(r.content)  # for a person to look at
    from pypdf import PdfReader

    teks = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for angka in ("39,46%", "25,00%", "63,95%", "Kendalrejo", "DRAF"):
        assert angka in teks, angka


def test_camat_writes_narrative_and_signs_then_figures_are_frozen(
    data_buatan, camat, klien, hari_laporan, tw1
):
    from layanan_dasar.models import Pengajuan
    from pelaporan.models import LaporanTriwulan

    c = klien(camat)
    base = [PITURUH, "2025-1"]
    r = c.post(reverse("pelaporan:laporan_tandatangani", args=base))
    assert LaporanTriwulan.objects.filter(status="ditandatangani").count() == 0
    r = c.post(reverse("pelaporan:laporan_narasi", args=base), {"narasi": "Capaian PAUD naik."})
    assert r.status_code == 302
    r = c.post(reverse("pelaporan:laporan_tandatangani", args=base))
    lap = LaporanTriwulan.objects.get(kecamatan_id=PITURUH, periode=tw1.mulai)
    assert lap.status == "ditandatangani" and lap.ditandatangani_oleh == camat
    assert lap.data_beku["kelengkapan"]["persen"] == 39.46

    # Later data changes do not alter the signed report, in the page or the exports.
    Pengajuan.objects.create(
        kecamatan_id=PITURUH,
        sektor="pu",
        bulan=dt.date(2025, 1, 1),
        desa_lapor=49,
        desa_diharapkan=49,
    )
    r = c.get(reverse("pelaporan:laporan_detail", args=base))
    assert r.context["data"]["kelengkapan"]["persen"] == 39.46
    assert r.context["form"] is None
    wb = load_workbook(
        io.BytesIO(c.get(reverse("pelaporan:laporan_unduh", args=[*base, "xlsx"])).content)
    )
    ringkasan = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True)}
    assert ringkasan["Kelengkapan data (%)"] == 39.46
    assert "Ditandatangani" in ringkasan["Status"]

    # ...and neither narrative nor signature can change any more.
    c.post(reverse("pelaporan:laporan_narasi", args=base), {"narasi": "diubah"})
    lap.refresh_from_db()
    assert lap.narasi == "Capaian PAUD naik."


def test_report_of_an_unfinished_quarter_cannot_be_signed(data_buatan, camat, klien, hari_laporan):
    from pelaporan.models import LaporanTriwulan

    c = klien(camat)
    args = [PITURUH, "2025-2"]
    c.post(reverse("pelaporan:laporan_narasi", args=args), {"narasi": "Belum selesai"})
    r = c.post(reverse("pelaporan:laporan_tandatangani", args=args), follow=True)
    assert "setelah triwulan berakhir" in r.content.decode()
    assert not LaporanTriwulan.objects.filter(status="ditandatangani").exists()


def test_sekcam_writes_narrative_but_only_the_camat_signs(
    data_buatan, buat_pengguna, klien, hari_laporan
):
    from pelaporan.models import LaporanTriwulan

    sekcam = buat_pengguna("sekcam", PITURUH)
    c = klien(sekcam)
    args = [PITURUH, "2025-1"]
    c.post(reverse("pelaporan:laporan_narasi", args=args), {"narasi": "Draf sekcam"})
    c.post(reverse("pelaporan:laporan_tandatangani", args=args))
    lap = LaporanTriwulan.objects.get(kecamatan_id=PITURUH)
    assert (lap.narasi, lap.status) == ("Draf sekcam", "draf")


def test_outsiders_sector_staff_and_sekber_writes_are_refused(
    data_buatan, camat_luar, upt_kesehatan, operator_desa, sekber_kabupaten, klien, hari_laporan
):
    from pelaporan.models import LaporanTriwulan

    detail = reverse("pelaporan:laporan_detail", args=[PITURUH, "2025-1"])
    narasi = reverse("pelaporan:laporan_narasi", args=[PITURUH, "2025-1"])
    unduh = reverse("pelaporan:laporan_unduh", args=[PITURUH, "2025-1", "xlsx"])
    for user in (camat_luar, upt_kesehatan, operator_desa):
        c = klien(user)
        assert c.get(detail).status_code == 404
        assert c.get(unduh).status_code == 404
        assert c.post(narasi, {"narasi": "x"}).status_code == 404
    c = klien(sekber_kabupaten)
    r = c.get(detail)
    assert r.status_code == 200 and r.context["form"] is None  # reads, cannot write
    assert c.post(narasi, {"narasi": "x"}).status_code == 404
    assert not LaporanTriwulan.objects.exists()
    assert (
        klien(camat_luar)
        .get(reverse("pelaporan:laporan_detail", args=[KEMIRI, "2025-1"]))
        .status_code
        == 200
    )


def test_bad_quarter_in_url_is_404(camat, klien):
    assert klien(camat).get(f"/pelaporan/kecamatan/{PITURUH}/laporan/2025-5/").status_code == 404


def test_sample_data_is_flagged_in_the_report(data_buatan, camat, klien, hari_laporan):
    from layanan_dasar.models import DataContoh

    c = klien(camat)
    url = reverse("pelaporan:laporan_detail", args=[PITURUH, "2025-1"])
    assert 'data-testid="data-contoh"' not in c.get(url).content.decode()
    DataContoh.objects.create(
        wilayah_kode="33.06", bulan_awal=dt.date(2024, 1, 1), bulan_akhir=dt.date(2025, 3, 1)
    )
    r = c.get(url)
    assert r.context["data"]["data_contoh"] is True
    assert 'data-testid="data-contoh"' in r.content.decode()


def test_draft_shows_pending_aggregates_and_a_signed_report_its_frozen_data_per(
    data_buatan, camat, klien, hari_laporan, status_agregat_uji
):
    status_agregat_uji(dt.datetime(2025, 4, 2, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_A])
    c = klien(camat)
    base = [PITURUH, "2025-1"]
    html = c.get(reverse("pelaporan:laporan_detail", args=base)).content.decode()
    assert "Data per 2 Apr 2025 10.00" in html
    assert 'data-testid="agregat-tertunda"' in html
    c.post(reverse("pelaporan:laporan_narasi", args=base), {"narasi": "Siap."})
    c.post(reverse("pelaporan:laporan_tandatangani", args=base))

    # A later rebuild and more pending work do not change what the signed report says.
    status_agregat_uji(dt.datetime(2025, 5, 1, 3, 0, tzinfo=dt.UTC), tertunda=[DESA_B])
    r = c.get(reverse("pelaporan:laporan_detail", args=base))
    assert r.context["data"]["agregat_per"].startswith("2025-04-02T10:00")
    html = r.content.decode()
    assert "Data per 2 Apr 2025 10.00" in html and "1 Mei 2025" not in html
    assert 'data-testid="agregat-tertunda"' not in html
    wb = load_workbook(
        io.BytesIO(c.get(reverse("pelaporan:laporan_unduh", args=[*base, "xlsx"])).content)
    )
    ringkasan = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(min_row=4, values_only=True)}
    assert ringkasan["Agregat indikator per"] == dt.datetime(2025, 4, 2, 10, 0)


def test_an_apb_that_took_effect_undecided_is_counted_apart(
    data_buatan, pituruh, tw1, hari_laporan
):
    import time_machine

    from pelaporan.selectors import laporan_data
    from perencanaan.services import rencana_berlaku_otomatis

    # Desa B's resubmission was due 3 March 2025 and the kecamatan never decided.
    with time_machine.travel("2025-03-04 00:20 +07:00", tick=False):
        assert rencana_berlaku_otomatis() == 1
    p = laporan_data(pituruh, tw1)["perencanaan"]
    assert p["berlaku"] == 1
    assert (p["ditinjau"], p["disetujui"], p["dikembalikan"]) == (2, 1, 1)  # not a decision
    assert (p["menunggu"], p["menunggu_terlambat"]) == (0, 0)


def test_the_report_chart_keeps_two_indicators_whose_short_names_coincide_apart():
    from pelaporan.views.laporan import _grafik_capaian

    nama = "Pelayanan kesehatan pada usia pendidikan dasar dan sekolah "  # > 50 characters
    data = {
        "triwulan": {"label": "Triwulan I 2025", "sebelumnya": "Triwulan IV 2024"},
        "capaian": {
            "indikator": [
                {
                    "kode": "a",
                    "nama": nama + "A",
                    "nilai": 60.0,
                    "nilai_sebelumnya": 50.0,
                    "target": 25.0,
                },
                {
                    "kode": "b",
                    "nama": nama + "B",
                    "nilai": 52.7,
                    "nilai_sebelumnya": 40.0,
                    "target": 25.0,
                },
            ]
        },
    }
    fig = _grafik_capaian(data).to_plotly_json()
    ini = fig["data"][1]
    # Two bars of their own (60 and 52,7), never one stacked 112,7 % bar under one label.
    assert list(ini["y"]) == ["a", "b"] and list(ini["x"]) == [60.0, 52.7]
    assert list(fig["layout"]["yaxis"]["ticktext"]) == [nama[:50], nama[:50]]
