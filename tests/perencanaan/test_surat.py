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


def test_a_long_letter_never_splits_a_row_and_keeps_the_signature_with_the_closing(
    buat_rencana, operator_desa, camat, klien
):
    """Sixty lines returned, each with a reason long enough to wrap over several lines: every
    row's first and last words land on the same page, the table header repeats, and the
    closing sentence and the signer's name share the last page."""
    kode = [f"2.2.{i:02d}" for i in range(1, 10)] + ["1.2.01", "1.2.02", "1.2.03"]
    lines = [baris(kode[i % len(kode)], 1_000_000, nama=f"Kegiatan nomor {i}") for i in range(60)]
    rencana = buat_rencana(operator_desa, lines)
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    rencana = services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    alasan = {
        b.id: f"awal{b.id}x "
        + "perlu dirinci lagi volume dan satuan biayanya " * 4
        + f"akhir{b.id}x"
        for b in rencana.baris.all()
    }
    services.rencana_kembalikan(rencana=rencana, oleh=camat, catatan="", catatan_baris=alasan)
    r = klien(camat).get(reverse("perencanaan:surat", args=[rencana.pk]))
    halaman = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(r.content)).pages]
    assert len(halaman) >= 3  # long enough that rows meet page ends
    for i in alasan:
        awal = [n for n, t in enumerate(halaman) if f"awal{i}x" in t]
        akhir = [n for n, t in enumerate(halaman) if f"akhir{i}x" in t]
        assert awal == akhir and len(awal) == 1, (i, awal, akhir)
    # The header repeats on every page the table continues on.
    halaman_tabel = {n for n, t in enumerate(halaman) for i in alasan if f"awal{i}x" in t}
    assert all("Alasan revisi" in halaman[n] for n in halaman_tabel)
    penutup = [n for n, t in enumerate(halaman) if "Demikian surat hasil tinjauan" in t]
    nama = camat.get_full_name() or camat.username
    assert penutup == [len(halaman) - 1] and nama in halaman[-1]
