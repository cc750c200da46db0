"""Citizens name villages the way they say them: "waru", "waru pituruh", "Desa Waru, Kec.
Pituruh". Each kecamatan has its own public link and a printable QR poster, reached from the
staff inbox; no sector is chosen for the citizen."""

import re

import pytest
import segno
from django.urls import reverse

from pengaduan.models import Pengaduan, Penilaian
from tests.conftest import DESA_PITURUH, PITURUH

pytestmark = pytest.mark.django_db

WARU_PITURUH = "33.06.11.2015"
LAPOR = reverse("pengaduan:lapor")


def _lapor(**extra):
    return {
        "sektor": "pu",
        "judul": "Jembatan rusak di dusun",
        "isi": "Jembatan bambu di dusun kami patah sejak banjir.",
        **extra,
    }


def _hasil(client, q, **extra):
    return client.get(reverse("pengaduan:cari_desa"), {"q": q, **extra}).json()["hasil"]


def test_a_bare_name_lists_exact_names_first_with_kecamatan_and_kabupaten(client):
    hasil = _hasil(client, "waru")
    label = [h["label"] for h in hasil]
    exact = [x for x in label if x.startswith("Waru — ")]
    assert label[: len(exact)] == exact  # every "Waru" before "Waruroyom" and the like
    assert "Waru — Kec. Pituruh, Kabupaten Purworejo" in label
    assert all(" — Kec. " in x and ", " in x for x in label)


@pytest.mark.parametrize("q", ["waru pituruh", "Desa Waru, Kec. Pituruh", "WARU purworejo"])
def test_a_name_with_its_kecamatan_or_kabupaten_finds_that_village(client, q):
    hasil = _hasil(client, q)
    assert hasil[0]["kode"] == WARU_PITURUH


def test_a_typed_name_with_its_kecamatan_files_without_the_script(client):
    r = client.post(LAPOR, _lapor(desa="waru pituruh"))
    assert r.status_code == 302
    assert Pengaduan.objects.get().desa_id == WARU_PITURUH


def test_an_ambiguous_name_offers_its_villages_and_the_pick_files(client):
    r = client.post(LAPOR, _lapor(desa="Waru"))
    assert r.status_code == 400 and Pengaduan.objects.count() == 0
    html = r.content.decode()
    assert "Pilih yang Anda maksud" in html
    assert "Ketik kodenya" not in html  # never asks for the 13-character code
    pilihan = re.findall(r'name="desa_pilih"[^>]*value="([^"]+)"', html)
    assert f"{WARU_PITURUH} · Waru" in pilihan and len(pilihan) > 1
    assert "Waru — Kec. Pituruh, Kabupaten Purworejo" in html
    r = client.post(LAPOR, _lapor(desa="Waru", desa_pilih=f"{WARU_PITURUH} · Waru"))
    assert r.status_code == 302
    assert Pengaduan.objects.get().desa_id == WARU_PITURUH


def test_the_rating_form_finds_villages_the_same_way(client):
    r = client.post(
        reverse("pengaduan:nilai"), {"sektor": "pu", "desa": "waru pituruh", "nilai": 4}
    )
    assert r.status_code == 200
    assert Penilaian.objects.get().desa_id == WARU_PITURUH


def test_no_sector_is_preselected(client):
    for url in (
        LAPOR,
        reverse("pengaduan:nilai"),
        reverse("pengaduan:lapor_kecamatan", args=[PITURUH]),
    ):
        html = client.get(url).content.decode()
        pilih = re.search(r'<select name="sektor".*?</select>', html, re.S).group(0)
        # Only the empty "— pilih bidang layanan —" may be the selected one.
        assert re.findall(r'<option value="([^"]*)"[^>]*selected', pilih) in ([], [""])
    r = client.post(LAPOR, _lapor(sektor="", desa=DESA_PITURUH))
    assert r.status_code == 400 and Pengaduan.objects.count() == 0


def test_each_kecamatan_has_its_own_link_and_a_qr_poster(client, camat, klien):
    url = reverse("pengaduan:lapor_kecamatan", args=[PITURUH])
    html = client.get(url).content.decode()
    assert html.count('<option value="33.06.11.') == 49  # the kecamatan's villages only
    r = client.post(url, _lapor(desa=WARU_PITURUH))
    assert r.status_code == 302 and Pengaduan.objects.get().desa_id == WARU_PITURUH
    assert client.get(reverse("pengaduan:lapor_kecamatan", args=["99.99.99"])).status_code == 404
    poster = client.get(reverse("pengaduan:poster", args=[PITURUH])).content.decode()
    alamat = f"http://testserver{url}"
    assert alamat in poster and "Kecamatan Pituruh" in poster
    # The QR drawn is the code of that address (segno draws the same matrix for the same text).
    qr = segno.make(alamat, error="m", micro=False)
    assert qr.svg_inline(scale=6, border=2, dark="#000", light="#fff") in poster
    # The staff inbox links to both.
    kotak = klien(camat).get(reverse("pengaduan:kotak_masuk")).content.decode()
    assert f'href="{url}"' in kotak
    assert f'href="{reverse("pengaduan:poster", args=[PITURUH])}"' in kotak
