"""Admin pages, scoped like every other page: a Sekber user sees only its wilayah, read-only."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard_kecamatan.umum import ekspor

from .access import alasan_tolak_penugasan, boleh_kelola_pengguna, lingkup_user, saring
from .batas import BatasTidakValid, batas_baca, batas_desa_unggah
from .models import (
    BatasDesa,
    Desa,
    Kabupaten,
    Kecamatan,
    KodeEksternal,
    Penugasan,
    Provinsi,
)


def _nilai_jalur(obj, jalur):
    """Follow a lookup path ("tim__kecamatan__kode") on an instance, unsaved values included;
    None where a link is missing."""
    for bagian in jalur.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, bagian)
        except ObjectDoesNotExist:
            return None
    return obj


def alasan_tolak_tulis(user, obj):
    """Why `user` may not write `obj` with the values it now holds (a message), or None.

    Admin forms offer only in-scope choices, but a value is checked where it lands: the row's
    wilayah and sector must lie inside the editor's scope, an assignment must not grant more
    than the editor holds, and only a superuser makes a superuser.
    """
    if user.is_superuser:
        return None
    lingkup = lingkup_user(user)
    if lingkup is None or lingkup.baca_saja:
        return _("Anda tidak berwenang mengubah data ini.")
    if isinstance(obj, get_user_model()) and obj.is_superuser:
        return _("Hanya superuser yang dapat menjadikan pengguna superuser.")
    if isinstance(obj, Penugasan):
        return alasan_tolak_penugasan(
            user, peran=obj.peran, wilayah_kode=obj.wilayah_kode, sektor=obj.sektor
        )
    model = type(obj)
    kode_field = getattr(model, "wilayah_kode_field", None)
    kode = _nilai_jalur(obj, kode_field) if kode_field else None
    if kode is not None and not lingkup.mencakup_kode(str(kode)):
        return _("Wilayah di luar kewenangan Anda.")
    sektor_field = getattr(model, "sektor_field", None)
    sektor = _nilai_jalur(obj, sektor_field) if sektor_field else None
    if sektor is not None and not lingkup.mencakup_sektor(sektor):
        return _("Sektor di luar kewenangan Anda.")
    if getattr(model, "semua_sektor", False) and lingkup.sektor is not None:
        return _("Data ini mencakup semua sektor, di luar kewenangan Anda.")
    return None


def _form_terlingkup(form_class, user):
    """The admin's form class, refusing values outside the editor's scope (on the form, so
    nothing is saved and the editor sees why)."""

    class FormTerlingkup(form_class):
        def _post_clean(self):
            super()._post_clean()
            pesan = alasan_tolak_tulis(user, self.instance)
            if pesan:
                self.add_error(None, pesan)

    FormTerlingkup.__name__ = form_class.__name__
    return FormTerlingkup


def _pilihan_terlingkup(db_field, request, kwargs):
    """Foreign-key choices (selects, autocompletes, raw ids) limited to what the editor may
    write: a kecamatan of their own, a desa inside it, a user they may manage."""
    if request.user.is_superuser:
        return kwargs
    model = db_field.remote_field.model
    if model is get_user_model():
        lingkup = lingkup_user(request.user)
        qs = model._default_manager.filter(is_superuser=False)
        kwargs["queryset"] = qs.filter(
            (lingkup.q_kode("penugasan__wilayah_kode") if lingkup else Q(pk__in=[]))
            | Q(penugasan__isnull=True)
        )
    elif getattr(model, "wilayah_kode_field", None):
        kwargs["queryset"] = saring(model._default_manager.all(), request.user, ubah=True)
    return kwargs


class LingkupFormMixin:
    """Scoped writes for a ModelAdmin or an inline: in-scope choices, values checked."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(
            db_field, request, **_pilihan_terlingkup(db_field, request, kwargs)
        )
        widget = getattr(field, "widget", None)
        if isinstance(widget, ForeignKeyRawIdWidget) and not request.user.is_superuser:
            # The raw-id box prints the name of whatever id was typed; it looks the id up in the
            # field's scoped choices, so a foreign id shows nothing (found by the matrix).
            pilihan = field.queryset
            asli = widget.label_and_url_for_value

            def label_terlingkup(value, asli=asli, pilihan=pilihan):
                try:
                    ada = pilihan.filter(pk=value).exists()
                except (ValueError, TypeError, ValidationError):
                    ada = False
                return asli(value) if ada else ("", "")

            widget.label_and_url_for_value = label_terlingkup
        return field

    def get_form(self, request, obj=None, **kwargs):
        return _form_terlingkup(super().get_form(request, obj, **kwargs), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _form_terlingkup(formset.form, request.user)
        return formset


class LingkupAdminMixin(LingkupFormMixin):
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


def _kolom_ekspor(modeladmin):
    kolom = [k for k in modeladmin.get_ekspor_kolom() if k != "action_checkbox"]
    kepala = [str(label_for_field(k, modeladmin.model, modeladmin)) for k in kolom]
    return kolom, kepala


def _baris_ekspor(modeladmin, queryset, kolom):
    """The rows, read in chunks (iterator) so a national list of 83,762 villages or millions of
    values streams instead of loading whole; a choice shows its label, a related row its name."""
    pilihan = {}
    for obj in queryset.iterator(chunk_size=2000):
        isi = []
        for k in kolom:
            f, _attr, nilai = lookup_field(k, obj, modeladmin)
            if f is not None and getattr(f, "flatchoices", None):
                if k not in pilihan:
                    pilihan[k] = dict(f.flatchoices)
                nilai = pilihan[k].get(nilai, nilai)
            elif hasattr(nilai, "_meta"):
                nilai = str(nilai)
            isi.append(nilai)
        yield isi


def _nama_berkas(modeladmin):
    return f"{modeladmin.model._meta.model_name}-{timezone.localdate():%Y%m%d}"


@admin.action(description=_("Ekspor baris terpilih ke CSV"), permissions=["view"])
def ekspor_csv(modeladmin, request, queryset):
    kolom, kepala = _kolom_ekspor(modeladmin)
    baris = _baris_ekspor(modeladmin, queryset, kolom)
    return ekspor.respons_csv_stream(_nama_berkas(modeladmin), kepala, baris)


@admin.action(description=_("Ekspor baris terpilih ke XLSX"), permissions=["view"])
def ekspor_xlsx(modeladmin, request, queryset):
    kolom, kepala = _kolom_ekspor(modeladmin)
    baris = _baris_ekspor(modeladmin, queryset, kolom)
    judul = str(modeladmin.model._meta.verbose_name_plural)
    isi = ekspor.tabel_xlsx_besar(judul, kepala, baris)
    return ekspor.respons_berkas(isi, _nama_berkas(modeladmin), "xlsx")


class EksporAdminMixin:
    """CSV/XLSX export of the selected rows (or all, with "select all"), in the user's scope
    since the queryset is the scoped changelist's. `ekspor_kolom` (default: list_display) names
    the exported columns; keep identities out."""

    ekspor_kolom = None

    def get_ekspor_kolom(self):
        return self.ekspor_kolom or self.list_display

    def get_actions(self, request):
        aksi = super().get_actions(request)
        for fungsi in (ekspor_csv, ekspor_xlsx):
            if self.has_view_permission(request):
                aksi[fungsi.__name__] = (fungsi, fungsi.__name__, fungsi.short_description)
        return aksi


class LingkupModelAdmin(EksporAdminMixin, LingkupAdminMixin, admin.ModelAdmin):
    """The base of every admin of a wilayah-bound model: scoped, read-only for Sekber, with
    filters by provinsi/kabupaten/kecamatan and CSV/XLSX export of the selected rows."""

    def get_list_filter(self, request):
        return [*FILTER_WILAYAH, *super().get_list_filter(request)]


class WilayahAdmin(LingkupModelAdmin):
    search_fields = ["kode", "nama"]
    list_display = ["kode", "nama", "aktif"]
    list_filter = ["aktif"]
    list_per_page = 100
    show_full_result_count = False  # a COUNT(*) over 83k villages on every page is wasted work

    def has_delete_permission(self, request, obj=None):
        return False  # codes are retired (aktif=False) by the loader, never deleted


@admin.register(Provinsi)
class ProvinsiAdmin(WilayahAdmin):
    # The zone is data (complaint deadlines and displayed times follow it), editable here.
    list_display = ["kode", "nama", "zona_waktu", "aktif"]
    list_filter = ["aktif", "zona_waktu"]


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
class PenugasanAdmin(LingkupModelAdmin):
    list_display = ["user", "peran", "wilayah_kode", "sektor"]
    list_filter = ["peran", "sektor"]
    search_fields = ["user__username", "wilayah_kode"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        # Never the assignment of someone above the editor (a sekcam re-assigning the camat).
        return super().has_change_permission(request, obj) and (
            obj is None or boleh_kelola_pengguna(request.user, obj.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or boleh_kelola_pengguna(request.user, obj.user)
        )


class PenugasanInline(LingkupFormMixin, admin.StackedInline):
    model = Penugasan
    can_delete = False
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PenggunaAdmin(EksporAdminMixin, LingkupAdminMixin, UserAdmin):
    inlines = [PenugasanInline]
    list_display = ["username", "first_name", "last_name", "is_active", "penugasan"]
    list_select_related = ["penugasan"]
    # No password hash, no e-mail: what an official needs to check who has which role.
    ekspor_kolom = [
        "username",
        "first_name",
        "last_name",
        "is_active",
        "peran",
        "wilayah_kode",
        "sektor",
        "last_login",
    ]

    def _penugasan(self, obj):
        return getattr(obj, "penugasan", None)

    @admin.display(description=_("peran"))
    def peran(self, obj):
        p = self._penugasan(obj)
        return p.get_peran_display() if p else ""

    @admin.display(description=_("kode wilayah"))
    def wilayah_kode(self, obj):
        p = self._penugasan(obj)
        return p.wilayah_kode if p else ""

    @admin.display(description=_("sektor"))
    def sektor(self, obj):
        p = self._penugasan(obj)
        return p.get_sektor_display() if p and p.sektor else ""

    def get_readonly_fields(self, request, obj=None):
        # Rights beyond the assignment are a superuser's to give.
        lain = [] if request.user.is_superuser else ["is_superuser", "groups", "user_permissions"]
        return [*super().get_readonly_fields(request, obj), *lain]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or boleh_kelola_pengguna(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or boleh_kelola_pengguna(request.user, obj)
        )


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


@admin.register(KodeEksternal)
class KodeEksternalAdmin(LingkupModelAdmin):
    """The crosswalk rows (SUMBER.md §1); bulk loads go through `manage.py muat_kode_eksternal`."""

    list_display = ["sistem", "kode_eksternal", "wilayah_kode", "berlaku_dari", "berlaku_sampai"]
    list_filter = ["sistem"]
    search_fields = ["kode_eksternal", "wilayah_kode", "keterangan"]
