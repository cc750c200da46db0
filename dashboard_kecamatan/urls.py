from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .auth import FormMasukAdmin, MasukView

admin.site.site_header = "Dashboard Kecamatan — Administrasi"
admin.site.site_title = "Dashboard Kecamatan"
admin.site.index_title = "Administrasi dan pemantauan"
# The admin's door is throttled like the site's (one counter per account and address).
admin.site.login_form = FormMasukAdmin

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("masuk/", MasukView.as_view(), name="login"),
    path("keluar/", LogoutView.as_view(), name="logout"),
    path("bahasa/", set_language, name="set_language"),
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
