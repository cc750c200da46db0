"""Photos: judged by content, size-limited, re-encoded without metadata, served only through
scoped views (never as public media), hidden from the public when the complaint is rahasia."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from pengaduan.models import Foto, Pengaduan
from tests.conftest import DESA_PITURUH, PITURUH
from tests.pengaduan.bantu import SKRIP, gambar_acak, jpeg_dengan_gps, png_dengan_gps
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

LAPOR = reverse("pengaduan:lapor")


def _lapor(client, *berkas, **extra):
    data = {
        "sektor": "kesehatan",
        "desa": DESA_PITURUH,
        "judul": "Puskesmas pembantu rusak",
        "isi": "Atap pustu bocor dan pasien kehujanan.",
        "foto": list(berkas),
        **extra,
    }
    return client.post(LAPOR, data)


def _tanpa_metadata(data):
    img = Image.open(io.BytesIO(data))
    exif = img.getexif()
    assert len(exif) == 0
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert "exif" not in img.info and "Lokasi" not in img.info
    assert b"KameraUji" not in data and b"110.00" not in data
    return img


def test_a_script_renamed_jpg_is_refused_and_nothing_is_saved(client):
    r = _lapor(client, SimpleUploadedFile("foto.jpg", SKRIP, content_type="image/jpeg"))
    assert r.status_code == 400
    assert "foto.jpg bukan foto yang sah" in r.content.decode()
    assert Pengaduan.objects.count() == 0 and Foto.objects.count() == 0


def test_an_oversized_image_is_refused(client, settings):
    settings.PENGADUAN_FOTO_MAKS_BYTE = 50_000
    besar = gambar_acak((200, 200))  # noise: ~120 kB as PNG
    assert len(besar) > 50_000
    r = _lapor(client, SimpleUploadedFile("besar.png", besar, content_type="image/png"))
    assert r.status_code == 400
    assert "besar.png terlalu besar" in r.content.decode()
    assert Pengaduan.objects.count() == 0


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.PENGADUAN_FOTO_MAKS_BYTE = 10_000
    settings.PENGADUAN_FOTO_MAKS_JUMLAH = 1
    besar = SimpleUploadedFile("besar.png", b"\0" * 1_200_000, content_type="image/png")
    r = _lapor(client, besar)
    assert r.status_code == 413
    assert Pengaduan.objects.count() == 0


def test_too_many_photos_are_refused(client, settings):
    settings.PENGADUAN_FOTO_MAKS_JUMLAH = 2
    berkas = [SimpleUploadedFile(f"f{i}.png", png_dengan_gps(), "image/png") for i in range(3)]
    r = _lapor(client, *berkas)
    assert r.status_code == 400
    assert "Paling banyak 2 foto" in r.content.decode()


def test_a_png_with_gps_metadata_comes_back_without_it(client, camat):
    asli = png_dengan_gps()
    assert b"KameraUji" in asli and "Lokasi" in Image.open(io.BytesIO(asli)).info
    r = _lapor(client, SimpleUploadedFile("rumah saya.png", asli, content_type="image/png"))
    assert r.status_code == 302
    p = Pengaduan.objects.get()
    foto = p.foto.get()
    assert foto.jenis_konten == "image/png"
    assert "rumah" not in foto.berkas.name  # the uploader's file name is not kept
    # Through the reporter's tracking page…
    resp = client.get(reverse("pengaduan:lacak_foto", args=[p.kode_lacak, foto.pk]))
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    img = _tanpa_metadata(b"".join(resp.streaming_content))
    assert img.size == (64, 48) and img.getpixel((5, 5))[:3] == (200, 30, 30)
    # …and through the staff view.
    client.force_login(camat)
    resp = client.get(reverse("pengaduan:foto", args=[foto.pk]))
    _tanpa_metadata(b"".join(resp.streaming_content))


def test_a_jpeg_loses_its_gps_too_and_big_photos_are_scaled_down(client, settings):
    settings.PENGADUAN_FOTO_SISI_MAKS = 100
    r = _lapor(
        client,
        SimpleUploadedFile("a.jpg", jpeg_dengan_gps(), "image/jpeg"),
        SimpleUploadedFile("b.webp", gambar_acak((300, 150), "WEBP"), "image/webp"),
    )
    assert r.status_code == 302
    f1, f2 = Foto.objects.order_by("id")
    with f1.berkas.open("rb") as fh:
        _tanpa_metadata(fh.read())
    assert (f2.jenis_konten, f2.lebar, f2.tinggi) == ("image/jpeg", 100, 50)


def test_photos_of_a_rahasia_complaint_are_not_shown_publicly(client, camat):
    _lapor(client, SimpleUploadedFile("a.png", png_dengan_gps(), "image/png"), rahasia="on")
    p = Pengaduan.objects.get()
    foto = p.foto.get()
    html = client.get(reverse("pengaduan:lacak_detail", args=[p.kode_lacak])).content.decode()
    assert "/foto/" not in html
    assert (
        client.get(reverse("pengaduan:lacak_foto", args=[p.kode_lacak, foto.pk])).status_code == 404
    )
    client.force_login(camat)
    assert client.get(reverse("pengaduan:foto", args=[foto.pk])).status_code == 200
    html = client.get(reverse("pengaduan:detail", args=[p.pk])).content.decode()
    assert reverse("pengaduan:foto", args=[foto.pk]) in html


def test_staff_photos_are_scoped_to_the_unit_and_never_public_media(
    client, klien, camat_luar, upt_pendidikan, buat_pengguna, settings
):
    _lapor(client, SimpleUploadedFile("a.png", png_dengan_gps(), "image/png"))
    foto = Foto.objects.get()
    url = reverse("pengaduan:foto", args=[foto.pk])
    anonim = client.get(url)
    assert anonim.status_code == 302 and reverse("login") in anonim.url
    assert client.get(settings.MEDIA_URL + foto.berkas.name).status_code == 404
    assert klien(camat_luar).get(url).status_code == 404
    assert klien(upt_pendidikan).get(url).status_code == 404  # another unit's complaint
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    assert klien(upt).get(url).status_code == 200
    # Another complaint's code does not open this photo.
    _lapor(client)
    lain = Pengaduan.objects.exclude(pk=foto.pengaduan_id).get()
    assert (
        client.get(reverse("pengaduan:lacak_foto", args=[lain.kode_lacak, foto.pk])).status_code
        == 404
    )


def test_photo_files_without_a_row_are_deleted_after_a_day(client, settings):
    import datetime as dt
    import os

    from django.utils import timezone

    from pengaduan.services import foto_yatim_hapus

    r = _lapor(client, SimpleUploadedFile("a.png", png_dengan_gps(), content_type="image/png"))
    assert r.status_code == 302
    dipakai = Foto.objects.get().berkas.path
    folder = os.path.dirname(dipakai)
    yatim_lama = os.path.join(folder, "sisa-rollback.jpg")
    yatim_baru = os.path.join(folder, "sedang-disimpan.jpg")
    for jalur in (yatim_lama, yatim_baru):
        with open(jalur, "wb") as fh:
            fh.write(b"x")
    dua_hari_lalu = (timezone.now() - dt.timedelta(days=2)).timestamp()
    for jalur in (dipakai, yatim_lama):
        os.utime(jalur, (dua_hari_lalu, dua_hari_lalu))

    assert foto_yatim_hapus() == 1
    assert not os.path.exists(yatim_lama)
    assert os.path.exists(dipakai)  # referenced by its Foto row, however old
    assert os.path.exists(yatim_baru)  # too young: a filing may be committing

    # A deleted complaint leaves its photo behind until the job runs.
    Pengaduan.objects.all().delete()
    assert foto_yatim_hapus() == 1 and not os.path.exists(dipakai)
    assert foto_yatim_hapus(umur=dt.timedelta(0)) == 1  # the young one, once old enough
