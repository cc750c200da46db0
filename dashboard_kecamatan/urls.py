from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog, set_language

from . import views
from .auth import FormMasukAdmin, GantiSandiSelesaiView, GantiSandiView, MasukView

admin.site.site_header = _("Dashboard Kecamatan — Administrasi")
admin.site.site_title = _("Dashboard Kecamatan")
admin.site.index_title = _("Administrasi dan pemantauan")
# The admin's door is throttled like the site's (one counter per account and address).
admin.site.login_form = FormMasukAdmin

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("masuk/", MasukView.as_view(), name="login"),
    path("keluar/", LogoutView.as_view(), name="logout"),
    # Every account, staff or not, changes its own password here (the admin's page is for
    # staff only).
    path("akun/sandi/", GantiSandiView.as_view(), name="ganti_sandi"),
    path("akun/sandi/selesai/", GantiSandiSelesaiView.as_view(), name="ganti_sandi_selesai"),
    path("bahasa/", set_language, name="set_language"),
    # The scripts' messages (entry grid) in the page's language; the catalogue changes only
    # with a deploy, so a day's cache costs nothing. Pages ask for it with ?bahasa=<code>, so
    # a browser's cached copy of one language is never served for the other.
    path("jsi18n/", cache_page(86400)(JavaScriptCatalog.as_view()), name="jsi18n"),
    path("belum-ditugaskan/", views.tanpa_penugasan, name="tanpa_penugasan"),
    path("sehat/", views.sehat, name="sehat"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the static file.
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("wilayah/", include("wilayah.urls")),
    path("data/", include("layanan_dasar.urls")),
    path("dasbor/", include("layanan_dasar.dasbor.urls")),
    path("perencanaan/", include("perencanaan.urls")),
    path("pengaduan/", include("pengaduan.urls")),
    path("pelaporan/", include("pelaporan.urls")),
]
