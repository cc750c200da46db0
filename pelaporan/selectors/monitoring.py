"""The Sekber's monitoring list: per kecamatan of its scope, who reports, who is late, who
has an active team."""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from layanan_dasar.models import (
    Pengajuan,
)
from wilayah.models import Kecamatan, Sektor

from ..models import (
    PERAN_STAF_KECAMATAN,
    LaporanTriwulan,
    Pelatihan,
    PesertaPelatihan,
    RapatKoordinasi,
    TimPengelola,
)
from .umum import pertama_diajukan, q_tepat_waktu, rentang_waktu


def monitoring_kecamatan(lingkup, tw, filter_data=None, *, hari_ini=None):
    """The kecamatan in the user's scope, annotated with what Sekber monitors: an active team,
    trained staff (modules covered, kecamatan staff trained), meetings in the quarter, village
    plans decided in the quarter and plans now past their review due date, and the report's
    status. One query per page, whatever the number of kecamatan (subqueries)."""
    from perencanaan.models import Rencana, RiwayatRencana

    from ..filters import MonitoringFilter

    hari_ini = hari_ini or timezone.localdate()
    acuan = min(tw.akhir, hari_ini)
    tim_aktif = TimPengelola.objects.filter(kecamatan=OuterRef("kode")).aktif_pada(acuan)
    pelatihan = Pelatihan.objects.filter(kecamatan=OuterRef("kode"), tanggal_mulai__lte=acuan)
    modul = pelatihan.values("kecamatan").annotate(n=Count("modul", distinct=True)).values("n")
    staf = (
        PesertaPelatihan.objects.filter(
            pelatihan__kecamatan=OuterRef("kode"),
            pelatihan__tanggal_mulai__lte=acuan,
            peran__in=PERAN_STAF_KECAMATAN,
        )
        .values("pelatihan__kecamatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    rapat = (
        RapatKoordinasi.objects.filter(
            kecamatan=OuterRef("kode"), tanggal__range=(tw.mulai, tw.akhir)
        )
        .values("kecamatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    laporan = LaporanTriwulan.objects.filter(kecamatan=OuterRef("kode"), periode=tw.mulai)
    mulai, akhir = rentang_waktu(tw)
    keputusan = (
        RiwayatRencana.objects.filter(
            rencana__desa__kecamatan=OuterRef("kode"),
            aksi__in=[RiwayatRencana.Aksi.DISETUJUI, RiwayatRencana.Aksi.DIKEMBALIKAN],
            pada__gte=mulai,
            pada__lt=akhir,
        )
        .values("rencana__desa__kecamatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    tertunda = (
        Rencana.objects.filter(
            desa__kecamatan=OuterRef("kode"),
            status__in=[Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU],
            tenggat__lt=hari_ini,
        )
        .values("desa__kecamatan")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        Kecamatan.objects.aktif()
        .filter(lingkup.q_kode("kode"))
        .select_related("kabupaten")
        .annotate(
            tim_aktif=Exists(tim_aktif),
            modul_dilatih=Coalesce(Subquery(modul, output_field=IntegerField()), 0),
            staf_dilatih=Coalesce(Subquery(staf, output_field=IntegerField()), 0),
            rapat_triwulan=Coalesce(Subquery(rapat, output_field=IntegerField()), 0),
            status_laporan=Subquery(laporan.values("status")[:1]),
            rencana_ditinjau=Coalesce(Subquery(keputusan, output_field=IntegerField()), 0),
            rencana_terlambat=Coalesce(Subquery(tertunda, output_field=IntegerField()), 0),
        )
        .order_by("kode")
    )
    return MonitoringFilter(filter_data, queryset=qs, lingkup=lingkup)


def ketepatan_per_kecamatan(tw, *, kode_kecamatan=None, lingkup=None):
    """{kecamatan code: (submitted, on time)} for the quarter, for the listed kecamatan or the
    whole scope. One GROUP BY query."""
    qs = Pengajuan.objects.filter(bulan__in=tw.bulan)
    if kode_kecamatan is not None:
        qs = qs.filter(kecamatan_id__in=kode_kecamatan)
    elif lingkup is not None:
        qs = qs.filter(lingkup.q_kode("kecamatan__kode"))
    baris = (
        qs.annotate(pertama_diajukan=pertama_diajukan())
        .values("kecamatan_id")
        .annotate(
            diajukan=Count("id", filter=Q(pertama_diajukan__isnull=False)),
            tepat=Count("id", filter=q_tepat_waktu(tw)),
        )
        .values_list("kecamatan_id", "diajukan", "tepat")
    )
    return {k: (d, t) for k, d, t in baris}


def pengajuan_diharapkan(tw):
    """Submissions expected from one kecamatan in a quarter: one per sector and month."""
    return len(Sektor.values) * len(tw.bulan)


def monitoring_ringkasan(qs, tw, ketepatan):
    """Headline counts over the filtered kecamatan list. One query reading one small row per
    kecamatan (already annotated); counting them here avoids an aggregate over subquery
    annotations, which Django cannot wrap."""
    harap = pengajuan_diharapkan(tw)
    hasil = {
        "total": 0,
        "tim_aktif": 0,
        "terlatih": 0,
        "ditandatangani": 0,
        "tepat_waktu": 0,
        "meninjau_rencana": 0,
        "rencana_terlambat": 0,
    }
    for kode, tim, staf, status, ditinjau, terlambat in qs.values_list(
        "kode",
        "tim_aktif",
        "staf_dilatih",
        "status_laporan",
        "rencana_ditinjau",
        "rencana_terlambat",
    ):
        hasil["total"] += 1
        hasil["meninjau_rencana"] += ditinjau > 0
        hasil["rencana_terlambat"] += terlambat > 0
        hasil["tim_aktif"] += tim
        hasil["terlatih"] += staf > 0
        hasil["ditandatangani"] += status == LaporanTriwulan.Status.DITANDATANGANI
        hasil["tepat_waktu"] += ketepatan.get(kode, (0, 0))[1] >= harap
    hasil["pengajuan_diharapkan"] = harap
    return hasil
