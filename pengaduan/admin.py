"""Admin pages of the complaint desk: for monitoring and cleaning up, scoped like every page.

Complaints are read-only here: every change goes through the workflow (services), which records
who did what. The reporter's identity and the tracking code are not shown at all.
"""

from django.contrib import admin

from wilayah.admin import LingkupModelAdmin

from .models import Pengaduan, Penilaian, Riwayat, Tanggapan
from .selectors import pengaduan_untuk_staf

_IDENTITAS = ("nama_pelapor", "email_pelapor", "telepon_pelapor", "kode_lacak")


class _HanyaBaca:
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RiwayatInline(_HanyaBaca, admin.TabularInline):
    model = Riwayat
    fields = ["pada", "aksi", "dari", "ke", "unit_peran", "unit_kode", "pelaku", "oleh", "catatan"]
    readonly_fields = fields


class TanggapanInline(_HanyaBaca, admin.TabularInline):
    model = Tanggapan
    fields = ["pada", "pelaku", "publik", "unit_peran", "isi"]
    readonly_fields = fields


@admin.register(Pengaduan)
class PengaduanAdmin(LingkupModelAdmin):
    list_display = [
        "nomor",
        "diterima_pada",
        "sektor",
        "desa",
        "status",
        "unit_peran",
        "terlambat_verifikasi",
        "terlambat_tanggapan",
        "rahasia",
    ]
    list_filter = ["status", "sektor", "rahasia", "terlambat_verifikasi", "terlambat_tanggapan"]
    list_select_related = ["desa"]
    exclude = _IDENTITAS
    inlines = [RiwayatInline, TanggapanInline]
    date_hierarchy = "diterima_pada"
    show_full_result_count = False

    def get_queryset(self, request):
        # The same narrowing as the inbox: officers of a unit see their unit's complaints.
        return pengaduan_untuk_staf(request.user).select_related("desa")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in _IDENTITAS]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Penilaian)
class PenilaianAdmin(LingkupModelAdmin):
    list_display = ["dibuat", "desa", "sektor", "nilai"]
    list_filter = ["sektor", "nilai"]
    list_select_related = ["desa"]
    readonly_fields = ["desa", "sektor", "nilai", "komentar", "dibuat"]
    show_full_result_count = False

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
