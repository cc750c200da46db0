"""Pages: the village's plan list, the entry grid, navigation and admin, each with outsiders."""

import pytest
from django.urls import reverse

from perencanaan.models import BarisKegiatan, Rencana
from tests.conftest import DESA_KEMIRI, DESA_PITURUH

from .conftest import baris

pytestmark = pytest.mark.django_db


def _grid(rows, awal=0):
    data = {
        "baris-TOTAL_FORMS": str(len(rows)),
        "baris-INITIAL_FORMS": str(awal),
        "baris-MIN_NUM_FORMS": "0",
        "baris-MAX_NUM_FORMS": "1000",
    }
    for i, r in enumerate(rows):
        for k, v in r.items():
            if isinstance(v, list):
                data[f"baris-{i}-{k}"] = v
            else:
                data[f"baris-{i}-{k}"] = v
    return data


def test_the_operator_creates_a_plan_and_fills_the_grid(referensi, klien, operator_desa):
    c = klien(operator_desa)
    url = reverse("perencanaan:desa", args=[DESA_PITURUH])
    r = c.post(url, {"tahun": 2026, "jenis": "rkp"})
    rencana = Rencana.objects.get(desa_id=DESA_PITURUH, tahun=2026, jenis="rkp")
    assert r.url == reverse("perencanaan:ubah", args=[rencana.pk])
    # The same document twice is refused with a message, not an error page.
    r = c.post(url, {"tahun": 2026, "jenis": "rkp"}, follow=True)
    assert "sudah ada" in r.content.decode()

    ubah = reverse("perencanaan:ubah", args=[rencana.pk])
    assert c.get(ubah).status_code == 200
    r = c.post(
        ubah,
        _grid(
            [
                {
                    "kode_kegiatan": "2.2.02",
                    "nama": "Posyandu",
                    "volume": "12",
                    "satuan": "bulan",
                    "anggaran": "24.000.000",
                    "sumber_dana": "DDS",
                },
                {
                    "kode_kegiatan": "2.2",
                    "nama": "Salah",
                    "volume": "0",
                    "satuan": "x",
                    "anggaran": "-5",
                    "sumber_dana": "DDS",
                },
                {},  # an empty extra row is ignored
            ]
        ),
    )
    assert r.status_code == 200  # errors shown, nothing saved
    html = r.content.decode()
    assert "bukan bidang/sub bidang" in html and "Harus lebih dari nol" in html
    assert "Tidak boleh negatif" in html
    assert not BarisKegiatan.objects.filter(rencana=rencana).exists()

    r = c.post(
        ubah,
        _grid(
            [
                {
                    "kode_kegiatan": "2.2.02",
                    "nama": "Posyandu",
                    "volume": "12",
                    "satuan": "bulan",
                    "anggaran": "24.000.000",
                    "sumber_dana": "DDS",
                },
                {
                    "kode_kegiatan": "2.4.12",
                    "nama": "Pipa",
                    "volume": "2,5",
                    "satuan": "km",
                    "anggaran": "90000000",
                    "sumber_dana": "ADD",
                    "lokasi": "Dusun II",
                },
            ]
        ),
    )
    assert r.status_code == 302
    rows = list(rencana.baris.values_list("kode_kegiatan_id", "anggaran", "volume"))
    assert [(k, a, str(v)) for k, a, v in rows] == [
        ("2.2.02", 24_000_000, "12.00"),
        ("2.4.12", 90_000_000, "2.50"),
    ]
    # Deleting a row through the grid.
    pertama, kedua = rencana.baris.all()
    r = c.post(
        ubah,
        _grid(
            [
                {
                    "id": pertama.id,
                    "kode_kegiatan": "2.2.02",
                    "nama": "Posyandu",
                    "volume": "12",
                    "satuan": "bulan",
                    "anggaran": "24.000.000",
                    "sumber_dana": "DDS",
                },
                {
                    "id": kedua.id,
                    "kode_kegiatan": "2.4.12",
                    "nama": "Pipa",
                    "volume": "2,5",
                    "satuan": "km",
                    "anggaran": "90.000.000",
                    "sumber_dana": "ADD",
                    "DELETE": "on",
                },
            ],
            awal=2,
        ),
    )
    assert r.status_code == 302
    assert list(rencana.baris.values_list("id", flat=True)) == [pertama.id]


def test_the_detail_page_shows_lines_in_rupiah(buat_rencana, operator_desa, klien):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1_234_567)])
    html = klien(operator_desa).get(reverse("perencanaan:rencana", args=[rencana.pk])).content
    assert "Rp 1.234.567" in html.decode()


def test_outsiders_get_404_on_every_page(
    buat_rencana, operator_desa, klien, camat_luar, buat_pengguna
):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1)])
    tetangga = buat_pengguna("operator_desa", "33.06.11.2002")
    for user in (camat_luar, tetangga):
        c = klien(user)
        assert c.get(reverse("perencanaan:desa", args=[DESA_PITURUH])).status_code == 404
        for nama in ("rencana", "ubah", "impor", "unduh", "tinjau", "surat"):
            assert c.get(reverse(f"perencanaan:{nama}", args=[rencana.pk])).status_code == 404
        assert c.post(reverse("perencanaan:ajukan", args=[rencana.pk])).status_code == 404
    assert Rencana.objects.get(pk=rencana.pk).status == "draf"


def test_an_operator_cannot_create_a_plan_for_another_village(referensi, klien, operator_desa):
    r = klien(operator_desa).post(
        reverse("perencanaan:desa", args=[DESA_KEMIRI]), {"tahun": 2026, "jenis": "apb"}
    )
    assert r.status_code == 404
    assert not Rencana.objects.exists()


def test_a_camat_sees_the_village_list_but_cannot_create(referensi, klien, camat):
    r = klien(camat).get(reverse("perencanaan:desa", args=[DESA_PITURUH]))
    assert r.status_code == 200 and r.context["form"] is None
    r = klien(camat).post(
        reverse("perencanaan:desa", args=[DESA_PITURUH]), {"tahun": 2026, "jenis": "apb"}
    )
    assert r.status_code == 403


def test_menu_and_landing_page(referensi, klien, operator_desa, camat):
    r = klien(operator_desa).get("/", follow=True)
    assert r.redirect_chain[-1][0] == reverse("perencanaan:desa", args=[DESA_PITURUH])
    assert ("Rencana desa", reverse("perencanaan:desa", args=[DESA_PITURUH])) in r.context[
        "menu_utama"
    ]
    r = klien(camat).get(reverse("perencanaan:indeks"), follow=True)
    assert ("Perencanaan desa", r.redirect_chain[-1][0]) in r.context["menu_utama"]


def test_admin_is_scoped_and_read_only_for_sekber(
    buat_rencana, operator_desa, klien, sekber_kabupaten, buat_pengguna
):
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1)])
    c = klien(sekber_kabupaten)
    assert c.get(reverse("admin:perencanaan_rencana_changelist")).status_code == 200
    r = c.get(reverse("admin:perencanaan_rencana_change", args=[rencana.pk]))
    assert r.status_code == 200 and not r.context["has_change_permission"]
    assert c.get(reverse("admin:wilayah_harilibur_changelist")).status_code == 200
    assert c.get(reverse("admin:wilayah_harilibur_add")).status_code == 403
    luar = buat_pengguna("sekber_provinsi", "32", is_staff=True)
    assert (
        klien(luar).get(reverse("admin:perencanaan_rencana_change", args=[rencana.pk])).status_code
        == 404
    )


def test_review_page_query_count_does_not_grow_with_lines(
    buat_rencana, operator_desa, camat, klien, buat_indikator, agregat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from perencanaan import services

    ind = [buat_indikator("kesehatan"), buat_indikator("pu")]
    for i in ind:
        agregat(DESA_PITURUH, i, 2024, "50")
    rencana = buat_rencana(operator_desa, [baris("2.2.02", 1, indikator=ind)])
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    c = klien(camat)
    url = reverse("perencanaan:tinjau", args=[rencana.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as sedikit:
        assert c.get(url).status_code == 200
    Rencana.objects.filter(pk=rencana.pk).update(status="draf")
    services.baris_simpan(
        rencana=rencana,
        oleh=operator_desa,
        baris=[baris("2.2.02", 1, id=rencana.baris.get().id, indikator=ind)]
        + [baris(k, 1_000, indikator=ind[:1]) for k in ("2.1.02", "2.4.12", "5.3.00", "4.4.02")],
    )
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    with CaptureQueriesContext(connection) as banyak:
        assert c.get(url).status_code == 200
    assert len(banyak) == len(sedikit)
