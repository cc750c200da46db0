"""Staff side: the inbox per unit, scoped; actions through the pages; identity rules; admin."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Pengaduan, Status
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, PITURUH
from wilayah.models import Peran

pytestmark = pytest.mark.django_db


@pytest.fixture
def lima_pengaduan(buat_pengaduan):
    """One complaint per unit of Pituruh, and one in the neighbouring kecamatan."""
    return {
        "kesehatan": buat_pengaduan(sektor="kesehatan", judul="Obat puskesmas habis"),
        "pendidikan": buat_pengaduan(sektor="pendidikan", judul="Guru SD sering absen"),
        "pu": buat_pengaduan(sektor="pu", judul="Sumur umum kering"),
        "desa": buat_pengaduan(sektor="sosial", urusan_desa=True, judul="BLT tidak merata"),
        "kemiri": buat_pengaduan(sektor="kesehatan", desa=DESA_KEMIRI, judul="Kemiri: bidan"),
    }


def _judul_di_kotak(c):
    r = c.get(reverse("pengaduan:kotak_masuk"))
    assert r.status_code == 200
    return {p.judul for p in r.context["table"].data.data}


def test_each_unit_sees_its_own_inbox_only(
    klien,
    lima_pengaduan,
    camat,
    camat_luar,
    upt_kesehatan,
    upt_pendidikan,
    operator_kecamatan,
    operator_desa,
    sekber_kabupaten,
):
    j = {k: p.judul for k, p in lima_pengaduan.items()}
    assert _judul_di_kotak(klien(upt_kesehatan)) == {j["kesehatan"]}
    assert _judul_di_kotak(klien(upt_pendidikan)) == {j["pendidikan"]}
    assert _judul_di_kotak(klien(operator_kecamatan)) == {j["pu"]}
    assert _judul_di_kotak(klien(operator_desa)) == {j["desa"]}
    assert _judul_di_kotak(klien(camat)) == {
        j[k] for k in ("kesehatan", "pendidikan", "pu", "desa")
    }
    assert _judul_di_kotak(klien(camat_luar)) == {j["kemiri"]}
    assert _judul_di_kotak(klien(sekber_kabupaten)) == set(j.values())


def test_a_complaint_outside_the_users_unit_or_wilayah_is_a_404(
    klien, lima_pengaduan, camat_luar, upt_pendidikan, operator_desa
):
    p = lima_pengaduan["kesehatan"]
    urls = [reverse("pengaduan:detail", args=[p.pk])] + [
        reverse(f"pengaduan:{aksi}", args=[p.pk])
        for aksi in ("verifikasi", "tolak", "disposisi", "tanggapi", "tutup")
    ]
    for user in (camat_luar, upt_pendidikan, operator_desa):
        c = klien(user)
        assert c.get(urls[0]).status_code == 404
        for url in urls[1:]:
            assert c.post(url, {"alasan": "x", "isi": "x", "publik": "1"}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.DITERIMA and p.riwayat.count() == 1


def test_monitors_read_but_cannot_act(klien, lima_pengaduan, sekber_kabupaten):
    p = lima_pengaduan["kesehatan"]
    c = klien(sekber_kabupaten)
    html = c.get(reverse("pengaduan:detail", args=[p.pk])).content.decode()
    assert p.judul in html
    assert 'id="aksi-verifikasi"' not in html
    assert c.post(reverse("pengaduan:verifikasi", args=[p.pk]), {}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.DITERIMA


def test_the_unit_verifies_responds_and_closes_through_the_pages(
    klien, buat_pengaduan, upt_kesehatan, mailoutbox, django_capture_on_commit_callbacks
):
    p = buat_pengaduan()
    c = klien(upt_kesehatan)
    r = c.post(
        reverse("pengaduan:verifikasi", args=[p.pk]),
        {"disposisikan": "on", "unit": f"upt_kesehatan|{PITURUH}", "catatan": ""},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DIDISPOSISI
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            reverse("pengaduan:tanggapi", args=[p.pk]),
            {"isi": "Stok obat datang Kamis.", "publik": "1"},
        )
    assert r.status_code == 302
    assert mailoutbox[-1].to == ["siti@contoh.id"]
    c.post(reverse("pengaduan:tanggapi", args=[p.pk]), {"isi": "Cek gudang.", "publik": "0"})
    p.refresh_from_db()
    assert p.status == Status.DITINDAKLANJUTI
    assert list(p.tanggapan.values_list("publik", flat=True)) == [True, False]
    r = c.post(reverse("pengaduan:tutup", args=[p.pk]), {"status": "selesai", "catatan": ""})
    p.refresh_from_db()
    assert p.status == Status.SELESAI
    riwayat = list(p.riwayat.values_list("aksi", "oleh"))
    assert riwayat[1:] == [
        ("verifikasi", upt_kesehatan.pk),
        ("disposisi", upt_kesehatan.pk),
        ("tanggapan", upt_kesehatan.pk),
        ("tutup", upt_kesehatan.pk),
    ]


def test_a_refused_action_shows_why_and_changes_nothing(klien, buat_pengaduan, camat):
    p = buat_pengaduan()
    c = klien(camat)
    r = c.post(reverse("pengaduan:tolak", args=[p.pk]), {"alasan": ""})
    assert r.status_code == 400
    assert r.context["form_tolak"].errors["alasan"]
    assert "tidak boleh kosong" in r.content.decode()
    r = c.post(reverse("pengaduan:tanggapi", args=[p.pk]), {"isi": "Halo", "publik": "1"})
    assert r.status_code == 400
    assert "tidak dapat dilakukan" in r.content.decode()
    p.refresh_from_db()
    assert p.status == Status.DITERIMA and p.tanggapan.count() == 0


def test_the_camat_routes_a_complaint_to_the_village(klien, buat_pengaduan, camat, operator_desa):
    p = buat_pengaduan(sektor="pu")
    c = klien(camat)
    r = c.post(
        reverse("pengaduan:disposisi", args=[p.pk]),
        {"unit": f"operator_desa|{DESA_PITURUH}", "sektor": "pu", "catatan": "Urusan desa."},
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.unit_peran, p.unit_kode) == (Peran.OPERATOR_DESA, DESA_PITURUH)
    assert klien(operator_desa).get(reverse("pengaduan:detail", args=[p.pk])).status_code == 200


def test_a_unit_that_forwards_a_complaint_lets_it_go(
    klien, buat_pengaduan, camat, upt_kesehatan, upt_pendidikan
):
    p = services.pengaduan_verifikasi(
        pengaduan=buat_pengaduan(), oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
    )
    c = klien(upt_kesehatan)
    r = c.post(
        reverse("pengaduan:disposisi", args=[p.pk]),
        {"unit": f"upt_pendidikan|{PITURUH}", "sektor": "pendidikan", "catatan": "Soal UKS."},
    )
    assert r.url == reverse("pengaduan:kotak_masuk")
    assert c.get(reverse("pengaduan:detail", args=[p.pk])).status_code == 404
    assert klien(upt_pendidikan).get(reverse("pengaduan:detail", args=[p.pk])).status_code == 200


def test_identity_is_shown_to_the_handling_unit_unless_anonim_and_never_to_monitors(
    klien, buat_pengaduan, upt_kesehatan, sekber_kabupaten
):
    biasa = buat_pengaduan(judul="Laporan bernama")
    anonim = buat_pengaduan(judul="Laporan anonim", anonim=True, nama="Rahasia Sekali")
    identitas = ("Siti Pelapor", "siti@contoh.id", "0812-3456-7890", "Rahasia Sekali")

    def halaman(user, p):
        return klien(user).get(reverse("pengaduan:detail", args=[p.pk])).content.decode()

    html = halaman(upt_kesehatan, biasa)
    assert "Siti Pelapor" in html and "siti@contoh.id" in html
    for p in (biasa, anonim):
        html = halaman(sekber_kabupaten, p)
        assert not any(i in html for i in identitas)
        assert p.kode_lacak not in html  # the reporter's secret, not staff's
    html = halaman(upt_kesehatan, anonim)
    assert not any(i in html for i in identitas)
    assert "anonim" in html
    # The e-mail kept for notifications is not on the page either.
    assert Pengaduan.objects.get(pk=anonim.pk).email_pelapor == "siti@contoh.id"
    # Lists never carry identity.
    inbox = klien(upt_kesehatan).get(reverse("pengaduan:kotak_masuk")).content.decode()
    assert not any(i in inbox for i in identitas)


def test_the_inbox_page_does_not_grow_in_queries(
    klien, buat_pengaduan, camat, django_assert_max_num_queries
):
    for i in range(30):
        buat_pengaduan(
            sektor=["kesehatan", "pu", "sosial"][i % 3], desa=f"33.06.11.20{i % 20 + 10}"
        )
    c = klien(camat)
    # session, user, assignment, count, one page of rows (village + unit name in the same query).
    with django_assert_max_num_queries(6):
        r = c.get(reverse("pengaduan:kotak_masuk"))
    assert len(r.context["table"].page.object_list) == 25


def test_the_staff_detail_page_has_a_fixed_number_of_queries(
    klien, buat_pengaduan, camat, django_assert_max_num_queries
):
    p = services.pengaduan_verifikasi(
        pengaduan=buat_pengaduan(), oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
    )
    for i in range(6):
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi=f"T{i}", publik=bool(i % 2))
    c = klien(camat)
    # session, user, assignment, complaint, messages, history, photos, breadcrumbs, the
    # dispatch form's village list.
    with django_assert_max_num_queries(10):
        c.get(reverse("pengaduan:detail", args=[p.pk]))


def test_inbox_filters(klien, lima_pengaduan, camat):
    c = klien(camat)
    p = lima_pengaduan["pu"]
    r = c.get(reverse("pengaduan:kotak_masuk"), {"cari": p.nomor})
    assert [x.pk for x in r.context["table"].data.data] == [p.pk]
    r = c.get(reverse("pengaduan:kotak_masuk"), {"sektor": "pendidikan"})
    assert [x.pk for x in r.context["table"].data.data] == [lima_pengaduan["pendidikan"].pk]
    services.pengaduan_tolak(pengaduan=p, oleh=camat, alasan="Ganda.")
    r = c.get(reverse("pengaduan:kotak_masuk"), {"terbuka": "1"})
    assert len(r.context["table"].data.data) == 3
    r = c.get(reverse("pengaduan:kotak_masuk"), {"terbuka": "0"})
    assert [x.pk for x in r.context["table"].data.data] == [p.pk]
    assert (
        not c.get(reverse("pengaduan:kotak_masuk"), {"terlambat": "1"}).context["table"].data.data
    )
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        r = c.get(reverse("pengaduan:kotak_masuk"), {"terlambat": "1"})
        assert len(r.context["table"].data.data) == 3  # unverified after 3 days
        assert "terlambat" in r.content.decode()


def test_the_admin_is_scoped_read_only_and_without_identity(
    klien, lima_pengaduan, sekber_kabupaten, django_user_model
):
    c = klien(sekber_kabupaten)
    p = lima_pengaduan["kesehatan"]
    r = c.get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert p.judul in html
    assert "Siti Pelapor" not in html and "siti@contoh.id" not in html and p.kode_lacak not in html
    assert c.get(reverse("admin:pengaduan_pengaduan_add")).status_code == 403
    provinsi_lain = django_user_model.objects.create_user("sekber32", is_staff=True)
    from wilayah.models import Penugasan

    Penugasan.objects.create(user=provinsi_lain, peran=Peran.SEKBER_PROVINSI, wilayah_kode="32")
    r = klien(provinsi_lain).get(reverse("admin:pengaduan_pengaduan_change", args=[p.pk]))
    assert r.status_code in (302, 404)


def test_the_menu_links_the_inbox_and_statistics(klien, operator_desa):
    r = klien(operator_desa).get(reverse("pengaduan:kotak_masuk"))
    menu = dict(r.context["menu_utama"])
    assert menu["Pengaduan"] == reverse("pengaduan:kotak_masuk")
    assert menu["Statistik pengaduan"] == reverse("pengaduan:statistik")
    assert menu["Penilaian warga"] == reverse("pengaduan:desa", args=[DESA_PITURUH])


def test_staff_pages_need_a_login(client, buat_pengaduan):
    p = buat_pengaduan()
    for url in (
        reverse("pengaduan:kotak_masuk"),
        reverse("pengaduan:detail", args=[p.pk]),
        reverse("pengaduan:statistik"),
        reverse("pengaduan:desa", args=[DESA_PITURUH]),
    ):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith(reverse("login"))
