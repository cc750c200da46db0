"""Batch reports: a Sekber user has every kecamatan report of a kabupaten or province built in
the background, follows its progress, and downloads one archive through a scoped view."""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from tests.conftest import PITURUH


def _arsip(respons):
    return zipfile.ZipFile(io.BytesIO(b"".join(respons.streaming_content)))


@pytest.mark.django_db
def test_sekber_kabupaten_builds_every_kecamatan_report_of_its_kabupaten(
    sekber_kabupaten, klien, media_sementara, django_capture_on_commit_callbacks
):
    from pelaporan.models import PekerjaanEkspor
    from wilayah.models import Kecamatan

    c = klien(sekber_kabupaten)
    assert c.get(reverse("pelaporan:pekerjaan_baru")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            reverse("pelaporan:pekerjaan_baru"),
            {"wilayah": "33.06", "triwulan": "2025-1", "format": "xlsx"},
        )
    p = PekerjaanEkspor.objects.get()
    assert r.url == reverse("pelaporan:pekerjaan_detail", args=[p.pk])
    n = Kecamatan.objects.aktif().filter(kode__startswith="33.06.").count()
    assert (p.status, p.selesai, p.total) == ("selesai", n, n)
    status = c.get(reverse("pelaporan:pekerjaan_status", args=[p.pk])).json()
    assert status["persen"] == 100 and status["unduh"]
    nama = _arsip(c.get(status["unduh"])).namelist()
    assert len(nama) == n and all(x.endswith("-2025-1.xlsx") for x in nama)
    assert f"laporan-{PITURUH}-pituruh-2025-1.xlsx" in nama
    assert c.get(reverse("pelaporan:pekerjaan_detail", args=[p.pk])).status_code == 200


@pytest.mark.django_db
def test_batch_scope_outsiders_and_non_sekber(
    sekber_kabupaten,
    sekber_provinsi,
    buat_pengguna,
    camat,
    klien,
    media_sementara,
    django_capture_on_commit_callbacks,
):
    from pelaporan.models import PekerjaanEkspor

    c = klien(sekber_kabupaten)
    for wilayah in ("33", "32.01", "33.07"):  # above, outside, beside its kabupaten
        r = c.post(
            reverse("pelaporan:pekerjaan_baru"),
            {"wilayah": wilayah, "triwulan": "2025-1", "format": "pdf"},
        )
        assert r.status_code == 400
    assert not PekerjaanEkspor.objects.exists()
    assert klien(camat).get(reverse("pelaporan:pekerjaan_baru")).status_code == 404

    with django_capture_on_commit_callbacks(execute=False):  # queued, not run
        klien(sekber_provinsi).post(
            reverse("pelaporan:pekerjaan_baru"),
            {"wilayah": "33", "triwulan": "2025-1", "format": "xlsx"},
        )
    p = PekerjaanEkspor.objects.get()
    assert (p.status, p.wilayah_kode) == ("menunggu", "33")
    # The province's archive holds other kabupaten's reports: not for a kabupaten monitor.
    jawa_barat = buat_pengguna("sekber_provinsi", "32", is_staff=True)
    for user in (sekber_kabupaten, jawa_barat, camat):
        luar = klien(user)
        for nama in ("pekerjaan_detail", "pekerjaan_status", "pekerjaan_unduh"):
            assert luar.get(reverse(f"pelaporan:{nama}", args=[p.pk])).status_code == 404
    r = klien(sekber_provinsi).get(reverse("pelaporan:pekerjaan_unduh", args=[p.pk]))
    assert r.status_code == 404  # not ready yet
    assert (
        "Menunggu"
        in klien(sekber_provinsi)
        .get(reverse("pelaporan:pekerjaan_detail", args=[p.pk]))
        .content.decode()
    )


@pytest.mark.django_db
def test_job_that_fails_says_so(sekber_kabupaten, media_sementara, monkeypatch):
    from pelaporan import ekspor, services
    from pelaporan.triwulan import Triwulan

    def rusak(*a, **k):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(ekspor, "laporan_xlsx", rusak)
    p = services.pekerjaan_laporan_buat(
        user=sekber_kabupaten, wilayah_kode="33.06", tw=Triwulan(2025, 1), format="xlsx"
    )
    services.pekerjaan_ekspor_jalankan(pekerjaan_id=p.pk)
    p.refresh_from_db()
    assert (p.status, p.galat, p.berkas) == ("gagal", "disk penuh", "")
    assert not list((media_sementara / "pelaporan" / "ekspor").glob("*"))  # no half file


@pytest.fixture
def media_bersama(tmp_path, monkeypatch, settings):
    """MEDIA_ROOT shared by this process and the worker it is about to start."""
    media = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture
def pekerja(media_bersama, wilayah_transaksional, celery_worker_nyata):
    return celery_worker_nyata


@pytest.mark.celery_worker
def test_a_real_worker_builds_one_file_per_kecamatan(pekerja, buat_pengguna, klien):
    from pelaporan.models import PekerjaanEkspor
    from wilayah.models import Kecamatan

    sekber = buat_pengguna("sekber_kabupaten", "33.71", is_staff=True)  # Kota Magelang
    c = klien(sekber)
    r = c.post(
        reverse("pelaporan:pekerjaan_baru"),
        {"wilayah": "33.71", "triwulan": "2025-1", "format": "keduanya"},
    )
    p = PekerjaanEkspor.objects.get()
    assert r.url == reverse("pelaporan:pekerjaan_detail", args=[p.pk])
    url = reverse("pelaporan:pekerjaan_status", args=[p.pk])
    batas = time.monotonic() + 120
    while time.monotonic() < batas:
        status = c.get(url).json()
        if status["status"] in ("selesai", "gagal"):
            break
        time.sleep(0.5)
    assert status["status"] == "selesai", status
    kecamatan = list(
        Kecamatan.objects.filter(kode__startswith="33.71.").values_list("kode", flat=True)
    )
    assert status["selesai"] == status["total"] == len(kecamatan) > 0
    nama = sorted(_arsip(c.get(status["unduh"])).namelist())
    assert len(nama) == 2 * len(kecamatan)
    for kode in kecamatan:
        assert sum(x.startswith(f"laporan-{kode}-") for x in nama) == 2  # its PDF and XLSX
