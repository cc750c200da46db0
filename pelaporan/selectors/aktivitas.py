"""Which villages are sending, and how fresh it is (SUMBER.md §5; OpenKab counts a village as
*aktif* when its operator logged in or its data changed within the last N days, N the setting
PELAPORAN_HARI_AKTIF). One function for the page: a fixed number of queries, whatever the
number of villages."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from layanan_dasar.models import NilaiData, RiwayatImpor
from perencanaan.models import Rencana
from wilayah.models import Desa, Penugasan, Peran, Sektor


def hari_aktif():
    return getattr(settings, "PELAPORAN_HARI_AKTIF", 7)


@dataclass
class AktivitasDesa:
    kode: str
    nama: str
    # sector → (latest month with data, when it was last changed)
    sektor: dict = field(default_factory=dict)
    rencana: tuple | None = None  # (jenis label, year, status label, changed at)
    impor: RiwayatImpor | None = None
    login_operator: object = None
    terakhir: object = None  # the latest of all of the above
    aktif: bool = False

    @property
    def status(self):
        if self.terakhir is None:
            return "belum"
        return "aktif" if self.aktif else "tidak_aktif"


def aktivitas_desa(kecamatan, *, sekarang=None):
    """[AktivitasDesa] of the kecamatan's active villages. Queries: villages with their latest
    import (subquery), those imports with their user, the values' latest month and change per
    desa × sector (real entries only, not sample data), the latest plan per desa, the
    operators' last login."""
    sekarang = sekarang or timezone.now()
    batas = sekarang - timedelta(days=hari_aktif())
    Tautan = RiwayatImpor.desa.through
    impor_terakhir = (
        Tautan.objects.filter(desa_id=OuterRef("pk"))
        .order_by("-riwayatimpor__pada", "-riwayatimpor_id")
        .values("riwayatimpor_id")[:1]
    )
    desa = list(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True)
        .annotate(impor_id=Subquery(impor_terakhir))
        .order_by("kode")
    )
    impor = {
        r.pk: r
        for r in RiwayatImpor.objects.filter(
            pk__in=[d.impor_id for d in desa if d.impor_id]
        ).select_related("oleh")
    }
    data = {}
    for d, s, bulan, pada in (
        NilaiData.objects.filter(desa__kecamatan=kecamatan, contoh=False)
        .values("desa_id", "elemen__sektor")
        .annotate(bulan=Max("bulan"), pada=Max("diubah_pada"))
        .values_list("desa_id", "elemen__sektor", "bulan", "pada")
    ):
        data.setdefault(d, {})[s] = (bulan, pada)
    rencana = {}
    for r in (
        Rencana.objects.filter(desa__kecamatan=kecamatan)
        .order_by("desa_id", "-diperbarui")
        .distinct("desa_id")
        if _pg()
        else Rencana.objects.filter(desa__kecamatan=kecamatan).order_by("-diperbarui")
    ):
        if r.desa_id not in rencana:
            rencana[r.desa_id] = (
                r.get_jenis_display(),
                r.tahun,
                r.get_status_display(),
                r.diperbarui,
            )
    login = dict(
        Penugasan.objects.filter(peran=Peran.OPERATOR_DESA, wilayah_kode__in=[d.kode for d in desa])
        .values("wilayah_kode")
        .annotate(m=Max("user__last_login"))
        .values_list("wilayah_kode", "m")
    )
    hasil = []
    for d in desa:
        a = AktivitasDesa(d.kode, d.nama)
        a.sektor = {s: data.get(d.kode, {}).get(s) for s in Sektor.values}
        a.rencana = rencana.get(d.kode)
        a.impor = impor.get(d.impor_id)
        a.login_operator = login.get(d.kode)
        waktu = [x[1] for x in a.sektor.values() if x]
        waktu += [a.rencana[3]] if a.rencana else []
        waktu += [a.impor.pada] if a.impor else []
        waktu += [a.login_operator] if a.login_operator else []
        a.terakhir = max(waktu) if waktu else None
        a.aktif = a.terakhir is not None and a.terakhir >= batas
        hasil.append(a)
    return hasil


def _pg():
    from django.db import connection

    return connection.vendor == "postgresql"


def aktif_per_kecamatan(kode_kecamatan, *, sekarang=None):
    """{kecamatan code: (active villages, villages)} for the Sekber's list: the same rule as the
    page, counted over the window only (five queries for any number of kecamatan)."""
    sekarang = sekarang or timezone.now()
    batas = sekarang - timedelta(days=hari_aktif())
    kode_kecamatan = list(kode_kecamatan)
    desa = set(
        Desa.objects.filter(kecamatan_id__in=kode_kecamatan, aktif=True).values_list(
            "kode", flat=True
        )
    )
    aktif = set(
        NilaiData.objects.filter(
            desa__kecamatan_id__in=kode_kecamatan, contoh=False, diubah_pada__gte=batas
        )
        .values_list("desa_id", flat=True)
        .distinct()
    )
    aktif |= set(
        Rencana.objects.filter(desa__kecamatan_id__in=kode_kecamatan, diperbarui__gte=batas)
        .values_list("desa_id", flat=True)
        .distinct()
    )
    aktif |= set(
        RiwayatImpor.desa.through.objects.filter(
            desa__kecamatan_id__in=kode_kecamatan, riwayatimpor__pada__gte=batas
        )
        .values_list("desa_id", flat=True)
        .distinct()
    )
    aktif |= set(
        Penugasan.objects.filter(
            peran=Peran.OPERATOR_DESA, wilayah_kode__in=desa, user__last_login__gte=batas
        ).values_list("wilayah_kode", flat=True)
    )
    hasil = {k: [0, 0] for k in kode_kecamatan}
    for kode in desa:
        hasil[kode[:8]][1] += 1
        hasil[kode[:8]][0] += kode in aktif
    return {k: tuple(v) for k, v in hasil.items()}
