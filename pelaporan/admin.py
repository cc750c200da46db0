"""Sekber monitoring through the admin: every P3PD 1D model, scoped to the user's wilayah
(LingkupAdminMixin: Sekber sees only its province/kabupaten and may not change anything), with
wilayah and status filters, search, and CSV/XLSX export of the selected rows."""

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dashboard_kecamatan import ekspor
from wilayah.access import lingkup_user
from wilayah.admin import LingkupAdminMixin
from wilayah.models import Kabupaten, Kecamatan, Provinsi

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

# --- wilayah filters --------------------------------------------------------------------------


class _FilterWilayah(admin.SimpleListFilter):
    """Filter rows by a wilayah node below the user's scope. `kode_field` is the model's
    wilayah_kode_field; the choices are the nodes of one level inside the user's scope (and, for
    a nasional user, inside the province chosen in the province filter)."""

    model_wilayah = None
    induk_param = None  # the parameter of the filter one level up, if any

    def _lingkup_kode(self, request):
        lingkup = lingkup_user(request.user)
        return lingkup.kode if lingkup is not None else None

    def lookups(self, request, model_admin):
        kode = self._lingkup_kode(request)
        if kode is None:
            return []
        qs = self.model_wilayah.objects.aktif().filter(
            Q(kode=kode) | Q(kode__startswith=kode + ".") if kode else Q()
        )
        induk = request.GET.get(self.induk_param) if self.induk_param else None
        if induk:
            qs = qs.filter(kode__startswith=induk + ".")
        elif not self.tampil_tanpa_induk(kode):
            return []
        return list(qs.order_by("kode").values_list("kode", "nama"))

    def tampil_tanpa_induk(self, kode_lingkup):
        return True

    def queryset(self, request, queryset):
        nilai = self.value()
        if not nilai:
            return queryset
        field = queryset.model.wilayah_kode_field
        return queryset.filter(Q(**{field: nilai}) | Q(**{f"{field}__startswith": nilai + "."}))


class FilterProvinsi(_FilterWilayah):
    title = _("provinsi")
    parameter_name = "wil_prov"
    model_wilayah = Provinsi

    def tampil_tanpa_induk(self, kode_lingkup):
        return kode_lingkup == ""  # only a nasional user has provinces to choose from


class FilterKabupaten(_FilterWilayah):
    title = _("kabupaten/kota")
    parameter_name = "wil_kab"
    model_wilayah = Kabupaten
    induk_param = "wil_prov"

    def tampil_tanpa_induk(self, kode_lingkup):
        return kode_lingkup.count(".") == 0 and kode_lingkup != ""  # a province user


class FilterKecamatan(_FilterWilayah):
    title = _("kecamatan")
    parameter_name = "wil_kec"
    model_wilayah = Kecamatan
    induk_param = "wil_kab"

    def tampil_tanpa_induk(self, kode_lingkup):
        return kode_lingkup.count(".") == 1  # a kabupaten user


FILTER_WILAYAH = [FilterProvinsi, FilterKabupaten, FilterKecamatan]


# --- export actions ---------------------------------------------------------------------------


def _baris_ekspor(modeladmin, queryset):
    kolom = [k for k in modeladmin.get_ekspor_kolom() if k != "action_checkbox"]
    kepala = [str(label_for_field(k, modeladmin.model, modeladmin)) for k in kolom]
    baris = []
    for obj in queryset:
        isi = []
        for k in kolom:
            f, _attr, nilai = lookup_field(k, obj, modeladmin)
            if f is not None and getattr(f, "flatchoices", None):
                nilai = dict(f.flatchoices).get(nilai, nilai)
            elif hasattr(nilai, "_meta"):
                nilai = str(nilai)
            isi.append(nilai)
        baris.append(isi)
    return kepala, baris


def _nama_berkas(modeladmin):
    return f"{modeladmin.model._meta.model_name}-{timezone.localdate():%Y%m%d}"


@admin.action(description=_("Ekspor baris terpilih ke CSV"), permissions=["view"])
def ekspor_csv(modeladmin, request, queryset):
    kepala, baris = _baris_ekspor(modeladmin, queryset)
    return ekspor.respons_berkas(ekspor.tabel_csv(kepala, baris), _nama_berkas(modeladmin), "csv")


@admin.action(description=_("Ekspor baris terpilih ke XLSX"), permissions=["view"])
def ekspor_xlsx(modeladmin, request, queryset):
    kepala, baris = _baris_ekspor(modeladmin, queryset)
    judul = str(modeladmin.model._meta.verbose_name_plural)
    isi = ekspor.tabel_xlsx(judul, kepala, baris)
    return ekspor.respons_berkas(isi, _nama_berkas(modeladmin), "xlsx")


class PelaporanAdmin(LingkupAdminMixin, admin.ModelAdmin):
    """Base for every pelaporan admin: scoped, read-only for Sekber, exportable."""

    actions = [ekspor_csv, ekspor_xlsx]
    ekspor_kolom = None
    list_per_page = 50

    def get_ekspor_kolom(self):
        return self.ekspor_kolom or self.list_display

    def get_list_filter(self, request):
        return [*FILTER_WILAYAH, *super().get_list_filter(request)]


class LingkupInlineMixin:
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
