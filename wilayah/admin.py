"""Admin pages, scoped like every other page: a Sekber user sees only its wilayah, read-only."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .access import lingkup_user, saring
from .batas import BatasTidakValid, batas_baca, batas_desa_unggah
from .models import BatasDesa, Desa, Kabupaten, Kecamatan, Penugasan, Provinsi


class LingkupAdminMixin:
    """Mix into every ModelAdmin of a wilayah-bound model.

    Lists and object pages show only rows inside the user's scope (outsiders' URLs give 404);
    Sekber monitors may look but never add, change or delete.
    """

    def get_queryset(self, request):
        return saring(super().get_queryset(request), request.user)

    def _punya_lingkup(self, request):
        return lingkup_user(request.user) is not None and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_superuser or self._punya_lingkup(request)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if not self._punya_lingkup(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _boleh_ubah(self, request):
        lingkup = lingkup_user(request.user)
        return request.user.is_superuser or (
            lingkup is not None and not lingkup.baca_saja and request.user.is_staff
        )

    def has_add_permission(self, request, *args):
        return self._boleh_ubah(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._boleh_ubah(request) and super().has_delete_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Outside the scope and not existing look the same, so an outsider learns nothing.
            raise Http404
        return obj


class WilayahAdmin(LingkupAdminMixin, admin.ModelAdmin):
    search_fields = ["kode", "nama"]
    list_display = ["kode", "nama", "aktif"]
    list_filter = ["aktif"]
    list_per_page = 100
    show_full_result_count = False  # a COUNT(*) over 83k villages on every page is wasted work

    def has_delete_permission(self, request, obj=None):
        return False  # codes are retired (aktif=False) by the loader, never deleted


@admin.register(Provinsi)
class ProvinsiAdmin(WilayahAdmin):
    pass


@admin.register(Kabupaten)
class KabupatenAdmin(WilayahAdmin):
    list_display = ["kode", "nama", "jenis", "provinsi", "aktif"]
    list_filter = ["aktif", "jenis", "provinsi"]
    list_select_related = ["provinsi"]


@admin.register(Kecamatan)
class KecamatanAdmin(WilayahAdmin):
    list_display = ["kode", "nama", "kabupaten", "aktif"]
    list_select_related = ["kabupaten"]
    autocomplete_fields = ["kabupaten"]


@admin.register(Desa)
class DesaAdmin(WilayahAdmin):
    list_display = ["kode", "nama", "jenis", "kecamatan", "aktif"]
    list_filter = ["aktif", "jenis"]
    list_select_related = ["kecamatan"]
    autocomplete_fields = ["kecamatan"]


@admin.register(Penugasan)
class PenugasanAdmin(LingkupAdminMixin, admin.ModelAdmin):
    list_display = ["user", "peran", "wilayah_kode", "sektor"]
    list_filter = ["peran", "sektor"]
    search_fields = ["user__username", "wilayah_kode"]
    autocomplete_fields = ["user"]


class PenugasanInline(admin.StackedInline):
    model = Penugasan
    can_delete = False
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PenggunaAdmin(LingkupAdminMixin, UserAdmin):
    inlines = [PenugasanInline]
    list_display = ["username", "first_name", "last_name", "is_active", "penugasan"]
    list_select_related = ["penugasan"]


# Users are wilayah-bound through their assignment: a Sekber kabupaten sees its own staff only.
User.wilayah_kode_field = "penugasan__wilayah_kode"


class BatasDesaForm(forms.ModelForm):
    berkas = forms.FileField(
        label=_("Berkas GeoJSON"),
        help_text=_(
            "FeatureCollection berisi poligon desa kabupaten/kota ini; setiap fitur memuat kode "
            "desa Kemendagri (dengan atau tanpa titik). Yang disimpan salinan yang disederhanakan."
        ),
    )

    class Meta:
        model = BatasDesa
        fields = ["kabupaten", "properti_kode"]

    def clean(self):
        data = super().clean()
        berkas, kabupaten = data.get("berkas"), data.get("kabupaten")
        if berkas and kabupaten:
            isi = berkas.read()
            try:
                # Validated here so every problem shows on the form; saved by the service.
                batas_baca(isi, kabupaten_kode=kabupaten.kode, properti_kode=data["properti_kode"])
            except BatasTidakValid as exc:
                for pesan in exc.kesalahan:
                    self.add_error("berkas", pesan)
            self._isi = isi
        return data


@admin.register(BatasDesa)
class BatasDesaAdmin(LingkupAdminMixin, admin.ModelAdmin):
    form = BatasDesaForm
    list_display = ["kabupaten", "jumlah_desa", "jumlah_titik", "diunggah_pada", "diunggah_oleh"]
    list_select_related = ["kabupaten", "diunggah_oleh"]
    search_fields = ["kabupaten__kode", "kabupaten__nama"]
    autocomplete_fields = ["kabupaten"]
    readonly_fields = [
        "nama_berkas",
        "jumlah_desa",
        "jumlah_titik",
        "diunggah_pada",
        "diunggah_oleh",
    ]

    def get_queryset(self, request):
        # The shapes are large; lists and forms never need them.
        return super().get_queryset(request).defer("bentuk")

    def get_fields(self, request, obj=None):
        fields = ["kabupaten", "properti_kode"]
        if self.has_change_permission(request, obj):
            fields.append("berkas")
        return fields + (self.readonly_fields if obj else [])

    def save_model(self, request, obj, form, change):
        berkas = form.cleaned_data["berkas"]
        hasil = batas_desa_unggah(
            kabupaten=form.cleaned_data["kabupaten"],
            data=form._isi,
            properti_kode=form.cleaned_data["properti_kode"],
            nama_berkas=getattr(berkas, "name", ""),
            oleh=request.user,
        )
        obj.pk = hasil.pk
        form.instance = hasil
