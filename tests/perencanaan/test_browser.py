"""In a real browser: an operator desa enters and submits a plan, the camat sends it back with
a reason on a line, the operator revises and resubmits, the camat approves."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from layanan_dasar.models import AgregatIndikator, DataElemen, Indikator
from perencanaan import services
from perencanaan.models import PemetaanKodeIndikator, Rencana
from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import Peran

pytestmark = [pytest.mark.browser]


def _keluar(h):
    h.click("nav button:has-text('Keluar')")
    h.wait_for_load_state("load")


def _isi_baris(h, i, kode, nama, volume, satuan, anggaran, sumber):
    h.fill(f"[name=baris-{i}-kode_kegiatan]", kode)
    h.fill(f"[name=baris-{i}-nama]", nama)
    h.fill(f"[name=baris-{i}-volume]", volume)
    h.fill(f"[name=baris-{i}-satuan]", satuan)
    h.fill(f"[name=baris-{i}-anggaran]", anggaran)
    h.select_option(f"[name=baris-{i}-sumber_dana]", sumber)


def _indikator_di_bawah_target(sektor, nama, nilai):
    elemen = [
        DataElemen.objects.create(
            kode=f"{nama[:8]}-{i}".lower().replace(" ", "-"), nama=nama, sektor=sektor
        )
        for i in (1, 2)
    ]
    ind = Indikator.objects.create(
        kode=nama.lower().replace(" ", "-"),
        nama=nama,
        sektor=sektor,
        kelompok="spm",
        pembilang=elemen[0],
        penyebut=elemen[1],
        target=Decimal(100),
    )
    AgregatIndikator.objects.create(
        indikator=ind,
        tingkat="desa",
        wilayah_kode=DESA_PITURUH,
        jenis_periode="tahun",
        periode=date(2025, 1, 1),
        pembilang=nilai,
        penyebut=100,
        nilai=Decimal(nilai),
        dihitung_pada=timezone.now(),
    )
    return ind


def test_plan_is_submitted_returned_revised_and_approved(halaman, buat_pengguna):
    services.referensi_muat()
    bumil = _indikator_di_bawah_target("kesehatan", "Pelayanan ibu hamil", 80)
    air = _indikator_di_bawah_target("pu", "Air minum layak", 60)
    # The code table says piping serves drinking water (the shipped table names catalogue
    # indicators; this test's indicators are its own).
    PemetaanKodeIndikator.objects.create(awalan_kode="2.4.12", indikator=air)
    operator = buat_pengguna(Peran.OPERATOR_DESA, DESA_PITURUH)
    camat = buat_pengguna(Peran.CAMAT, PITURUH)
    h = halaman

    # The operator lands on the village's plans, creates the APB Desa and fills the grid.
    h.masuk(operator.username)
    assert h.url.endswith(f"/perencanaan/desa/{DESA_PITURUH}/")
    h.fill("#id_tahun", "2026")
    h.select_option("#id_jenis", "apb")
    h.click("#form-rencana-baru button[type=submit]")
    h.wait_for_load_state("load")
    pk = int(re.search(r"/rencana/(\d+)/ubah/", h.url).group(1))
    _isi_baris(h, 0, "2.2.02", "Posyandu dan kelas ibu hamil", "12", "bulan", "24.000.000", "DDS")
    _isi_baris(h, 1, "1.2.03", "Rehabilitasi kantor desa", "1", "unit", "150.000.000", "DDS")
    # The indicator picker: a searchable checkbox list grouped by sector, full names.
    pilih = h.locator("#baris-isi tr").nth(0).locator("[data-testid=pilih-indikator]")
    pilih.locator("summary").click()
    pilih.locator(".cari-indikator").fill("ibu hamil")
    assert pilih.locator("label:has-text('Air minum layak')").is_hidden()
    pilih.locator("label:has-text('Pelayanan ibu hamil') input").check()
    assert pilih.locator("summary").inner_text() == "1 indikator dipilih"
    h.tangkap("perencanaan-1a-pilih-indikator")
    pilih.locator("summary").click()
    h.click("#tambah-baris")  # the grid grows without a round trip
    assert h.locator("#baris-isi tr").count() == 4
    # A row added on the page gets the same picker.
    baru = h.locator("#baris-isi tr").nth(3).locator("[data-testid=pilih-indikator]")
    baru.locator("summary").click()
    baru.locator(".cari-indikator").fill("air minum")
    assert baru.locator("label:has-text('Pelayanan ibu hamil')").is_hidden()
    baru.locator("summary").click()
    h.tangkap("perencanaan-1-grid")
    h.click("#tombol-simpan")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=jumlah-anggaran]").inner_text() == "Rp 174.000.000"
    h.click("#tombol-ajukan")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=status]").inner_text() == "Diajukan"
    assert "Tenggat peninjauan oleh kecamatan" in h.locator("[data-testid=tenggat]").inner_text()
    h.tangkap("perencanaan-2-diajukan")
    _keluar(h)

    # The camat starts the review and returns the plan with a reason on the office line.
    h.masuk(camat.username)
    h.goto(f"{h.url_dasar}/perencanaan/kecamatan/{PITURUH}/?tahun=2026&jenis=apb")
    h.tangkap("perencanaan-rekap")
    h.click("#tabel-rekap a:has-text('Kendalrejo')")
    h.wait_for_load_state("load")
    h.click("#tautan-tinjau")
    h.click("#tombol-mulai")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=status]").inner_text() == "Ditinjau"
    # The gap nothing addresses comes first; the linked one shows its line and budget.
    gap = h.locator("#tabel-kesenjangan tbody tr")
    assert gap.nth(0).get_attribute("data-ditangani") == "tidak"
    assert "Air minum layak" in gap.nth(0).inner_text()
    assert "Rp 24.000.000" in gap.nth(1).inner_text()
    kantor = Rencana.objects.get(pk=pk).baris.get(kode_kegiatan_id="1.2.03")
    h.fill(f"[name=baris_{kantor.id}]", "Kantor desa bukan prioritas; alihkan ke air bersih.")
    h.tangkap("perencanaan-3-tinjau")
    h.click("#tombol-kembalikan")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=status]").inner_text() == "Perlu revisi"
    assert "Tenggat revisi oleh desa" in h.locator("[data-testid=tenggat]").inner_text()
    _keluar(h)

    # The operator sees the reason beside the line, revises it and resubmits.
    h.masuk(operator.username)
    h.goto(f"{h.url_dasar}/perencanaan/rencana/{pk}/")
    assert "alihkan ke air bersih" in h.locator("[data-testid=catatan-baris]").inner_text()
    h.click("text=Ubah baris kegiatan")
    h.wait_for_load_state("load")
    h.fill("[name=baris-1-kode_kegiatan]", "2.4.12")
    h.fill("[name=baris-1-nama]", "Pipanisasi air bersih")
    h.fill("[name=baris-1-volume]", "300")
    h.fill("[name=baris-1-satuan]", "meter")
    h.tangkap("perencanaan-4-revisi")
    h.click("#tombol-simpan")
    h.wait_for_load_state("load")
    h.click("#tombol-ajukan")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=status]").inner_text() == "Diajukan"
    _keluar(h)

    # The camat approves.
    h.masuk(camat.username)
    h.goto(f"{h.url_dasar}/perencanaan/rencana/{pk}/tinjau/")
    h.click("#tombol-mulai")
    h.wait_for_load_state("load")
    # Each match says how it was made: the posyandu line was linked, the piping inferred.
    bumil_baris = h.locator(f"#tabel-kesenjangan tr[data-indikator='{bumil.kode}']")
    assert "ditautkan" in bumil_baris.locator("[data-cara=tertaut]").inner_text()
    air_baris = h.locator(f"#tabel-kesenjangan tr[data-indikator='{air.kode}']")
    assert air_baris.get_attribute("data-ditangani") == "ya"
    assert "dari kode kegiatan" in air_baris.locator("[data-cara=kode]").inner_text()
    h.tangkap("perencanaan-5a-tinjau-cara")
    # Approval asks first: the browser will not send the form until the box is ticked.
    h.click("#tombol-setujui")
    assert h.evaluate("document.querySelector('#id_yakin').validity.valueMissing")
    assert Rencana.objects.get(pk=pk).status == "ditinjau"
    h.check("#id_yakin")
    h.click("#tombol-setujui")
    h.wait_for_load_state("load")
    assert h.locator("[data-testid=status]").inner_text() == "Disetujui"
    assert h.locator("text=Surat hasil tinjauan (PDF)").count() == 1
    h.tangkap("perencanaan-5-disetujui")
    rencana = Rencana.objects.get(pk=pk)
    assert (rencana.status, rencana.putaran) == ("disetujui", 2)
    assert list(rencana.riwayat.values_list("aksi", flat=True).order_by("id")) == [
        "dibuat",
        "diubah",
        "diajukan",
        "ditinjau",
        "dikembalikan",
        "diubah",
        "diajukan",
        "ditinjau",
        "disetujui",
    ]
