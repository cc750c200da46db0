"""A year's services above the year's target population is a data-quality warning (DESIGN §5):
the save goes through, the UPT is told, and the completeness page lists it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from layanan_dasar.models import NilaiData
from layanan_dasar.services import nilai_simpan
from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
JAN, FEB = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
A, B = "33.06.11.2001", "33.06.11.2002"


def test_a_year_of_services_above_the_target_is_stored_with_a_warning(
    upt_kesehatan, pituruh, el, klien
):
    layanan, sasaran = el("kes-bumil-layanan").id, el("kes-sasaran-bumil").id
    with time_machine.travel(dt.datetime(2025, 3, 5, 9, tzinfo=WIB), tick=False):
        hasil = nilai_simpan(
            user=upt_kesehatan,
            kecamatan=pituruh,
            sektor="kesehatan",
            perubahan={(A, sasaran, JAN): 20, (A, layanan, JAN): 12, (B, sasaran, JAN): 30},
            sumber="grid",
        )
        assert hasil.sasaran_terlampaui == []
        # February's 10 more make 22 services for a target of 20 pregnant women.
        hasil = nilai_simpan(
            user=upt_kesehatan,
            kecamatan=pituruh,
            sektor="kesehatan",
            perubahan={(A, layanan, FEB): 10, (B, layanan, FEB): 5},
            sumber="grid",
        )
        assert NilaiData.objects.filter(desa_id=A, elemen_id=layanan).count() == 2  # stored
        [r] = hasil.sasaran_terlampaui
        assert (r["desa_kode"], r["jumlah"], r["sasaran"]) == (A, 22, 20)
        assert r["indikator_kode"] == "spm-kes-bumil"

        resp = klien(upt_kesehatan).get(
            reverse("layanan_dasar:kelengkapan", args=[PITURUH]) + "?tahun=2025"
        )
        daftar = resp.context["sasaran_terlampaui"]
        assert [(r["desa_kode"], r["jumlah"], r["sasaran"]) for r in daftar] == [(A, 22, 20)]
        assert "melebihi sasaran tahunan" in resp.text


def test_the_list_keeps_to_the_users_sectors(upt_pendidikan, upt_kesehatan, pituruh, el, klien):
    layanan, sasaran = el("kes-bumil-layanan").id, el("kes-sasaran-bumil").id
    with time_machine.travel(dt.datetime(2025, 3, 5, 9, tzinfo=WIB), tick=False):
        nilai_simpan(
            user=upt_kesehatan,
            kecamatan=pituruh,
            sektor="kesehatan",
            perubahan={(A, sasaran, JAN): 5, (A, layanan, JAN): 5, (A, layanan, FEB): 1},
            sumber="grid",
        )
        resp = klien(upt_pendidikan).get(
            reverse("layanan_dasar:kelengkapan", args=[PITURUH]) + "?tahun=2025"
        )
    assert resp.context["sasaran_terlampaui"] == []
