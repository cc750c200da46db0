"""Completeness (villages reported ÷ expected) and timeliness on a hand-made case."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from layanan_dasar.selectors import Ketepatan, kelengkapan_kecamatan
from layanan_dasar.services import nilai_simpan, pengajuan_ubah_status
from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)
A, B, C, D = (f"33.06.11.20{i:02d}" for i in (1, 2, 3, 4))


@pytest.fixture
def kasus(upt_kesehatan, upt_pendidikan, pituruh, el):
    """Kesehatan January: villages A, B, C report, D gives only its annual target (not a
    report); submitted 9 February (on time). February: A and B, submitted 11 March (late).
    March: A only, never submitted. Pendidikan January: one village, never submitted."""

    def simpan(user, sektor, nilai):
        nilai_simpan(user=user, kecamatan=pituruh, sektor=sektor, perubahan=nilai, sumber="grid")

    layanan, sasaran = el("kes-bumil-layanan").id, el("kes-sasaran-bumil").id
    with time_machine.travel(dt.datetime(2025, 2, 9, 20, tzinfo=WIB), tick=False):
        simpan(
            upt_kesehatan,
            "kesehatan",
            {
                (A, layanan, JAN): 1,
                (B, layanan, JAN): 2,
                (C, layanan, JAN): 0,
                (D, sasaran, JAN): 30,
            },
        )
        pengajuan_ubah_status(
            user=upt_kesehatan, kecamatan=pituruh, sektor="kesehatan", bulan=JAN, aksi="ajukan"
        )
        simpan(upt_pendidikan, "pendidikan", {(A, el("pdd-paud-5-6").id, JAN): 12})
    with time_machine.travel(dt.datetime(2025, 3, 11, 8, tzinfo=WIB), tick=False):
        simpan(upt_kesehatan, "kesehatan", {(A, layanan, FEB): 1, (B, layanan, FEB): 1})
        pengajuan_ubah_status(
            user=upt_kesehatan, kecamatan=pituruh, sektor="kesehatan", bulan=FEB, aksi="ajukan"
        )
    with time_machine.travel(dt.datetime(2025, 4, 2, 8, tzinfo=WIB), tick=False):
        simpan(upt_kesehatan, "kesehatan", {(A, layanan, MAR): 1})


def test_completeness_and_timeliness_per_sector_and_month(kasus, camat, pituruh):
    with time_machine.travel(dt.datetime(2025, 4, 20, 9, tzinfo=WIB), tick=False):
        bulan, baris = kelengkapan_kecamatan(kecamatan=pituruh, tahun=2025, user=camat)
    assert bulan == [JAN, FEB, MAR, dt.date(2025, 4, 1)]
    per_sektor = {r.sektor.value: r for r in baris}
    assert list(per_sektor) == ["pendidikan", "kesehatan", "pu", "sosial"]
    kes = per_sektor["kesehatan"]
    assert [(s.lapor, s.diharapkan) for s in kes.sel] == [(3, 49), (2, 49), (1, 49), (0, 49)]
    assert [s.ketepatan for s in kes.sel] == [
        Ketepatan.TEPAT,
        Ketepatan.TERLAMBAT,
        Ketepatan.BELUM_TERLAMBAT,  # due 10 April, not submitted
        Ketepatan.BELUM_JATUH_TEMPO,  # due 10 May
    ]
    # The year's figure is a ratio of sums: 5 of 196 village-months, not a mean of percentages;
    # March's village is still a draft (never submitted), counted apart, not as data.
    assert kes.total_lapor == 5 and kes.total_diharapkan == 196
    assert kes.sel[2].draf and kes.sel[2].persen == 0 and kes.total_draf == 1
    assert (kes.tepat_waktu, kes.jatuh_tempo) == (1, 3)
    pdd = per_sektor["pendidikan"]
    assert pdd.sel[0].lapor == 1 and pdd.sel[0].ketepatan == Ketepatan.BELUM_TERLAMBAT


def test_the_page_shows_only_the_users_sectors_with_constant_queries(
    kasus, klien, upt_kesehatan, camat, django_assert_max_num_queries
):
    url = reverse("layanan_dasar:kelengkapan", args=[PITURUH]) + "?tahun=2025"
    with time_machine.travel(dt.datetime(2025, 4, 20, 9, tzinfo=WIB), tick=False):
        client = klien(upt_kesehatan)
        client.get(url)
        # session, user, penugasan, kecamatan, submissions, village count, sample-data check,
        # breadcrumbs, and the year-over-target check (indicators, yearly sums, targets, the
        # names of the villages found): no query per village, month or sector.
        with django_assert_max_num_queries(14):
            resp = client.get(url)
        assert resp.status_code == 200
        assert [r.sektor.value for r in resp.context["baris"]] == ["kesehatan"]
        assert "3/49" in resp.text and "tepat waktu" in resp.text
        assert '<option value="2025" selected>2025</option>' in resp.text
        assert len(klien(camat).get(url).context["baris"]) == 4
