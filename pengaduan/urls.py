from django.urls import path

from . import views

app_name = "pengaduan"

urlpatterns = [
    # Public: no account needed.
    path("lapor/", views.lapor, name="lapor"),
    # Each kecamatan's own public links and printable poster (QR codes to them).
    path("lapor/<str:kode>/", views.lapor, name="lapor_kecamatan"),
    path("nilai/<str:kode>/", views.nilai, name="nilai_kecamatan"),
    path("poster/<str:kode>/", views.poster, name="poster"),
    path("lacak/", views.lacak, name="lacak"),
    path("lacak/<str:kode>/", views.lacak_detail, name="lacak_detail"),
    path("lacak/<str:kode>/foto/<int:pk>/", views.lacak_foto, name="lacak_foto"),
    path("nilai/", views.nilai, name="nilai"),
    path("publik/", views.publik_daftar, name="publik"),
    path("publik/<int:pk>/", views.publik_detail, name="publik_detail"),
    path("cari-desa/", views.cari_desa, name="cari_desa"),
    # Staff.
    path("", views.kotak_masuk, name="kotak_masuk"),
    path("kelola/<int:pk>/", views.detail, name="detail"),
    path("kelola/<int:pk>/verifikasi/", views.verifikasi, name="verifikasi"),
    path("kelola/<int:pk>/tolak/", views.tolak, name="tolak"),
    path("kelola/<int:pk>/disposisi/", views.disposisi, name="disposisi"),
    path("kelola/<int:pk>/tanggapi/", views.tanggapi, name="tanggapi"),
    path("kelola/<int:pk>/tutup/", views.tutup, name="tutup"),
    path("foto/<int:pk>/", views.foto_staf, name="foto"),
    path("statistik/", views.statistik, name="statistik"),
    path("statistik/ekspor.<str:format>", views.ekspor_data, name="ekspor"),
    path("desa/<str:kode>/", views.desa_penilaian, name="desa"),
]
