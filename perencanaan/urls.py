from django.urls import path

from . import views

app_name = "perencanaan"

urlpatterns = [
    path("", views.indeks, name="indeks"),
    path("templat.xlsx", views.templat_impor, name="templat"),
    path("impor/siskeudes/", views.impor_siskeudes, name="siskeudes"),
    path("desa/<str:kode>/", views.desa, name="desa"),
    path("kecamatan/<str:kode>/", views.rekap, name="rekap"),
    path("rencana/<int:pk>/", views.rencana_detail, name="rencana"),
    path("rencana/<int:pk>/ubah/", views.rencana_ubah, name="ubah"),
    path("rencana/<int:pk>/impor/", views.rencana_impor, name="impor"),
    path("rencana/<int:pk>/unduh.xlsx", views.rencana_unduh, name="unduh"),
    path("rencana/<int:pk>/ajukan/", views.rencana_ajukan, name="ajukan"),
    path("rencana/<int:pk>/tinjau/", views.rencana_tinjau, name="tinjau"),
    path("rencana/<int:pk>/surat.pdf", views.surat_tinjauan, name="surat"),
]
