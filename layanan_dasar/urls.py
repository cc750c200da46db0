from django.urls import path

from . import views, views_sumber

app_name = "layanan_dasar"

urlpatterns = [
    path("isian/", views.isian_pilih, name="isian_pilih"),
    path("isian/<str:kode>/<str:sektor>/<str:bulan>/", views.isian, name="isian"),
    path("isian/<str:kode>/<str:sektor>/<str:bulan>/alur/", views.alur, name="alur"),
    path("verifikasi/<str:kode>/", views.verifikasi_massal, name="verifikasi_massal"),
    path("templat/<str:kode>/<str:sektor>/<str:bulan>/", views.templat, name="templat"),
    path("impor/<str:kode>/<str:sektor>/", views.impor, name="impor"),
    path("ekspor/<str:kode>/<str:sektor>/", views.ekspor_nilai, name="ekspor"),
    path("audit/<str:kode>/", views.audit, name="audit"),
    path("eppgbm/<str:kode>/", views_sumber.impor_eppgbm_halaman, name="eppgbm"),
    path("skorkard/<str:kode>/", views_sumber.skorkard_halaman, name="skorkard"),
    path("skorkard/<str:kode>/templat/", views_sumber.skorkard_templat, name="skorkard_templat"),
    path("kelengkapan/", views.kelengkapan_pilih, name="kelengkapan_pilih"),
    path("kelengkapan/<str:kode>/", views.kelengkapan, name="kelengkapan"),
]
