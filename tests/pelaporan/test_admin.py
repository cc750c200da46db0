"""Sekber monitoring through the admin: every list scoped to the Sekber's wilayah, other
provinces' rows unreachable by URL, nothing changeable (monitor role), filters and exports."""

import datetime as dt
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import PITURUH
from tests.csv_excel import baca_csv
from tests.pelaporan.conftest import JABAR
from wilayah.access import Lingkup
from wilayah.admin import LingkupAdminMixin

pytestmark = pytest.mark.django_db


def _buat_di(kode):
    """One row of every pelaporan model in kecamatan `kode`."""
    from pelaporan.models import (
        AgendaMonev,
        AnggotaTim,
        KehadiranRapat,
        LampiranPelatihan,
        LaporanTriwulan,
        PekerjaanEkspor,
        Pelatihan,
        PesertaPelatihan,
        RapatKoordinasi,
        TimPengelola,
        TindakLanjutRapat,
    )

    tim = TimPengelola.objects.create(
        kecamatan_id=kode,
        nomor_sk=f"SK-{kode}",
        tanggal_sk=dt.date(2025, 1, 1),
        berlaku_dari=dt.date(2025, 1, 1),
    )
    pel = Pelatihan.objects.create(kecamatan_id=kode, modul=1, tanggal_mulai=dt.date(2025, 2, 1))
    rapat = RapatKoordinasi.objects.create(
        kecamatan_id=kode, tanggal=dt.date(2025, 2, 1), judul=f"Rapat {kode}", agenda="A"
    )
    return {
        TimPengelola: tim,
        AnggotaTim: AnggotaTim.objects.create(tim=tim, nama=f"Anggota {kode}", peran="ketua"),
        Pelatihan: pel,
        PesertaPelatihan: PesertaPelatihan.objects.create(
            pelatihan=pel, nama=f"Peserta {kode}", peran="camat"
        ),
        LampiranPelatihan: LampiranPelatihan.objects.create(
            pelatihan=pel, berkas="pelaporan/lampiran/x.pdf", nama_asli="x.pdf"
        ),
        RapatKoordinasi: rapat,
        KehadiranRapat: KehadiranRapat.objects.create(rapat=rapat, nama=f"Hadir {kode}"),
        TindakLanjutRapat: TindakLanjutRapat.objects.create(
            rapat=rapat, uraian=f"TL {kode}", penanggung_jawab="X", tenggat=dt.date(2025, 3, 1)
        ),
        AgendaMonev: AgendaMonev.objects.create(
            kecamatan_id=kode, kegiatan=f"Monev {kode}", tanggal_rencana=dt.date(2025, 2, 1)
        ),
        LaporanTriwulan: LaporanTriwulan.objects.create(
            kecamatan_id=kode, periode=dt.date(2025, 1, 1), narasi="n"
        ),
        PekerjaanEkspor: PekerjaanEkspor.objects.create(
            jenis="laporan", wilayah_kode=kode[:5], periode=dt.date(2025, 1, 1), format="xlsx"
        ),
    }


@pytest.fixture
def dua_provinsi(db):
    return {"33": _buat_di(PITURUH), "32": _buat_di(JABAR)}


def _admin_pelaporan():
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label == "pelaporan"]


def _url(model, aksi, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{aksi}", args=args)


def test_every_pelaporan_admin_uses_the_scope_mixin():
    for model, model_admin in _admin_pelaporan():
        assert isinstance(model_admin, LingkupAdminMixin), model.__name__


def test_every_pelaporan_model_is_registered():
    from django.apps import apps

    terdaftar = {m for m, _a in _admin_pelaporan()}
    assert set(apps.get_app_config("pelaporan").get_models()) == terdaftar


def test_sekber_provinsi_sees_only_its_province_in_every_admin_list(
    dua_provinsi, sekber_provinsi, klien
):
    c = klien(sekber_provinsi)
    for model, _a in _admin_pelaporan():
        r = c.get(_url(model, "changelist"))
        assert r.status_code == 200, model.__name__
        pk = {o.pk for o in r.context["cl"].result_list}
        assert dua_provinsi["33"][model].pk in pk, model.__name__
        assert dua_provinsi["32"][model].pk not in pk, model.__name__
        # ...and the other province's row cannot be opened by URL.
        assert c.get(_url(model, "change", dua_provinsi["32"][model].pk)).status_code == 404
        assert c.get(_url(model, "change", dua_provinsi["33"][model].pk)).status_code == 200


def test_every_scoped_admin_list_of_every_app_stays_inside_the_province(
    dua_provinsi, sekber_provinsi, klien
):
    c = klien(sekber_provinsi)
    lingkup = Lingkup(kode="33")
    for model, _a in admin.site._registry.items():
        field = getattr(model, "wilayah_kode_field", None)
        if field is None:
            continue
        r = c.get(_url(model, "changelist"))
        if r.status_code == 403:
            continue  # an admin closed to the monitor (e.g. superuser-only) leaks nothing
        assert r.status_code == 200, model.__name__
        cl = r.context["cl"]
        assert not cl.queryset.exclude(lingkup.q_kode(field)).exists(), model.__name__


def test_sekber_is_a_monitor_that_cannot_change_anything(dua_provinsi, sekber_provinsi, klien):
    from pelaporan.models import AgendaMonev, TimPengelola

    c = klien(sekber_provinsi)
    for model, _a in _admin_pelaporan():
        assert c.get(_url(model, "add")).status_code == 403, model.__name__
        obj = dua_provinsi["33"][model]
        r = c.get(_url(model, "change", obj.pk))
        assert 'name="_save"' not in r.content.decode(), model.__name__
        assert c.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    monev = dua_provinsi["33"][AgendaMonev]
    r = c.post(
        _url(AgendaMonev, "change", monev.pk),
        {
            "kegiatan": "diubah",
            "kecamatan": PITURUH,
            "tanggal_rencana": "2025-02-01",
            "status": "ditunda",
        },
    )
    assert r.status_code == 403
    assert AgendaMonev.objects.get(pk=monev.pk).kegiatan == f"Monev {PITURUH}"
    assert TimPengelola.objects.count() == 2
    # The inlines are shown read-only to the monitor.
    tim = dua_provinsi["33"][TimPengelola]
    assert f"Anggota {PITURUH}" in c.get(_url(TimPengelola, "change", tim.pk)).content.decode()


def test_sekber_kabupaten_cannot_see_its_province_neighbours(
    dua_provinsi, sekber_kabupaten, buat_pengguna, klien
):
    from pelaporan.models import Pelatihan

    lain = Pelatihan.objects.create(
        kecamatan_id="33.01.01", modul=2, tanggal_mulai=dt.date(2025, 2, 1)
    )
    c = klien(sekber_kabupaten)
    r = c.get(_url(Pelatihan, "changelist"))
    pk = {o.pk for o in r.context["cl"].result_list}
    assert pk == {dua_provinsi["33"][Pelatihan].pk}
    assert c.get(_url(Pelatihan, "change", lain.pk)).status_code == 404


def test_export_actions_write_only_rows_inside_the_scope(dua_provinsi, sekber_provinsi, klien):
    from pelaporan.models import RapatKoordinasi

    c = klien(sekber_provinsi)
    semua = [dua_provinsi[p][RapatKoordinasi].pk for p in ("33", "32")]
    url = _url(RapatKoordinasi, "changelist")
    r = c.post(url, {"action": "ekspor_csv", "_selected_action": semua, "index": 0})
    baris = baca_csv(r)
    assert baris[0][:3] == ["tanggal", "judul", "kecamatan"]
    assert [b[1] for b in baris[1:]] == [f"Rapat {PITURUH}"]
    r = c.post(url, {"action": "ekspor_xlsx", "_selected_action": semua, "index": 0})
    wb = load_workbook(io.BytesIO(r.content))
    isi = list(wb.active.iter_rows(min_row=2, values_only=True))
    assert len(isi) == 1 and isi[0][1] == f"Rapat {PITURUH}"
    assert isinstance(isi[0][0], dt.datetime)  # a real date cell, not text


def test_export_neutralises_spreadsheet_formulas(db, sekber_nasional, klien):
    from pelaporan.models import AgendaMonev

    m = AgendaMonev.objects.create(
        kecamatan_id=PITURUH, kegiatan='=HYPERLINK("x")', tanggal_rencana=dt.date(2025, 1, 1)
    )
    r = klien(sekber_nasional).post(
        _url(AgendaMonev, "changelist"),
        {"action": "ekspor_csv", "_selected_action": [m.pk], "index": 0},
    )
    assert baca_csv(r)[1][0].startswith("'=HYPERLINK")


def test_wilayah_and_status_filters(dua_provinsi, sekber_nasional, klien):
    from pelaporan.models import TindakLanjutRapat

    c = klien(sekber_nasional)
    url = _url(TindakLanjutRapat, "changelist")
    r = c.get(url, {"wil_prov": "32"})
    assert [o.uraian for o in r.context["cl"].result_list] == [f"TL {JABAR}"]
    r = c.get(url, {"wil_prov": "33", "wil_kab": "33.06", "terlambat": "ya"})
    assert [o.uraian for o in r.context["cl"].result_list] == [f"TL {PITURUH}"]
    r = c.get(url, {"status": "selesai"})
    assert list(r.context["cl"].result_list) == []
    r = c.get(url, {"q": "TL 33"})
    assert [o.uraian for o in r.context["cl"].result_list] == [f"TL {PITURUH}"]


def test_staff_without_assignment_sees_no_pelaporan_admin(db, django_user_model, klien):
    from pelaporan.models import Pelatihan

    staf = django_user_model.objects.create_user("staf", password="x", is_staff=True)
    assert klien(staf).get(_url(Pelatihan, "changelist")).status_code == 403
