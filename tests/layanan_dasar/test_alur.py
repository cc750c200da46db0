"""Workflow: draft → diajukan → diverifikasi → dikunci; send back with a reason; only the camat
reopens a locked month; locked values are read-only everywhere."""

import pytest
from django.urls import reverse

from layanan_dasar.models import NilaiData, Pengajuan, RiwayatPengajuan
from layanan_dasar.services import AlurDitolak, pengajuan_ubah_status
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Peran

from .conftest import BULAN, BULAN_TEKS

pytestmark = pytest.mark.django_db


def ubah(user, kecamatan, aksi, alasan="", sektor="kesehatan"):
    return pengajuan_ubah_status(
        user=user, kecamatan=kecamatan, sektor=sektor, bulan=BULAN, aksi=aksi, alasan=alasan
    )


@pytest.fixture
def sekcam(buat_pengguna):
    return buat_pengguna(Peran.SEKCAM, PITURUH)


def test_the_full_path_is_recorded_step_by_step(upt_kesehatan, camat, sekcam, pituruh, katalog):
    assert ubah(upt_kesehatan, pituruh, "ajukan").status == "diajukan"
    assert ubah(sekcam, pituruh, "verifikasi").status == "diverifikasi"
    p = ubah(camat, pituruh, "kunci")
    assert p.status == "dikunci" and p.diajukan_pada and p.dikunci_pada
    langkah = list(RiwayatPengajuan.objects.filter(pengajuan=p).values_list("dari", "ke", "oleh"))
    assert langkah == [
        ("draft", "diajukan", upt_kesehatan.pk),
        ("diajukan", "diverifikasi", sekcam.pk),
        ("diverifikasi", "dikunci", camat.pk),
    ]


def test_upt_cannot_verify_and_steps_cannot_be_skipped(upt_kesehatan, camat, pituruh, katalog):
    with pytest.raises(AlurDitolak, match="tidak berlaku"):
        ubah(camat, pituruh, "kunci")  # still a draft
    ubah(upt_kesehatan, pituruh, "ajukan")
    with pytest.raises(AlurDitolak, match="tidak berwenang"):
        ubah(upt_kesehatan, pituruh, "verifikasi")
    assert Pengajuan.objects.get().status == "diajukan"


def test_sending_back_needs_a_reason_which_the_upt_then_sees(
    klien, upt_kesehatan, camat, pituruh, katalog
):
    ubah(upt_kesehatan, pituruh, "ajukan")
    with pytest.raises(AlurDitolak, match="Alasan wajib"):
        ubah(camat, pituruh, "kembalikan")
    ubah(camat, pituruh, "kembalikan", "Desa Kendalrejo belum lengkap")
    p = Pengajuan.objects.get()
    assert p.status == "draft"
    resp = klien(upt_kesehatan).get(
        reverse("layanan_dasar:isian", args=[PITURUH, "kesehatan", BULAN_TEKS])
    )
    assert "Desa Kendalrejo belum lengkap" in resp.text
    assert resp.context["grid"].bisa_diisi


def test_only_the_camat_reopens_a_locked_month_and_it_is_recorded(
    upt_kesehatan, camat, sekcam, pituruh, katalog
):
    for user, aksi in ((upt_kesehatan, "ajukan"), (camat, "verifikasi"), (camat, "kunci")):
        ubah(user, pituruh, aksi)
    with pytest.raises(AlurDitolak, match="tidak berwenang"):
        ubah(sekcam, pituruh, "buka", "salah ketik")
    with pytest.raises(AlurDitolak, match="Alasan wajib"):
        ubah(camat, pituruh, "buka")
    p = ubah(camat, pituruh, "buka", "Koreksi data imunisasi")
    assert p.status == "draft"
    terakhir = RiwayatPengajuan.objects.filter(pengajuan=p).last()
    assert (terakhir.dari, terakhir.ke, terakhir.oleh, terakhir.catatan) == (
        "dikunci",
        "draft",
        camat,
        "Koreksi data imunisasi",
    )


def test_locked_values_are_read_only_in_the_grid_and_refused_on_post(
    klien, upt_kesehatan, camat, pituruh, el, simpan_langsung
):
    e = el("kes-bumil-layanan")
    simpan_langsung(DESA_PITURUH, e, {BULAN: 10})
    for user, aksi in ((upt_kesehatan, "ajukan"), (camat, "verifikasi"), (camat, "kunci")):
        ubah(user, pituruh, aksi)
    url = reverse("layanan_dasar:isian", args=[PITURUH, "kesehatan", BULAN_TEKS]) + "?kelompok=spm"
    client = klien(upt_kesehatan)
    resp = client.get(url)
    assert not resp.context["grid"].bisa_diisi
    assert f'name="v-{DESA_PITURUH}-{e.id}"' not in resp.text
    resp = client.post(
        url,
        {"kolom": str(e.id), f"asal-{DESA_PITURUH}": '["10"]', f"v-{DESA_PITURUH}-{e.id}": "99"},
    )
    assert resp.status_code == 302
    assert NilaiData.objects.get(desa_id=DESA_PITURUH, elemen=e).nilai == 10


def test_the_service_refuses_writes_to_a_month_not_in_draft(upt_kesehatan, pituruh, el):
    from layanan_dasar.services import IsianDitolak, nilai_simpan

    ubah(upt_kesehatan, pituruh, "ajukan")
    with pytest.raises(IsianDitolak) as exc:
        nilai_simpan(
            user=upt_kesehatan,
            kecamatan=pituruh,
            sektor="kesehatan",
            perubahan={(DESA_PITURUH, el("kes-bumil-layanan").id, BULAN): 3},
            sumber="grid",
        )
    assert "berstatus diajukan" in exc.value.galat[0].pesan
    assert not NilaiData.objects.exists()


def test_workflow_buttons_post_through_the_page_and_outsiders_get_404(
    klien, upt_kesehatan, camat_luar, upt_pendidikan, katalog
):
    url = reverse("layanan_dasar:alur", args=[PITURUH, "kesehatan", BULAN_TEKS])
    assert klien(camat_luar).post(url, {"aksi": "ajukan"}).status_code == 404
    assert klien(upt_pendidikan).post(url, {"aksi": "ajukan"}).status_code == 404
    assert not Pengajuan.objects.exists()
    # An empty month asks first (see the tests below); the confirmation's button sends it.
    resp = klien(upt_kesehatan).post(url, {"aksi": "ajukan", "yakin": "1"})
    assert resp.status_code == 302
    assert Pengajuan.objects.get().status == "diajukan"


def _isi_semua_desa(pituruh, elemen, nilai=5):
    from wilayah.models import Desa

    NilaiData.objects.bulk_create(
        NilaiData(desa=d, elemen=elemen, bulan=BULAN, nilai=nilai)
        for d in Desa.objects.filter(kecamatan=pituruh, aktif=True)
    )


def test_submitting_an_incomplete_month_shows_its_completeness_and_asks_first(
    klien, upt_kesehatan, pituruh, el
):
    NilaiData.objects.create(
        desa_id=DESA_PITURUH, elemen=el("kes-bumil-layanan"), bulan=BULAN, nilai=3
    )
    url = reverse("layanan_dasar:alur", args=[PITURUH, "kesehatan", BULAN_TEKS])
    c = klien(upt_kesehatan)
    resp = c.post(url, {"aksi": "ajukan"})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "1 dari 49 desa sudah mengisi" in html
    assert "Data bulan ini belum lengkap." in html and "48 desa belum mengisi" in html
    assert not Pengajuan.objects.filter(status="diajukan").exists()
    assert c.post(url, {"aksi": "ajukan", "yakin": "1"}).status_code == 302
    assert Pengajuan.objects.get().status == "diajukan"


def test_a_complete_month_is_submitted_without_a_question(klien, upt_kesehatan, pituruh, el):
    _isi_semua_desa(pituruh, el("kes-bumil-layanan"))
    url = reverse("layanan_dasar:alur", args=[PITURUH, "kesehatan", BULAN_TEKS])
    assert klien(upt_kesehatan).post(url, {"aksi": "ajukan"}).status_code == 302
    assert Pengajuan.objects.get().status == "diajukan"


def test_verify_and_lock_always_ask_first(klien, upt_kesehatan, camat, pituruh, el):
    _isi_semua_desa(pituruh, el("kes-bumil-layanan"))
    ubah(upt_kesehatan, pituruh, "ajukan")
    url = reverse("layanan_dasar:alur", args=[PITURUH, "kesehatan", BULAN_TEKS])
    c = klien(camat)
    for aksi, status in (("verifikasi", "diverifikasi"), ("kunci", "dikunci")):
        resp = c.post(url, {"aksi": aksi})
        assert resp.status_code == 200 and 'data-testid="yakin"' in resp.content.decode()
        assert Pengajuan.objects.get().status != status
        assert c.post(url, {"aksi": aksi, "yakin": "1"}).status_code == 302
        assert Pengajuan.objects.get().status == status


def test_the_upt_withdraws_a_submission_until_the_camat_acts(
    klien, upt_kesehatan, camat, camat_luar, pituruh, katalog
):
    from layanan_dasar.services import Aksi, aksi_diizinkan
    from wilayah.access import lingkup_user

    ubah(upt_kesehatan, pituruh, "ajukan")
    p = Pengajuan.objects.get()
    assert p.diajukan_pada is not None
    # The camat sends back with a reason instead; the withdraw button is the sender's.
    assert Aksi.TARIK not in aksi_diizinkan(lingkup_user(camat), PITURUH, "kesehatan", p.status)
    url = reverse("layanan_dasar:alur", args=[PITURUH, "kesehatan", BULAN_TEKS])
    assert klien(camat_luar).post(url, {"aksi": "tarik"}).status_code == 404
    assert klien(upt_kesehatan).post(url, {"aksi": "tarik"}).status_code == 302
    p.refresh_from_db()
    assert (p.status, p.diajukan_pada) == ("draft", None)
    assert list(RiwayatPengajuan.objects.order_by("id").values_list("dari", "ke", "oleh")) == [
        ("draft", "diajukan", upt_kesehatan.id),
        ("diajukan", "draft", upt_kesehatan.id),
    ]
    # Once the camat has verified, the UPT can no longer take it back.
    ubah(upt_kesehatan, pituruh, "ajukan")
    ubah(camat, pituruh, "verifikasi")
    with pytest.raises(AlurDitolak):
        ubah(upt_kesehatan, pituruh, "tarik")
    assert Pengajuan.objects.get().status == "diverifikasi"


def test_the_camat_verifies_several_sector_months_at_once_from_home(
    klien, upt_kesehatan, upt_pendidikan, camat, camat_luar, pituruh, katalog
):
    import datetime as dt

    for sektor, user in (("kesehatan", upt_kesehatan), ("pendidikan", upt_pendidikan)):
        ubah(user, pituruh, "ajukan", sektor=sektor)
    pengajuan_ubah_status(
        user=upt_kesehatan,
        kecamatan=pituruh,
        sektor="kesehatan",
        bulan=dt.date(2025, 2, 1),
        aksi="ajukan",
    )
    c = klien(camat)
    home = c.get(reverse("dasbor:kecamatan", args=[PITURUH])).content.decode()
    assert 'data-testid="tugas-camat"' in home and "3 data diajukan" in home
    url = reverse("layanan_dasar:verifikasi_massal", args=[PITURUH])
    pilih = ["kesehatan|2025-02", "kesehatan|2025-03", "pendidikan|2025-03"]
    assert klien(camat_luar).post(url, {"pilih": pilih}).status_code == 404
    assert klien(upt_kesehatan).post(url, {"pilih": pilih}).status_code == 404
    c = klien(camat)
    resp = c.post(url, {"pilih": pilih})
    assert resp.status_code == 200 and "Verifikasi 3 data" in resp.content.decode()
    assert not Pengajuan.objects.filter(status="diverifikasi").exists()
    # Meanwhile one of them is withdrawn: nothing is verified, and the camat is told.
    ubah(upt_pendidikan, pituruh, "tarik", sektor="pendidikan")
    resp = c.post(url, {"pilih": pilih, "yakin": "1"}, follow=True)
    assert "sudah tidak menunggu verifikasi" in resp.content.decode()
    assert not Pengajuan.objects.filter(status="diverifikasi").exists()
    resp = c.post(url, {"pilih": pilih[:2], "yakin": "1"}, follow=True)
    assert "2 data diverifikasi." in resp.content.decode()
    assert Pengajuan.objects.filter(status="diverifikasi").count() == 2
    assert RiwayatPengajuan.objects.filter(ke="diverifikasi", oleh=camat).count() == 2
