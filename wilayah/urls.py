from django.urls import path

from . import views

app_name = "wilayah"

urlpatterns = [
    path("", views.jelajah, name="jelajah_nasional"),
    path("jelajah/<str:kode>/", views.jelajah, name="jelajah"),
    path("kecamatan/<str:kode>/", views.kecamatan_profil, name="kecamatan"),
    path("desa/<str:kode>/", views.desa_detail, name="desa"),
]
