"""Sample complaints for the demo: walked through the real workflow, spread over the past,
late where their past says so, and safe to repeat."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.conftest import PITURUH

pytestmark = pytest.mark.django_db


def test_demo_complaints_cover_every_state_with_an_ordered_past(camat, klien):
    from pengaduan.contoh import CONTOH, pengaduan_demo_buat
    from pengaduan.models import Pengaduan, Penilaian, Status

    assert pengaduan_demo_buat(kecamatan_kode=PITURUH) == len(CONTOH)
    semua = list(Pengaduan.objects.prefetch_related("riwayat"))
    assert len(semua) == len(CONTOH)
    assert {p.status for p in semua} == set(Status.values)  # every state, demo included
    for p in semua:
        assert p.isi.endswith("Data contoh, bukan pengaduan sebenarnya.")
        waktu = [r.pada for r in p.riwayat.order_by("id")]
        assert waktu == sorted(waktu) and waktu[0] == p.diterima_pada
        assert p.batas_verifikasi > p.diterima_pada
    per_judul = {p.judul: p for p in semua}
    # Never verified, eight days old: flagged late by the clock job.
    jalan = per_judul["Jalan desa berlubang di depan SD"]
    assert (jalan.status, jalan.terlambat_verifikasi) == (Status.DITERIMA, True)
    # Verified after 30 hours, no answer for ten days: late first response, verification on time.
    obat = per_judul["Obat di pustu sering kosong"]
    assert (obat.status, obat.terlambat_verifikasi, obat.terlambat_tanggapan) == (
        Status.DIDISPOSISI,
        False,
        True,
    )
    # Answered ten days after dispatch (the deadline is five working days): late.
    imunisasi = per_judul["Imunisasi anak ditunda tanpa kabar"]
    assert imunisasi.terlambat_tanggapan and imunisasi.status == Status.SELESAI
    assert imunisasi.riwayat.filter(aksi="tutup_otomatis").exists()
    anonim = per_judul["Diminta uang untuk surat keterangan tidak mampu"]
    assert anonim.anonim and anonim.rahasia and anonim.nama_pelapor == ""
    assert Penilaian.objects.filter(desa__kecamatan_id=PITURUH).count() > 10

    r = klien(camat).get(reverse("pengaduan:kotak_masuk"))
    assert r.status_code == 200 and "Posyandu Melati" in r.content.decode()

    # A second run changes nothing.
    assert pengaduan_demo_buat(kecamatan_kode=PITURUH) == 0
    assert Pengaduan.objects.count() == len(CONTOH)


def test_demo_complaints_need_the_demo_camat_and_a_known_kecamatan():
    with pytest.raises(CommandError, match="camat demo"):
        call_command("buat_pengaduan_demo", "--kecamatan", PITURUH)
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("buat_pengaduan_demo", "--kecamatan", "99.99.99")
