"""The dashboards' cache (layanan_dasar/dasbor/singgahan.py), through the real engine: a cached
page is the page built without the cache; a save and its incremental rebuild make the next read
fresh; one scope's fragment never answers another scope; the pending badge stays live."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from layanan_dasar.agregasi import agregasi_bangun, agregasi_inkremental, agregasi_jadwalkan
from layanan_dasar.models import DataElemen, Indikator
from tests.agregasi.conftest import isi
from tests.conftest import KEMIRI, PITURUH
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

A = "33.06.11.2001"  # Kendalrejo, Pituruh
K = "33.06.12.2001"  # a village of Kemiri
MARET = "2025-03"


@pytest.fixture
def rasio():
    """A plain ratio indicator (no year-to-date): the kecamatan value is pembilang/penyebut."""
    p = DataElemen.objects.create(kode="uji-cache-p", nama="Dilayani uji", sektor="kesehatan")
    q = DataElemen.objects.create(kode="uji-cache-q", nama="Sasaran uji", sektor="kesehatan")
    ind = Indikator.objects.create(
        kode="uji-cache",
        nama="Rasio uji cache",
        sektor="kesehatan",
        kelompok=Indikator.Kelompok.SPM,
        pembilang=p,
        penyebut=q,
        target=Decimal(80),
    )
    return ind, p, q


def _tanpa_token(html):
    # The logout form's CSRF token is masked afresh on every response, and so is the CSP nonce
    # of the page shell's scripts (never inside the cached fragment: see below).
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def _isi_cache(html):
    """The part of the page that comes from the cache (picker to the end of the content)."""
    return html[html.index('<form method="get" id="pilihan"') :]


def _baca(c, url, **q):
    with CaptureQueriesContext(connection) as kueri:
        r = c.get(url, q)
    assert r.status_code == 200
    return r.text, len(kueri)


URL_HALAMAN = [
    ("dasbor:kecamatan", [PITURUH]),
    ("dasbor:upt", [PITURUH]),
    ("dasbor:desa", [A]),
    ("dasbor:indikator", [PITURUH, "uji-cache"]),
    ("dasbor:pantau_nasional", []),
]


@pytest.mark.parametrize(("nama", "args"), URL_HALAMAN)
def test_a_cached_page_is_the_page_built_without_it(
    nama, args, rasio, klien, buat_pengguna, settings
):
    ind, p, q = rasio
    isi(A, p, MARET, 30)
    isi(A, q, MARET, 50)
    agregasi_bangun()
    peran, kode = {
        "dasbor:pantau_nasional": (Peran.SEKBER_NASIONAL, ""),
        "dasbor:upt": (Peran.UPT_KESEHATAN, PITURUH),
    }.get(nama, (Peran.CAMAT, PITURUH))
    c = klien(buat_pengguna(peran, kode))
    url = reverse(nama, args=args)

    settings.DASBOR_CACHE = False
    sumber, _n = _baca(c, url, sektor="kesehatan")
    settings.DASBOR_CACHE = True
    pertama, n_pertama = _baca(c, url, sektor="kesehatan")
    kedua, n_kedua = _baca(c, url, sektor="kesehatan")

    assert _tanpa_token(pertama) == _tanpa_token(sumber)
    assert _tanpa_token(kedua) == _tanpa_token(sumber)
    # A nonce stored with the fragment would be stale on the next request and its script
    # refused by the CSP: the cached part holds none.
    assert "nonce=" not in _isi_cache(kedua)
    assert "60,0" in _isi_cache(kedua)  # 30 / 50 at the node read
    # The second read was served from the cache: the figures' queries were not run again.
    assert n_kedua < n_pertama


def test_a_save_and_its_incremental_rebuild_make_the_next_read_fresh(rasio, klien, camat):
    ind, p, q = rasio
    isi(A, p, MARET, 30)
    isi(A, q, MARET, 50)
    agregasi_bangun()
    c = klien(camat)
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    lama, _n = _baca(c, url, sektor="kesehatan")
    lama, _n = _baca(c, url, sektor="kesehatan")  # now from the cache
    assert "60,0" in _isi_cache(lama)
    data_per_lama = re.search(r"Data per ([^<\n]+)", lama).group(1)

    isi(A, p, MARET, 45)  # a save: the value and its mark
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    assert agregasi_inkremental().tanda == 1

    baru, _n = _baca(c, url, sektor="kesehatan")
    assert "90,0" in _isi_cache(baru) and "60,0" not in _isi_cache(baru)
    assert 'data-testid="agregat-tertunda"' not in baru
    # "Data per" moved with the rebuild, and the figures moved with it.
    assert re.search(r"Data per ([^<\n]+)", baru).group(1) >= data_per_lama


def _klien(user):
    # One client per user (the `klien` fixture logs its single client in again).
    c = Client()
    c.force_login(user)
    return c


def test_one_scopes_cache_never_serves_another_scope(rasio, camat, camat_luar, buat_pengguna):
    ind, p, q = rasio
    isi(A, p, MARET, 30)
    isi(A, q, MARET, 50)
    isi(K, p, MARET, 10)
    isi(K, q, MARET, 40)
    agregasi_bangun()
    url_pituruh = reverse("dasbor:kecamatan", args=[PITURUH])
    url_kemiri = reverse("dasbor:kecamatan", args=[KEMIRI])
    c_pituruh, c_kemiri = _klien(camat), _klien(camat_luar)
    pituruh, _n = _baca(c_pituruh, url_pituruh, sektor="kesehatan")
    _baca(c_pituruh, url_pituruh, sektor="kesehatan")  # cached now

    # The outsider is refused before any cache is read, with the very same query string.
    assert c_kemiri.get(url_pituruh, {"sektor": "kesehatan"}).status_code == 404
    assert c_kemiri.get(reverse("dasbor:desa", args=[A])).status_code == 404
    kemiri, _n = _baca(c_kemiri, url_kemiri, sektor="kesehatan")
    assert "25,0" in _isi_cache(kemiri) and "60,0" not in _isi_cache(kemiri)
    assert "Kendalrejo" in pituruh and "Kendalrejo" not in kemiri

    # A narrower scope in the same kecamatan gets its own entry: a UPT of another sector does
    # not see the camat's cached sectors.
    upt = _klien(buat_pengguna(Peran.UPT_PENDIDIKAN, PITURUH))
    teks, _n = _baca(upt, url_pituruh, sektor="kesehatan")
    assert "Rasio uji cache" not in _isi_cache(teks) and "Rasio uji cache" in pituruh


def test_the_pending_badge_stays_live_while_the_figures_are_cached(rasio, klien, camat):
    ind, p, q = rasio
    isi(A, p, MARET, 30)
    isi(A, q, MARET, 50)
    agregasi_bangun()
    c = klien(camat)
    url = reverse("dasbor:kecamatan", args=[PITURUH])
    _baca(c, url, sektor="kesehatan")
    sebelum, _n = _baca(c, url, sektor="kesehatan")
    assert 'data-testid="agregat-tertunda"' not in sebelum

    isi(A, p, MARET, 45)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])  # saved, not rebuilt yet

    tertunda, _n = _baca(c, url, sektor="kesehatan")
    assert 'data-testid="agregat-tertunda"' in tertunda
    # No rebuild yet: the cached figures are still those of the "Data per" shown.
    assert "60,0" in _isi_cache(tertunda)

    agregasi_inkremental()
    sesudah, _n = _baca(c, url, sektor="kesehatan")
    assert 'data-testid="agregat-tertunda"' not in sesudah
    assert "90,0" in _isi_cache(sesudah)
