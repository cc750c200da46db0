from django.urls import path

from . import views

app_name = "dasbor"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("kecamatan/<str:kode>/", views.kecamatan, name="kecamatan"),
    path("kecamatan/<str:kode>/upt/", views.upt, name="upt"),
    path("kecamatan/<str:kode>/indikator/<slug:indikator>/", views.indikator, name="indikator"),
    path("desa/<str:kode>/", views.desa, name="desa"),
    path("pantau/", views.pantau, name="pantau_nasional"),
    path("pantau/<str:kode>/", views.pantau, name="pantau"),
]
