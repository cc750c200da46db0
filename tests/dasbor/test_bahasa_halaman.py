"""A page in English is English: the kecamatan's pages, the public forms and the login, with the
language cookie set by the navbar switch (/bahasa/)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import DESA_PITURUH, PITURUH

pytestmark = pytest.mark.django_db

# Indonesian words of the interface (never part of a place or indicator name in the test data).
_KATA_INDONESIA = re.compile(
    r"\b(yang|dan|untuk|dengan|belum|tidak|sudah|atau|dari|pada|ini|Simpan|Keluar|Kirim|"
    r"Unduh|Tampilkan|Semua|Saring|sebelumnya|berikutnya|Bulan|Tahun|bulan|hari|Data per)\b"
)


def _teks(html):
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_page_in_english_is_english(klien, camat, katalog, isi_agregat):
    isi_agregat(katalog)
    halaman = {
        camat: [
            reverse("dasbor:kecamatan", args=[PITURUH]),
            reverse("dasbor:desa", args=[DESA_PITURUH]),
            reverse("dasbor:indikator", args=[PITURUH, katalog[0].kode]),
            reverse("layanan_dasar:kelengkapan", args=[PITURUH]),
            reverse("pengaduan:kotak_masuk"),
            reverse("pengaduan:statistik"),
            reverse("perencanaan:rekap", args=[PITURUH]),
            reverse("pelaporan:kecamatan", args=[PITURUH]),
        ],
        None: [
            reverse("pengaduan:lapor"),
            reverse("pengaduan:nilai"),
            reverse("pengaduan:lacak"),
            reverse("pengaduan:poster", args=[PITURUH]),
            reverse("login"),
        ],
    }
    for user, urls in halaman.items():
        c = Client()
        if user:
            c.force_login(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in urls:
            r = c.get(url)
            assert r.status_code == 200 and r["Content-Language"] == "en", url
            teks = _teks(r.content.decode())
            sisa = sorted({m.group(0) for m in _KATA_INDONESIA.finditer(teks)})
            assert sisa == [], (url, sisa)
    # And without the cookie, the same page is Indonesian.
    teks = _teks(klien(camat).get(reverse("dasbor:kecamatan", args=[PITURUH])).content.decode())
    assert "Keluar" in teks and "Log out" not in teks
