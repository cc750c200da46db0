"""Admin writes are scoped by the values submitted: a camat given staff status and every model
permission still cannot write another kecamatan's rows, move an assignment out of the
kecamatan, grant a role above their own, or make anyone superuser."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.conftest import KEMIRI, PITURUH
from tests.keamanan.formulir import formulir_post
from wilayah.models import Penugasan, Peran

pytestmark = pytest.mark.django_db


@pytest.fixture
def camat_staf(camat):
    camat.is_staff = True
    camat.save()
    camat.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["pelaporan", "wilayah", "auth"])
    )
    return camat


def _kirim(client, url, **ubah):
    r = client.get(url)
    assert r.status_code == 200, url
    data = formulir_post(r.text)
    data.update(ubah)
    return client.post(url, data)


def test_a_team_for_another_kecamatan_is_refused(camat_staf, klien):
    from pelaporan.models import TimPengelola

    c = klien(camat_staf)
    isi = {
        "nomor_sk": "SK/1",
        "tanggal_sk": "2025-01-02",
        "berlaku_dari": "2025-01-02",
    }
    r = _kirim(c, reverse("admin:pelaporan_timpengelola_add"), kecamatan=KEMIRI, **isi)
    assert r.status_code == 200  # the form again, with the error
    assert not TimPengelola.objects.exists()
    r = _kirim(c, reverse("admin:pelaporan_timpengelola_add"), kecamatan=PITURUH, **isi)
    assert r.status_code == 302
    assert TimPengelola.objects.get().kecamatan_id == PITURUH


def test_a_team_member_cannot_be_moved_to_a_foreign_team(camat_staf, klien):
    import datetime as dt

    from pelaporan.models import AnggotaTim, TimPengelola

    hari = dt.date(2025, 1, 1)
    milik = TimPengelola.objects.create(
        kecamatan_id=PITURUH, nomor_sk="A", tanggal_sk=hari, berlaku_dari=hari
    )
    asing = TimPengelola.objects.create(
        kecamatan_id=KEMIRI, nomor_sk="B", tanggal_sk=hari, berlaku_dari=hari
    )
    a = AnggotaTim.objects.create(tim=milik, nama="Ani", peran="ketua")
    url = reverse("admin:pelaporan_anggotatim_change", args=[a.pk])
    r = _kirim(klien(camat_staf), url, tim=str(asing.pk))
    assert r.status_code == 200
    a.refresh_from_db()
    assert a.tim == milik
    # The refused form does not print the foreign team's name beside the typed id either.
    assert "SK · B" not in r.text and f"{KEMIRI} · SK B" not in r.text


@pytest.mark.parametrize(
    "peran, kode, sektor",
    [
        (Peran.OPERATOR_KECAMATAN, KEMIRI, ""),  # moved to another kecamatan
        (Peran.SEKBER_NASIONAL, "", ""),  # above the camat, nationwide
        (Peran.SEKBER_KABUPATEN, "33.06", ""),
    ],
)
def test_an_assignment_cannot_leave_the_editors_scope(
    camat_staf, operator_kecamatan, klien, peran, kode, sektor
):
    p = operator_kecamatan.penugasan
    url = reverse("admin:wilayah_penugasan_change", args=[p.pk])
    r = _kirim(klien(camat_staf), url, peran=peran, wilayah_kode=kode, sektor=sektor)
    assert r.status_code == 200
    p.refresh_from_db()
    assert (p.peran, p.wilayah_kode) == (Peran.OPERATOR_KECAMATAN, PITURUH)


def test_nobody_grants_a_role_above_their_own(buat_pengguna, operator_kecamatan, klien):
    sekcam = buat_pengguna(Peran.SEKCAM, PITURUH, is_staff=True)
    sekcam.user_permissions.set(Permission.objects.filter(content_type__app_label="wilayah"))
    p = operator_kecamatan.penugasan
    url = reverse("admin:wilayah_penugasan_change", args=[p.pk])
    r = _kirim(klien(sekcam), url, peran=Peran.CAMAT)
    assert r.status_code == 200
    p.refresh_from_db()
    assert p.peran == Peran.OPERATOR_KECAMATAN
    r = _kirim(klien(sekcam), url, peran=Peran.SEKCAM)  # at their own level: allowed
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.peran == Peran.SEKCAM


def test_sector_staff_grant_only_their_sector(buat_pengguna, klien):
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH, is_staff=True)
    upt.user_permissions.set(Permission.objects.filter(content_type__app_label="wilayah"))
    lain = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    p = lain.penugasan
    url = reverse("admin:wilayah_penugasan_change", args=[p.pk])
    r = _kirim(klien(upt), url, peran=Peran.OPERATOR_KECAMATAN)  # PU and sosial
    assert r.status_code == 200
    p.refresh_from_db()
    assert p.peran == Peran.UPT_KESEHATAN


def test_only_a_superuser_makes_a_superuser(camat_staf, operator_kecamatan, klien):
    url = reverse("admin:auth_user_change", args=[operator_kecamatan.pk])
    _kirim(klien(camat_staf), url, is_superuser="on", is_staff="on")
    operator_kecamatan.refresh_from_db()
    assert not operator_kecamatan.is_superuser
    assert operator_kecamatan.user_permissions.count() == 0


def test_a_sekcam_cannot_take_over_the_camats_account(buat_pengguna, camat, klien):
    sekcam = buat_pengguna(Peran.SEKCAM, PITURUH, is_staff=True)
    sekcam.user_permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    c = klien(sekcam)
    assert c.get(reverse("admin:auth_user_password_change", args=[camat.pk])).status_code == 403
    r = c.post(
        reverse("admin:auth_user_password_change", args=[camat.pk]),
        {"password1": "sandi-baru-987", "password2": "sandi-baru-987"},
    )
    assert r.status_code == 403
    camat.refresh_from_db()
    assert camat.check_password("rahasia-123")
    assert Penugasan.objects.get(user=camat).peran == Peran.CAMAT
