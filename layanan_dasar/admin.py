"""Admin of the layanan_dasar app. The catalogue (elements, indicators, targets, legal basis) is
edited here; values, submissions and the audit trail are shown read-only and scoped, because
they change only through the entry grid and imports, which check locks and write the audit."""

from django.contrib import admin

from wilayah.access import lingkup_user
from wilayah.admin import EksporAdminMixin, LingkupAdminMixin

from .models import (
    AuditNilai,
    DataContoh,
    DataElemen,
    Indikator,
    NilaiData,
    Pengajuan,
    RiwayatImpor,
    RiwayatPengajuan,
)


class KatalogAdminMixin:
    """The catalogue is national: every staff user with an assignment may read it; changing it
    needs the model permission and a non-read-only role (Sekber monitors only look)."""

    def _lingkup(self, request):
        return lingkup_user(request.user) if request.user.is_staff else None

    def has_module_permission(self, request):
        return request.user.is_superuser or self._lingkup(request) is not None

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or self._lingkup(request) is not None

    def _boleh_ubah(self, request):
        lingkup = self._lingkup(request)
        return request.user.is_superuser or (lingkup is not None and not lingkup.baca_saja)

    def has_add_permission(self, request):
        return self._boleh_ubah(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_delete_permission(request, obj)


class HanyaBacaMixin:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataElemen)
class DataElemenAdmin(KatalogAdminMixin, admin.ModelAdmin):
    list_display = ["kode", "nama", "sektor", "satuan", "agregasi_waktu", "tahunan", "aktif"]
    list_filter = ["sektor", "agregasi_waktu", "tahunan", "aktif"]
    search_fields = ["kode", "nama"]
    list_editable = []
    ordering = ["sektor", "urutan", "kode"]


@admin.register(Indikator)
class IndikatorAdmin(KatalogAdminMixin, admin.ModelAdmin):
    list_display = ["kode", "nama", "sektor", "kelompok", "target", "arah", "aktif"]
    list_filter = ["sektor", "kelompok", "arah", "aktif"]
    search_fields = ["kode", "nama", "dasar_hukum"]
    autocomplete_fields = ["pembilang", "penyebut"]
    list_select_related = ["pembilang", "penyebut"]


@admin.register(NilaiData)
class NilaiDataAdmin(EksporAdminMixin, HanyaBacaMixin, LingkupAdminMixin, admin.ModelAdmin):
    list_display = ["desa", "elemen", "bulan", "nilai", "diubah_oleh", "diubah_pada", "contoh"]
    list_filter = ["elemen__sektor", "contoh"]
    search_fields = ["desa__kode", "desa__nama", "elemen__kode"]
    date_hierarchy = "bulan"
    list_select_related = ["desa", "elemen", "diubah_oleh"]
    show_full_result_count = False  # millions of rows nationally


class RiwayatPengajuanInline(admin.TabularInline):
    model = RiwayatPengajuan
    extra = 0
    can_delete = False
    readonly_fields = ["dari", "ke", "oleh", "pada", "catatan"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Pengajuan)
class PengajuanAdmin(EksporAdminMixin, HanyaBacaMixin, LingkupAdminMixin, admin.ModelAdmin):
    list_display = [
        "kecamatan",
        "sektor",
        "bulan",
        "status",
        "desa_lapor",
        "desa_diharapkan",
        "diajukan_pada",
    ]
    list_filter = ["status", "sektor"]
    search_fields = ["kecamatan__kode", "kecamatan__nama"]
    date_hierarchy = "bulan"
    list_select_related = ["kecamatan"]
    inlines = [RiwayatPengajuanInline]
    show_full_result_count = False


@admin.register(AuditNilai)
class AuditNilaiAdmin(EksporAdminMixin, HanyaBacaMixin, LingkupAdminMixin, admin.ModelAdmin):
    list_display = [
        "pada",
        "desa",
        "elemen",
        "bulan",
        "nilai_lama",
        "nilai_baru",
        "oleh",
        "sumber",
        "pencilan",
    ]
    list_filter = ["sumber", "pencilan", "elemen__sektor"]
    search_fields = ["desa__kode", "desa__nama", "elemen__kode", "oleh__username"]
    list_select_related = ["desa", "elemen", "oleh"]
    show_full_result_count = False


@admin.register(DataContoh)
class DataContohAdmin(HanyaBacaMixin, LingkupAdminMixin, admin.ModelAdmin):
    list_display = [
        "wilayah_kode",
        "bulan_awal",
        "bulan_akhir",
        "seed",
        "jumlah_nilai",
        "dibuat_pada",
    ]


@admin.register(RiwayatImpor)
class RiwayatImporAdmin(HanyaBacaMixin, LingkupAdminMixin, admin.ModelAdmin):
    """Accepted imports of other systems' exports (Siskeudes, e-PPGBM, scorecard): read-only,
    written only by the importers."""

    list_display = [
        "pada",
        "sumber",
        "wilayah_kode",
        "nama_berkas",
        "periode",
        "jumlah_baris",
        "oleh",
    ]
    list_filter = ["sumber"]
    search_fields = ["nama_berkas", "wilayah_kode", "sha256", "oleh__username"]
    list_select_related = ["oleh"]
    readonly_fields = ["desa"]


# Admin of the aggregate tables (another module) is imported below.
from .agregasi import admin as _admin_agregasi  # noqa: E402,F401
