"""The SP4N-LAPOR! workflow: routing, transitions, the clock (frozen with time-machine),
auto-close, and the history of who did what when."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pengaduan import services
from pengaduan.models import ALFABET_KODE, PANJANG_KODE, Pelaku, Pengaduan, Riwayat, Status
from tests.conftest import DESA_KEMIRI, DESA_PITURUH, PITURUH
from wilayah.models import Peran

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=WIB)
HARI = timedelta(days=1)


@pytest.mark.parametrize(
    "sektor, urusan_desa, peran, kode",
    [
        ("kesehatan", False, Peran.UPT_KESEHATAN, PITURUH),
        ("pendidikan", False, Peran.UPT_PENDIDIKAN, PITURUH),
        ("pu", False, Peran.OPERATOR_KECAMATAN, PITURUH),
        ("sosial", False, Peran.OPERATOR_KECAMATAN, PITURUH),
        ("kesehatan", True, Peran.OPERATOR_DESA, DESA_PITURUH),
    ],
)
def test_it_routes_by_sector_and_village(buat_pengaduan, sektor, urusan_desa, peran, kode):
    p = buat_pengaduan(sektor=sektor, urusan_desa=urusan_desa)
    assert (p.unit_peran, p.unit_kode) == (peran, kode)
    assert p.status == Status.DITERIMA


def test_the_tracking_code_is_long_unambiguous_and_unique(buat_pengaduan):
    kode = {buat_pengaduan().kode_lacak for _ in range(30)}
    assert len(kode) == 30
    for k in kode:
        assert len(k) == PANJANG_KODE >= 10
        assert set(k) <= set(ALFABET_KODE)
    assert not set("0O1IL") & set(ALFABET_KODE)


def test_anonim_reporters_name_and_phone_are_not_even_stored(buat_pengaduan):
    p = buat_pengaduan(anonim=True)
    assert p.nama_pelapor == "" and p.telepon_pelapor == ""
    assert p.email_pelapor == "siti@contoh.id"  # kept only to send notifications


def test_the_whole_path_records_every_transition_with_who_and_when(
    buat_pengaduan, camat, upt_kesehatan
):
    with time_machine.travel(T0, tick=False) as mesin:
        p = buat_pengaduan()
        mesin.shift(HARI)
        services.pengaduan_verifikasi(pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH))
        mesin.shift(HARI)
        services.pengaduan_tanggapi(pengaduan=p, oleh=upt_kesehatan, isi="Kami cek minggu ini.")
        mesin.shift(HARI)
        services.pengaduan_tanggapi(
            pengaduan=p, oleh=upt_kesehatan, isi="Posyandu buka lagi.", minta_konfirmasi=True
        )
        mesin.shift(HARI)
        services.pengaduan_balas(pengaduan=p, isi="Benar, terima kasih.", selesai=True)

    p.refresh_from_db()
    assert p.status == Status.SELESAI
    assert p.diverifikasi_pada == T0 + HARI
    assert p.didisposisi_pada == T0 + HARI
    assert p.batas_tanggapan == T0 + 8 * HARI  # Tue + 5 working days: the next Tuesday
    assert p.tanggapan_pertama_pada == T0 + 2 * HARI
    assert p.selesai_pada == T0 + 4 * HARI
    assert not p.terlambat_verifikasi and not p.terlambat_tanggapan
    langkah = list(
        Riwayat.objects.filter(pengaduan=p).values_list(
            "aksi", "dari", "ke", "pelaku", "oleh", "pada"
        )
    )
    assert langkah == [
        ("lapor", "", "diterima", Pelaku.PELAPOR, None, T0),
        ("verifikasi", "diterima", "terverifikasi", Pelaku.STAF, camat.pk, T0 + HARI),
        ("disposisi", "terverifikasi", "didisposisi", Pelaku.STAF, camat.pk, T0 + HARI),
        (
            "tanggapan",
            "didisposisi",
            "ditindaklanjuti",
            Pelaku.STAF,
            upt_kesehatan.pk,
            T0 + 2 * HARI,
        ),
        (
            "minta_konfirmasi",
            "ditindaklanjuti",
            "menunggu",
            Pelaku.STAF,
            upt_kesehatan.pk,
            T0 + 3 * HARI,
        ),
        ("konfirmasi_pelapor", "menunggu", "selesai", Pelaku.PELAPOR, None, T0 + 4 * HARI),
    ]


def test_day_counts_are_settings(buat_pengaduan, camat, settings):
    settings.PENGADUAN_HARI_VERIFIKASI = 2
    settings.PENGADUAN_HARI_TANGGAPAN = 7
    settings.PENGADUAN_HARI_KONFIRMASI = 14
    with time_machine.travel(T0, tick=False):
        p = buat_pengaduan()
        assert p.batas_verifikasi == T0 + 2 * HARI
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
        assert p.batas_tanggapan == T0 + 9 * HARI  # 7 working days: Wed of the next week
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="Selesai.", minta_konfirmasi=True)
    p.refresh_from_db()
    assert p.batas_konfirmasi == T0 + 18 * HARI  # 14 working days: Fri two weeks on


def test_an_unverified_complaint_is_overdue_after_three_days_and_stays_flagged(
    buat_pengaduan, camat
):
    with time_machine.travel(T0, tick=False) as mesin:
        p = buat_pengaduan()
        mesin.move_to(T0 + 3 * HARI - timedelta(minutes=1))
        assert not p.terlambat
        assert services.pengaduan_periksa_tenggat()["terlambat_verifikasi"] == 0
        mesin.move_to(T0 + 3 * HARI + timedelta(minutes=1))
        # Overdue at once on screen, before the beat job has run…
        assert p.terlambat
        assert Pengaduan.objects.terlambat().filter(pk=p.pk).exists()
        # …and flagged for good by it.
        assert services.pengaduan_periksa_tenggat()["terlambat_verifikasi"] == 1
        p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat)
    assert p.terlambat_verifikasi is True
    assert p.terlambat


def test_first_response_is_due_five_working_days_after_disposition(
    buat_pengaduan, camat, upt_kesehatan
):
    with time_machine.travel(T0, tick=False) as mesin:
        p = buat_pengaduan()
        mesin.shift(2 * HARI)
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
        assert p.batas_tanggapan == T0 + 9 * HARI  # Wed + 5 working days, over the weekend
        assert p.batas_aktif == p.batas_tanggapan
        mesin.move_to(T0 + 7 * HARI + timedelta(hours=1))  # 5 calendar days: not late yet
        assert services.pengaduan_periksa_tenggat()["terlambat_tanggapan"] == 0
        mesin.move_to(T0 + 9 * HARI + timedelta(hours=1))
        assert services.pengaduan_periksa_tenggat()["terlambat_tanggapan"] == 1
        services.pengaduan_tanggapi(pengaduan=p, oleh=upt_kesehatan, isi="Maaf terlambat.")
    p.refresh_from_db()
    assert p.terlambat_tanggapan and not p.terlambat_verifikasi
    assert p.status == Status.DITINDAKLANJUTI


def test_forwarding_does_not_restart_the_first_response_clock(buat_pengaduan, camat, upt_kesehatan):
    with time_machine.travel(T0, tick=False) as mesin:
        p = buat_pengaduan(sektor="kesehatan")
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
        batas = p.batas_tanggapan
        mesin.shift(3 * HARI)
        # The UPT forwards it to the village: a village matter after all.
        p = services.pengaduan_disposisi(
            pengaduan=p, oleh=upt_kesehatan, unit_peran=Peran.OPERATOR_DESA, unit_kode=DESA_PITURUH
        )
    assert p.status == Status.DIDISPOSISI
    assert (p.unit_peran, p.unit_kode) == (Peran.OPERATOR_DESA, DESA_PITURUH)
    assert p.batas_tanggapan == batas


def test_a_complaint_waiting_for_the_reporter_closes_by_itself_after_ten_working_days(
    buat_pengaduan, camat
):
    from pengaduan.tasks import periksa_tenggat

    with time_machine.travel(T0, tick=False) as mesin:
        p = buat_pengaduan()
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="Sudah.", minta_konfirmasi=True)
        # Mon 3 March + 10 working days = Mon 17 March, 09.00.
        mesin.move_to(T0 + 14 * HARI - timedelta(minutes=1))
        assert periksa_tenggat.delay().get()["ditutup_otomatis"] == 0
        mesin.move_to(T0 + 14 * HARI + timedelta(minutes=5))
        assert periksa_tenggat.delay().get()["ditutup_otomatis"] == 1
        # Running again changes nothing.
        assert services.pengaduan_periksa_tenggat()["ditutup_otomatis"] == 0
    p.refresh_from_db()
    assert p.status == Status.SELESAI
    akhir = p.riwayat.last()
    assert (akhir.aksi, akhir.dari, akhir.ke, akhir.pelaku) == (
        "tutup_otomatis",
        "menunggu",
        "selesai",
        Pelaku.SISTEM,
    )
    assert akhir.pada == T0 + 14 * HARI + timedelta(minutes=5)


def test_a_reply_from_the_reporter_reopens_the_follow_up(buat_pengaduan, camat):
    p = buat_pengaduan()
    p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH))
    services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="Sudah.", minta_konfirmasi=True)
    p = services.pengaduan_balas(pengaduan=p, isi="Belum, posyandu masih tutup.")
    assert p.status == Status.DITINDAKLANJUTI
    assert p.batas_konfirmasi is None
    assert (
        services.pengaduan_periksa_tenggat(sekarang=p.diterima_pada + 30 * HARI)["ditutup_otomatis"]
        == 0
    )


def _cek_ditolak(fn, p, pesan):
    sebelum = (p.status, p.riwayat.count(), p.tanggapan.count())
    with pytest.raises(ValidationError) as e:
        fn()
    assert pesan in " ".join(e.value.messages)
    p.refresh_from_db()
    assert (p.status, p.riwayat.count(), p.tanggapan.count()) == sebelum


def test_invalid_transitions_are_refused_and_change_nothing(buat_pengaduan, camat):
    p = buat_pengaduan()
    _cek_ditolak(
        lambda: services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="x"), p, "tidak dapat"
    )
    _cek_ditolak(
        lambda: services.pengaduan_tutup(pengaduan=p, oleh=camat, status=Status.SELESAI),
        p,
        "tidak dapat",
    )
    _cek_ditolak(lambda: services.pengaduan_tolak(pengaduan=p, oleh=camat, alasan="  "), p, "wajib")
    services.pengaduan_tolak(pengaduan=p, oleh=camat, alasan="Bukan layanan dasar.")
    p.refresh_from_db()
    assert p.status == Status.DITOLAK and p.alasan_tolak == "Bukan layanan dasar."
    # The reason reaches the reporter as a public response.
    assert p.tanggapan.get().publik
    _cek_ditolak(lambda: services.pengaduan_balas(pengaduan=p, isi="Kenapa?"), p, "ditutup")
    _cek_ditolak(lambda: services.pengaduan_verifikasi(pengaduan=p, oleh=camat), p, "tidak dapat")


def test_archiving_needs_a_reason(buat_pengaduan, camat):
    p = buat_pengaduan()
    p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat)
    _cek_ditolak(
        lambda: services.pengaduan_tutup(pengaduan=p, oleh=camat, status=Status.DIARSIPKAN),
        p,
        "wajib",
    )
    services.pengaduan_tutup(
        pengaduan=p, oleh=camat, status=Status.DIARSIPKAN, catatan="Sama dengan ADU-000001."
    )
    p.refresh_from_db()
    assert p.status == Status.DIARSIPKAN and p.selesai_pada is not None


def test_the_kecamatan_reroutes_within_the_kecamatan_and_to_a_unit_of_the_sector(
    buat_pengaduan, camat
):
    p = buat_pengaduan(sektor="kesehatan")
    with pytest.raises(ValidationError, match="tidak menangani"):
        services.pengaduan_disposisi(
            pengaduan=p, oleh=camat, unit_peran=Peran.UPT_PENDIDIKAN, unit_kode=PITURUH
        )
    with pytest.raises(ValidationError, match="kecamatan yang sama"):
        services.pengaduan_disposisi(
            pengaduan=p, oleh=camat, unit_peran=Peran.OPERATOR_DESA, unit_kode=DESA_KEMIRI
        )
    with pytest.raises(ValidationError, match="kecamatan yang sama"):
        services.pengaduan_disposisi(
            pengaduan=p, oleh=camat, unit_peran=Peran.UPT_KESEHATAN, unit_kode="33.06.12"
        )
    # Before verification a reroute changes the unit only; with the sector corrected, the
    # education UPT may take it.
    p = services.pengaduan_disposisi(
        pengaduan=p,
        oleh=camat,
        unit_peran=Peran.UPT_PENDIDIKAN,
        unit_kode=PITURUH,
        sektor="pendidikan",
    )
    assert (p.status, p.sektor, p.unit_peran) == (
        Status.DITERIMA,
        "pendidikan",
        Peran.UPT_PENDIDIKAN,
    )
    assert p.didisposisi_pada is None


def test_read_only_monitors_cannot_change_a_complaint(buat_pengaduan, sekber_kabupaten):
    p = buat_pengaduan()
    _cek_ditolak(
        lambda: services.pengaduan_verifikasi(pengaduan=p, oleh=sekber_kabupaten),
        p,
        "tidak berwenang",
    )


def test_the_clock_job_is_in_the_beat_schedule():
    from dashboard_kecamatan.celery import _kumpulkan_jadwal

    jadwal = _kumpulkan_jadwal()
    assert jadwal["pengaduan-periksa-tenggat"]["task"] == "pengaduan.periksa_tenggat"


def test_email_goes_to_the_unit_on_assignment_and_to_the_reporter_on_public_responses(
    buat_pengaduan,
    buat_pengguna,
    camat,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH, email="puskesmas@contoh.id")
    desa = buat_pengguna(Peran.OPERATOR_DESA, DESA_PITURUH, email="desa@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        p = buat_pengaduan()
    assert [m.to for m in mailoutbox] == [["puskesmas@contoh.id"]]
    assert "Siti" not in mailoutbox[0].body and "0812" not in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        p = services.pengaduan_verifikasi(
            pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH)
        )
    assert len(mailoutbox) == 1  # same unit: no new assignment
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_tanggapi(pengaduan=p, oleh=upt, isi="Catatan dalam.", publik=False)
    assert len(mailoutbox) == 1  # internal notes are not sent
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_tanggapi(pengaduan=p, oleh=upt, isi="Kader posyandu kami kirim.")
    surat = mailoutbox[-1]
    assert surat.to == ["siti@contoh.id"]
    assert "Kader posyandu kami kirim." in surat.body
    assert f"/pengaduan/lacak/{p.kode_lacak}/" in surat.body
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_disposisi(
            pengaduan=p, oleh=camat, unit_peran=Peran.OPERATOR_DESA, unit_kode=DESA_PITURUH
        )
    assert mailoutbox[-1].to == [desa.email]


def test_no_email_to_a_reporter_without_an_address(
    buat_pengaduan, camat, mailoutbox, django_capture_on_commit_callbacks
):
    p = buat_pengaduan(email="")
    p = services.pengaduan_verifikasi(pengaduan=p, oleh=camat, unit=(Peran.UPT_KESEHATAN, PITURUH))
    with django_capture_on_commit_callbacks(execute=True):
        services.pengaduan_tanggapi(pengaduan=p, oleh=camat, isi="Ditangani.")
    assert mailoutbox == []
