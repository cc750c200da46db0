"""Role-based navigation and home pages.

Each module named in settings.NAVIGASI_MODUL may define `menu(lingkup) -> [(label, url)]` and
`beranda(lingkup) -> url | None`; menus are joined in that order and the last module that claims
a home page for a role wins, so an app adds its links without touching another app's code.
"""

from importlib import import_module

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

from wilayah.models import Peran, Tingkat


def url_beranda(lingkup):
    """Where each role lands after login. Apps further right may own the final target pages."""
    if lingkup is None:
        return reverse("tanpa_penugasan")
    beranda = _beranda_dari_app(lingkup)
    if beranda:
        return beranda
    if lingkup.peran == Peran.OPERATOR_DESA:
        return reverse("wilayah:desa", args=[lingkup.kode])
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return reverse("wilayah:kecamatan", args=[lingkup.kode])
    if lingkup.kode:
        return reverse("wilayah:jelajah", args=[lingkup.kode])
    return reverse("wilayah:jelajah_nasional")


def _modul_navigasi():
    for nama in settings.NAVIGASI_MODUL:
        try:
            yield import_module(nama)
        except ModuleNotFoundError as exc:
            if exc.name != nama:  # a module not written yet is skipped; a broken one is not
                raise


def _beranda_dari_app(lingkup):
    # The right-most app that claims a home page for this role wins (e.g. the dashboards).
    hasil = None
    for modul in _modul_navigasi():
        fn = getattr(modul, "beranda", None)
        if fn is not None:
            hasil = fn(lingkup) or hasil
    return hasil


def menu(lingkup):
    """The menu of a scope. The same on every page (a context processor draws it), and a
    function of the scope, the language and the URL configuration alone (the apps' menu hooks
    read no data): built once per worker and reused (a dozen reverse() calls each request
    otherwise)."""
    kunci = (
        lingkup,
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
        tuple(settings.NAVIGASI_MODUL),
    )
    item = _menu_siap.get(kunci)
    if item is None:
        item = []
        for modul in _modul_navigasi():
            fn = getattr(modul, "menu", None)
            if fn is not None:
                item.extend(fn(lingkup))
        item = tuple(item)
        if len(_menu_siap) >= 4096:  # bounded: scopes are few (a user's node and role)
            _menu_siap.clear()
        _menu_siap[kunci] = item
    return list(item)


_menu_siap = {}
