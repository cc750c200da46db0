"""RKP Desa ⟷ APB Desa on a hand-made pair: what is budgeted but not planned, planned but left
out, and budgeted far from its planned cost — on the review page, in the letter and in the
kecamatan overview."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from perencanaan import selectors, services
from perencanaan.kesesuaian import BarisBanding, cek_rkp_apb
from perencanaan.models import Rencana
from tests.conftest import DESA_PITURUH, PITURUH
from tests.csv_excel import baca_csv

from .conftest import baris

pytestmark = pytest.mark.django_db


@pytest.fixture
def pasangan(buat_rencana, operator_desa):
    """RKP: posyandu 36 jt, jalan 100 jt, MCK 60 jt. APB: posyandu 20 + 16 jt (two sources),
    jalan 130 jt (+30 %), bibit 50 jt (not in the RKP)."""
    rkp = buat_rencana(
        operator_desa,
        [
            baris("2.2.02", 36_000_000, nama="Posyandu"),
            baris("2.3.10", 100_000_000, nama="Pengerasan jalan"),
            baris("2.4.14", 60_000_000, nama="MCK umum"),
        ],
        jenis=Rencana.Jenis.RKP,
    )
    apb = buat_rencana(
        operator_desa,
        [
            baris("2.2.02", 20_000_000, nama="Posyandu"),
            baris("2.2.02", 16_000_000, sumber="ADD", nama="posyandu "),
            baris("2.3.10", 130_000_000, nama="Pengerasan Jalan"),
            baris("4.2.01", 50_000_000, nama="Bibit"),
        ],
    )
    return rkp, apb


def test_the_check_lists_each_finding_with_its_amounts(pasangan, settings):
    settings.PERENCANAAN_SELISIH_RKP_APB_PERSEN = 20
    rkp, apb = pasangan
    hasil = selectors.kesesuaian_rencana(apb)
    assert hasil.dapat_dicek
    assert [(t.kode, t.pagu_apb) for t in hasil.tidak_di_rkp] == [("4.2.01", 50_000_000)]
    assert [(t.kode, t.biaya_rkp) for t in hasil.tidak_dianggarkan] == [("2.4.14", 60_000_000)]
    [jalan] = hasil.selisih_besar
    assert (jalan.kode, jalan.biaya_rkp, jalan.pagu_apb) == ("2.3.10", 100_000_000, 130_000_000)
    assert jalan.selisih == 30_000_000 and str(jalan.persen) == "30.0"
    assert hasil.sesuai == 1  # posyandu: 20 + 16 jt = 36 jt
    assert hasil.jumlah_temuan == 3
    # The same result seen from the RKP Desa.
    assert selectors.kesesuaian_rencana(rkp).jumlah_temuan == 3


def test_the_threshold_is_a_setting(pasangan, settings):
    settings.PERENCANAAN_SELISIH_RKP_APB_PERSEN = 30
    assert selectors.kesesuaian_rencana(pasangan[1]).selisih_besar == []
    settings.PERENCANAAN_SELISIH_RKP_APB_PERSEN = 29
    assert len(selectors.kesesuaian_rencana(pasangan[1]).selisih_besar) == 1


def test_siskeudes_keys_win_over_names():
    rkp = [BarisBanding("2.3.10", "Jalan RT 1", 100, "11.2001.02.03.10.")]
    apb = [BarisBanding("2.3.10", "Pengerasan jalan dusun", 100, "11.2001.02.03.10.")]
    assert cek_rkp_apb(rkp, apb, batas=20).jumlah_temuan == 0
    assert cek_rkp_apb(rkp, [], batas=20).tidak_dianggarkan[0].biaya_rkp == 100
    # Nothing planned but something budgeted is a large difference whatever the threshold.
    assert (
        len(
            cek_rkp_apb(
                [BarisBanding("1.1.01", "A", 0)], [BarisBanding("1.1.01", "A", 5)], batas=1000
            ).selisih_besar
        )
        == 1
    )


def test_without_an_rkp_desa_the_page_says_it_cannot_check(buat_rencana, operator_desa, klien):
    apb = buat_rencana(operator_desa, [baris("2.2.02", 1_000_000)])
    assert not selectors.kesesuaian_rencana(apb).dapat_dicek
    r = klien(operator_desa).get(reverse("perencanaan:rencana", args=[apb.pk]))
    assert b'data-testid="kesesuaian-tidak-dapat"' in r.content


def _teks(pdf):
    return " ".join(
        " ".join(p.extract_text(extraction_mode="layout").split())
        for p in PdfReader(io.BytesIO(pdf)).pages
    )


def test_review_page_letter_and_overview_show_the_findings(
    pasangan, operator_desa, camat, camat_luar, klien
):
    _rkp, apb = pasangan
    services.rencana_ajukan(rencana=apb, oleh=operator_desa)
    services.rencana_mulai_tinjau(rencana=apb, oleh=camat)
    c = klien(camat)
    r = c.get(reverse("perencanaan:tinjau", args=[apb.pk]))
    html = r.content.decode()
    assert 'id="tabel-kesesuaian"' in html
    assert html.count('data-temuan="tidak_di_rkp"') == 1
    assert html.count('data-temuan="tidak_dianggarkan"') == 1
    assert html.count('data-temuan="selisih"') == 1
    assert "Rp 130.000.000" in html and "Rp 30.000.000" in html

    services.rencana_setujui(rencana=apb, oleh=camat)
    teks = _teks(c.get(reverse("perencanaan:surat", args=[apb.pk])).content)
    bagian = teks[teks.find("Kesesuaian RKP Desa dan APB Desa") :]
    # Table cells wrap in the PDF's text layer: check the amounts beside each activity.
    assert "4.2.01 Bibit — Rp 50.000.000" in bagian
    assert "2.4.14 MCK Rp 60.000.000" in bagian
    assert "Rp 100.000.000 Rp 130.000.000 Rp 30.000.000 (30,0%)" in bagian

    r = c.get(reverse("perencanaan:rekap", args=[PITURUH]), {"tahun": 2025, "ekspor": "csv"})
    baris_csv = baca_csv(r)
    assert "Ketidaksesuaian RKP ⟷ APB" in baris_csv[0]
    kendalrejo = next(b for b in baris_csv if b[0] == DESA_PITURUH)
    assert kendalrejo[-1] == "3"
    # The neighbouring camat sees neither the plan nor its check.
    assert klien(camat_luar).get(reverse("perencanaan:tinjau", args=[apb.pk])).status_code == 404
