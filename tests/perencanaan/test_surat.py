"""The review letter: a PDF that carries the decision, the reasons and the gaps."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from perencanaan import services
from tests.conftest import DESA_PITURUH

from .conftest import baris

pytestmark = pytest.mark.django_db


def _teks(pdf):
    halaman = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text(extraction_mode="layout").split()) for p in halaman)


@pytest.fixture
def ditinjau(buat_rencana, operator_desa, camat, buat_indikator, agregat):
    air = buat_indikator("pu", nama="Air minum layak")
    agregat(DESA_PITURUH, air, 2024, "60")
    rencana = buat_rencana(
        operator_desa, [baris("1.2.03", 50_000_000, nama="Rehabilitasi kantor desa")]
    )
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    return services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)


def test_the_letter_of_a_return_lists_the_decision_reasons_and_gaps(ditinjau, camat, klien):
    jalan = ditinjau.baris.get()
    services.rencana_kembalikan(
        rencana=ditinjau,
        oleh=camat,
        catatan="Utamakan air minum.",
        catatan_baris={jalan.id: "Alihkan ke pipanisasi."},
    )
    r = klien(camat).get(reverse("perencanaan:surat", args=[ditinjau.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    teks = _teks(r.content)
    assert "KEPUTUSAN: PERLU REVISI" in teks
    assert "Alihkan ke pipanisasi." in teks
    assert "Utamakan air minum." in teks
    assert "Air minum layak" in teks
    assert "Belum ditangani" in teks
    assert "Kendalrejo" in teks
    assert "Dicetak dari Dashboard Kecamatan" in teks


def test_the_letter_of_an_approval_says_so(ditinjau, camat, operator_desa, camat_luar, klien):
    services.rencana_setujui(rencana=ditinjau, oleh=camat)
    r = klien(camat).get(reverse("perencanaan:surat", args=[ditinjau.pk]))
    teks = _teks(r.content)
    assert "KEPUTUSAN: DISETUJUI" in teks
    assert "Rp 50.000.000" in teks
    # The village reads its letter; the neighbouring camat does not see it.
    assert (
        klien(operator_desa).get(reverse("perencanaan:surat", args=[ditinjau.pk])).status_code
        == 200
    )
    assert (
        klien(camat_luar).get(reverse("perencanaan:surat", args=[ditinjau.pk])).status_code == 404
    )


def test_no_letter_before_a_decision(ditinjau, camat, klien):
    r = klien(camat).get(reverse("perencanaan:surat", args=[ditinjau.pk]))
    assert r.status_code == 302
