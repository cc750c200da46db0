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


# --- what a warm hit still costs ----------------------------------------------------------------

WARM = [
    # session; user with its penugasan (auth.PenggunaBackend); the kecamatan with its parents
    # (access check; the breadcrumbs are read from it); the scope's indicators (in the key);
    # "Data per", its pending badge and the sample-data banner (one read: status_halaman); what
    # waits for the camat (submissions, plans, complaints: tugas_camat).
    ("dasbor:kecamatan", [PITURUH], Peran.CAMAT, PITURUH, 8),
    # session; user with penugasan; the desa with its parents; indicators; "Data per" + badge +
    # banner.
    ("dasbor:desa", [A], Peran.CAMAT, PITURUH, 5),
    # session; user with penugasan; the kecamatan; the indicator with its two elements (its
    # year-to-date flag is in the key); "Data per" + badge + banner.
    ("dasbor:indikator", [PITURUH, "uji-cache"], Peran.CAMAT, PITURUH, 5),
    # session; user with penugasan; indicators; "Data per" + badge + banner (the nation: no node).
    ("dasbor:pantau_nasional", [], Peran.SEKBER_NASIONAL, "", 4),
]


@pytest.mark.parametrize(("nama", "args", "peran", "kode", "n"), WARM)
def test_a_warm_hit_reads_only_what_stays_live(
    nama, args, peran, kode, n, rasio, buat_pengguna, django_assert_num_queries
):
    ind, p, q = rasio
    isi(A, p, MARET, 30)
    isi(A, q, MARET, 50)
    agregasi_bangun()
    c = _klien(buat_pengguna(peran, kode))
    url = reverse(nama, args=args)
    assert c.get(url, {"sektor": "kesehatan"}).status_code == 200  # the miss fills the cache
    with django_assert_num_queries(n):
        r = c.get(url, {"sektor": "kesehatan"})
    assert r.status_code == 200
    assert "60,0" in _isi_cache(r.text)


def test_the_one_status_read_says_what_the_three_reads_say(rasio):
    from layanan_dasar.agregasi.selectors import status_agregat
    from layanan_dasar.dasbor.selectors import status_halaman
    from layanan_dasar.models import DataContoh
    from layanan_dasar.selectors import data_contoh_di

    ind, p, q = rasio
    simpul = ["", "33", "33.06", PITURUH, A, KEMIRI, K]

    def sama():
        for kode in simpul:
            assert status_halaman(kode) == (status_agregat(kode), data_contoh_di(kode)), kode

    isi(A, p, MARET, 30)
    sama()  # never rebuilt: no logged run (read apart)
    agregasi_bangun()
    sama()  # a run, nothing pending
    isi(A, p, MARET, 45)
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1), dt.date(2025, 4, 1)])
    assert status_halaman(PITURUH)[0].tertunda == 2 and status_halaman(KEMIRI)[0].tertunda == 0
    sama()  # marks under Pituruh and A, none under Kemiri
    DataContoh.objects.create(
        wilayah_kode=PITURUH, bulan_awal=dt.date(2025, 1, 1), bulan_akhir=dt.date(2025, 3, 1)
    )
    assert status_halaman(A)[1] and status_halaman("33")[1] and not status_halaman(KEMIRI)[1]
    sama()  # sample data above A, below 33, beside Kemiri
    agregasi_inkremental()
    sama()


def test_breadcrumbs_read_from_the_node_are_the_breadcrumbs_read_by_code(camat):
    from wilayah.access import access_desa, access_kecamatan, lingkup_user
    from wilayah.selectors import leluhur, leluhur_dari, wilayah_node

    lingkup = lingkup_user(camat)
    kec, desa = access_kecamatan(camat, PITURUH), access_desa(camat, A)
    with CaptureQueriesContext(connection) as kueri:
        remah = {k.kode: leluhur_dari(k, lingkup) for k in (kec, desa)}
    assert len(kueri) == 0  # the access helpers loaded the parents
    assert remah[PITURUH] == leluhur(PITURUH, lingkup)
    assert remah[A] == leluhur(A, lingkup)
    for kode in ("33", "33.06", PITURUH, A):
        assert leluhur_dari(wilayah_node(kode)) == leluhur(kode), kode
    assert leluhur_dari(None) == leluhur("")
