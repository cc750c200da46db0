"""Plan gaps per indicator: the shipped code ↔ indicator table (with the real catalogue) decides
which indicators an unlinked line addresses; an explicit link always wins; the review page, the
letter and the overview say how each match was made."""

import csv
import io
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from layanan_dasar.models import Indikator
from layanan_dasar.services import katalog_muat
from perencanaan import selectors, services
from perencanaan.analisis import sasaran_baris
from perencanaan.models import PemetaanKodeIndikator
from tests.conftest import DESA_PITURUH

from .conftest import baris

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "perencanaan" / "pemetaan_kode_indikator.csv"


@pytest.fixture
def referensi(db):
    """The real catalogue first, then the planning reference data, as `make run` loads them."""
    katalog_muat()
    services.referensi_muat()


@pytest.fixture
def bawah_target(referensi, agregat):
    """The village is below target in 2024 on these catalogue indicators (value 40 of 100)."""
    kode = [
        "spm-pu-air-minum",
        "spm-pu-air-limbah",
        "spm-kes-bumil",
        "spm-kes-balita",
        "spm-kes-tb",
        "spm-kes-hiv",
        "spm-kes-dm",
        "spm-kes-hipertensi",
    ]
    ind = {i.kode: i for i in Indikator.objects.filter(kode__in=kode)}
    for i in ind.values():
        agregat(DESA_PITURUH, i, 2024, "40")
    return ind


def _gap(hasil, kode):
    return next(k for k in hasil.kesenjangan if k.indikator.kode == kode)


def test_road_paving_addresses_no_water_or_wastewater_indicator(
    bawah_target, buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(
        operator_desa, [baris("2.3.10", 200_000_000, nama="Pengerasan jalan desa")]
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    assert not _gap(hasil, "spm-pu-air-minum").ditangani
    assert not _gap(hasil, "spm-pu-air-limbah").ditangani
    # The line addresses no indicator at all: every gap of the village is unaddressed.
    assert all(not k.ditangani for k in hasil.kesenjangan)
    assert len(hasil.belum_ditangani) == len(bawah_target)
    # It still counts as public-works budget (the sector share is a separate question).
    assert {p.sektor: p.anggaran for p in hasil.porsi}["pu"] == 200_000_000


def test_posyandu_rehabilitation_addresses_mother_and_child_not_tb_hiv_or_diabetes(
    bawah_target, buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(
        operator_desa, [baris("2.2.09", 80_000_000, nama="Rehabilitasi posyandu")]
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    for kode in ("spm-kes-bumil", "spm-kes-balita"):
        k = _gap(hasil, kode)
        assert (k.ditangani, k.cara, k.anggaran) == (True, "kode", 80_000_000)
        # The shipped row for a facility code is a judgement still marked [verify].
        assert [c.perlu_verifikasi for c in k.cocok] == [True]
    for kode in ("spm-kes-tb", "spm-kes-hiv", "spm-kes-dm", "spm-kes-hipertensi"):
        assert not _gap(hasil, kode).ditangani, kode
    assert not _gap(hasil, "spm-pu-air-minum").ditangani


def test_water_piping_addresses_drinking_water_by_a_verified_row(
    bawah_target, buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(operator_desa, [baris("2.4.12", 40_000_000, nama="Pipanisasi")])
    hasil = selectors.analisis_rencana(camat, rencana)
    air = _gap(hasil, "spm-pu-air-minum")
    assert [(c.cara, c.perlu_verifikasi) for c in air.cocok] == [("kode", False)]
    assert not _gap(hasil, "spm-pu-air-limbah").ditangani


def test_an_explicit_link_wins_over_the_code_table(
    bawah_target, buat_rencana, operator_desa, camat
):
    tb = bawah_target["spm-kes-tb"]
    rencana = buat_rencana(
        operator_desa,
        [baris("2.2.09", 80_000_000, nama="Rehabilitasi posyandu", indikator=[tb])],
    )
    hasil = selectors.analisis_rencana(camat, rencana)
    k = _gap(hasil, "spm-kes-tb")
    assert (k.ditangani, [c.cara for c in k.cocok]) == (True, ["tertaut"])
    # The operator named TB: the code's mother-and-child indicators are no longer inferred.
    assert not _gap(hasil, "spm-kes-bumil").ditangani
    assert not _gap(hasil, "spm-kes-balita").ditangani


def test_the_table_is_data_an_admin_row_changes_the_result(
    bawah_target, buat_rencana, operator_desa, camat
):
    rencana = buat_rencana(operator_desa, [baris("2.3.10", 1_000_000)])
    assert not _gap(selectors.analisis_rencana(camat, rencana), "spm-pu-air-minum").ditangani
    PemetaanKodeIndikator.objects.create(
        awalan_kode="2.3", indikator=bawah_target["spm-pu-air-minum"], perlu_verifikasi=True
    )
    air = _gap(selectors.analisis_rencana(camat, rencana), "spm-pu-air-minum")
    assert [(c.cara, c.perlu_verifikasi) for c in air.cocok] == [("kode", True)]


def test_every_shipped_row_loads_against_the_catalogue_with_its_flag(referensi):
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert PemetaanKodeIndikator.objects.count() == len(rows)
    tandai = {(r["awalan_kode"], r["indikator"]) for r in rows if r["perlu_verifikasi"] == "1"}
    assert tandai == set(
        PemetaanKodeIndikator.objects.filter(perlu_verifikasi=True).values_list(
            "awalan_kode", "indikator__kode"
        )
    )
    # No generic code is mapped to the whole of a sector.
    peta = selectors.pemetaan_indikator()
    for kode in ("2.3.10", "2.3.01", "2.2.03", "2.2.90", "1.1.04"):
        assert sasaran_baris(_baris_tanpa_tautan(kode), peta) == {}, kode


def _baris_tanpa_tautan(kode):
    from perencanaan.analisis import BarisRingkas

    return BarisRingkas(id=0, kode=kode, nama="", anggaran=0, sumber_dana="DDS")


def test_without_the_catalogue_the_rows_are_skipped_and_counted_then_added():
    out = StringIO()
    call_command("muat_referensi_perencanaan", stdout=out)
    assert "dilewati" in out.getvalue() and "muat_katalog" in out.getvalue()
    assert not PemetaanKodeIndikator.objects.exists()
    katalog_muat()
    out = StringIO()
    call_command("muat_referensi_perencanaan", stdout=out)
    assert PemetaanKodeIndikator.objects.exists()
    assert "dilewati" not in out.getvalue()


def test_a_bad_row_loads_nothing_and_names_its_line(referensi, tmp_path):
    berkas = tmp_path / "peta.csv"
    berkas.write_text(
        "awalan_kode,indikator,perlu_verifikasi,keterangan\n"
        "2.4.11,spm-pu-air-minum,0,baik\n"
        "9.9.99,spm-pu-air-minum,0,kode tidak ada\n"
        "2.4.12,spm-pu-air-minum,ya,flag salah\n",
        encoding="utf-8",
    )
    PemetaanKodeIndikator.objects.all().delete()
    with pytest.raises(services.ReferensiTidakValid) as exc:
        services.pemetaan_indikator_muat(berkas=berkas)
    assert [e.split(":")[0] for e in exc.value.kesalahan] == ["Baris 3", "Baris 4"]
    assert not PemetaanKodeIndikator.objects.exists()


@pytest.fixture
def dua_cara(bawah_target, buat_rencana, operator_desa):
    """A plan with one linked line (ibu hamil) and one unlinked line inferred from its code
    (pipanisasi → air minum), submitted to the kecamatan."""
    rencana = buat_rencana(
        operator_desa,
        [
            baris(
                "2.2.02",
                24_000_000,
                nama="Kelas ibu hamil",
                indikator=[bawah_target["spm-kes-bumil"]],
            ),
            baris("2.4.12", 40_000_000, nama="Pipanisasi dusun"),
        ],
    )
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    return rencana


def _baris_tabel(html, kode_indikator):
    m = re.search(rf'<tr[^>]*data-indikator="{kode_indikator}".*?</tr>', html, re.S)
    assert m, kode_indikator
    return m.group(0)


def test_the_review_page_says_linked_or_from_the_activity_code(dua_cara, camat, camat_luar, klien):
    kelas, pipa = dua_cara.baris.order_by("urutan")
    url = reverse("perencanaan:tinjau", args=[dua_cara.pk])
    html = klien(camat).get(url).content.decode()
    bumil = _baris_tabel(html, "spm-kes-bumil")
    assert f'data-baris="{kelas.id}" data-cara="tertaut"' in bumil and "ditautkan" in bumil
    assert "dari kode kegiatan" not in bumil
    air = _baris_tabel(html, "spm-pu-air-minum")
    assert f'data-baris="{pipa.id}" data-cara="kode"' in air and "dari kode kegiatan" in air
    # Pipanisasi serves drinking water only: the wastewater gap stays open.
    assert 'data-ditangani="tidak"' in _baris_tabel(html, "spm-pu-air-limbah")
    assert klien(camat_luar).get(url).status_code == 404


def _teks_pdf(pdf):
    halaman = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in halaman)


def test_the_letter_says_linked_or_from_the_activity_code(dua_cara, camat, klien):
    services.rencana_mulai_tinjau(rencana=dua_cara, oleh=camat)
    services.rencana_setujui(rencana=dua_cara, oleh=camat)
    r = klien(camat).get(reverse("perencanaan:surat", args=[dua_cara.pk]))
    assert r["Content-Type"] == "application/pdf"
    teks = _teks_pdf(r.content)
    assert "2.2.02 Kelas ibu hamil (ditautkan)" in teks
    assert "2.4.12 Pipanisasi dusun (dari kode kegiatan)" in teks


def test_the_overview_counts_villages_addressed_only_by_code(dua_cara, camat, klien):
    from wilayah.models import Kecamatan

    kecamatan = Kecamatan.objects.get(kode=DESA_PITURUH.rsplit(".", 1)[0])
    data = selectors.rekap_kecamatan(
        camat,
        kecamatan,
        2025,
        "apb",
        selectors.desa_dengan_rencana(kecamatan, 2025, "apb").filter(kode=DESA_PITURUH),
    )
    per = {r.indikator.kode: r for r in data.per_indikator}
    assert [d.kode for d in per["spm-pu-air-minum"].desa_dari_kode] == [DESA_PITURUH]
    assert per["spm-kes-bumil"].desa_dari_kode == []  # linked, not inferred
    assert [d.kode for d in per["spm-pu-air-limbah"].desa_belum_ditangani] == [DESA_PITURUH]
    html = klien(camat).get(reverse("perencanaan:rekap", args=[kecamatan.kode])).content
    assert "Ditangani hanya dari kode kegiatan" in html.decode()


def test_the_mapping_is_edited_in_the_admin_and_read_only_for_sekber(
    referensi, django_user_model, sekber_nasional, client
):
    url = reverse("admin:perencanaan_pemetaankodeindikator_changelist")
    baris_air = PemetaanKodeIndikator.objects.get(
        awalan_kode="2.4.12", indikator__kode="spm-pu-air-minum"
    )
    ubah = reverse("admin:perencanaan_pemetaankodeindikator_change", args=[baris_air.pk])
    data = {"awalan_kode": "2.4", "indikator": baris_air.indikator_id, "keterangan": "x"}

    client.force_login(sekber_nasional)
    assert client.get(url, {"q": "2.4.12"}).status_code == 200
    assert client.post(ubah, data).status_code == 403
    baris_air.refresh_from_db()
    assert baris_air.awalan_kode == "2.4.12"

    client.force_login(django_user_model.objects.create_superuser("admin-peta", password="x"))
    r = client.get(url, {"q": "2.2.09"})
    assert r.status_code == 200 and "Pelayanan kesehatan ibu hamil" in r.content.decode()
    assert client.post(ubah, {**data, "awalan_kode": "2.3.99"}).status_code == 200  # invalid
    assert client.post(ubah, data).status_code == 302
    baris_air.refresh_from_db()
    assert baris_air.awalan_kode == "2.4"


def test_the_plan_page_shows_what_an_unlinked_line_is_taken_to_serve(
    dua_cara, operator_desa, klien
):
    kelas, pipa = dua_cara.baris.order_by("urutan")
    html = klien(operator_desa).get(reverse("perencanaan:rencana", args=[dua_cara.pk])).text
    baris_pipa = re.search(rf'<tr data-baris="{pipa.id}">.*?</tr>', html, re.S).group(0)
    assert 'data-testid="dari-kode"' in baris_pipa
    assert "Pemenuhan kebutuhan pokok air minum sehari-hari" in baris_pipa
    baris_kelas = re.search(rf'<tr data-baris="{kelas.id}">.*?</tr>', html, re.S).group(0)
    assert 'data-testid="dari-kode"' not in baris_kelas  # linked: its own indicators only
    assert "Pelayanan kesehatan ibu hamil" in baris_kelas
