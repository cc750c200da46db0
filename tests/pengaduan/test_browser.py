"""In a real browser: a citizen files a complaint with a photo and gets a code; the health UPT
verifies and responds; the citizen reads the response through the code and replies."""

import re

import pytest

from tests.conftest import PITURUH
from tests.pengaduan.bantu import png_dengan_gps
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]


def test_a_citizen_files_with_a_photo_staff_respond_and_the_citizen_reads_it(
    halaman, peramban, buat_pengguna, mailoutbox
):
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH, email="puskesmas@contoh.id")
    warga = halaman

    # 1. The citizen files, without an account, from the kecamatan's own link.
    warga.goto(f"{warga.url_dasar}/pengaduan/lapor/{PITURUH}/")
    warga.select_option("#id_sektor", "kesehatan")
    warga.select_option("#id_desa", label="Kendalrejo")
    warga.fill("#id_judul", "Posyandu Dusun II tidak buka")
    warga.fill("#id_isi", "Sudah dua bulan posyandu di Dusun II tidak buka. <b>tolong</b>")
    warga.set_input_files(
        "#id_foto", {"name": "posyandu.png", "mimeType": "image/png", "buffer": png_dengan_gps()}
    )
    warga.fill("#id_email", "warga@contoh.id")
    warga.tangkap("pengaduan-1-lapor")
    warga.click("#form-lapor button[type=submit]")
    warga.wait_for_url(re.compile(r"/pengaduan/lacak/[A-Z0-9]+/\?baru=1$"))
    kode = warga.locator("[data-testid=kode-lacak]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", kode)
    assert "<b>tolong</b>" in warga.locator("[data-testid=isi]").inner_text()  # shown as text
    foto = warga.locator("img[alt^='Foto laporan']")
    assert foto.count() == 1
    # Wait for the photo itself (a loaded machine may still be fetching it), then check it.
    lebar = foto.evaluate(
        "img => img.complete ? img.naturalWidth : new Promise((ok) => "
        "{ img.onload = () => ok(img.naturalWidth); img.onerror = () => ok(0); })"
    )
    assert lebar == 64
    warga.tangkap("pengaduan-2-kode")

    # 2. The health UPT finds it in its inbox, verifies it and responds.
    konteks = peramban.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    staf = konteks.new_page()
    staf.set_default_timeout(15000)
    try:
        staf.goto(f"{warga.url_dasar}/masuk/")
        staf.fill("#id_username", upt.username)
        staf.fill("#id_password", "rahasia-123")
        staf.click("button[type=submit]")
        staf.wait_for_load_state("networkidle")
        staf.goto(f"{warga.url_dasar}/pengaduan/")
        staf.click("table tbody tr td a")
        staf.wait_for_load_state("networkidle")
        assert staf.locator("[data-testid=judul]").inner_text() == "Posyandu Dusun II tidak buka"
        assert staf.locator("img[alt^='Foto laporan']").evaluate("i => i.naturalWidth") == 64
        staf.click("#aksi-verifikasi button[type=submit]")
        staf.wait_for_load_state("networkidle")
        assert staf.locator("[data-status]").first.inner_text() == "Didisposisi"
        staf.fill("#aksi-tanggapi textarea[name=isi]", "Kader posyandu kami jadwalkan Senin depan.")
        staf.click("#aksi-tanggapi button[type=submit]")
        staf.wait_for_load_state("networkidle")
        assert staf.locator("[data-status]").first.inner_text() == "Ditindaklanjuti"
        staf.screenshot(path=str(_artefak("pengaduan-3-staf")), full_page=True)
    finally:
        konteks.close()
    assert [m.to for m in mailoutbox] == [["puskesmas@contoh.id"], ["warga@contoh.id"]]

    # 3. The citizen comes back with the code and sees the response.
    warga.goto(f"{warga.url_dasar}/pengaduan/lacak/")
    warga.fill("#id_kode", kode.lower())
    warga.click("#form-lacak button[type=submit]")
    warga.wait_for_load_state("networkidle")
    tanggapan = warga.locator("[data-testid=tanggapan]")
    assert "Kader posyandu kami jadwalkan Senin depan." in tanggapan.first.inner_text()
    assert "UPT Kesehatan" in tanggapan.first.inner_text()
    warga.fill("#form-balas textarea[name=isi]", "Terima kasih, kami tunggu.")
    warga.click("#form-balas button[type=submit]")
    warga.wait_for_load_state("networkidle")
    assert warga.locator("[data-testid=tanggapan]").count() == 2
    warga.tangkap("pengaduan-4-tanggapan")


def _artefak(nama):
    from tests.conftest import ARTEFAK

    ARTEFAK.mkdir(parents=True, exist_ok=True)
    return ARTEFAK / f"{nama}.png"


def test_the_camat_sees_statistics_and_ratings_charts(halaman, buat_pengguna):
    from pengaduan import services
    from wilayah.models import Desa

    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    for i, sektor in enumerate(["kesehatan", "kesehatan", "pu", "pendidikan", "sosial"]):
        p = services.pengaduan_buat(
            sektor=sektor,
            desa=Desa.objects.get(kode=f"33.06.11.200{i + 1}"),
            judul=f"Laporan {i}",
            isi="Uraian laporan uji.",
        )
        if i % 2 == 0:
            services.pengaduan_verifikasi(pengaduan=p, oleh=camat)
    desa = Desa.objects.get(kode="33.06.11.2001")
    for nilai, sektor in ((4, "kesehatan"), (5, "kesehatan"), (2, "pu"), (3, "pendidikan")):
        services.penilaian_buat(desa=desa, sektor=sektor, nilai=nilai, komentar="Cukup baik.")

    halaman.masuk(camat.username)
    halaman.goto(f"{halaman.url_dasar}/pengaduan/statistik/")
    halaman.wait_for_selector("#grafik-sektor[data-digambar]")
    halaman.wait_for_selector("#grafik-wilayah[data-digambar]")
    assert halaman.locator("[data-testid=jumlah-total]").inner_text() == "5"
    halaman.tangkap("pengaduan-5-statistik")
    halaman.goto(f"{halaman.url_dasar}/pengaduan/desa/33.06.11.2001/")
    halaman.wait_for_selector("#grafik-penilaian[data-digambar]")
    assert "4,5" in halaman.locator("#grafik-penilaian").inner_text()
    halaman.tangkap("pengaduan-6-desa")
    halaman.goto(f"{halaman.url_dasar}/pengaduan/")
    assert halaman.locator("table tbody tr").count() == 5
    halaman.tangkap("pengaduan-7-kotak-masuk")


def test_a_citizen_rates_a_service_finding_the_village_by_typing(halaman):
    from pengaduan.models import Penilaian

    halaman.goto(f"{halaman.url_dasar}/pengaduan/nilai/")
    halaman.select_option("#id_sektor", "pu")
    halaman.locator("#id_desa").press_sequentially("Blekat", delay=30)
    opsi = halaman.locator("#daftar-desa option")
    opsi.first.wait_for(state="attached")
    nilai_opsi = opsi.first.get_attribute("value")
    assert nilai_opsi.startswith("33.06.11.2016 · Blekatuk")
    halaman.fill("#id_desa", nilai_opsi)
    halaman.check("input[name=nilai][value='4']")
    halaman.fill("#id_komentar", "Air bersih sudah mengalir.")
    halaman.tangkap("pengaduan-8-nilai")
    halaman.click("#form-nilai button[type=submit]")
    halaman.wait_for_selector("[data-testid=terima-kasih]")
    n = Penilaian.objects.get()
    assert (n.desa_id, n.sektor, n.nilai) == ("33.06.11.2016", "pu", 4)


def test_typing_waru_offers_waru_of_pituruh_and_files_there(halaman):
    from pengaduan.models import Pengaduan

    halaman.goto(f"{halaman.url_dasar}/pengaduan/lapor/")
    assert halaman.locator("#id_sektor").input_value() == ""  # no sector chosen for the citizen
    halaman.select_option("#id_sektor", "pu")
    halaman.locator("#id_desa").press_sequentially("waru", delay=50)
    pilihan = halaman.locator("#daftar-desa option[value*='Kec. Pituruh']")
    pilihan.first.wait_for(state="attached")
    nilai = pilihan.first.get_attribute("value")
    assert nilai == "33.06.11.2015 · Waru — Kec. Pituruh, Kabupaten Purworejo"
    # Every hit says where it is.
    semua = halaman.locator("#daftar-desa option").evaluate_all("os => os.map(o => o.value)")
    assert all(" — Kec. " in v for v in semua) and len(semua) > 1
    halaman.fill("#id_desa", nilai)  # what picking the suggestion puts in the field
    halaman.fill("#id_judul", "Jembatan dusun patah")
    halaman.fill("#id_isi", "Jembatan bambu di dusun kami patah sejak banjir kemarin.")
    halaman.tangkap("pengaduan-cari-desa-waru")
    halaman.click("#form-lapor button[type=submit]")
    halaman.wait_for_url(re.compile(r"/pengaduan/lacak/[A-Z0-9]+/\?baru=1$"))
    assert Pengaduan.objects.get().desa_id == "33.06.11.2015"
