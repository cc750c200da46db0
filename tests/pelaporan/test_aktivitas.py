"""The desa activity page: per village the latest data per sector, plan, import and operator
login, the freshness badge (setting), filters, CSV/XLSX, scope and a fixed query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from layanan_dasar.models import DataElemen, NilaiData
from perencanaan.contoh_siskeudes import isi_zip, tabel_siskeudes
from perencanaan.services import referensi_muat
from perencanaan.siskeudes import siskeudes_impor
from tests.conftest import DESA_PITURUH, PITURUH
from tests.csv_excel import baca_csv
from wilayah.models import Desa

pytestmark = pytest.mark.django_db
URL = reverse("pelaporan:aktivitas_desa", args=[PITURUH])
DESA_LAMA = "33.06.11.2002"


@pytest.fixture
def kegiatan(operator_desa, client):
    """Kendalrejo: its operator logged in and imported a Siskeudes export today. Kalimati:
    one value changed 30 days ago. The other villages: nothing."""
    referensi_muat()
    client.force_login(operator_desa)  # records last_login
    tabel = tabel_siskeudes([(DESA_PITURUH, "Kendalrejo")], tahun=2026)
    assert siskeudes_impor(oleh=operator_desa, isi=isi_zip(tabel), nama_berkas="kdr.zip").berhasil
    el = DataElemen.objects.create(kode="uji-aktivitas", nama="Uji", sektor="pu")
    n = NilaiData.objects.create(desa_id=DESA_LAMA, elemen=el, bulan=dt.date(2025, 3, 1), nilai=4)
    NilaiData.objects.filter(pk=n.pk).update(diubah_pada=timezone.now() - dt.timedelta(days=30))
    client.logout()


def test_each_village_shows_how_fresh_it_is(kegiatan, klien, camat, operator_desa):
    r = klien(camat).get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert f'data-desa="{DESA_PITURUH}" data-status="aktif"' in html
    assert f'data-desa="{DESA_LAMA}" data-status="tidak_aktif"' in html
    assert (
        html.count('data-status="belum"') == Desa.objects.filter(kecamatan_id=PITURUH).count() - 2
    )
    assert "kdr.zip" in html and operator_desa.username in html


def test_the_active_window_is_a_setting(kegiatan, klien, camat, settings):
    settings.PELAPORAN_HARI_AKTIF = 31
    html = klien(camat).get(URL).content.decode()
    assert f'data-desa="{DESA_LAMA}" data-status="aktif"' in html


def test_filters_and_exports(kegiatan, klien, camat):
    c = klien(camat)
    html = c.get(URL, {"status": "aktif"}).content.decode()
    assert html.count("data-status=") == 1
    html = c.get(URL, {"q": "kalim"}).content.decode()
    assert f'data-desa="{DESA_LAMA}"' in html and html.count("data-status=") == 1
    r = c.get(URL, {"status": "aktif", "format": "csv"})
    baris = baca_csv(r)  # the Indonesian-Excel format, like every export
    assert len(baris) == 2 and "kdr.zip" in baris[1] and "Siskeudes" in ";".join(baris[1])
    r = c.get(URL, {"format": "xlsx"})
    assert r["Content-Type"].startswith("application/vnd.openxml")


def test_who_sees_the_page(
    kegiatan, klien, camat_luar, upt_kesehatan, operator_desa, sekber_kabupaten
):
    for u in (camat_luar, upt_kesehatan, operator_desa):
        assert klien(u).get(URL).status_code == 404
    c = klien(sekber_kabupaten)
    assert c.get(URL).status_code == 200
    r = c.get(reverse("pelaporan:aktivitas_indeks"), {"q": "Pituruh"})
    assert URL.encode() in r.content
    # The Sekber's list counts the active villages per kecamatan (Kendalrejo only).
    assert f'data-kecamatan="{PITURUH}"'.encode() in r.content
    assert b'data-aktif="1"' in r.content
    r = c.get(reverse("pelaporan:aktivitas_indeks"))
    assert r.content.count(b"data-kecamatan=") == 16  # Purworejo's kecamatan


def test_the_query_count_does_not_grow_with_activity(klien, camat, operator_desa):
    referensi_muat()
    desa = list(Desa.objects.filter(kecamatan_id=PITURUH).values_list("kode", "nama")[:6])
    siskeudes_impor(oleh=camat, isi=isi_zip(tabel_siskeudes(desa[:1], tahun=2026)), nama_berkas="a")
    c = klien(camat)
    c.get(URL)
    # Expected: session, user, assignment, kecamatan, villages with their latest import,
    # those imports, values per desa × sector, latest plans, operators' logins, breadcrumbs.
    with CaptureQueriesContext(connection) as sedikit:
        c.get(URL)
    siskeudes_impor(oleh=camat, isi=isi_zip(tabel_siskeudes(desa, tahun=2026)), nama_berkas="k.zip")
    with CaptureQueriesContext(connection) as banyak:
        c.get(URL)
    assert len(banyak) == len(sedikit)
