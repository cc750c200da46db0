"""Indonesian office conventions on screen: one date style ("1 Des 2026", "1 Des 2026 13.50"),
dd/mm/yyyy typing whatever the browser's language, years without a thousands mark, app names in
words in the admin, filters whose "all" choice is a word, pagers in Indonesian."""

import datetime as dt
import importlib
import re

import django_filters
import pytest
from django.apps import apps
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from tests.conftest import PITURUH

_TAHUN_BERTITIK = re.compile(r"(?<![\d.,])20\d\.\d{3}(?![\d.,])")


def test_one_date_style_on_screen_and_in_both_languages():
    waktu = dt.datetime(2026, 12, 1, 13, 50)
    with translation.override("id"):
        assert formats.date_format(waktu.date()) == "1 Des 2026"
        assert formats.date_format(waktu, "DATETIME_FORMAT") == "1 Des 2026 13.50"
        teks = Template("{{ t|date }} · {{ w|date:'DATETIME_FORMAT' }}").render(
            Context({"t": waktu.date(), "w": waktu})
        )
        assert teks == "1 Des 2026 · 1 Des 2026 13.50"
    with translation.override("en"):
        assert formats.date_format(waktu.date()) == "1 Dec 2026"


def test_templates_use_the_named_formats_only():
    """A literal format in a template (d/m/Y here, j F Y there) is how styles drifted apart;
    screen templates name DATE_FORMAT/DATETIME_FORMAT (month labels "F Y" and the printed
    letters, which spell the month out as formal letters do, excepted)."""
    liar = re.compile(r"\|date:[\"'](?!DATETIME_FORMAT|DATE_FORMAT|F Y|M Y|M|c|Y-m|T|l, j M Y)")
    salah = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        if "pdf" in path.parts or path.name == "surat_tinjauan.html":
            continue
        for n, baris in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if liar.search(baris):
                salah.append(f"{path.name}:{n}")
    assert salah == [], f"pakai |date (DATE_FORMAT) atau |date:'DATETIME_FORMAT': {salah}"


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_dates_are_typed_day_first_whatever_the_language(bahasa):
    from pelaporan.forms import InputTanggal

    with translation.override(bahasa):
        from django import forms

        f = forms.DateField(widget=InputTanggal())
        assert f.clean("03/02/2025") == dt.date(2025, 2, 3)  # 3 February, never 2 March
        html = f.widget.render("t", dt.date(2025, 2, 3))
        assert 'type="text"' in html and 'value="03/02/2025"' in html


def test_admin_names_apps_in_words(db, django_user_model, client):
    for label, nama in [
        ("layanan_dasar", "Layanan Dasar"),
        ("wilayah", "Wilayah"),
        ("pengaduan", "Pengaduan"),
        ("pelaporan", "Pelaporan P3PD"),
    ]:
        assert str(apps.get_app_config(label).verbose_name) == nama
    admin = django_user_model.objects.create_superuser("akar", password="x")
    client.force_login(admin)
    teks = client.get(reverse("admin:index")).text
    judul = re.findall(r'class="section"[^>]*>([^<]+)</a>', teks)
    assert "Layanan Dasar" in judul and "Pelaporan P3PD" in judul
    assert all("_" not in j and not j.isupper() for j in judul), judul


def _semua_filterset():
    for konfig in apps.get_app_configs():
        if not konfig.path.startswith(str(settings.BASE_DIR)):
            continue
        for nama in ("filters", "dasbor.filters"):
            try:
                modul = importlib.import_module(f"{konfig.name}.{nama}")
            except ModuleNotFoundError:
                continue
            for obj in vars(modul).values():
                if (
                    isinstance(obj, type)
                    and issubclass(obj, django_filters.FilterSet)
                    and obj.__module__ == modul.__name__
                ):
                    yield obj


def test_no_filter_offers_dashes_or_unknown_as_all(db):
    dilihat = 0
    for kelas in _semua_filterset():
        for nama, f in kelas.base_filters.items():
            if isinstance(f, django_filters.ModelChoiceFilter) and callable(
                f.extra.get("queryset")
            ):
                continue  # the queryset depends on the request; labels are checked below anyway
            html = f.field.widget.render(nama, None)
            dilihat += 1
            assert "---------" not in html, (kelas.__name__, nama)
            assert "Tidak diketahui" not in html, (kelas.__name__, nama)
    assert dilihat > 10


def test_pagers_speak_indonesian(klien, camat):
    from django.test import RequestFactory
    from django_tables2 import Column, Table
    from django_tables2.config import RequestConfig

    class T(Table):
        n = Column()

    t = T([{"n": i} for i in range(30)])
    request = RequestFactory().get("/", {"page": 2})
    RequestConfig(request, paginate={"per_page": 10}).configure(t)
    html = Template("{% load django_tables2 %}{% render_table t %}").render(
        Context({"t": t, "request": request})
    )
    teks = re.sub(r"<[^>]+>", " ", html)  # the words shown, not the CSS classes
    assert "sebelumnya" in teks and "berikutnya" in teks
    assert "previous" not in teks and "next" not in teks


def test_admin_lists_print_years_without_a_thousands_mark(db, django_user_model, client):
    from perencanaan.models import AturanDanaDesa

    AturanDanaDesa.objects.create(
        tahun=2027, kode="uji-2027", nama="Uji", awalan_kode="5.3", pembanding="<=", batas_persen=15
    )
    admin = django_user_model.objects.create_superuser("akar", password="x")
    client.force_login(admin)
    teks = client.get(reverse("admin:perencanaan_aturandanadesa_changelist")).text
    assert "2027" in teks and not _TAHUN_BERTITIK.search(teks)


def test_kecamatan_pages_print_years_without_a_thousands_mark(klien, camat):
    teks = klien(camat).get(reverse("perencanaan:rekap", args=[PITURUH])).text
    assert not _TAHUN_BERTITIK.search(teks)
