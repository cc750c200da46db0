from django.urls import path, register_converter

from . import views

app_name = "pelaporan"


class TriwulanConverter:
    regex = r"\d{4}-[1-4]"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return getattr(value, "teks", value)


register_converter(TriwulanConverter, "tw")

urlpatterns = [
    path("", views.indeks, name="indeks"),
    path("kecamatan/<str:kode>/", views.kecamatan_ringkasan, name="kecamatan"),
    # dashboard team
    path("kecamatan/<str:kode>/tim/", views.tim_daftar, name="tim_daftar"),
    path("kecamatan/<str:kode>/tim/baru/", views.tim_baru, name="tim_baru"),
    path("tim/<int:pk>/", views.tim_detail, name="tim_detail"),
    path("tim/<int:pk>/ubah/", views.tim_ubah, name="tim_ubah"),
    # trainings
    path("kecamatan/<str:kode>/pelatihan/", views.pelatihan_daftar, name="pelatihan_daftar"),
    path("kecamatan/<str:kode>/pelatihan/baru/", views.pelatihan_baru, name="pelatihan_baru"),
    path("pelatihan/<int:pk>/", views.pelatihan_detail, name="pelatihan_detail"),
    path("pelatihan/<int:pk>/ubah/", views.pelatihan_ubah, name="pelatihan_ubah"),
    path("lampiran/<int:pk>/", views.lampiran_unduh, name="lampiran_unduh"),
    # coordination meetings
    path("kecamatan/<str:kode>/rapat/", views.rapat_daftar, name="rapat_daftar"),
    path("kecamatan/<str:kode>/rapat/baru/", views.rapat_baru, name="rapat_baru"),
    path("rapat/<int:pk>/", views.rapat_detail, name="rapat_detail"),
    path("rapat/<int:pk>/ubah/", views.rapat_ubah, name="rapat_ubah"),
    path("kecamatan/<str:kode>/tindak-lanjut/", views.tindak_lanjut_daftar, name="tindak_lanjut"),
    # joint monitoring agenda with Sekber
    path("kecamatan/<str:kode>/monev/", views.monev_daftar, name="monev_daftar"),
    path("kecamatan/<str:kode>/monev/baru/", views.monev_baru, name="monev_baru"),
    path("monev/<int:pk>/ubah/", views.monev_ubah, name="monev_ubah"),
    # quarterly report
    path("kecamatan/<str:kode>/laporan/", views.laporan_daftar, name="laporan_daftar"),
    path("kecamatan/<str:kode>/laporan/<tw:tw>/", views.laporan_detail, name="laporan_detail"),
    path(
        "kecamatan/<str:kode>/laporan/<tw:tw>/narasi/",
        views.laporan_narasi,
        name="laporan_narasi",
    ),
    path(
        "kecamatan/<str:kode>/laporan/<tw:tw>/tandatangani/",
        views.laporan_tandatangani,
        name="laporan_tandatangani",
    ),
    path(
        "kecamatan/<str:kode>/laporan/<tw:tw>.<str:format>",
        views.laporan_unduh,
        name="laporan_unduh",
    ),
    # desa profile
    path("desa/<str:kode>/profil/", views.profil_desa, name="profil_desa"),
    path("kecamatan/<str:kode>/profil-desa/", views.profil_kecamatan, name="profil_kecamatan"),
    # which villages are sending
    path("aktivitas-desa/", views.aktivitas_indeks, name="aktivitas_indeks"),
    path(
        "kecamatan/<str:kode>/aktivitas-desa/", views.aktivitas_desa_halaman, name="aktivitas_desa"
    ),
    # Sekber monitoring and export jobs
    path("monitoring/", views.monitoring, name="monitoring"),
    path("ekspor/", views.pekerjaan_daftar, name="pekerjaan_daftar"),
    path("ekspor/baru/", views.pekerjaan_baru, name="pekerjaan_baru"),
    path("ekspor/<int:pk>/", views.pekerjaan_detail, name="pekerjaan_detail"),
    path("ekspor/<int:pk>/status/", views.pekerjaan_status, name="pekerjaan_status"),
    path("ekspor/<int:pk>/unduh/", views.pekerjaan_unduh, name="pekerjaan_unduh"),
    path("ekspor/<int:pk>/ulang/", views.pekerjaan_ulang, name="pekerjaan_ulang"),
]
