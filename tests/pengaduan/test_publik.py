"""Public pages: filing without an account, the tracking code, replies, ratings, the public list,
and the abuse guards (honeypot, rate limit, size limits)."""

import pytest
from django.urls import reverse

from pengaduan import services
from pengaduan.models import Pengaduan, Penilaian, Status, Tanggapan
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

LAPOR = reverse("pengaduan:lapor")


def _data_lapor(**extra):
    data = {
        "sektor": "kesehatan",
        "desa": f"{DESA_PITURUH} · Kendalrejo — Kec. Pituruh, Kabupaten Purworejo",
        "judul": "Bidan desa jarang ada",
        "isi": "Sejak Januari bidan desa hanya datang sebulan sekali.",
        "nama": "Budi Warga",
        "email": "budi@contoh.id",
        "telepon": "081234567",
    }
    data.update(extra)
    return data


def test_a_citizen_files_without_an_account_and_lands_on_the_tracking_page(client):
    r = client.post(LAPOR, _data_lapor())
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    assert r.url == reverse("pengaduan:lacak_detail", args=[p.kode_lacak]) + "?baru=1"
    assert (p.desa_id, p.sektor, p.status) == (DESA_PITURUH, "kesehatan", Status.DITERIMA)
    assert p.nama_pelapor == "Budi Warga"
    html = client.get(r.url).content.decode()
    assert p.kode_lacak_tampil in html
    assert "Bidan desa jarang ada" in html
    # The reporter's identity is never on a public page, not even their own tracking page.
    assert "Budi Warga" not in html and "budi@contoh.id" not in html and "081234567" not in html


def test_the_form_for_one_kecamatan_offers_its_villages_in_a_list(client):
    r = client.get(LAPOR, {"kecamatan": PITURUH})
    html = r.content.decode()
    assert html.count('<option value="33.06.11.') == 49
    r = client.post(LAPOR, _data_lapor(kecamatan=PITURUH, desa="33.06.11.2016"))
    assert r.status_code == 302
    assert Pengaduan.objects.get().desa_id == "33.06.11.2016"
    # A village of another kecamatan is not among the choices.
    r = client.post(LAPOR, _data_lapor(kecamatan=PITURUH, desa="33.06.12.2001"))
    assert r.status_code == 400


def test_the_village_field_takes_a_unique_name_and_explains_ambiguous_ones(client):
    r = client.post(LAPOR, _data_lapor(desa="Blekatuk"))
    assert r.status_code == 302
    assert Pengaduan.objects.get().desa_id == "33.06.11.2016"
    r = client.post(LAPOR, _data_lapor(desa="Sidomulyo"))
    assert r.status_code == 400
    assert "Ada beberapa desa bernama" in r.content.decode()
    r = client.post(LAPOR, _data_lapor(desa="Desa Khayalan"))
    assert "tidak ditemukan" in r.content.decode()
    assert Pengaduan.objects.count() == 1


def test_village_search_returns_matches_with_their_codes(client):
    url = reverse("pengaduan:cari_desa")
    hasil = client.get(url, {"q": "kendal", "kecamatan": PITURUH}).json()["hasil"]
    assert [h["kode"] for h in hasil] == [DESA_PITURUH]
    assert "Pituruh" in hasil[0]["label"]
    assert len(client.get(url, {"q": "sidomulyo"}).json()["hasil"]) == 15
    assert client.get(url, {"q": "ke"}).json()["hasil"] == []
    assert [h["kode"] for h in client.get(url, {"q": "33.06.11.201"}).json()["hasil"]][:1] == [
        "33.06.11.2010"
    ]


def test_the_honeypot_turns_a_bot_away_and_saves_nothing(client):
    r = client.post(LAPOR, _data_lapor(situs_web="http://spam.invalid"))
    assert r.status_code == 400
    assert Pengaduan.objects.count() == 0
    r = client.post(
        reverse("pengaduan:nilai"),
        {"sektor": "pu", "desa": DESA_PITURUH, "nilai": 5, "situs_web": "x"},
    )
    assert r.status_code == 400
    assert Penilaian.objects.count() == 0


def test_filing_is_rate_limited_per_client_address(client, settings):
    settings.PENGADUAN_BATAS_LAPOR = 2
    for _ in range(2):
        assert client.post(LAPOR, _data_lapor(), REMOTE_ADDR="10.0.0.1").status_code == 302
    r = client.post(LAPOR, _data_lapor(), REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 429
    assert "Terlalu banyak kiriman" in r.content.decode()
    assert Pengaduan.objects.count() == 2
    # Another client is not affected.
    assert client.post(LAPOR, _data_lapor(), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_rating_is_rate_limited_per_client_address(client, settings):
    settings.PENGADUAN_BATAS_NILAI = 3
    data = {"sektor": "pu", "desa": DESA_PITURUH, "nilai": 4, "komentar": "Air lancar."}
    for _ in range(3):
        assert client.post(reverse("pengaduan:nilai"), data).status_code == 200
    assert client.post(reverse("pengaduan:nilai"), data).status_code == 429
    assert Penilaian.objects.count() == 3


def test_a_rating_is_saved_and_bad_values_are_refused(client):
    url = reverse("pengaduan:nilai")
    r = client.post(url, {"sektor": "pu", "desa": DESA_PITURUH, "nilai": 4, "komentar": "Baik."})
    assert "Terima kasih" in r.content.decode()
    n = Penilaian.objects.get()
    assert (n.desa_id, n.sektor, n.nilai, n.komentar) == (DESA_PITURUH, "pu", 4, "Baik.")
    for buruk in ({"nilai": 6}, {"nilai": 0}, {"sektor": "lain"}, {"komentar": "x" * 501}):
        data = {"sektor": "pu", "desa": DESA_PITURUH, "nilai": 3, **buruk}
        assert client.post(url, data).status_code == 400
    assert Penilaian.objects.count() == 1


@pytest.mark.parametrize(
    "field, panjang, pesan",
    [("isi", 4001, "4000"), ("judul", 151, "150"), ("nama", 101, "100")],
)
def test_texts_over_their_size_limit_are_refused(client, field, panjang, pesan):
    r = client.post(LAPOR, _data_lapor(**{field: "a" * panjang}))
    assert r.status_code == 400
    assert pesan in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_the_tracking_code_finds_the_complaint_however_it_is_typed(client, buat_pengaduan):
    p = buat_pengaduan()
    ketik = p.kode_lacak_tampil.lower().replace("-", " ")
    r = client.get(reverse("pengaduan:lacak"), {"kode": ketik})
    assert r.url == reverse("pengaduan:lacak_detail", args=[p.kode_lacak])
    r = client.get(reverse("pengaduan:lacak"), {"kode": "ABCD-EFGH-JKMN"})
    assert "tidak ditemukan" in r.content.decode()
    assert client.get(reverse("pengaduan:lacak_detail", args=["ABCDEFGHJKMN"])).status_code == 404


def test_guessing_tracking_codes_is_rate_limited(client, settings):
    settings.PENGADUAN_BATAS_LACAK = 3
    url = reverse("pengaduan:lacak")
    for _ in range(3):
        assert client.get(url, {"kode": "ABCDEFGHJKMN"}).status_code == 200
    assert client.get(url, {"kode": "ABCDEFGHJKMN"}).status_code == 429


def test_guessing_tracking_codes_by_url_is_counted_too(client, settings, buat_pengaduan):
    settings.PENGADUAN_BATAS_LACAK = 3
    p = buat_pengaduan()
    for tebakan in ("ABCDEFGHJKM1", "ABCDEFGHJKM2", "ABCDEFGHJKM3"):
        assert client.get(reverse("pengaduan:lacak_detail", args=[tebakan])).status_code == 404
    # Past the limit a right guess gains nothing either, by URL, photo URL or the form.
    assert client.get(reverse("pengaduan:lacak_detail", args=[p.kode_lacak])).status_code == 429
    assert client.get(reverse("pengaduan:lacak_foto", args=[p.kode_lacak, 1])).status_code == 429
    assert client.get(reverse("pengaduan:lacak"), {"kode": "ABCDEFGHJKM4"}).status_code == 429


def test_the_reporter_follows_and_replies_through_the_code(client, buat_pengaduan, camat):
    p = buat_pengaduan()
    p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH))
    services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="Catatan dalam saja.", publik=False)
    services.pengaduan_tanggapi(
        pengaduan=p, oleh=camat, isi="Bidan dijadwalkan tiap Senin.", minta_konfirmasi=True
    )
    url = reverse("pengaduan:lacak_detail", args=[p.kode_lacak])
    html = client.get(url).content.decode()
    assert "Bidan dijadwalkan tiap Senin." in html
    assert "Catatan dalam saja." not in html
    assert camat.username not in html  # officers are named by their unit only
    r = client.post(url, {"isi": "Senin kemarin tidak datang."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DITINDAKLANJUTI
    assert Tanggapan.objects.filter(pengaduan=p, pelaku="pelapor").count() == 1
    r = client.post(url, {"isi": "", "selesai": "on"})
    p.refresh_from_db()
    assert p.status == Status.SELESAI
    html = client.get(url).content.decode()
    assert "sudah ditutup" in html and 'id="form-balas"' not in html
    assert client.post(url, {"isi": "lagi"}).status_code == 400


def test_the_public_list_shows_only_verified_complaints_that_are_not_rahasia(
    client, buat_pengaduan, camat
):
    belum = buat_pengaduan(judul="Belum diverifikasi")
    terbuka = services.pengaduan_verifikasi(
        pengaduan=buat_pengaduan(judul="Jalan desa rusak", sektor="pu"), oleh=camat
    )
    rahasia = services.pengaduan_verifikasi(
        pengaduan=buat_pengaduan(judul="Dugaan pungutan", rahasia=True), oleh=camat
    )
    ditolak = buat_pengaduan(judul="Iklan obat")
    services.pengaduan_tolak(pengaduan=ditolak, oleh=camat, alasan="Spam.")
    html = client.get(reverse("pengaduan:publik")).content.decode()
    assert "Jalan desa rusak" in html
    for p in (belum, rahasia, ditolak):
        assert p.judul not in html
        r = client.get(reverse("pengaduan:publik_detail", args=[p.pk]))
        assert r.status_code == 404
    detail = client.get(reverse("pengaduan:publik_detail", args=[terbuka.pk])).content.decode()
    assert "Jalan desa rusak" in detail
    for rahasia_pelapor in ("Siti Pelapor", "siti@contoh.id", "0812-3456-7890", terbuka.kode_lacak):
        assert rahasia_pelapor not in html and rahasia_pelapor not in detail


def test_public_pages_stay_light(client, buat_pengaduan, camat, django_assert_max_num_queries):
    for i in range(15):
        p = services.pengaduan_verifikasi(
            pengaduan=buat_pengaduan(judul=f"Laporan {i}"),
            oleh=camat,
            unit=(Peran.UPT_KESEHATAN, PITURUH),
        )
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi=f"Tanggapan {i}")
    # count + one page of complaints with their public-response counts (one JOIN + GROUP BY).
    with django_assert_max_num_queries(2):
        r = client.get(reverse("pengaduan:publik"))
    assert r.content.decode().count("/pengaduan/publik/") >= 15
    for i in range(5):
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi=f"Tambahan {i}")
    # complaint (+ village, kecamatan, kabupaten), public messages, history, photos.
    with django_assert_max_num_queries(4):
        client.get(reverse("pengaduan:lacak_detail", args=[p.kode_lacak]))
    html = client.get(reverse("pengaduan:lapor")).content.decode()
    assert "plotly" not in html
