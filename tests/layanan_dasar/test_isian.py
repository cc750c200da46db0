"""The monthly entry grid: what it shows, what it stores, what it refuses, and for whom."""

import pytest
from django.urls import reverse

from layanan_dasar.models import AuditNilai, NilaiData, Pengajuan
from layanan_dasar.periode import tambah_bulan
from tests.conftest import DESA_PITURUH, KEMIRI, PITURUH

from .conftest import BULAN, BULAN_TEKS

pytestmark = pytest.mark.django_db
DESA2 = "33.06.11.2002"


def url_isian(kode=PITURUH, sektor="kesehatan", bulan=BULAN_TEKS, kelompok="spm"):
    url = reverse("layanan_dasar:isian", args=[kode, sektor, bulan])
    return f"{url}?kelompok={kelompok}" if kelompok else url


def test_it_shows_every_village_and_the_sector_elements_prefilled(
    klien, upt_kesehatan, el, simpan_langsung
):
    simpan_langsung(DESA_PITURUH, el("kes-bumil-layanan"), {BULAN: 17})
    resp = klien(upt_kesehatan).get(url_isian())
    assert resp.status_code == 200
    grid = resp.context["grid"]
    assert len(grid.baris) == 49
    kode = {e.kode for e in grid.elemen}
    assert "kes-bumil-layanan" in kode and "pdd-paud-5-6" not in kode
    assert f'name="v-{DESA_PITURUH}-{el("kes-bumil-layanan").id}" value="17"' in resp.text
    # Annual targets are edited in January only; in March they are shown, not editable.
    assert el("kes-sasaran-bumil").id not in grid.kolom_isi


def test_it_saves_typed_values_in_one_submit_and_audits_them(klien, upt_kesehatan, el, kirim_isian):
    client = klien(upt_kesehatan)
    a, b = el("kes-bumil-layanan").id, el("kes-balita-layanan").id
    resp = kirim_isian(client, url_isian(), {(DESA_PITURUH, a): "12", (DESA2, b): "1.250"})
    assert resp.status_code == 302
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen_id=a, bulan=BULAN).nilai == 12
    assert NilaiData.objects.get(desa_id=DESA2, elemen_id=b, bulan=BULAN).nilai == 1250
    audit = AuditNilai.objects.get(desa_id=DESA_PITURUH, elemen_id=a)
    assert (audit.nilai_lama, audit.nilai_baru, audit.oleh, audit.sumber) == (
        None,
        12,
        upt_kesehatan,
        "grid",
    )
    p = Pengajuan.objects.get(kecamatan_id=PITURUH, sektor="kesehatan", bulan=BULAN)
    assert (p.status, p.desa_lapor, p.desa_diharapkan) == ("draft", 2, 49)

    # Change one, clear the other: both audited, the cleared value is gone (missing ≠ 0).
    kirim_isian(client, url_isian(), {(DESA_PITURUH, a): "15", (DESA2, b): ""}, paket=True)
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen_id=a).nilai == 15
    assert not NilaiData.objects.filter(desa_id=DESA2, elemen_id=b).exists()
    assert list(
        AuditNilai.objects.filter(desa_id=DESA_PITURUH, elemen_id=a)
        .order_by("id")
        .values_list("nilai_lama", "nilai_baru")
    ) == [(None, 12), (12, 15)]
    assert AuditNilai.objects.filter(desa_id=DESA2, nilai_baru=None, nilai_lama=1250).exists()
    assert Pengajuan.objects.get(kecamatan_id=PITURUH, sektor="kesehatan").desa_lapor == 1


def test_untouched_cells_are_not_rewritten(klien, upt_kesehatan, el, kirim_isian, simpan_langsung):
    simpan_langsung(DESA_PITURUH, el("kes-bumil-layanan"), {BULAN: 17})
    resp = kirim_isian(klien(upt_kesehatan), url_isian(), {})
    assert resp.status_code == 302
    assert not AuditNilai.objects.exists()


@pytest.mark.parametrize("teks", ["-4", "3,5", "dua belas"])
def test_a_bad_cell_stores_nothing_and_is_marked(klien, upt_kesehatan, el, kirim_isian, teks):
    a, b = el("kes-bumil-layanan").id, el("kes-balita-layanan").id
    resp = kirim_isian(
        klien(upt_kesehatan), url_isian(), {(DESA_PITURUH, a): "12", (DESA2, b): teks}
    )
    assert resp.status_code == 400
    assert not NilaiData.objects.exists() and not AuditNilai.objects.exists()
    assert "Tidak ada yang disimpan" in resp.text
    # The typed values come back so nothing has to be typed twice.
    assert f'name="v-{DESA_PITURUH}-{a}" value="12"' in resp.text
    assert 'class="galat"' in resp.text


def test_a_numerator_above_its_denominator_is_refused(
    klien, upt_kesehatan, el, kirim_isian, simpan_langsung
):
    januari = BULAN.replace(month=1)
    simpan_langsung(DESA_PITURUH, el("kes-sasaran-bumil"), {januari: 40})
    a = el("kes-bumil-layanan").id
    resp = kirim_isian(klien(upt_kesehatan), url_isian(), {(DESA_PITURUH, a): "41"})
    assert resp.status_code == 400
    assert "melebihi penyebutnya" in resp.text
    assert not NilaiData.objects.filter(elemen_id=a).exists()
    resp = kirim_isian(klien(upt_kesehatan), url_isian(), {(DESA_PITURUH, a): "40"})
    assert resp.status_code == 302


def test_lowering_an_annual_target_below_a_months_numerator_is_refused(
    klien, upt_kesehatan, el, kirim_isian, simpan_langsung
):
    simpan_langsung(DESA_PITURUH, el("kes-bumil-layanan"), {BULAN: 30})
    sasaran = el("kes-sasaran-bumil").id
    # January shows 24 columns × 49 villages: the page's script sends one field per village.
    resp = kirim_isian(
        klien(upt_kesehatan),
        url_isian(bulan="2025-01"),
        {(DESA_PITURUH, sasaran): "25"},
        paket=True,
    )
    assert resp.status_code == 400
    assert "lebih kecil dari pembilangnya" in resp.text
    assert not NilaiData.objects.filter(elemen_id=sasaran).exists()


def test_an_outlier_is_a_warning_that_the_user_confirms(
    klien, upt_kesehatan, el, kirim_isian, simpan_langsung
):
    e = el("kes-bumil-layanan")
    riwayat = {tambah_bulan(BULAN, -i): 10 + i % 3 for i in range(1, 13)}
    simpan_langsung(DESA_PITURUH, e, riwayat)
    client = klien(upt_kesehatan)
    isian = {(DESA_PITURUH, e.id): "300", (DESA2, e.id): "9"}
    resp = kirim_isian(client, url_isian(), isian)
    assert resp.status_code == 200
    assert "jauh dari riwayat desa" in resp.text
    assert not NilaiData.objects.filter(bulan=BULAN).exists()  # not yet: warnings need a yes
    pencilan = resp.context["peringatan"]
    assert [(m.desa_kode, m.elemen_id) for m in pencilan] == [(DESA_PITURUH, e.id)]
    resp = kirim_isian(
        client,
        url_isian(),
        isian,
        konfirmasi_pencilan="1",
        pencilan=f"{DESA_PITURUH}|{e.id}",
    )
    assert resp.status_code == 302
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).nilai == 300
    assert AuditNilai.objects.get(desa_id=DESA_PITURUH, bulan=BULAN).pencilan


def test_a_value_changed_meanwhile_by_someone_else_is_not_overwritten(
    klien, upt_kesehatan, el, simpan_langsung
):
    e = el("kes-bumil-layanan")
    client = klien(upt_kesehatan)
    halaman = client.get(url_isian())
    simpan_langsung(DESA_PITURUH, e, {BULAN: 5})  # a colleague saves first
    grid = halaman.context["grid"]
    data = {"kolom": halaman.context["kolom_isi"]}
    for b in grid.baris:
        data[f"asal-{b.desa.kode}"] = b.asal
    data[f"v-{DESA_PITURUH}-{e.id}"] = "7"
    resp = client.post(url_isian(), data)
    assert resp.status_code == 400
    assert "diubah oleh pengguna lain" in resp.text
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen_id=e.id).nilai == 5


def test_upt_kesehatan_cannot_read_or_write_pendidikan_or_another_kecamatan(
    klien, upt_kesehatan, el
):
    client = klien(upt_kesehatan)
    e = el("pdd-paud-5-6")
    for url in (url_isian(sektor="pendidikan", kelompok=""), url_isian(kode=KEMIRI)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"kolom": "", f"v-{DESA_PITURUH}-{e.id}": "5"}).status_code == 404
    assert not NilaiData.objects.exists()


def test_outsiders_get_404_on_every_entry_page(klien, camat_luar, sekber_kabupaten, katalog):
    client = klien(camat_luar)
    for url in (
        url_isian(),
        reverse("layanan_dasar:templat", args=[PITURUH, "kesehatan", BULAN_TEKS]),
        reverse("layanan_dasar:impor", args=[PITURUH, "kesehatan"]),
        reverse("layanan_dasar:ekspor", args=[PITURUH, "kesehatan"])
        + "?dari=2025-01&sampai=2025-03",
        reverse("layanan_dasar:audit", args=[DESA_PITURUH]),
        reverse("layanan_dasar:kelengkapan", args=[PITURUH]),
    ):
        assert client.get(url).status_code == 404, url
    # Sekber reads but never writes.
    sekber = klien(sekber_kabupaten)
    assert sekber.get(url_isian()).status_code == 200
    assert sekber.post(url_isian(), {}).status_code == 404


def test_the_camat_of_another_kecamatan_cannot_post_values(klien, camat_luar, el):
    resp = klien(camat_luar).post(url_isian(), {f"v-{DESA_PITURUH}-1": "5"})
    assert resp.status_code == 404
    assert klien(camat_luar).get(url_isian(kode=KEMIRI)).status_code == 200


def test_the_grid_query_count_does_not_grow_with_villages(
    klien, upt_kesehatan, el, django_assert_max_num_queries
):
    client = klien(upt_kesehatan)
    client.get(url_isian())
    # session, user, penugasan, kecamatan, indikator groups, elements, villages, values,
    # history, submission, indicator pairs, sample-data check, breadcrumbs union; no query
    # per village or per cell.
    with django_assert_max_num_queries(16):
        resp = client.get(url_isian())
    assert len(resp.context["grid"].baris) == 49


def test_the_entry_menu_opens_the_users_sector_for_last_month(klien, upt_kesehatan, katalog):
    from layanan_dasar.navigasi import menu
    from layanan_dasar.periode import bulan_ini, teks_bulan
    from wilayah.access import lingkup_user

    label = [m[0] for m in menu(lingkup_user(upt_kesehatan))]
    assert label == ["Isian data", "Kelengkapan data", "Impor e-PPGBM", "Scorecard desa"]
    resp = klien(upt_kesehatan).get(reverse("layanan_dasar:isian_pilih"))
    bulan = teks_bulan(tambah_bulan(bulan_ini(), -1))
    assert resp.url == reverse("layanan_dasar:isian", args=[PITURUH, "kesehatan", bulan])


def test_a_small_sector_shows_all_its_elements_and_health_opens_on_spm(
    klien, upt_pendidikan, upt_kesehatan, katalog
):
    resp = klien(upt_pendidikan).get(url_isian(sektor="pendidikan", kelompok=""))
    assert len(resp.context["grid"].elemen) == 8 and resp.context["kelompok"] == "semua"
    resp = klien(upt_kesehatan).get(url_isian(kelompok=""))
    kode = {e.kode for e in resp.context["grid"].elemen}
    assert resp.context["kelompok"] == "spm" and "kes-ks-bumil" not in kode
    resp = klien(upt_kesehatan).get(url_isian(kelompok="stunting"))
    kode = {e.kode for e in resp.context["grid"].elemen}
    assert "kes-ks-bumil-k4" in kode and "kes-balita-pendek" in kode
    assert "kes-bumil-layanan" not in kode
