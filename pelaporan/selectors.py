"""Reads for P3PD 1D reporting: the quarterly report's figures, the desa profile, and the Sekber
monitoring list.

Every figure is computed with set-based queries over pre-aggregated tables (AgregatIndikator)
and the kecamatan's own records; the number of queries does not depend on the number of
villages. Report figures are returned as plain JSON types (int, float, str, bool, None, lists,
dicts) so the same structure is rendered live, frozen at sign-off, and exported.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from layanan_dasar.models import (
    AgregatIndikator,
    Indikator,
    JenisPeriode,
    Pengajuan,
)
from layanan_dasar.selectors_agregasi import agregat_per
from wilayah.models import Desa, Kecamatan, Sektor, Tingkat

from .models import (
    PERAN_STAF_KECAMATAN,
    STATUS_TERBUKA,
    AgendaMonev,
    KehadiranRapat,
    LaporanTriwulan,
    ModulPelatihan,
    Pelatihan,
    PeranPeserta,
    PesertaPelatihan,
    RapatKoordinasi,
    StatusTindakLanjut,
    TimPengelola,
    TindakLanjutRapat,
)
from .triwulan import Triwulan

VERSI_DATA = 1
# How many villages per sector the report names as priorities, and how many quarters the desa
# profile shows as a trend. Presentation choices, not rules.
DESA_PRIORITAS_PER_SEKTOR = 5
TRIWULAN_TREN = 4


# --- small helpers ---------------------------------------------------------------------------


def _persen(bagian, keseluruhan):
    """bagian ÷ keseluruhan × 100, rounded to 2 decimals; None when there is nothing to divide
    by (missing is not zero)."""
    if not keseluruhan or bagian is None:
        return None
    return round(100 * float(bagian) / float(keseluruhan), 2)


def _angka(nilai):
    """A Decimal from the database as a JSON number (2 decimals), None stays None."""
    if nilai is None:
        return None
    return round(float(nilai), 2)


def batas_tanggal_pengajuan():
    """Day of the next month by which a month's data counts as on time (a layanan_dasar
    setting, DESIGN §5), so the report and the completeness page agree."""
    from layanan_dasar.conf import hari_batas_pengajuan

    return hari_batas_pengajuan()


def batas_pengajuan(bulan):
    """The last instant (local time) a month's submission counts as on time: layanan_dasar's
    own rule."""
    from layanan_dasar.periode import batas_pengajuan as batas

    return batas(bulan)


def _pertama_diajukan():
    # layanan_dasar keeps the first submission's time here (a resubmission after a return does
    # not move it), which is what timeliness counts.
    return F("diajukan_pada")


def _q_tepat_waktu(tw):
    q = Q()
    for bulan in tw.bulan:
        q |= Q(bulan=bulan, pertama_diajukan__lte=batas_pengajuan(bulan))
    return q


def _data_contoh(kode):
    """Whether generated sample data lies under this wilayah (pages then say so plainly)."""
    from layanan_dasar.selectors import data_contoh_di

    return data_contoh_di(kode)


def _urut_sektor(indikator):
    """Indicators in the sectors' usual order (pendidikan, kesehatan, PU, sosial), then as the
    catalogue orders them."""
    urutan = {s: i for i, s in enumerate(Sektor.values)}
    return sorted(indikator, key=lambda i: urutan.get(i["sektor"], 99))


def _sektor_label():
    return [(s.value, str(s.label)) for s in Sektor]


# --- quarterly report ------------------------------------------------------------------------


def kelengkapan_data(kecamatan, tw, jumlah_desa):
    """Completeness per sector and month: villages reported ÷ villages expected, read from the
    counts each submission row keeps current (layanan_dasar.Pengajuan.desa_lapor /
    desa_diharapkan); the quarter and the total are ratios of the sums. A month with no
    submission row expects every active village and has none reported. One query."""
    baris = Pengajuan.objects.filter(kecamatan=kecamatan, bulan__in=tw.bulan).values_list(
        "sektor", "bulan", "desa_lapor", "desa_diharapkan"
    )
    per = {(s, b): (lapor, harap) for s, b, lapor, harap in baris}
    hasil = []
    total_lapor = total_harap = 0
    for sektor, label in _sektor_label():
        bulan_list = []
        s_lapor = s_harap = 0
        for bulan in tw.bulan:
            lapor, harap = per.get((sektor, bulan), (0, 0))
            harap = harap or jumlah_desa
            bulan_list.append(
                {
                    "bulan": bulan.isoformat(),
                    "lapor": lapor,
                    "diharapkan": harap,
                    "persen": _persen(lapor, harap),
                }
            )
            s_lapor += lapor
            s_harap += harap
        total_lapor += s_lapor
        total_harap += s_harap
        hasil.append(
            {
                "sektor": sektor,
                "label": label,
                "bulan": bulan_list,
                "lapor": s_lapor,
                "diharapkan": s_harap,
                "persen": _persen(s_lapor, s_harap),
            }
        )
    return {
        "per_sektor": hasil,
        "lapor": total_lapor,
        "diharapkan": total_harap,
        "persen": _persen(total_lapor, total_harap),
    }


def ketepatan_pengajuan(kecamatan, tw):
    """Timeliness of the monthly submissions (one per sector and month): submitted, on time
    (sent before the deadline), verified. One query."""
    baris = (
        Pengajuan.objects.filter(kecamatan=kecamatan, bulan__in=tw.bulan)
        .annotate(pertama_diajukan=_pertama_diajukan())
        .values("sektor", "bulan", "status", "pertama_diajukan")
    )
    per = {(b["sektor"], b["bulan"]): b for b in baris}
    terverifikasi = {Pengajuan.Status.DIVERIFIKASI, Pengajuan.Status.DIKUNCI}
    hasil = []
    tot = defaultdict(int)
    for sektor, label in _sektor_label():
        s = {"diharapkan": 0, "diajukan": 0, "tepat_waktu": 0, "terlambat": 0, "diverifikasi": 0}
        rincian = []
        for bulan in tw.bulan:
            b = per.get((sektor, bulan))
            batas = batas_pengajuan(bulan)
            pertama = b["pertama_diajukan"] if b else None
            tepat = pertama is not None and pertama <= batas
            s["diharapkan"] += 1
            s["diajukan"] += pertama is not None
            s["tepat_waktu"] += tepat
            s["terlambat"] += pertama is not None and not tepat
            s["diverifikasi"] += bool(b) and b["status"] in terverifikasi
            rincian.append(
                {
                    "bulan": bulan.isoformat(),
                    "status": b["status"] if b else None,
                    "diajukan_pada": (
                        timezone.localtime(pertama).isoformat(timespec="minutes")
                        if pertama
                        else None
                    ),
                    "batas": timezone.localtime(batas).date().isoformat(),
                    "tepat_waktu": tepat if pertama else None,
                }
            )
        for k, v in s.items():
            tot[k] += v
        hasil.append(
            {
                "sektor": sektor,
                "label": label,
                **s,
                "belum": s["diharapkan"] - s["diajukan"],
                "persen_tepat": _persen(s["tepat_waktu"], s["diharapkan"]),
                "rincian": rincian,
            }
        )
    return {
        "batas_tanggal": batas_tanggal_pengajuan(),
        "per_sektor": hasil,
        **tot,
        "belum": tot["diharapkan"] - tot["diajukan"],
        "persen_tepat": _persen(tot["tepat_waktu"], tot["diharapkan"]),
    }


def _status_capaian(nilai, target, arah):
    if nilai is None or target is None:
        return None
    return nilai >= target if arah == Indikator.Arah.NAIK else nilai <= target


def _arah_perubahan(perubahan, arah):
    if perubahan is None:
        return None
    if perubahan == 0:
        return "tetap"
    membaik = perubahan > 0 if arah == Indikator.Arah.NAIK else perubahan < 0
    return "membaik" if membaik else "memburuk"


def capaian_indikator(kecamatan, tw):
    """Each active indicator at the kecamatan for the quarter and the previous one: value,
    numerator, denominator, target, whether it is met, and the change in points.
    Two queries: the indicator catalogue, the two quarters' kecamatan rows."""
    indikator = _urut_sektor(
        Indikator.objects.filter(aktif=True).values(
            "id", "kode", "nama", "sektor", "kelompok", "target", "arah"
        )
    )
    baris = AgregatIndikator.objects.filter(
        tingkat=Tingkat.KECAMATAN,
        wilayah_kode=kecamatan.kode,
        jenis_periode=JenisPeriode.TRIWULAN,
        periode__in=[tw.mulai, tw.sebelumnya.mulai],
    ).values("indikator_id", "periode", "nilai", "pembilang", "penyebut")
    per = {(b["indikator_id"], b["periode"]): b for b in baris}
    label_sektor = dict(_sektor_label())
    hasil = []
    for ind in indikator:
        ini = per.get((ind["id"], tw.mulai)) or {}
        lalu = per.get((ind["id"], tw.sebelumnya.mulai)) or {}
        nilai = _angka(ini.get("nilai"))
        nilai_lalu = _angka(lalu.get("nilai"))
        target = _angka(ind["target"])
        perubahan = (
            round(nilai - nilai_lalu, 2) if nilai is not None and nilai_lalu is not None else None
        )
        hasil.append(
            {
                "kode": ind["kode"],
                "nama": ind["nama"],
                "sektor": ind["sektor"],
                "sektor_label": label_sektor.get(ind["sektor"], ind["sektor"]),
                "kelompok": ind["kelompok"],
                "arah": ind["arah"],
                "target": target,
                "pembilang": ini.get("pembilang"),
                "penyebut": ini.get("penyebut"),
                "nilai": nilai,
                "nilai_sebelumnya": nilai_lalu,
                "perubahan": perubahan,
                "arah_perubahan": _arah_perubahan(perubahan, ind["arah"]),
                "tercapai": _status_capaian(nilai, target, ind["arah"]),
            }
        )
    ada = [h for h in hasil if h["tercapai"] is not None]
    return {
        "indikator": hasil,
        "dengan_data": sum(h["nilai"] is not None for h in hasil),
        "tercapai": sum(h["tercapai"] is True for h in ada),
        "belum_tercapai": sum(h["tercapai"] is False for h in ada),
        "membaik": sum(h["arah_perubahan"] == "membaik" for h in hasil),
        "memburuk": sum(h["arah_perubahan"] == "memburuk" for h in hasil),
    }


def _kekurangan():
    """How far a row lies below its indicator's target, in points (0 when met); for
    lower-is-better indicators the excess above target."""
    nol = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=4))
    return Case(
        When(
            indikator__arah=Indikator.Arah.TURUN,
            then=Greatest(F("nilai") - F("indikator__target"), nol),
        ),
        default=Greatest(F("indikator__target") - F("nilai"), nol),
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )


def desa_prioritas(kecamatan, tw, nama_desa, *, per_sektor=DESA_PRIORITAS_PER_SEKTOR):
    """Per sector, the villages furthest below target in the quarter: ranked by the mean
    shortfall (points below target) over the sector's indicators that have data and a target,
    then by how many indicators are below target. One GROUP BY query."""
    baris = (
        AgregatIndikator.objects.filter(
            tingkat=Tingkat.DESA,
            wilayah_kode__startswith=kecamatan.kode + ".",
            jenis_periode=JenisPeriode.TRIWULAN,
            periode=tw.mulai,
            indikator__aktif=True,
            indikator__target__isnull=False,
            nilai__isnull=False,
        )
        .annotate(kurang=_kekurangan())
        .values("wilayah_kode", "indikator__sektor")
        .annotate(
            n_indikator=Count("id"),
            n_bawah=Count("id", filter=Q(kurang__gt=0)),
            rerata_kurang=Avg("kurang"),
        )
        .filter(n_bawah__gt=0)
        .order_by("indikator__sektor", "-rerata_kurang", "-n_bawah", "wilayah_kode")
    )
    per = defaultdict(list)
    for b in baris:
        daftar = per[b["indikator__sektor"]]
        if len(daftar) < per_sektor:
            daftar.append(
                {
                    "kode": b["wilayah_kode"],
                    "nama": nama_desa.get(b["wilayah_kode"], b["wilayah_kode"]),
                    "n_indikator": b["n_indikator"],
                    "n_bawah": b["n_bawah"],
                    "rerata_kekurangan": _angka(b["rerata_kurang"]),
                }
            )
    return [{"sektor": s, "label": label, "desa": per.get(s, [])} for s, label in _sektor_label()]


def kegiatan_kecamatan(kecamatan, tw, hari_ini):
    """Team, trainings, coordination meetings and the joint monitoring agenda of the quarter.
    Eight queries."""
    acuan = min(tw.akhir, hari_ini)
    aktif = (Q(anggota__aktif_dari__isnull=True) | Q(anggota__aktif_dari__lte=acuan)) & (
        Q(anggota__aktif_sampai__isnull=True) | Q(anggota__aktif_sampai__gte=acuan)
    )
    tim = (
        TimPengelola.objects.filter(kecamatan=kecamatan)
        .aktif_pada(acuan)
        .annotate(n_anggota=Count("anggota", filter=aktif))
        .order_by("-berlaku_dari", "-id")
        .first()
    )
    pelatihan = list(
        Pelatihan.objects.filter(kecamatan=kecamatan, tanggal_mulai__range=(tw.mulai, tw.akhir))
        .annotate(n_peserta=Count("peserta"))
        .order_by("tanggal_mulai", "id")
        .values("id", "modul", "tanggal_mulai", "tempat", "n_peserta")
    )
    peserta_peran = dict(
        PesertaPelatihan.objects.filter(pelatihan_id__in=[p["id"] for p in pelatihan])
        .values_list("peran")
        .annotate(n=Count("id"))
        .values_list("peran", "n")
    )
    label_modul = dict(ModulPelatihan.choices)
    rapat = list(
        RapatKoordinasi.objects.filter(kecamatan=kecamatan, tanggal__range=(tw.mulai, tw.akhir))
        .annotate(
            n_hadir=Subquery(
                KehadiranRapat.objects.filter(rapat=OuterRef("pk"))
                .values("rapat")
                .annotate(n=Count("id"))
                .values("n"),
                output_field=IntegerField(),
            ),
            n_tindak_lanjut=Count("tindak_lanjut"),
        )
        .order_by("tanggal", "id")
        .values("id", "tanggal", "judul", "n_hadir", "n_tindak_lanjut")
    )
    tindak = TindakLanjutRapat.objects.filter(rapat_id__in=[r["id"] for r in rapat])
    tl = tindak.aggregate(
        total=Count("id"),
        selesai=Count("id", filter=Q(status=StatusTindakLanjut.SELESAI)),
        batal=Count("id", filter=Q(status=StatusTindakLanjut.BATAL)),
        terbuka=Count("id", filter=Q(status__in=STATUS_TERBUKA)),
        terlambat=Count("id", filter=Q(status__in=STATUS_TERBUKA, tenggat__lt=hari_ini)),
    )
    daftar_terbuka = list(
        tindak.filter(status__in=STATUS_TERBUKA)
        .order_by("tenggat", "id")
        .values("uraian", "penanggung_jawab", "tenggat", "status")
    )
    monev = list(
        AgendaMonev.objects.filter(kecamatan=kecamatan, tanggal_rencana__range=(tw.mulai, tw.akhir))
        .order_by("tanggal_rencana", "id")
        .values("kegiatan", "tanggal_rencana", "tanggal_pelaksanaan", "status", "pihak_sekber")
    )
    label_status_tl = dict(StatusTindakLanjut.choices)
    label_monev = dict(AgendaMonev.Status.choices)
    return {
        "tim": {
            "aktif": tim is not None,
            "nomor_sk": tim.nomor_sk if tim else None,
            "tanggal_sk": tim.tanggal_sk.isoformat() if tim else None,
            "anggota": tim.n_anggota if tim else 0,
        },
        "pelatihan": {
            "jumlah": len(pelatihan),
            "peserta": sum(p["n_peserta"] for p in pelatihan),
            "modul_tercakup": sorted({p["modul"] for p in pelatihan}),
            "daftar": [
                {
                    "tanggal": p["tanggal_mulai"].isoformat(),
                    "modul": p["modul"],
                    "modul_label": str(label_modul[p["modul"]]),
                    "tempat": p["tempat"],
                    "peserta": p["n_peserta"],
                }
                for p in pelatihan
            ],
            "per_peran": [
                {"peran": k, "label": str(label), "jumlah": peserta_peran[k]}
                for k, label in PeranPeserta.choices
                if peserta_peran.get(k)
            ],
        },
        "rapat": {
            "jumlah": len(rapat),
            "kehadiran": sum(r["n_hadir"] or 0 for r in rapat),
            "daftar": [
                {
                    "tanggal": r["tanggal"].isoformat(),
                    "judul": r["judul"],
                    "hadir": r["n_hadir"] or 0,
                    "tindak_lanjut": r["n_tindak_lanjut"],
                }
                for r in rapat
            ],
            "tindak_lanjut": {
                **tl,
                "terbuka_daftar": [
                    {
                        "uraian": t["uraian"],
                        "penanggung_jawab": t["penanggung_jawab"],
                        "tenggat": t["tenggat"].isoformat(),
                        "status": str(label_status_tl[t["status"]]),
                        "terlambat": t["tenggat"] < hari_ini,
                    }
                    for t in daftar_terbuka
                ],
            },
        },
        "monev": {
            "direncanakan": len(monev),
            "terlaksana": sum(m["status"] == AgendaMonev.Status.TERLAKSANA for m in monev),
            "daftar": [
                {
                    "kegiatan": m["kegiatan"],
                    "tanggal_rencana": m["tanggal_rencana"].isoformat(),
                    "tanggal_pelaksanaan": (
                        m["tanggal_pelaksanaan"].isoformat() if m["tanggal_pelaksanaan"] else None
                    ),
                    "status": str(label_monev[m["status"]]),
                    "pihak_sekber": m["pihak_sekber"],
                }
                for m in monev
            ],
        },
    }


def _rentang_waktu(tw):
    """The quarter as aware datetimes [start, next quarter's start) in local time."""
    mulai = timezone.make_aware(datetime.datetime.combine(tw.mulai, datetime.time.min))
    akhir = timezone.make_aware(datetime.datetime.combine(tw.berikutnya.mulai, datetime.time.min))
    return mulai, akhir


def perencanaan_triwulan(kecamatan, tw, hari_ini):
    """Village plans under the camat's review in the quarter: received, decided (approved or
    returned), APB drafts that took effect undecided at the deadline, decided on time (by the
    due date the submission started), working days from receipt to decision, and what is
    waiting now. Computed here from perencanaan's models (its selectors have no per-period
    summary); five queries whatever the number of villages."""
    from perencanaan.hari_kerja import selisih_hari_kerja
    from perencanaan.models import Rencana, RiwayatRencana
    from perencanaan.selectors import libur_antara

    mulai, akhir = _rentang_waktu(tw)
    aksi = RiwayatRencana.Aksi
    riwayat = RiwayatRencana.objects.filter(
        rencana__desa__kecamatan=kecamatan, pada__gte=mulai, pada__lt=akhir
    )
    diterima = riwayat.filter(aksi=aksi.DIAJUKAN).count()
    pengajuan = RiwayatRencana.objects.filter(
        rencana=OuterRef("rencana"), aksi=aksi.DIAJUKAN, pada__lte=OuterRef("pada")
    ).order_by("-pada", "-id")
    keputusan = list(
        riwayat.filter(aksi__in=[aksi.DISETUJUI, aksi.DIKEMBALIKAN, aksi.BERLAKU])
        .annotate(
            tenggat_tinjau=Subquery(pengajuan.values("tenggat")[:1]),
            diterima_pada=Subquery(pengajuan.values("pada")[:1]),
        )
        .order_by("pada", "id")
        .values("aksi", "pada", "tenggat_tinjau", "diterima_pada", "rencana__jenis")
    )
    libur = set()
    if keputusan:
        awal = min(timezone.localdate(k["diterima_pada"] or k["pada"]) for k in keputusan)
        libur = libur_antara(awal, tw.akhir)
    per_jenis = {
        j: {"jenis": j, "label": str(label), "ditinjau": 0, "disetujui": 0, "dikembalikan": 0}
        for j, label in Rencana.Jenis.choices
    }
    tepat = terlambat = berlaku = 0
    hari = []
    for k in keputusan:
        if k["aksi"] == aksi.BERLAKU:
            # No decision: the deadline passed and the draft took effect by itself.
            berlaku += 1
            continue
        tanggal = timezone.localdate(k["pada"])
        j = per_jenis[k["rencana__jenis"]]
        j["ditinjau"] += 1
        j["disetujui" if k["aksi"] == aksi.DISETUJUI else "dikembalikan"] += 1
        if k["tenggat_tinjau"] is not None:
            if tanggal <= k["tenggat_tinjau"]:
                tepat += 1
            else:
                terlambat += 1
        if k["diterima_pada"] is not None:
            hari.append(selisih_hari_kerja(timezone.localdate(k["diterima_pada"]), tanggal, libur))
    menunggu = Rencana.objects.filter(
        desa__kecamatan=kecamatan,
        status__in=[Rencana.Status.DIAJUKAN, Rencana.Status.DITINJAU],
    ).aggregate(n=Count("id"), terlambat=Count("id", filter=Q(tenggat__lt=hari_ini)))
    ditinjau = len(keputusan) - berlaku
    return {
        "tersedia": True,
        "diterima": diterima,
        "ditinjau": ditinjau,
        "disetujui": sum(j["disetujui"] for j in per_jenis.values()),
        "dikembalikan": sum(j["dikembalikan"] for j in per_jenis.values()),
        "tepat_waktu": tepat,
        "terlambat": terlambat,
        "persen_tepat": _persen(tepat, tepat + terlambat),
        "rata_hari_kerja": round(sum(hari) / len(hari), 1) if hari else None,
        "menunggu": menunggu["n"],
        "menunggu_terlambat": menunggu["terlambat"],
        "berlaku": berlaku,
        "per_jenis": list(per_jenis.values()),
    }


def pengaduan_triwulan(kecamatan, tw, hari_ini):
    """Complaints received in the quarter: pengaduan's own summary for other apps' reports
    (received, open, resolved, rejected, overdue, first response on time, mean days to first
    response and to closure), plus two shares."""
    from pengaduan.selectors import ringkasan_periode

    hasil = ringkasan_periode(kode_wilayah=kecamatan.kode, mulai=tw.mulai, akhir=tw.akhir)
    hasil["persen_selesai"] = _persen(hasil["selesai"], hasil["total"])
    hasil["persen_tepat"] = _persen(hasil["tepat_waktu"], hasil["ditanggapi"])
    return hasil


def _agregat_per():
    waktu = agregat_per()
    return timezone.localtime(waktu).isoformat(timespec="minutes") if waktu else None


def laporan_data(kecamatan, tw, *, hari_ini=None):
    """Every generated figure of a kecamatan's quarterly P3PD 1D report, as plain JSON types.

    About 20 queries, whatever the number of villages.
    """
    hari_ini = hari_ini or timezone.localdate()
    if not hasattr(kecamatan, "kabupaten"):
        kecamatan = Kecamatan.objects.select_related("kabupaten__provinsi").get(pk=kecamatan)
    nama_desa = dict(
        Desa.objects.filter(kecamatan=kecamatan, aktif=True).values_list("kode", "nama")
    )
    return {
        "versi": VERSI_DATA,
        "dihasilkan_pada": timezone.localtime().isoformat(timespec="minutes"),
        # How current the aggregates behind the figures were: frozen with them at signing.
        "agregat_per": _agregat_per(),
        "tanggal_acuan": hari_ini.isoformat(),
        "kecamatan": {
            "kode": kecamatan.kode,
            "nama": kecamatan.nama,
            "kabupaten": kecamatan.kabupaten.nama,
            "provinsi": kecamatan.kabupaten.provinsi.nama,
        },
        "triwulan": {
            "teks": tw.teks,
            "label": tw.label,
            "mulai": tw.mulai.isoformat(),
            "akhir": tw.akhir.isoformat(),
            "sebelumnya": tw.sebelumnya.label,
        },
        "jumlah_desa": len(nama_desa),
        "data_contoh": _data_contoh(kecamatan.kode),
        "kelengkapan": kelengkapan_data(kecamatan, tw, len(nama_desa)),
        "ketepatan": ketepatan_pengajuan(kecamatan, tw),
        "capaian": capaian_indikator(kecamatan, tw),
        "desa_prioritas": desa_prioritas(kecamatan, tw, nama_desa),
        "perencanaan": perencanaan_triwulan(kecamatan, tw, hari_ini),
        "pengaduan": pengaduan_triwulan(kecamatan, tw, hari_ini),
        "kegiatan": kegiatan_kecamatan(kecamatan, tw, hari_ini),
    }


def laporan_tersimpan(kecamatan, tw):
    return (
        LaporanTriwulan.objects.filter(kecamatan=kecamatan, periode=tw.mulai)
        .select_related("ditandatangani_oleh")
        .first()
    )


def laporan_tampil(kecamatan, tw):
    """(saved report or None, figures): a signed report shows its frozen figures, never
    today's."""
    laporan = laporan_tersimpan(kecamatan, tw)
    if laporan is not None and laporan.ditandatangani:
        return laporan, laporan.data_beku
    return laporan, laporan_data(kecamatan, tw)


def daftar_laporan_kecamatan(kecamatan, hari_ini=None, n=8):
    """The last n quarters with the saved report's status (one query)."""
    hari_ini = hari_ini or timezone.localdate()
    tw_list = Triwulan.dari_tanggal(hari_ini).mundur(n)[::-1]
    tersimpan = {
        lap.periode: lap
        for lap in LaporanTriwulan.objects.filter(
            kecamatan=kecamatan, periode__in=[t.mulai for t in tw_list]
        )
    }
    return [(t, tersimpan.get(t.mulai), t.akhir < hari_ini) for t in tw_list]


# --- desa profile ---------------------------------------------------------------------------


def profil_desa(kecamatan, tw, *, desa_kode=None):
    """One coaching sheet per village of the kecamatan (or only `desa_kode`): indicators below
    target with their trend, data completeness, and (when those apps exist) plan lines and
    budget against the gaps, complaints and community ratings.

    Four queries whatever the number of villages: villages, indicators, desa quarterly rows of
    the trend window, desa monthly completeness grouped by village and sector.
    """
    desa_qs = Desa.objects.filter(kecamatan=kecamatan, aktif=True).order_by("kode")
    if desa_kode:
        desa_qs = Desa.objects.filter(kecamatan=kecamatan, kode=desa_kode)
    desa_list = list(desa_qs.values("kode", "nama", "jenis"))
    indikator = list(
        Indikator.objects.filter(aktif=True).values(
            "id", "kode", "nama", "sektor", "target", "arah"
        )
    )
    tren_tw = tw.mundur(TRIWULAN_TREN)
    filter_desa = (
        Q(wilayah_kode=desa_kode) if desa_kode else Q(wilayah_kode__startswith=kecamatan.kode + ".")
    )
    nilai = defaultdict(dict)
    for b in AgregatIndikator.objects.filter(
        filter_desa,
        tingkat=Tingkat.DESA,
        jenis_periode=JenisPeriode.TRIWULAN,
        periode__in=[t.mulai for t in tren_tw],
        indikator__aktif=True,
    ).values_list("wilayah_kode", "indikator_id", "periode", "nilai"):
        nilai[b[0]][(b[1], b[2])] = _angka(b[3])
    lengkap = defaultdict(dict)
    for b in (
        AgregatIndikator.objects.filter(
            filter_desa,
            tingkat=Tingkat.DESA,
            jenis_periode=JenisPeriode.BULAN,
            periode__in=tw.bulan,
            indikator__aktif=True,
        )
        .values("wilayah_kode", "indikator__sektor")
        .annotate(lapor=Sum("desa_lapor"))
    ):
        lengkap[b["wilayah_kode"]][b["indikator__sektor"]] = int(b["lapor"] or 0)
    n_per_sektor = defaultdict(int)
    for ind in indikator:
        n_per_sektor[ind["sektor"]] += 1
    label_sektor = dict(_sektor_label())
    hari_ini = timezone.localdate()
    rencana = _rencana_desa(kecamatan, tw, desa_kode)
    aduan = _pengaduan_desa(kecamatan, desa_kode)
    nilai_warga, nilai_sejak = _penilaian_desa(kecamatan, tw, desa_kode)

    profil = []
    for d in desa_list:
        nd = nilai.get(d["kode"], {})
        bawah = []
        tanpa_data = 0
        for ind in indikator:
            tren = [nd.get((ind["id"], t.mulai)) for t in tren_tw]
            sekarang = tren[-1]
            target = _angka(ind["target"])
            if sekarang is None:
                tanpa_data += 1
                continue
            if _status_capaian(sekarang, target, ind["arah"]) is False:
                lalu = tren[-2] if len(tren) > 1 else None
                perubahan = round(sekarang - lalu, 2) if lalu is not None else None
                bawah.append(
                    {
                        "id": ind["id"],
                        "arah": ind["arah"],
                        "kode": ind["kode"],
                        "nama": ind["nama"],
                        "sektor": ind["sektor"],
                        "sektor_label": label_sektor[ind["sektor"]],
                        "target": target,
                        "nilai": sekarang,
                        "kekurangan": round(
                            target - sekarang
                            if ind["arah"] == Indikator.Arah.NAIK
                            else sekarang - target,
                            2,
                        ),
                        "tren": tren,
                        "perubahan": perubahan,
                        "arah_perubahan": _arah_perubahan(perubahan, ind["arah"]),
                    }
                )
        bawah.sort(key=lambda b: (-b["kekurangan"], b["sektor"], b["kode"]))
        kel = []
        for sektor, label in label_sektor.items():
            harap = n_per_sektor[sektor] * len(tw.bulan)
            lapor = lengkap.get(d["kode"], {}).get(sektor, 0)
            kel.append(
                {
                    "sektor": sektor,
                    "label": label,
                    "lapor": lapor,
                    "diharapkan": harap,
                    "persen": _persen(lapor, harap),
                }
            )
        profil.append(
            {
                "desa": d,
                "indikator_bawah": bawah,
                "indikator_tanpa_data": tanpa_data,
                "indikator_total": len(indikator),
                "kelengkapan": kel,
                "kelengkapan_total": _persen(
                    sum(k["lapor"] for k in kel), sum(k["diharapkan"] for k in kel)
                ),
                "rencana": rencana.lengkapi(d["kode"], bawah, hari_ini),
                "pengaduan": aduan.get(d["kode"]) or _tanpa_pengaduan(),
                "penilaian": nilai_warga.get(d["kode"]) or {"tersedia": True, "ada": False},
            }
        )
    return {
        "kecamatan": kecamatan,
        "triwulan": tw,
        "data_contoh": _data_contoh(kecamatan.kode),
        "penilaian_sejak": nilai_sejak,
        "tren_label": [t.label_pendek for t in tren_tw],
        "desa": profil,
        "dihasilkan_pada": timezone.localtime(),
    }


class _RencanaDesa:
    """The current plan of each village (the latest year; APB before RKP within a year), its
    lines, and the perencanaan gap analysis run on the profile's own below-target indicators,
    so the sheet's gaps and the plan lines addressing them agree. Five queries for any number
    of villages: plans, lines, line-indicator links, the sector-code mapping, rules unused."""

    def __init__(self, kecamatan, tw, desa_kode):
        from perencanaan.analisis import BarisRingkas
        from perencanaan.models import BarisKegiatan, Rencana
        from perencanaan.selectors import pemetaan_sektor

        qs = Rencana.objects.filter(desa__kecamatan=kecamatan, tahun__lte=tw.tahun + 1)
        if desa_kode:
            qs = qs.filter(desa_id=desa_kode)
        self.rencana = {}
        for r in qs.order_by("desa_id", "-tahun", "jenis").values(
            "id", "desa_id", "tahun", "jenis", "status", "tenggat", "tenggat_pihak", "putaran"
        ):
            self.rencana.setdefault(r["desa_id"], r)
        ids = [r["id"] for r in self.rencana.values()]
        tautan = defaultdict(list)
        for baris_id, ind_id, sektor in BarisKegiatan.indikator.through.objects.filter(
            bariskegiatan__rencana_id__in=ids
        ).values_list("bariskegiatan_id", "indikator_id", "indikator__sektor"):
            tautan[baris_id].append((ind_id, sektor))
        self.baris = defaultdict(list)
        for b in BarisKegiatan.objects.filter(rencana_id__in=ids).values(
            "id", "rencana_id", "kode_kegiatan_id", "nama", "anggaran", "sumber_dana", "lokasi"
        ):
            self.baris[b["rencana_id"]].append(
                BarisRingkas(
                    id=b["id"],
                    kode=b["kode_kegiatan_id"],
                    nama=b["nama"],
                    anggaran=b["anggaran"],
                    sumber_dana=b["sumber_dana"],
                    indikator_ids=frozenset(i for i, _s in tautan[b["id"]]),
                    indikator_sektor=frozenset(s for _i, s in tautan[b["id"]]),
                    lokasi=b["lokasi"],
                )
            )
        self.pemetaan = pemetaan_sektor() if ids else []

    def lengkapi(self, desa_kode, bawah, hari_ini):
        from perencanaan.analisis import NilaiIndikator, analisis_kesenjangan, porsi_sektor
        from perencanaan.models import Rencana
        from perencanaan.selectors import STATUS_AKTIF

        r = self.rencana.get(desa_kode)
        if r is None:
            return {"tersedia": True, "ada": False}
        baris = self.baris.get(r["id"], [])
        nilai = [
            NilaiIndikator(
                indikator_id=b["id"],
                kode=b["kode"],
                nama=b["nama"],
                sektor=b["sektor"],
                target=Decimal(str(b["target"])),
                arah=b["arah"],
                nilai=Decimal(str(b["nilai"])),
            )
            for b in bawah
        ]
        kesenjangan, _tanpa = analisis_kesenjangan(nilai, baris, self.pemetaan)
        porsi, total, layanan_dasar = porsi_sektor(baris, self.pemetaan)
        aktif = r["status"] in STATUS_AKTIF
        return {
            "tersedia": True,
            "ada": True,
            "id": r["id"],
            "jenis": str(Rencana.Jenis(r["jenis"]).label),
            "tahun": r["tahun"],
            "status": r["status"],
            "status_label": str(Rencana.Status(r["status"]).label),
            "putaran": r["putaran"],
            "tenggat": r["tenggat"] if aktif else None,
            "tenggat_pihak": r["tenggat_pihak"] if aktif else "",
            "terlambat": bool(aktif and r["tenggat"] and hari_ini > r["tenggat"]),
            "jumlah_baris": len(baris),
            "total": total,
            "layanan_dasar": layanan_dasar,
            "persen_layanan_dasar": _persen(layanan_dasar, total),
            "porsi": [
                {"label": p.label, "anggaran": p.anggaran, "persen": _angka(p.persen)}
                for p in porsi
                if p.anggaran
            ],
            "kesenjangan": [
                {
                    "nama": k.indikator.nama,
                    "sektor_label": str(k.indikator.sektor_label),
                    "ditangani": k.ditangani,
                    "cara": k.cara,
                    "anggaran": k.anggaran,
                    "baris": [
                        {"kode": b.kode, "nama": b.nama, "anggaran": b.anggaran} for b in k.baris
                    ],
                }
                for k in kesenjangan
            ],
            "belum_ditangani": sum(1 for k in kesenjangan if not k.ditangani),
        }


def _rencana_desa(kecamatan, tw, desa_kode):
    return _RencanaDesa(kecamatan, tw, desa_kode)


def _tanpa_pengaduan():
    return {"tersedia": True, "terbuka": 0, "terlambat": 0, "daftar": []}


def _pengaduan_desa(kecamatan, desa_kode):
    """Open complaints of each village with the overdue ones flagged (pengaduan's own overdue
    rule). One query, bounded by the open complaints, not by the villages. The reporter's
    identity is never read; a confidential complaint's title is left out."""
    from pengaduan.models import STATUS_AKHIR, Pengaduan, q_terlambat

    qs = Pengaduan.objects.filter(desa__kecamatan=kecamatan).exclude(status__in=STATUS_AKHIR)
    if desa_kode:
        qs = qs.filter(desa_id=desa_kode)
    label_status = dict(Pengaduan._meta.get_field("status").flatchoices)
    label_sektor = dict(_sektor_label())
    hasil = defaultdict(_tanpa_pengaduan)
    for p in (
        qs.annotate(telat=Case(When(q_terlambat(), then=Value(True)), default=Value(False)))
        .order_by("diterima_pada", "id")
        .values("id", "desa_id", "sektor", "status", "diterima_pada", "judul", "rahasia", "telat")
    ):
        h = hasil[p["desa_id"]]
        h["terbuka"] += 1
        h["terlambat"] += p["telat"]
        h["daftar"].append(
            {
                "id": p["id"],
                "nomor": f"ADU-{p['id']:06d}",
                "sektor": label_sektor.get(p["sektor"], p["sektor"]),
                "status": str(label_status.get(p["status"], p["status"])),
                "diterima_pada": timezone.localtime(p["diterima_pada"]),
                "judul": "" if p["rahasia"] else p["judul"],
                "terlambat": p["telat"],
            }
        )
    return dict(hasil)


def _penilaian_desa(kecamatan, tw, desa_kode):
    """Community ratings per village and sector over the year ending with the quarter: count,
    mean (sum ÷ count, as pengaduan computes it) and the 1–5 spread. One GROUP BY query."""
    from pengaduan.models import Penilaian

    sejak = tw.mundur(TRIWULAN_TREN)[0].mulai
    batas_awal = timezone.make_aware(datetime.datetime.combine(sejak, datetime.time.min))
    _mulai, batas_akhir = _rentang_waktu(tw)
    qs = Penilaian.objects.filter(
        desa__kecamatan=kecamatan, dibuat__gte=batas_awal, dibuat__lt=batas_akhir
    )
    if desa_kode:
        qs = qs.filter(desa_id=desa_kode)
    per = defaultdict(lambda: defaultdict(lambda: [0] * 5))
    for desa, sektor, nilai, n in (
        qs.values_list("desa_id", "sektor", "nilai").annotate(n=Count("id")).order_by()
    ):
        per[desa][sektor][nilai - 1] = n
    hasil = {}
    for desa, sektor_map in per.items():
        baris = []
        for sektor, label in _sektor_label():
            sebaran = sektor_map.get(sektor, [0] * 5)
            n = sum(sebaran)
            jumlah = sum((i + 1) * k for i, k in enumerate(sebaran))
            baris.append(
                {
                    "sektor": sektor,
                    "label": label,
                    "n": n,
                    "rata": round(jumlah / n, 2) if n else None,
                    "sebaran": sebaran,
                }
            )
        hasil[desa] = {"tersedia": True, "ada": True, "per_sektor": baris}
    return hasil, sejak


# --- Sekber monitoring ----------------------------------------------------------------------


def monitoring_kecamatan(lingkup, tw, filter_data=None, *, hari_ini=None):
    """The kecamatan in the user's scope, annotated with what Sekber monitors: an active team,
    trained staff (modules covered, kecamatan staff trained), meetings in the quarter, village
    plans decided in the quarter and plans now past their review due date, and the report's
    status. One query per page, whatever the number of kecamatan (subqueries)."""
    from perencanaan.models import Rencana, RiwayatRencana

    from .filters import MonitoringFilter

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
    mulai, akhir = _rentang_waktu(tw)
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
        qs.annotate(pertama_diajukan=_pertama_diajukan())
        .values("kecamatan_id")
        .annotate(
            diajukan=Count("id", filter=Q(pertama_diajukan__isnull=False)),
            tepat=Count("id", filter=_q_tepat_waktu(tw)),
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
