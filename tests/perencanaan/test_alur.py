"""The review workflow: transitions, who may make them, the legal clock and the record."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from perencanaan import services
from perencanaan.models import BarisKegiatan, CatatanRevisi, Rencana, RiwayatRencana
from tests.conftest import DESA_PITURUH, KEMIRI, PITURUH
from wilayah.models import Desa, Peran

from .conftest import baris

pytestmark = pytest.mark.django_db

# Wed 7 May 2025. The 20 working days skip Waisak (12 May) + cuti bersama (13 May), Kenaikan
# (29 May) + cuti bersama (30 May), Iduladha (6 Jun) and its cuti bersama (Mon 9 Jun):
# 8–9 May (2), 14–16 (5), 19–23 (10), 26–28 (13), 2–5 Jun (17), 10–12 Jun (20).
DIAJUKAN = "2025-05-07 09:00 +07:00"
TENGGAT = date(2025, 6, 12)


@pytest.fixture
def rencana(buat_rencana, operator_desa):
    return buat_rencana(
        operator_desa,
        [baris("2.2.02", 24_000_000), baris("1.1.04", 3_000_000), baris("2.3.10", 50_000_000)],
    )


def test_the_full_cycle_records_every_step_and_runs_both_clocks(
    rencana, operator_desa, camat, buat_pengguna
):
    sekcam = buat_pengguna(Peran.SEKCAM, PITURUH)
    with time_machine.travel(DIAJUKAN, tick=False):
        r = services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    assert (r.status, r.putaran, r.diterima_pada) == ("diajukan", 1, date(2025, 5, 7))
    assert (r.tenggat, r.tenggat_pihak) == (TENGGAT, "kecamatan")

    with time_machine.travel("2025-05-20 10:00 +07:00", tick=False):
        r = services.rencana_mulai_tinjau(rencana=r, oleh=sekcam)
        assert r.status == "ditinjau" and r.tenggat == TENGGAT  # the clock keeps running
        jalan = r.baris.get(kode_kegiatan_id="2.3.10")
        r = services.rencana_kembalikan(
            rencana=r,
            oleh=camat,
            catatan="Utamakan air bersih.",
            catatan_baris={jalan.id: "Jalan desa bukan prioritas; alihkan ke pipanisasi."},
        )
    # The village's own clock: 20 working days from Tue 20 May 2025 (skipping 29–30 May,
    # 6 Jun, 9 Jun): 21–23 May (3), 26–28 (6), 2–5 Jun (10), 10–13 (14), 16–20 (19), 23 Jun (20).
    assert (r.status, r.tenggat, r.tenggat_pihak) == ("perlu_revisi", date(2025, 6, 23), "desa")
    catatan = CatatanRevisi.objects.get()
    assert (catatan.baris_id, catatan.kode_kegiatan) == (jalan.id, "2.3.10")

    # The operator revises: the line keeps its id, so the reason stays attached.
    data = [
        baris(b.kode_kegiatan_id, b.anggaran, id=b.id) for b in r.baris.exclude(pk=jalan.pk)
    ] + [baris("2.4.12", 50_000_000, id=jalan.id, nama="Pipanisasi air bersih")]
    with time_machine.travel("2025-06-02 08:00 +07:00", tick=False):
        services.baris_simpan(rencana=r, oleh=operator_desa, baris=data)
        r = services.rencana_ajukan(rencana=r, oleh=operator_desa)
    assert BarisKegiatan.objects.get(pk=jalan.pk).kode_kegiatan_id == "2.4.12"
    assert CatatanRevisi.objects.get().baris_id == jalan.pk
    # A new receipt, a new kecamatan clock: Mon 2 Jun + 20 working days, with 6 and 9 Jun
    # (Iduladha) and Fri 27 Jun (Tahun Baru Islam) off: 3–5 (3), 10–13 (7), 16–20 (12),
    # 23–26 (16), 30 Jun – 3 Jul (20).
    assert (r.status, r.putaran, r.diterima_pada) == ("diajukan", 2, date(2025, 6, 2))
    assert (r.tenggat, r.tenggat_pihak) == (date(2025, 7, 3), "kecamatan")

    with time_machine.travel("2025-06-03 08:00 +07:00", tick=False):
        r = services.rencana_mulai_tinjau(rencana=r, oleh=camat)
        r = services.rencana_setujui(rencana=r, oleh=camat, catatan="Sesuai.")
    assert (r.status, r.tenggat, r.tenggat_pihak) == ("disetujui", None, "")

    langkah = list(
        RiwayatRencana.objects.filter(rencana=r)
        .order_by("id")
        .values_list("aksi", "dari", "ke", "oleh_id")
    )
    assert langkah == [
        ("dibuat", "", "draf", operator_desa.id),
        ("diubah", "draf", "draf", operator_desa.id),
        ("diajukan", "draf", "diajukan", operator_desa.id),
        ("ditinjau", "diajukan", "ditinjau", sekcam.id),
        ("dikembalikan", "ditinjau", "perlu_revisi", camat.id),
        ("diubah", "perlu_revisi", "perlu_revisi", operator_desa.id),
        ("diajukan", "perlu_revisi", "diajukan", operator_desa.id),
        ("ditinjau", "diajukan", "ditinjau", camat.id),
        ("disetujui", "ditinjau", "disetujui", camat.id),
    ]


def test_transitions_out_of_order_are_refused_and_change_nothing(rencana, operator_desa, camat):
    with pytest.raises(ValidationError):
        services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)  # still a draft
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    with pytest.raises(ValidationError):
        services.rencana_setujui(rencana=rencana, oleh=camat)  # not under review yet
    with pytest.raises(ValidationError):
        services.rencana_ajukan(rencana=rencana, oleh=operator_desa)  # already submitted
    with pytest.raises(ValidationError):
        services.baris_simpan(rencana=rencana, oleh=operator_desa, baris=[baris("2.2.02", 1)])
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    with pytest.raises(ValidationError):
        services.rencana_kembalikan(rencana=rencana, oleh=camat, catatan="  ")  # no reason
    rencana.refresh_from_db()
    assert rencana.status == "ditinjau"
    assert rencana.baris.count() == 3


def test_an_empty_plan_cannot_be_submitted(buat_rencana, operator_desa):
    kosong = buat_rencana(operator_desa)
    with pytest.raises(ValidationError, match="belum memiliki baris"):
        services.rencana_ajukan(rencana=kosong, oleh=operator_desa)


def test_only_the_villages_own_operator_enters_and_submits(
    rencana, buat_pengguna, camat, upt_kesehatan, operator_kecamatan
):
    tetangga = buat_pengguna(Peran.OPERATOR_DESA, "33.06.11.2002")
    for orang in (tetangga, camat, upt_kesehatan, operator_kecamatan):
        with pytest.raises(PermissionDenied):
            services.rencana_ajukan(rencana=rencana, oleh=orang)
        with pytest.raises(PermissionDenied):
            services.baris_simpan(rencana=rencana, oleh=orang, baris=[baris("2.2.02", 1)])
    with pytest.raises(PermissionDenied):
        services.rencana_buat(
            desa=Desa.objects.get(kode=DESA_PITURUH), tahun=2026, jenis="apb", oleh=tetangga
        )


def test_only_the_camat_or_sekcam_of_the_kecamatan_reviews(
    rencana, operator_desa, camat_luar, upt_kesehatan, sekber_kabupaten, buat_pengguna
):
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    sekcam_luar = buat_pengguna(Peran.SEKCAM, KEMIRI)
    for orang in (operator_desa, camat_luar, sekcam_luar, upt_kesehatan, sekber_kabupaten):
        with pytest.raises(PermissionDenied):
            services.rencana_mulai_tinjau(rencana=rencana, oleh=orang)
    rencana.refresh_from_db()
    assert rencana.status == "diajukan"


def test_views_enforce_the_same_rules(rencana, klien, operator_desa, camat, camat_luar, client):
    c = klien(operator_desa)
    assert c.post(reverse("perencanaan:ajukan", args=[rencana.pk])).status_code == 302
    assert Rencana.objects.get(pk=rencana.pk).status == "diajukan"
    # The operator may not review their own plan (inside scope: 403).
    r = c.post(reverse("perencanaan:tinjau", args=[rencana.pk]), {"aksi": "mulai"})
    assert r.status_code == 403
    # The neighbouring camat does not even learn that the plan exists.
    c = klien(camat_luar)
    for nama in ("rencana", "tinjau", "ubah", "impor", "unduh", "surat"):
        assert c.get(reverse(f"perencanaan:{nama}", args=[rencana.pk])).status_code == 404
    assert (
        c.post(reverse("perencanaan:tinjau", args=[rencana.pk]), {"aksi": "mulai"}).status_code
        == 404
    )
    c = klien(camat)
    r = c.post(reverse("perencanaan:tinjau", args=[rencana.pk]), {"aksi": "mulai"})
    assert r.status_code == 302
    assert Rencana.objects.get(pk=rencana.pk).status == "ditinjau"
    # A camat cannot edit the village's lines.
    assert c.get(reverse("perencanaan:ubah", args=[rencana.pk])).status_code == 403


def test_a_return_without_any_reason_is_refused_in_the_form(rencana, klien, operator_desa, camat):
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    r = klien(camat).post(
        reverse("perencanaan:tinjau", args=[rencana.pk]), {"aksi": "kembalikan", "catatan": ""}
    )
    assert r.status_code == 200
    assert "Tuliskan alasan revisi" in r.content.decode()
    assert Rencana.objects.get(pk=rencana.pk).status == "ditinjau"


def test_approval_needs_the_confirmation_box_checked_by_the_server(
    rencana, klien, operator_desa, camat
):
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    url = reverse("perencanaan:tinjau", args=[rencana.pk])
    c = klien(camat)
    r = c.post(url, {"aksi": "setujui", "catatan": "Sesuai."})
    assert r.status_code == 200
    assert "Centang konfirmasi untuk menyetujui rencana." in r.content.decode()
    assert Rencana.objects.get(pk=rencana.pk).status == "ditinjau"
    r = c.post(url, {"aksi": "setujui", "catatan": "Sesuai.", "yakin": "on"})
    assert r.status_code == 302
    assert Rencana.objects.get(pk=rencana.pk).status == "disetujui"


def test_the_camat_returns_with_a_reason_on_a_line_through_the_page(
    rencana, klien, operator_desa, camat
):
    services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    jalan = rencana.baris.get(kode_kegiatan_id="2.3.10")
    r = klien(camat).post(
        reverse("perencanaan:tinjau", args=[rencana.pk]),
        {"aksi": "kembalikan", "catatan": "", f"baris_{jalan.id}": "Kurangi volume."},
    )
    assert r.status_code == 302
    assert Rencana.objects.get(pk=rencana.pk).status == "perlu_revisi"
    html = klien(operator_desa).get(reverse("perencanaan:ubah", args=[rencana.pk])).content
    assert "Kurangi volume." in html.decode()


def test_overdue_is_shown(rencana, klien, operator_desa, camat):
    with time_machine.travel(DIAJUKAN, tick=False):
        services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
    with time_machine.travel("2025-06-13 09:00 +07:00", tick=False):
        html = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert "lewat tenggat" in html
    assert "1 hari kerja" in html
    with time_machine.travel("2025-06-11 09:00 +07:00", tick=False):
        html = klien(camat).get(reverse("perencanaan:rencana", args=[rencana.pk])).content.decode()
    assert "sisa 1 hari kerja" in html


def test_an_apb_not_evaluated_by_the_deadline_takes_effect_by_itself(
    rencana, buat_rencana, klien, operator_desa, camat
):
    rkp = buat_rencana(operator_desa, [baris("2.2.02", 5_000_000)], jenis=Rencana.Jenis.RKP)
    with time_machine.travel(DIAJUKAN, tick=False):
        services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
        services.rencana_ajukan(rencana=rkp, oleh=operator_desa)
        services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
    # On the deadline itself the kecamatan may still decide.
    assert services.rencana_berlaku_otomatis(hari_ini=TENGGAT) == 0
    with time_machine.travel("2025-06-13 00:20 +07:00", tick=False):
        assert services.rencana_berlaku_otomatis() == 1
        assert services.rencana_berlaku_otomatis() == 0  # safe to repeat
    rencana.refresh_from_db()
    assert (rencana.status, rencana.tenggat, rencana.tenggat_pihak) == ("berlaku", None, "")
    langkah = rencana.riwayat.order_by("-id").first()
    assert (langkah.aksi, langkah.dari, langkah.ke, langkah.oleh) == (
        "berlaku",
        "ditinjau",
        "berlaku",
        None,
    )
    assert "12 Jun 2025" in langkah.catatan
    rkp.refresh_from_db()
    assert rkp.status == "diajukan"  # the rule is the APB Desa's evaluation only
    with pytest.raises(ValidationError):
        services.rencana_setujui(rencana=rencana, oleh=camat)
    html = klien(operator_desa).get(reverse("perencanaan:rencana", args=[rencana.pk]))
    assert 'data-testid="berlaku"' in html.content.decode()
    assert "Berlaku tanpa evaluasi" in html.content.decode()


def test_the_village_revision_clock_never_makes_a_plan_take_effect(rencana, operator_desa, camat):
    with time_machine.travel(DIAJUKAN, tick=False):
        services.rencana_ajukan(rencana=rencana, oleh=operator_desa)
        services.rencana_mulai_tinjau(rencana=rencana, oleh=camat)
        services.rencana_kembalikan(rencana=rencana, oleh=camat, catatan="Perbaiki.")
    assert services.rencana_berlaku_otomatis(hari_ini=date(2026, 1, 1)) == 0
    rencana.refresh_from_db()
    assert rencana.status == "perlu_revisi"


def test_the_beat_runs_the_deadline_job_after_midnight():
    from dashboard_kecamatan.celery import _kumpulkan_jadwal
    from perencanaan.tasks import berlaku_otomatis

    jadwal = _kumpulkan_jadwal()["perencanaan-berlaku-otomatis"]
    assert jadwal["task"] == berlaku_otomatis.name
    assert (jadwal["schedule"].hour, jadwal["schedule"].minute) == ({0}, {20})
    assert berlaku_otomatis.apply().get() == 0
