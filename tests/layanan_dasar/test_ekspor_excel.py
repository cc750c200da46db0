"""Every CSV the app writes opens right in Indonesian-locale Excel, and every admin list officials
export from (values, submissions, audit, users, wilayah, records) has working CSV and XLSX
actions: ';' and ',' decimals, BOM, dd/mm/yyyy, no formula-looking cell, valid sheet titles."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboard_kecamatan.umum.ekspor import judul_lembar, nilai_csv, tabel_csv
from tests.conftest import DESA_PITURUH, PITURUH
from tests.csv_excel import baca_csv

BULAN = dt.date(2025, 3, 1)


def test_csv_fields_are_what_indonesian_excel_reads():
    assert nilai_csv(8.3067) == "8,3067"
    assert nilai_csv(Decimal("12.50")) == "12,50"
    assert nilai_csv(1e-5) == "0,00001"  # never "1e-05"
    assert nilai_csv(3.0) == "3" and nilai_csv(1234567) == "1234567"  # no thousands mark
    assert nilai_csv(dt.date(2026, 12, 1)) == "01/12/2026"
    aware = dt.datetime(2026, 12, 1, 6, 50, tzinfo=dt.UTC)
    assert nilai_csv(aware) == "01/12/2026 13:50"  # local time (Asia/Jakarta)
    assert nilai_csv(None) == "" and nilai_csv(True) == "Ya"
    assert nilai_csv("=HYPERLINK(1)") == "'=HYPERLINK(1)" and nilai_csv("-x") == "'-x"
    isi = tabel_csv(["a", "b"], [[1.5, "x;y"]])
    assert isi == b'\xef\xbb\xbfa;b\r\n1,5;"x;y"\r\n'


def test_sheet_titles_never_hold_what_excel_refuses():
    assert judul_lembar("kabupaten/kota") == "kabupaten-kota"
    assert judul_lembar("a[b]:c*?\\d") == "a-b--c---d"
    assert len(judul_lembar("x" * 40)) == 31 and judul_lembar("") == "Data"


@pytest.fixture
def isi_admin(el, simpan_langsung, upt_kesehatan):
    from layanan_dasar.models import AuditNilai, Pengajuan

    e = el("kes-bumil-layanan")
    simpan_langsung(DESA_PITURUH, e, {BULAN: 7})
    Pengajuan.objects.create(
        kecamatan_id=PITURUH,
        sektor="kesehatan",
        bulan=BULAN,
        status=Pengajuan.Status.DIAJUKAN,
        diajukan_pada=timezone.now(),
        desa_lapor=1,
        desa_diharapkan=49,
    )
    AuditNilai.objects.create(
        desa_id=DESA_PITURUH,
        elemen=e,
        bulan=BULAN,
        nilai_lama=None,
        nilai_baru=7,
        oleh=upt_kesehatan,
        sumber=AuditNilai.Sumber.choices[0][0],
    )


# "Select all" exports the whole filtered list whatever is ticked ("0" ticks nothing real). Lists
# an official filters down before exporting; the test does the same, so the whole of
# Jawa Tengah's 8,563 villages is not written for every run.
_SARING = {"desa": {"q": "33.06.11"}, "kecamatan": {"q": "33.06"}, "kabupaten": {"q": "33.0"}}


def test_every_admin_list_exports_csv_and_xlsx(isi_admin, sekber_provinsi, klien):
    c = klien(sekber_provinsi)
    request = RequestFactory().get("/")
    request.user = sekber_provinsi
    diekspor = set()
    for model, ma in admin.site._registry.items():
        if not ma.has_view_permission(request) or "ekspor_csv" not in ma.get_actions(request):
            continue
        nama = model._meta.model_name
        url = reverse(f"admin:{model._meta.app_label}_{nama}_changelist")
        saring = "?" + "&".join(f"{k}={v}" for k, v in _SARING.get(nama, {}).items())
        data = {"select_across": "1", "index": "0", "_selected_action": ["0"]}
        r = c.post(url + saring, {**data, "action": "ekspor_csv"})
        rows = baca_csv(r)
        r = c.post(url + saring, {**data, "action": "ekspor_xlsx"})
        assert r.status_code == 200, nama
        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws.freeze_panes == "A2", nama
        assert ws.max_row == len(rows), nama
        diekspor.add(nama)
    # What officials asked for, beside the wilayah lists and the P3PD records.
    assert {"nilaidata", "pengajuan", "auditnilai", "user", "kabupaten", "desa"} <= diekspor


def test_exported_users_show_role_and_scope_not_secrets(sekber_provinsi, upt_kesehatan, klien):
    r = klien(sekber_provinsi).post(
        reverse("admin:auth_user_changelist"),
        {"action": "ekspor_csv", "select_across": "1", "index": "0", "_selected_action": ["0"]},
    )
    rows = baca_csv(r)
    kepala = rows[0]
    baris = next(b for b in rows[1:] if b[0] == upt_kesehatan.username)
    assert baris[kepala.index("kode wilayah")] == PITURUH
    assert "Password" not in ";".join(kepala) and "pbkdf2" not in ";".join(map(";".join, rows))


def test_no_admin_action_errors_on_any_list(isi_admin, django_user_model, client):
    """Every action of every admin list, run by a superuser over the whole (filtered) list:
    none answers 500. Rebuild actions only enqueue after commit; deletion only asks first."""
    akar = django_user_model.objects.create_superuser("akar-aksi", password="x")
    client.force_login(akar)
    request = RequestFactory().get("/")
    request.user = akar
    dijalankan = 0
    for model, ma in admin.site._registry.items():
        nama = model._meta.model_name
        url = reverse(f"admin:{model._meta.app_label}_{nama}_changelist")
        saring = "?" + "&".join(f"{k}={v}" for k, v in _SARING.get(nama, {}).items())
        for aksi in ma.get_actions(request):
            r = client.post(
                url + saring,
                {"action": aksi, "select_across": "1", "index": "0", "_selected_action": ["0"]},
            )
            assert r.status_code in (200, 302), (nama, aksi, r.status_code)
            dijalankan += 1
    assert dijalankan > 40
