"""The one-page desa profile for coaching: the village's indicators with their trend, its plan
against its gaps, its complaints and community ratings."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from layanan_dasar.models import (
    AgregatIndikator,
    Indikator,
    JenisPeriode,
    ekspr_kumulatif,
)
from wilayah.models import Desa, Tingkat

from .umum import (
    TRIWULAN_TREN,
    angka,
    arah_perubahan,
    data_contoh,
    persen,
    perubahan_capaian,
    rentang_waktu,
    sektor_label,
    status_capaian,
    target_tw,
)


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
        Indikator.objects.filter(aktif=True)
        .annotate(kumulatif=ekspr_kumulatif())
        .values("id", "kode", "nama", "sektor", "target", "arah", "kumulatif")
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
        nilai[b[0]][(b[1], b[2])] = angka(b[3])
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
    label_sektor = dict(sektor_label())
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
            target = target_tw(angka(ind["target"]), ind["kumulatif"], tw)
            if sekarang is None:
                tanpa_data += 1
                continue
            if status_capaian(sekarang, target, ind["arah"]) is False:
                lalu = tren[-2] if len(tren) > 1 else None
                target_lalu = (
                    target_tw(angka(ind["target"]), ind["kumulatif"], tren_tw[-2])
                    if len(tren_tw) > 1
                    else None
                )
                perubahan = perubahan_capaian(sekarang, target, lalu, target_lalu, ind["kumulatif"])
                bawah.append(
                    {
                        "id": ind["id"],
                        "arah": ind["arah"],
                        "kode": ind["kode"],
                        "nama": ind["nama"],
                        "sektor": ind["sektor"],
                        "sektor_label": label_sektor[ind["sektor"]],
                        "target": target,
                        "kumulatif": bool(ind["kumulatif"]),
                        "nilai": sekarang,
                        "kekurangan": round(
                            target - sekarang
                            if ind["arah"] == Indikator.Arah.NAIK
                            else sekarang - target,
                            2,
                        ),
                        "tren": tren,
                        "perubahan": perubahan,
                        "arah_perubahan": arah_perubahan(perubahan, ind["arah"]),
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
                    "persen": persen(lapor, harap),
                }
            )
        profil.append(
            {
                "desa": d,
                "indikator_bawah": bawah,
                "indikator_tanpa_data": tanpa_data,
                "indikator_total": len(indikator),
                "kelengkapan": kel,
                "kelengkapan_total": persen(
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
        "data_contoh": data_contoh(kecamatan.kode),
        "penilaian_sejak": nilai_sejak,
        "tren_label": [t.label_pendek for t in tren_tw],
        "desa": profil,
        "dihasilkan_pada": timezone.localtime(),
    }


class _RencanaDesa:
    """The current plan of each village (the latest year; APB before RKP within a year), its
    lines, and the perencanaan gap analysis run on the profile's own below-target indicators,
    so the sheet's gaps and the plan lines addressing them agree. Six queries for any number
    of villages: plans, lines, line-indicator links, the sector-code and code-indicator
    mappings."""

    def __init__(self, kecamatan, tw, desa_kode):
        from perencanaan.analisis import BarisRingkas
        from perencanaan.models import BarisKegiatan, Rencana
        from perencanaan.selectors import pemetaan_indikator, pemetaan_sektor

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
        self.peta = pemetaan_indikator() if ids else []

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
        kesenjangan, _tanpa = analisis_kesenjangan(nilai, baris, self.peta)
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
            "persen_layanan_dasar": persen(layanan_dasar, total),
            "porsi": [
                {"label": p.label, "anggaran": p.anggaran, "persen": angka(p.persen)}
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
                        {
                            "kode": c.baris.kode,
                            "nama": c.baris.nama,
                            "anggaran": c.baris.anggaran,
                            "cara": c.cara,
                        }
                        for c in k.cocok
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
    label_sektor = dict(sektor_label())
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
    _mulai, batas_akhir = rentang_waktu(tw)
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
        for sektor, label in sektor_label():
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
