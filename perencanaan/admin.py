"""Admin: the reference data is edited here (code names, holidays, yearly rules, sector and
code ↔ indicator mappings);
plans are shown read-only, scoped, because their changes must go through the review workflow."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard_kecamatan.umum.tampilan import kolom_tahun
from wilayah.access import lingkup_user
from wilayah.admin import LingkupModelAdmin
from wilayah.models import HariLibur

from . import services
from .models import (
    AturanDanaDesa,
    BarisKegiatan,
    CatatanRevisi,
    KodeKegiatan,
    PemetaanKodeIndikator,
    PemetaanSektorKode,
    Rencana,
    RiwayatRencana,
)


class ReferensiAdminMixin:
    """National reference data: every staff user with an assignment may look (Sekber monitors
    included); changing needs the model permission and is never allowed to read-only roles."""

    def _staf(self, request):
        return request.user.is_superuser or (
            request.user.is_staff and lingkup_user(request.user) is not None
        )

    def _baca_saja(self, request):
        lingkup = lingkup_user(request.user)
        return not request.user.is_superuser and (lingkup is None or lingkup.baca_saja)

    def has_module_permission(self, request):
        return self._staf(request)

    def has_view_permission(self, request, obj=None):
        return self._staf(request)

    def has_add_permission(self, request):
        return not self._baca_saja(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not self._baca_saja(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._baca_saja(request) and super().has_delete_permission(request, obj)


@admin.register(KodeKegiatan)
class KodeKegiatanAdmin(ReferensiAdminMixin, admin.ModelAdmin):
    list_display = ["kode", "tingkat", "nama", "aktif"]
    list_filter = ["tingkat", "aktif"]
    search_fields = ["kode", "nama"]
    list_per_page = 250

    def get_readonly_fields(self, request, obj=None):
        # The code is the key lines point at: rename freely, never re-key.
        return ["kode", "tingkat", "induk"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False  # retire with aktif=False; plan lines may use the code


@admin.register(HariLibur)
class HariLiburAdmin(ReferensiAdminMixin, admin.ModelAdmin):
    list_display = ["tanggal", "nama", "jenis", "perlu_verifikasi"]
    list_filter = ["jenis", "perlu_verifikasi"]
    search_fields = ["nama"]
    date_hierarchy = "tanggal"


@admin.register(PemetaanSektorKode)
class PemetaanSektorKodeAdmin(ReferensiAdminMixin, admin.ModelAdmin):
    list_display = ["sektor", "awalan_kode", "keterangan"]
    list_filter = ["sektor"]


@admin.register(PemetaanKodeIndikator)
class PemetaanKodeIndikatorAdmin(ReferensiAdminMixin, admin.ModelAdmin):
    list_display = ["awalan_kode", "indikator", "perlu_verifikasi", "keterangan"]
    list_filter = ["perlu_verifikasi", "indikator__sektor", "indikator__kelompok"]
    search_fields = ["awalan_kode", "indikator__kode", "indikator__nama", "keterangan"]
    list_select_related = ["indikator"]
    list_per_page = 250


@admin.register(AturanDanaDesa)
class AturanDanaDesaAdmin(ReferensiAdminMixin, admin.ModelAdmin):
    list_display = [
        kolom_tahun(judul=gettext_lazy("tahun")),
        "nama",
        "sumber_dana",
        "awalan_kode",
        "pembanding",
        "batas_persen",
        "perlu_verifikasi",
        "disalin_dari",
        "aktif",
    ]
    list_filter = ["tahun", "aktif", "perlu_verifikasi"]
    search_fields = ["nama", "kode"]
    actions = ["salin_ke_tahun_berikutnya"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_add_permission(request):
            actions.pop("salin_ke_tahun_berikutnya", None)
        return actions

    @admin.action(
        description=gettext_lazy(
            "Salin aturan tahun terpilih ke tahun berikutnya (belum diverifikasi)"
        )
    )
    def salin_ke_tahun_berikutnya(self, request, queryset):
        # The whole year is carried, not only the ticked rows: a year's rules are one set.
        for tahun in sorted(set(queryset.values_list("tahun", flat=True))):
            n = services.aturan_dana_desa_salin(dari_tahun=tahun)
            if n:
                self.message_user(
                    request,
                    _(
                        "%(n)d aturan tahun %(a)d disalin ke tahun %(b)d, ditandai belum "
                        "diverifikasi. Periksa terhadap peraturan tahun %(b)d."
                    )
                    % {"n": n, "a": tahun, "b": tahun + 1},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("Tahun %(b)d sudah memiliki semua aturan tahun %(a)d; tidak ada disalin.")
                    % {"a": tahun, "b": tahun + 1},
                    messages.WARNING,
                )


class BarisInline(admin.TabularInline):
    model = BarisKegiatan
    extra = 0
    can_delete = False
    fields = [
        "urutan",
        "kode_kegiatan",
        "nama",
        "lokasi",
        "volume",
        "satuan",
        "anggaran",
        "sumber_dana",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RiwayatInline(admin.TabularInline):
    model = RiwayatRencana
    extra = 0
    can_delete = False
    fields = ["pada", "aksi", "dari", "ke", "oleh", "putaran", "tenggat", "catatan"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rencana)
class RencanaAdmin(LingkupModelAdmin):
    list_display = [
        "desa",
        kolom_tahun(judul=gettext_lazy("tahun")),
        "jenis",
        "status",
        "putaran",
        "tenggat",
        "tenggat_pihak",
    ]
    list_filter = ["tahun", "jenis", "status"]
    search_fields = ["desa__nama", "desa__kode"]
    list_select_related = ["desa"]
    readonly_fields = [
        "desa",
        "tahun",
        "jenis",
        "status",
        "putaran",
        "diterima_pada",
        "tenggat",
        "tenggat_pihak",
        "diputuskan_pada",
        "dibuat_oleh",
    ]
    inlines = [BarisInline, RiwayatInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # plans are created by the village operator on the site


@admin.register(CatatanRevisi)
class CatatanRevisiAdmin(LingkupModelAdmin):
    list_display = ["riwayat", "kode_kegiatan", "nama_kegiatan", "teks"]
    readonly_fields = ["riwayat", "baris", "kode_kegiatan", "nama_kegiatan", "teks"]
    list_select_related = ["riwayat"]

    def has_add_permission(self, request):
        return False
