"""Sekber monitoring through the admin: every P3PD 1D model, scoped to the user's wilayah
(LingkupAdminMixin: Sekber sees only its province/kabupaten and may not change anything), with
wilayah and status filters, search, and CSV/XLSX export of the selected rows."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wilayah.access import lingkup_user
from wilayah.admin import LingkupFormMixin, LingkupModelAdmin

from .models import (
    STATUS_TERBUKA,
    AgendaMonev,
    AnggotaTim,
    KehadiranRapat,
    LampiranPelatihan,
    LaporanTriwulan,
    PekerjaanEkspor,
    Pelatihan,
    PesertaPelatihan,
    RapatKoordinasi,
    TimPengelola,
    TindakLanjutRapat,
)


class PelaporanAdmin(LingkupModelAdmin):
    """Base for every pelaporan admin: scoped, read-only for Sekber, wilayah filters, exports."""

    list_per_page = 50


class LingkupInlineMixin(LingkupFormMixin):
    """Inlines follow their parent: visible to whoever may view the parent (the parent page is
    already scoped), editable only by users who may change it."""

    def has_view_permission(self, request, obj=None):
        lingkup = lingkup_user(request.user)
        return request.user.is_superuser or (lingkup is not None and request.user.is_staff)

    def _boleh_ubah(self, request):
        lingkup = lingkup_user(request.user)
        return request.user.is_superuser or (lingkup is not None and not lingkup.baca_saja)

    def has_add_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_delete_permission(request, obj)


# --- team -------------------------------------------------------------------------------------


class AnggotaInline(LingkupInlineMixin, admin.TabularInline):
    model = AnggotaTim
    extra = 0


class TimAktifFilter(admin.SimpleListFilter):
    title = _("aktif hari ini")
    parameter_name = "aktif"

    def lookups(self, request, model_admin):
        return [("ya", _("Ya")), ("tidak", _("Tidak"))]

    def queryset(self, request, queryset):
        aktif = TimPengelola.objects.aktif_pada(timezone.localdate()).values("pk")
        if self.value() == "ya":
            return queryset.filter(pk__in=aktif)
        if self.value() == "tidak":
            return queryset.exclude(pk__in=aktif)
        return queryset


@admin.register(TimPengelola)
class TimPengelolaAdmin(PelaporanAdmin):
    list_display = [
        "kecamatan",
        "nomor_sk",
        "tanggal_sk",
        "berlaku_dari",
        "berlaku_sampai",
        "jumlah_anggota",
    ]
    list_filter = [TimAktifFilter]
    search_fields = ["nomor_sk", "kecamatan__nama", "kecamatan__kode", "anggota__nama"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kecamatan"]
    inlines = [AnggotaInline]
    date_hierarchy = "berlaku_dari"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_anggota=Count("anggota"))

    @admin.display(description=_("anggota"), ordering="n_anggota")
    def jumlah_anggota(self, obj):
        return obj.n_anggota


@admin.register(AnggotaTim)
class AnggotaTimAdmin(PelaporanAdmin):
    list_display = ["nama", "jabatan", "peran", "tim", "aktif_dari", "aktif_sampai"]
    list_filter = ["peran"]
    search_fields = ["nama", "jabatan", "tim__nomor_sk", "tim__kecamatan__nama"]
    list_select_related = ["tim"]
    raw_id_fields = ["tim"]


# --- trainings --------------------------------------------------------------------------------


class PesertaInline(LingkupInlineMixin, admin.TabularInline):
    model = PesertaPelatihan
    extra = 0
    raw_id_fields = ["desa"]


@admin.display(description=_("unduh"))
def tautan_unduh(obj):
    # Attachments are not public media: they are served only through the scoped view.
    if not obj.pk:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("pelaporan:lampiran_unduh", args=[obj.pk]), obj
    )


class LampiranInline(LingkupInlineMixin, admin.TabularInline):
    model = LampiranPelatihan
    extra = 0
    fields = ["berkas", "nama_asli", "keterangan", tautan_unduh]
    readonly_fields = [tautan_unduh]


@admin.register(Pelatihan)
class PelatihanAdmin(PelaporanAdmin):
    list_display = ["kecamatan", "modul", "tanggal_mulai", "tempat", "jumlah_peserta"]
    list_filter = ["modul"]
    search_fields = ["kecamatan__nama", "kecamatan__kode", "tempat", "penyelenggara"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kecamatan"]
    inlines = [PesertaInline, LampiranInline]
    date_hierarchy = "tanggal_mulai"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_peserta=Count("peserta"))

    @admin.display(description=_("peserta"), ordering="n_peserta")
    def jumlah_peserta(self, obj):
        return obj.n_peserta


@admin.register(PesertaPelatihan)
class PesertaPelatihanAdmin(PelaporanAdmin):
    list_display = ["nama", "peran", "jabatan", "desa", "pelatihan"]
    list_filter = ["peran", "pelatihan__modul"]
    search_fields = ["nama", "jabatan", "pelatihan__kecamatan__nama"]
    list_select_related = ["desa", "pelatihan"]
    raw_id_fields = ["pelatihan", "desa"]


@admin.register(LampiranPelatihan)
class LampiranPelatihanAdmin(PelaporanAdmin):
    list_display = ["nama_asli", "keterangan", "pelatihan", "diunggah_pada", tautan_unduh]
    ekspor_kolom = ["nama_asli", "keterangan", "pelatihan", "diunggah_pada"]
    search_fields = ["nama_asli", "keterangan", "pelatihan__kecamatan__nama"]
    list_select_related = ["pelatihan"]
    raw_id_fields = ["pelatihan"]


# --- coordination meetings --------------------------------------------------------------------


class KehadiranInline(LingkupInlineMixin, admin.TabularInline):
    model = KehadiranRapat
    extra = 0
    raw_id_fields = ["desa"]


class TindakLanjutInline(LingkupInlineMixin, admin.TabularInline):
    model = TindakLanjutRapat
    extra = 0


@admin.register(RapatKoordinasi)
class RapatKoordinasiAdmin(PelaporanAdmin):
    list_display = ["tanggal", "judul", "kecamatan", "jumlah_hadir", "tindak_lanjut_terbuka"]
    search_fields = ["judul", "agenda", "keputusan", "kecamatan__nama", "kecamatan__kode"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kecamatan"]
    inlines = [KehadiranInline, TindakLanjutInline]
    date_hierarchy = "tanggal"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_hadir=Count("kehadiran", distinct=True),
                n_terbuka=Count(
                    "tindak_lanjut",
                    filter=Q(tindak_lanjut__status__in=STATUS_TERBUKA),
                    distinct=True,
                ),
            )
        )

    @admin.display(description=_("hadir"), ordering="n_hadir")
    def jumlah_hadir(self, obj):
        return obj.n_hadir

    @admin.display(description=_("tindak lanjut terbuka"), ordering="n_terbuka")
    def tindak_lanjut_terbuka(self, obj):
        return obj.n_terbuka


@admin.register(KehadiranRapat)
class KehadiranRapatAdmin(PelaporanAdmin):
    list_display = ["nama", "jabatan", "desa", "rapat"]
    search_fields = ["nama", "jabatan", "rapat__judul", "rapat__kecamatan__nama"]
    list_select_related = ["desa", "rapat"]
    raw_id_fields = ["rapat", "desa"]


class TerlambatFilter(admin.SimpleListFilter):
    title = _("terlambat")
    parameter_name = "terlambat"

    def lookups(self, request, model_admin):
        return [("ya", _("Ya")), ("tidak", _("Tidak"))]

    def queryset(self, request, queryset):
        terlambat = TindakLanjutRapat.objects.terlambat_pada(timezone.localdate()).values("pk")
        if self.value() == "ya":
            return queryset.filter(pk__in=terlambat)
        if self.value() == "tidak":
            return queryset.exclude(pk__in=terlambat)
        return queryset


@admin.register(TindakLanjutRapat)
class TindakLanjutRapatAdmin(PelaporanAdmin):
    list_display = ["uraian", "penanggung_jawab", "tenggat", "status", "terlambat", "rapat"]
    list_filter = ["status", TerlambatFilter]
    search_fields = ["uraian", "penanggung_jawab", "rapat__judul", "rapat__kecamatan__nama"]
    list_select_related = ["rapat"]
    raw_id_fields = ["rapat"]
    date_hierarchy = "tenggat"

    @admin.display(description=_("terlambat"), boolean=True)
    def terlambat(self, obj):
        return obj.status in STATUS_TERBUKA and obj.tenggat < timezone.localdate()


# --- joint monitoring agenda ------------------------------------------------------------------


@admin.register(AgendaMonev)
class AgendaMonevAdmin(PelaporanAdmin):
    list_display = [
        "kegiatan",
        "kecamatan",
        "tanggal_rencana",
        "tanggal_pelaksanaan",
        "status",
        "pihak_sekber",
    ]
    list_filter = ["status"]
    search_fields = ["kegiatan", "pihak_sekber", "kecamatan__nama", "kecamatan__kode"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kecamatan"]
    date_hierarchy = "tanggal_rencana"


# --- reports and jobs ---------------------------------------------------------------------------


@admin.register(LaporanTriwulan)
class LaporanTriwulanAdmin(PelaporanAdmin):
    """Reports are written and signed on their page; here they are monitored, not edited."""

    list_display = [
        "kecamatan",
        "periode",
        "status",
        "nama_penandatangan",
        "ditandatangani_pada",
        "diperbarui",
    ]
    list_filter = ["status", "periode"]
    search_fields = ["kecamatan__nama", "kecamatan__kode", "narasi"]
    list_select_related = ["kecamatan"]
    readonly_fields = [
        "kecamatan",
        "periode",
        "narasi",
        "status",
        "nama_penandatangan",
        "ditandatangani_oleh",
        "ditandatangani_pada",
        "diubah_oleh",
    ]
    exclude = ["data_beku"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PekerjaanEkspor)
class PekerjaanEksporAdmin(PelaporanAdmin):
    list_display = [
        "dibuat",
        "jenis",
        "wilayah_kode",
        "periode",
        "format",
        "status",
        "selesai",
        "total",
        "dibuat_oleh",
    ]
    list_filter = ["status", "jenis", "format"]
    search_fields = ["wilayah_kode", "dibuat_oleh__username"]
    list_select_related = ["dibuat_oleh"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
