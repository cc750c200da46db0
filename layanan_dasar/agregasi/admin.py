"""Admin of the aggregates: the table read-only and scoped, the queue and the run log for
operators, and actions that trigger a rebuild (queued as Celery tasks once the request commits)."""

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dashboard_kecamatan.umum.tampilan import kolom_tahun
from wilayah.admin import LingkupModelAdmin
from wilayah.models import Tingkat

from ..models import AgregatIndikator, AntrianAgregasi, RiwayatAgregasi

BATAS_HITUNG = 10_000


class PaginatorTerbatas(Paginator):
    """Counts at most BATAS_HITUNG rows: the table holds every desa × indicator × period of
    the country, and an exact COUNT(*) of it on every page would take seconds."""

    @cached_property
    def count(self):
        return self.object_list[: BATAS_HITUNG + 1].count()


class HanyaBaca:
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _jadwalkan_bangun(lingkup):
    from .tasks import agregasi_bangun_tugas

    for kode, tahun in sorted(lingkup, key=lambda x: (x[0], x[1] or 0)):
        transaction.on_commit(
            lambda k=kode, t=tahun: agregasi_bangun_tugas.delay(kode=k, tahun=t), robust=True
        )


@admin.register(AgregatIndikator)
class AgregatIndikatorAdmin(HanyaBaca, LingkupModelAdmin):
    list_display = [
        "indikator",
        "tingkat",
        "wilayah_kode",
        "jenis_periode",
        "periode",
        "pembilang",
        "penyebut",
        "nilai",
        "desa_lapor",
        "desa_diharapkan",
        "dihitung_pada",
    ]
    list_filter = ["tingkat", "jenis_periode", "indikator__sektor"]
    search_fields = ["=wilayah_kode", "indikator__kode"]
    list_select_related = ["indikator"]
    show_full_result_count = False
    paginator = PaginatorTerbatas
    actions = [*LingkupModelAdmin.actions, "bangun_ulang"]

    def has_bangun_permission(self, request):
        return self._boleh_ubah(request)

    @admin.action(
        description=_("Hitung ulang agregat wilayah dan tahun baris terpilih"),
        permissions=["bangun"],
    )
    def bangun_ulang(self, request, queryset):
        # A desa row is rebuilt with its kecamatan (its figures come from the same pass).
        lingkup = {
            (kode[:8] if tingkat == Tingkat.DESA else kode, periode.year)
            for kode, tingkat, periode in queryset.values_list(
                "wilayah_kode", "tingkat", "periode"
            ).distinct()[:200]
        }
        _jadwalkan_bangun(lingkup)
        self.message_user(
            request,
            ngettext(
                "%(n)d penghitungan ulang dijadwalkan.",
                "%(n)d penghitungan ulang dijadwalkan.",
                len(lingkup),
            )
            % {"n": len(lingkup)},
            messages.SUCCESS,
        )


class OperasiAdmin(HanyaBaca, admin.ModelAdmin):
    """The queue and the run log are operations: superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(AntrianAgregasi)
class AntrianAgregasiAdmin(OperasiAdmin):
    list_display = ["desa_kode", "bulan", "dibuat_pada"]
    search_fields = ["desa_kode"]
    actions = ["proses_sekarang"]

    def has_proses_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Proses seluruh antrian sekarang"), permissions=["proses"])
    def proses_sekarang(self, request, queryset):
        from .tasks import agregasi_inkremental_tugas

        transaction.on_commit(agregasi_inkremental_tugas.delay, robust=True)
        self.message_user(request, _("Pembaruan inkremental dijadwalkan."), messages.SUCCESS)


@admin.register(RiwayatAgregasi)
class RiwayatAgregasiAdmin(OperasiAdmin):
    list_display = [
        "selesai",
        "jenis",
        "wilayah_kode",
        kolom_tahun(judul=_("tahun")),
        "durasi",
        "baris",
        "catatan",
    ]
    list_filter = ["jenis"]
    search_fields = ["=wilayah_kode"]
    actions = ["ulangi"]

    @admin.display(description=_("durasi (detik)"))
    def durasi(self, obj):
        return round((obj.selesai - obj.mulai).total_seconds(), 2)

    def has_ulangi_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description=_("Bangun ulang lingkup run terpilih (run inkremental: seluruh negeri)"),
        permissions=["ulangi"],
    )
    def ulangi(self, request, queryset):
        lingkup = set()
        for jenis, kode, tahun in queryset.values_list("jenis", "wilayah_kode", "tahun"):
            if jenis == RiwayatAgregasi.Jenis.INKREMENTAL:
                kode, tahun = "", None
            lingkup.add((kode, tahun))
        _jadwalkan_bangun(lingkup)
        self.message_user(
            request,
            ngettext(
                "%(n)d penghitungan ulang dijadwalkan.",
                "%(n)d penghitungan ulang dijadwalkan.",
                len(lingkup),
            )
            % {"n": len(lingkup)},
            messages.SUCCESS,
        )
