"""Operating the engine: the management command, the admin (scoped, read-only, rebuild
actions), the "Data per …" selector and partial, the beat schedule and the tasks."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse

from layanan_dasar.agregasi import agregasi_bangun, agregasi_jadwalkan
from layanan_dasar.agregasi.selectors import status_agregat
from layanan_dasar.models import AgregatIndikator, AntrianAgregasi, RiwayatAgregasi
from tests.conftest import KEMIRI, PITURUH
from wilayah.models import Peran

from .conftest import agregat, isi

pytestmark = pytest.mark.django_db

A = "33.06.11.2001"
K1 = "33.06.12.2001"


@pytest.fixture
def data(indikator):
    ind = indikator()
    for desa in (A, K1):
        isi(desa, ind.pembilang, "2025-03", 1)
        isi(desa, ind.penyebut, "2025-03", 4)
    return ind


def test_command_rebuilds_everything_or_a_scope(data):
    out = StringIO()
    call_command("bangun_agregat", stdout=out)
    assert "seluruh negeri, semua tahun" in out.getvalue()
    assert agregat(data, "", "tahun", "2025").pembilang == 2

    isi(A, data.pembilang, "2025-03", 3)
    isi(K1, data.pembilang, "2025-03", 3)
    call_command("bangun_agregat", kecamatan=PITURUH, tahun=2025, stdout=StringIO())
    assert agregat(data, PITURUH, "bulan", "2025-03").pembilang == 3
    assert agregat(data, KEMIRI, "bulan", "2025-03").pembilang == 1
    call_command("bangun_agregat", provinsi="33", stdout=StringIO())
    assert agregat(data, KEMIRI, "bulan", "2025-03").pembilang == 3


def test_command_refuses_unknown_codes_and_drains_the_queue(data):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("bangun_agregat", kabupaten="99.99", stdout=StringIO())
    with pytest.raises(CommandError, match="Tahun tidak sah"):
        call_command("bangun_agregat", tahun=12, stdout=StringIO())
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    out = StringIO()
    call_command("bangun_agregat", antrian=True, stdout=out)
    assert "1 desa-bulan" in out.getvalue()
    assert not AntrianAgregasi.objects.exists()
    assert agregat(data, A, "bulan", "2025-03") is not None


def test_status_says_data_per_and_pending_work(data, django_assert_max_num_queries):
    assert status_agregat(PITURUH).data_per is None
    html = render_to_string("partials/data_per.html", {"status": status_agregat(PITURUH)})
    assert "belum pernah dihitung" in html

    agregasi_bangun()
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1), dt.date(2025, 4, 1)])
    # Two queries: the latest run, and the marks queued under the node.
    with django_assert_max_num_queries(2):
        status = status_agregat(PITURUH)
    assert status.data_per == RiwayatAgregasi.objects.latest("selesai").selesai
    assert status.tertunda == 2
    assert status_agregat(KEMIRI).tertunda == 0
    assert status_agregat("").tertunda == 2
    assert status_agregat(A).tertunda == 2

    html = render_to_string("partials/data_per.html", {"status": status})
    assert "Data per" in html
    assert "Pembaruan tertunda: 2 desa-bulan" in html
    html = render_to_string("partials/data_per.html", {"status": status_agregat(KEMIRI)})
    assert "tertunda" not in html


def test_admin_lists_scoped_rows_read_only(data, klien, buat_pengguna, admin_user):
    agregasi_bangun()
    url = reverse("admin:layanan_dasar_agregatindikator_changelist")
    r = klien(admin_user).get(url)
    assert r.status_code == 200
    assert KEMIRI in r.content.decode()

    camat = buat_pengguna(Peran.CAMAT, PITURUH, is_staff=True)
    r = klien(camat).get(url + "?tingkat=kecamatan")
    isi_halaman = r.content.decode()
    assert r.status_code == 200
    assert PITURUH in isi_halaman
    assert KEMIRI not in isi_halaman  # outside the camat's wilayah
    luar = AgregatIndikator.objects.get(wilayah_kode=KEMIRI, jenis_periode="bulan")
    change = reverse("admin:layanan_dasar_agregatindikator_change", args=[luar.pk])
    assert klien(camat).get(change).status_code == 404
    # The queue and the run log are for superusers.
    assert (
        klien(camat).get(reverse("admin:layanan_dasar_riwayatagregasi_changelist")).status_code
        == 403
    )


def test_admin_action_schedules_a_rebuild_of_the_rows_scope(
    data, klien, admin_user, django_capture_on_commit_callbacks
):
    agregasi_bangun()
    isi(A, data.pembilang, "2025-03", 4)
    baris = AgregatIndikator.objects.filter(wilayah_kode=A, jenis_periode="bulan")
    url = reverse("admin:layanan_dasar_agregatindikator_changelist")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = klien(admin_user).post(
            url,
            {"action": "bangun_ulang", "_selected_action": [b.pk for b in baris]},
            follow=True,
        )
    assert r.status_code == 200
    assert len(callbacks) == 1
    # Celery runs eagerly in the tests: the desa's kecamatan was rebuilt for 2025.
    assert agregat(data, PITURUH, "bulan", "2025-03").pembilang == 4
    assert RiwayatAgregasi.objects.filter(wilayah_kode=PITURUH, tahun=2025).exists()


def test_queue_admin_action_drains_the_queue(
    data, klien, admin_user, django_capture_on_commit_callbacks
):
    agregasi_jadwalkan(desa_kode=[A], bulan=[dt.date(2025, 3, 1)])
    tanda = AntrianAgregasi.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        klien(admin_user).post(
            reverse("admin:layanan_dasar_antrianagregasi_changelist"),
            {"action": "proses_sekarang", "_selected_action": [tanda.pk]},
        )
    assert not AntrianAgregasi.objects.exists()
    assert agregat(data, A, "bulan", "2025-03").pembilang == 1


def test_beat_runs_a_nightly_full_rebuild_and_drains_the_queue():
    from dashboard_kecamatan.celery import _kumpulkan_jadwal, app

    jadwal = _kumpulkan_jadwal()
    malam = jadwal["agregasi-penuh-malam"]
    assert malam["task"] == "layanan_dasar.agregasi_bangun"
    assert malam["schedule"].hour == {1}
    assert jadwal["agregasi-antrian"]["task"] == "layanan_dasar.agregasi_inkremental"
    app.loader.import_default_modules()
    for entri in jadwal.values():
        assert entri["task"] in app.tasks


def test_tasks_retry_on_database_hiccups():
    from django.db import OperationalError

    from layanan_dasar.agregasi.tasks import agregasi_bangun_tugas, agregasi_inkremental_tugas

    for tugas in (agregasi_bangun_tugas, agregasi_inkremental_tugas):
        assert OperationalError in tugas.autoretry_for
