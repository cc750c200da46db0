"""Scope: who sees which wilayah pages and admin rows. Every view with an outsider."""

import pytest
from django.urls import reverse

from tests.conftest import DESA_KEMIRI, DESA_PITURUH, KEMIRI, PITURUH
from tests.csv_excel import baca_csv
from wilayah.access import lingkup_user, saring
from wilayah.models import Desa, Kecamatan, Peran

pytestmark = pytest.mark.django_db


def test_camat_sees_own_kecamatan_and_gets_404_for_another(klien, camat):
    c = klien(camat)
    r = c.get(reverse("wilayah:kecamatan", args=[PITURUH]))
    assert r.status_code == 200
    assert "Pituruh" in r.content.decode()
    assert c.get(reverse("wilayah:kecamatan", args=[KEMIRI])).status_code == 404
    assert c.get(reverse("wilayah:desa", args=[DESA_KEMIRI])).status_code == 404
    assert c.get(reverse("wilayah:desa", args=[DESA_PITURUH])).status_code == 200


def test_kecamatan_page_lists_its_villages_and_filters(klien, camat):
    c = klien(camat)
    r = c.get(reverse("wilayah:kecamatan", args=[PITURUH]))
    html = r.content.decode()
    assert r.context["jumlah"]["desa"] == 49
    assert r.context["jumlah"]["kelurahan"] == 0
    assert "Kendalrejo" in html
    r = c.get(reverse("wilayah:kecamatan", args=[PITURUH]), {"nama": "kendal"})
    assert list(r.context["table"].data.data.values_list("nama", flat=True)) == ["Kendalrejo"]


def test_operator_desa_sees_only_own_village(klien, operator_desa):
    c = klien(operator_desa)
    assert c.get(reverse("wilayah:desa", args=[DESA_PITURUH])).status_code == 200
    assert c.get(reverse("wilayah:desa", args=["33.06.11.2002"])).status_code == 404
    assert c.get(reverse("wilayah:kecamatan", args=[PITURUH])).status_code == 404


def test_sekber_provinsi_browses_only_its_province(klien, sekber_provinsi):
    c = klien(sekber_provinsi)
    assert c.get(reverse("wilayah:jelajah_nasional")).url == reverse("wilayah:jelajah", args=["33"])
    r = c.get(reverse("wilayah:jelajah", args=["33"]))
    assert r.status_code == 200
    assert "Kabupaten Purworejo" in r.content.decode()
    assert c.get(reverse("wilayah:jelajah", args=["32"])).status_code == 404
    assert c.get(reverse("wilayah:jelajah", args=["32.01"])).status_code == 404
    assert c.get(reverse("wilayah:kecamatan", args=[PITURUH])).status_code == 200
    assert c.get(reverse("wilayah:kecamatan", args=["32.01.01"])).status_code == 404


def test_browser_counts_villages_per_child(klien, sekber_nasional):
    c = klien(sekber_nasional)
    r = c.get(reverse("wilayah:jelajah", args=["33.06"]))
    rows = {a.kode: a for a in r.context["table"].data.data}
    assert rows[PITURUH].n_desa == 49


def test_browser_query_count_does_not_grow_with_villages(
    klien, sekber_nasional, django_assert_max_num_queries
):
    c = klien(sekber_nasional)
    # session + user + penugasan, node, breadcrumbs (one union), children, one GROUP BY.
    with django_assert_max_num_queries(8):
        c.get(reverse("wilayah:jelajah_nasional"))
    with django_assert_max_num_queries(8):
        c.get(reverse("wilayah:jelajah", args=["33"]))


def test_anonymous_users_are_sent_to_login(client):
    r = client.get(reverse("wilayah:kecamatan", args=[PITURUH]))
    assert r.status_code == 302 and r.url.startswith(reverse("login"))


def test_saring_limits_by_prefix_and_sector(buat_pengguna):
    upt = buat_pengguna(Peran.UPT_KESEHATAN, PITURUH)
    lingkup = lingkup_user(upt)
    assert lingkup.sektor == frozenset({"kesehatan"})
    assert saring(Desa.objects.all(), upt).count() == 49
    assert saring(Kecamatan.objects.all(), upt).get().kode == PITURUH
    op = buat_pengguna(Peran.OPERATOR_KECAMATAN, PITURUH)
    assert lingkup_user(op).sektor == frozenset({"pu", "sosial"})
    sekber = buat_pengguna(Peran.SEKBER_KABUPATEN, "33.06")
    assert saring(Desa.objects.all(), sekber, ubah=True).count() == 0  # read-only
    assert saring(Kecamatan.objects.all(), sekber).count() == 16


class TestAdmin:
    def test_sekber_provinsi_sees_only_its_province_in_admin_lists(self, klien, sekber_provinsi):
        c = klien(sekber_provinsi)
        r = c.get(reverse("admin:wilayah_kabupaten_changelist"))
        assert r.status_code == 200
        kode = {k.kode for k in r.context["cl"].queryset}
        assert kode and all(k.startswith("33.") for k in kode)
        r = c.get(reverse("admin:wilayah_desa_changelist"), {"q": "Pondok"})
        assert all(d.kode.startswith("33.") for d in r.context["cl"].queryset)

    def test_sekber_cannot_open_another_provinces_row_by_url(self, klien, sekber_provinsi):
        c = klien(sekber_provinsi)
        luar = Desa.objects.filter(kode__startswith="32.").first()
        assert c.get(reverse("admin:wilayah_desa_change", args=[luar.kode])).status_code == 404
        dalam = reverse("admin:wilayah_desa_change", args=[DESA_PITURUH])
        r = c.get(dalam)
        assert r.status_code == 200
        # Monitors look but cannot change.
        assert c.post(dalam, {"nama": "Diubah"}).status_code == 403
        assert Desa.objects.get(kode=DESA_PITURUH).nama == "Kendalrejo"

    def test_sekber_sees_only_users_assigned_inside(
        self, klien, sekber_kabupaten, camat, buat_pengguna
    ):
        luar = buat_pengguna(Peran.CAMAT, "32.01.01")
        c = klien(sekber_kabupaten)
        r = c.get(reverse("admin:auth_user_changelist"))
        names = {u.username for u in r.context["cl"].queryset}
        assert camat.username in names and luar.username not in names
        assert c.get(reverse("admin:auth_user_change", args=[luar.pk])).status_code == 404

    def test_camat_has_no_admin(self, klien, camat):
        r = klien(camat).get(reverse("admin:index"))
        assert r.status_code == 302


class TestAdminFilterDanEkspor:
    def test_wilayah_filter_narrows_the_list(self, klien, sekber_provinsi):
        c = klien(sekber_provinsi)
        r = c.get(reverse("admin:wilayah_kecamatan_changelist"), {"wil_kab": "33.06"})
        kode = {k.kode for k in r.context["cl"].queryset}
        assert PITURUH in kode and all(k.startswith("33.06.") for k in kode)

    def test_export_action_writes_only_selected_rows_inside_scope(self, klien, sekber_provinsi):
        c = klien(sekber_provinsi)
        luar = Desa.objects.filter(kode__startswith="32.").first().kode
        r = c.post(
            reverse("admin:wilayah_desa_changelist"),
            {"action": "ekspor_csv", "_selected_action": [DESA_PITURUH, luar]},
        )
        isi = "\n".join(";".join(b) for b in baca_csv(r))
        assert "Kendalrejo" in isi
        assert luar not in isi  # outside the scope: never exported, even when posted
