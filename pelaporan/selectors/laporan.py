"""The quarterly P3PD 1D report's figures: completeness, timeliness, indicator achievement,
priority villages, plans reviewed, complaints, the kecamatan's own activities. Returned as plain
JSON types so the same structure is rendered live, frozen at sign-off and exported."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from layanan_dasar.models import (
    AgregatIndikator,
    Indikator,
    JenisPeriode,
    Pengajuan,
    ekspr_kumulatif,
)
from wilayah.models import Desa, Kecamatan, Tingkat

from ..models import (
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
from ..triwulan import Triwulan
from .umum import (
    DESA_PRIORITAS_PER_SEKTOR,
    VERSI_DATA,
    agregat_per_iso,
    angka,
    arah_perubahan,
    batas_pengajuan,
    batas_tanggal_pengajuan,
    data_contoh,
    persen,
    pertama_diajukan,
    perubahan_capaian,
    rentang_waktu,
    sektor_label,
    status_capaian,
    target_tw,
    urut_sektor,
)


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
    for sektor, label in sektor_label():
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
                    "persen": persen(lapor, harap),
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
                "persen": persen(s_lapor, s_harap),
            }
        )
    return {
        "per_sektor": hasil,
        "lapor": total_lapor,
        "diharapkan": total_harap,
        "persen": persen(total_lapor, total_harap),
    }


def ketepatan_pengajuan(kecamatan, tw):
    """Timeliness of the monthly submissions (one per sector and month): submitted, on time
    (sent before the deadline), verified. One query."""
    baris = (
        Pengajuan.objects.filter(kecamatan=kecamatan, bulan__in=tw.bulan)
        .annotate(pertama_diajukan=pertama_diajukan())
        .values("sektor", "bulan", "status", "pertama_diajukan")
    )
    per = {(b["sektor"], b["bulan"]): b for b in baris}
    terverifikasi = {Pengajuan.Status.DIVERIFIKASI, Pengajuan.Status.DIKUNCI}
    hasil = []
    tot = defaultdict(int)
    for sektor, label in sektor_label():
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
                "persen_tepat": persen(s["tepat_waktu"], s["diharapkan"]),
                "rincian": rincian,
            }
        )
    return {
        "batas_tanggal": batas_tanggal_pengajuan(),
        "per_sektor": hasil,
        **tot,
        "belum": tot["diharapkan"] - tot["diajukan"],
        "persen_tepat": persen(tot["tepat_waktu"], tot["diharapkan"]),
    }


def capaian_indikator(kecamatan, tw):
    """Each active indicator at the kecamatan for the quarter and the previous one: value,
    numerator, denominator, target, whether it is met, and the change in points.
    Two queries: the indicator catalogue, the two quarters' kecamatan rows."""
    indikator = urut_sektor(
        Indikator.objects.filter(aktif=True)
        .annotate(kumulatif=ekspr_kumulatif())
        .values("id", "kode", "nama", "sektor", "kelompok", "target", "arah", "kumulatif")
    )
    baris = AgregatIndikator.objects.filter(
        tingkat=Tingkat.KECAMATAN,
        wilayah_kode=kecamatan.kode,
        jenis_periode=JenisPeriode.TRIWULAN,
        periode__in=[tw.mulai, tw.sebelumnya.mulai],
    ).values("indikator_id", "periode", "nilai", "pembilang", "penyebut", "pembilang_periode")
    per = {(b["indikator_id"], b["periode"]): b for b in baris}
    label_sektor = dict(sektor_label())
    hasil = []
    for ind in indikator:
        ini = per.get((ind["id"], tw.mulai)) or {}
        lalu = per.get((ind["id"], tw.sebelumnya.mulai)) or {}
        nilai = angka(ini.get("nilai"))
        nilai_lalu = angka(lalu.get("nilai"))
        kumulatif = bool(ind["kumulatif"])
        target_tahunan = angka(ind["target"])
        target = target_tw(target_tahunan, kumulatif, tw)
        perubahan = perubahan_capaian(
            nilai,
            target,
            nilai_lalu,
            target_tw(target_tahunan, kumulatif, tw.sebelumnya),
            kumulatif,
        )
        hasil.append(
            {
                "kode": ind["kode"],
                "nama": ind["nama"],
                "sektor": ind["sektor"],
                "sektor_label": label_sektor.get(ind["sektor"], ind["sektor"]),
                "kelompok": ind["kelompok"],
                "arah": ind["arah"],
                "kumulatif": kumulatif,
                "target": target,
                "target_tahunan": target_tahunan,
                "pembilang": ini.get("pembilang"),
                "penyebut": ini.get("penyebut"),
                "pembilang_periode": ini.get("pembilang_periode") if kumulatif else None,
                "nilai": nilai,
                "nilai_sebelumnya": nilai_lalu,
                "perubahan": perubahan,
                "arah_perubahan": arah_perubahan(perubahan, ind["arah"]),
                "tercapai": status_capaian(nilai, target, ind["arah"]),
            }
        )
    ada = [h for h in hasil if h["tercapai"] is not None]
    return {
        "indikator": hasil,
        # What a year-to-date figure of this quarter covers: "Januari–Juni", 50 % of the year.
        "kumulatif_sd": tw.bulan[-1].isoformat(),
        "porsi_target": round(100 * tw.bulan[-1].month / 12, 1),
        "dengan_data": sum(h["nilai"] is not None for h in hasil),
        "tercapai": sum(h["tercapai"] is True for h in ada),
        "belum_tercapai": sum(h["tercapai"] is False for h in ada),
        "membaik": sum(h["arah_perubahan"] == "membaik" for h in hasil),
        "memburuk": sum(h["arah_perubahan"] == "memburuk" for h in hasil),
    }


def _kekurangan():
    """How far a row lies below its indicator's target, in points (0 when met); for
    lower-is-better indicators the excess above target. A year-to-date row is compared with
    the pro-rated target (target × bulan_kumulatif ÷ 12), as every page compares it."""
    desimal = DecimalField(max_digits=14, decimal_places=4)
    nol = Value(Decimal(0), output_field=desimal)
    target = Case(
        When(
            bulan_kumulatif__isnull=False,
            then=F("indikator__target") * F("bulan_kumulatif") / Value(Decimal(12)),
        ),
        default=F("indikator__target"),
        output_field=desimal,
    )
    return Case(
        When(indikator__arah=Indikator.Arah.TURUN, then=Greatest(F("nilai") - target, nol)),
        default=Greatest(target - F("nilai"), nol),
        output_field=desimal,
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
                    "rerata_kekurangan": angka(b["rerata_kurang"]),
                }
            )
    return [{"sektor": s, "label": label, "desa": per.get(s, [])} for s, label in sektor_label()]


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


def perencanaan_triwulan(kecamatan, tw, hari_ini):
    """Village plans under the camat's review in the quarter: received, decided (approved or
    returned), APB drafts that took effect undecided at the deadline, decided on time (by the
    due date the submission started), working days from receipt to decision, and what is
    waiting now. Computed here from perencanaan's models (its selectors have no per-period
    summary); five queries whatever the number of villages."""
    from perencanaan.models import Rencana, RiwayatRencana
    from perencanaan.selectors import libur_antara
    from wilayah.kalender import selisih_hari_kerja

    mulai, akhir = rentang_waktu(tw)
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
        "persen_tepat": persen(tepat, tepat + terlambat),
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
    hasil["persen_selesai"] = persen(hasil["selesai"], hasil["total"])
    hasil["persen_tepat"] = persen(hasil["tepat_waktu"], hasil["ditanggapi"])
    return hasil


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
        "agregat_per": agregat_per_iso(),
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
        "data_contoh": data_contoh(kecamatan.kode),
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
