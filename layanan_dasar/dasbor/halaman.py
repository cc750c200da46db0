"""Page assembly: turn what a selector read into figures and tables (no query here).

Each `susun_*` returns the template context of one page; its "tabel" entry maps each table's
export key to the table, so the view can serve ?ekspor=csv|xlsx&tabel=<key> from the very rows
the page shows.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Sektor, Tingkat

from ..models import Pengajuan
from . import grafik
from .hitung import (
    ABU,
    HIJAU,
    KUNING,
    MERAH,
    URUTAN_LAMPU,
    angka,
    bulan_berjalan,
    desa_prioritas,
    geser_bulan,
    kelengkapan,
    label_bulan_pendek,
    label_kumulatif,
    label_periode,
    lampu,
    peringkat_desa,
    perubahan_capaian,
)
from .selectors import URUTAN_AKTIVITAS, kategori_pengajuan
from .tables import (
    AktivitasTable,
    CapaianTable,
    DesaIndikatorTable,
    DesaNilaiTable,
    HeatmapTable,
    PengajuanTable,
    PeringkatTable,
    PetaTable,
    PrioritasTable,
    SebaranTable,
    StatusKecamatanTable,
    TrenTable,
    WilayahTable,
)

URUT_LAMPU = {s: i for i, s in enumerate(URUTAN_LAMPU)}


def _url(nama, *args, kueri=""):
    url = reverse(f"dasbor:{nama}", args=args)
    return f"{url}?{kueri}" if kueri else url


def _pembuat_url(nama, kueri=""):
    """A fast url(kode) for one route with one code argument: reverse() once, then substitute
    (pages link every village or child, and reverse() per row adds up)."""
    pola = reverse(f"dasbor:{nama}", args=["KODE"])
    akhir = f"?{kueri}" if kueri else ""
    awal, _k, sisa = pola.partition("KODE")
    return lambda kode: f"{awal}{kode}{sisa}{akhir}"


def _nilai(b):
    return b.nilai if b is not None else None


def baris_capaian(indikator, sekarang, lalu, pilihan, *, url_indikator=None):
    """Rows of an achievement table: value, target, light, change, completeness."""
    hasil = []
    for ind in indikator:
        b, p = sekarang.get(ind.id), lalu.get(ind.id)
        v = _nilai(b)
        beda, arah = perubahan_capaian(ind, v, _nilai(p), pilihan.jenis, pilihan.sebelumnya)
        status = lampu(v, ind.target, ind.arah)
        kumulatif = bool(getattr(ind, "kumulatif", False))
        hasil.append(
            {
                "id": ind.id,
                "indikator": ind.nama,
                "url": url_indikator(ind) if url_indikator else "",
                "sektor": Sektor(ind.sektor).label,
                "nilai": v,
                "dasar": _("kumulatif") if kumulatif else _("periode ini"),
                "target": float(ind.target) if ind.target is not None else None,
                "target_tahunan": (
                    float(ind.target_tahunan)
                    if getattr(ind, "target_tahunan", None) is not None
                    else None
                ),
                "layanan_periode": b.pembilang_periode if (b and kumulatif) else None,
                "status": status,
                "status_urut": URUT_LAMPU.get(status, 9),
                "perubahan": beda,
                "arah_perubahan": arah,
                "pembilang": b.pembilang if b else None,
                "penyebut": b.penyebut if b else None,
                "kelengkapan": kelengkapan([b]) if b else None,
            }
        )
    return hasil


def catatan_kumulatif(indikator, pilihan):
    """The line under an achievement table saying that coverage figures are year-to-date and
    what share of the annual target they are compared with (None when no indicator shown is
    year-to-date)."""
    if pilihan.periode is None or not any(getattr(i, "kumulatif", False) for i in indikator):
        return None
    return {
        "label": label_kumulatif(pilihan.jenis, pilihan.periode),
        "persen": angka(100 * bulan_berjalan(pilihan.jenis, pilihan.periode) / 12, 1),
    }


def kartu_sektor(indikator, sekarang, sektor_list, url_sektor):
    """Per sector: completeness badge and the count of indicators per traffic light."""
    kartu = []
    for s in sektor_list:
        inds = [i for i in indikator if i.sektor == s]
        baris = [sekarang[i.id] for i in inds if i.id in sekarang]
        hitung = dict.fromkeys(URUTAN_LAMPU, 0)
        for i in inds:
            st = lampu(_nilai(sekarang.get(i.id)), i.target, i.arah)
            hitung[ABU if st == "tanpa" else st] += 1
        kartu.append(
            {
                "sektor": s,
                "label": Sektor(s).label,
                "kelengkapan": kelengkapan(baris),
                "hitung": hitung,
                "url": url_sektor(s),
                "jumlah": len(inds),
            }
        )
    return kartu


def kelas_kelengkapan(persen):
    if persen is None:
        return "secondary"
    if persen >= 90:
        return "success"
    if persen >= 60:
        return "warning"
    return "danger"


# --- camat home ---------------------------------------------------------------------------------


def susun_kecamatan(kecamatan, data, form, *, sektor_list, mode="camat"):
    pilihan = form.pilihan
    ctx = {
        "kecamatan": kecamatan,
        "form": form,
        "pilihan": pilihan,
        "label_periode": label_periode(pilihan.jenis, pilihan.periode) if pilihan.periode else "",
        "data_per": data.data_per,
        "tabel": {},
    }
    if pilihan.periode is None:
        return ctx
    kode = kecamatan.kode
    url_desa = _pembuat_url("desa", form.kueri(sektor="", kelompok="", indikator=""))

    def url_indikator(ind):
        return _url("indikator", kode, ind.kode, kueri=form.kueri(sektor=ind.sektor, indikator=""))

    sekarang = {i: b for (i, p), b in data.kec.items() if p == pilihan.periode}
    lalu = {i: b for (i, p), b in data.kec.items() if p == pilihan.sebelumnya}
    halaman = "upt" if mode == "upt" else "kecamatan"
    ctx["kartu"] = [
        {**k, "kelas": kelas_kelengkapan(k["kelengkapan"])}
        for k in kartu_sektor(
            data.indikator,
            sekarang,
            sektor_list,
            lambda s: _url(halaman, kode, kueri=form.kueri(sektor=s, kelompok="", indikator="")),
        )
    ]
    terpilih = data.terpilih
    judul_sektor = Sektor(pilihan.sektor).label if pilihan.sektor else ""
    lp = ctx["label_periode"]

    # Achievement of each indicator against target, with its change.
    capaian = baris_capaian(terpilih, sekarang, lalu, pilihan, url_indikator=url_indikator)
    ctx["catatan_kumulatif"] = catatan_kumulatif(terpilih, pilihan)
    ctx["fig_capaian"] = grafik.capaian_indikator(
        terpilih,
        {r["id"]: r["nilai"] for r in capaian},
        judul=_("Capaian indikator %(s)s, %(p)s") % {"s": judul_sektor, "p": lp},
        url={r["id"]: r["url"] for r in capaian},
    )
    ctx["tabel"]["capaian"] = CapaianTable(capaian)

    # Villages × indicators.
    kolom = list(
        zip(
            [f"i{i.id}" for i in terpilih],
            grafik.label_unik([i.nama for i in terpilih], 40),
            strict=True,
        )
    )
    baris_heat = []
    for k, nama in data.desa:
        r = {"kode": k, "nama": nama, "url": url_desa(k)}
        for i in terpilih:
            r[f"i{i.id}"] = _nilai(data.sel.get((k, i.id)))
        baris_heat.append(r)
    ctx["fig_heatmap"] = grafik.heatmap_desa(
        terpilih,
        data.desa,
        data.sel,
        judul=_("Peta panas desa × indikator, %(p)s") % {"p": lp},
        url_desa=url_desa,
    )
    ctx["tabel"]["heatmap"] = HeatmapTable(baris_heat, kolom=kolom)

    # Ranking of villages on the chosen sector's index.
    urut = peringkat_desa(terpilih, data.desa, data.sel)
    for r in urut:
        r["url"] = url_desa(r["kode"])
    ctx["fig_peringkat"] = grafik.peringkat(
        urut, judul=_("Peringkat desa: indeks %(s)s") % {"s": judul_sektor}, url_desa=url_desa
    )
    ctx["tabel"]["peringkat"] = PeringkatTable(urut)

    # Trend over 24 months (kecamatan level).
    seri = [
        (i.nama, {b: _nilai(data.tren.get((i.id, b))) for b in data.bulan_tren}) for i in terpilih
    ]
    ctx["fig_tren"] = grafik.tren(
        seri,
        data.bulan_tren,
        judul=_("Tren 24 bulan, Kecamatan %(k)s") % {"k": kecamatan.nama},
        target=grafik.target_tren(terpilih, data.bulan_tren),
    )
    ctx["tabel"]["tren"] = TrenTable(
        [
            {"bulan": label_bulan_pendek(b), "periode": b}
            | {f"i{i.id}": _nilai(data.tren.get((i.id, b))) for i in terpilih}
            for b in reversed(data.bulan_tren)
        ],
        kolom=kolom,
    )

    # Priority villages, by sector (every sector in scope).
    prioritas = desa_prioritas(data.indikator, data.desa, data.sel)
    baris_prio = []
    for s in sektor_list:
        for r in prioritas.get(s, []):
            baris_prio.append(
                {
                    **r,
                    "sektor": Sektor(s).label,
                    "terburuk": r["terburuk"].nama,
                    "url": url_desa(r["kode"]),
                }
            )
    ctx["tabel"]["prioritas"] = PrioritasTable(baris_prio)

    # A map when the kabupaten's village boundaries were uploaded.
    if data.peta is not None and pilihan.indikator is not None:
        ind = pilihan.indikator
        ctx["fig_peta"] = grafik.peta_desa(
            data.peta,
            {k: _nilai(data.sel.get((k, ind.id))) for k, _n in data.desa},
            dict(data.desa),
            ind,
            judul=_("Peta %(i)s, %(p)s") % {"i": grafik.pendek(ind.nama, 50), "p": lp},
        )
    return ctx


def susun_pengajuan(rows, sektor, bulan_akhir, n=12, sekarang=None):
    """Every (month, sector) of the last n months, including those with no submission row at
    all (shown as without data once due), newest first."""
    label_status = dict(Pengajuan.Status.choices)
    label_kat = grafik.label_aktivitas()
    ada = {(r["bulan"], r["sektor"]): r for r in rows}
    hasil = []
    for i in range(n):
        bulan = geser_bulan(bulan_akhir, -i)
        for s in sektor:
            r = ada.get((bulan, s), {})
            status, diajukan = r.get("status", ""), r.get("diajukan_pada")
            hasil.append(
                {
                    "bulan": label_periode("bulan", bulan),
                    "periode": bulan,
                    "sektor": Sektor(s).label,
                    "status": label_status.get(status, _("Belum ada")),
                    "diajukan_pada": diajukan,
                    "kategori": label_kat[kategori_pengajuan(status, diajukan, bulan, sekarang)],
                }
            )
    return PengajuanTable(hasil)


# --- desa page ----------------------------------------------------------------------------------


def susun_desa(desa, data, form, *, tautan_kecamatan=True):
    pilihan = form.pilihan
    lp = label_periode(pilihan.jenis, pilihan.periode) if pilihan.periode else ""
    ctx = {
        "desa": desa,
        "form": form,
        "pilihan": pilihan,
        "label_periode": lp,
        "data_per": data.data_per,
        "tabel": {},
    }
    if pilihan.periode is None:
        return ctx
    sekarang = {i: b for (i, p), b in data.desa.items() if p == pilihan.periode}
    lalu = {i: b for (i, p), b in data.desa.items() if p == pilihan.sebelumnya}
    kec = desa.kecamatan

    def url_indikator(ind):
        if not tautan_kecamatan:  # an operator desa cannot open the kecamatan's pages
            return ""
        return _url("indikator", kec.kode, ind.kode, kueri=form.kueri(sektor=ind.sektor))

    baris = baris_capaian(data.indikator, sekarang, lalu, pilihan, url_indikator=url_indikator)
    for r, ind in zip(baris, data.indikator, strict=True):
        r["kecamatan"] = _nilai(data.kec.get(ind.id))
        r["kabupaten"] = _nilai(data.kab.get(ind.id))
        r["tren"] = [_nilai(data.tren_desa.get((ind.id, b))) for b in data.bulan_tren]
    ctx["tabel"]["indikator"] = DesaIndikatorTable(baris)
    nama = (desa.nama, kec.nama, kec.kabupaten.nama)
    ctx["fig_banding"] = []
    for s in Sektor.values:
        inds = [i for i in data.indikator if i.sektor == s]
        if not inds:
            continue
        ctx["fig_banding"].append(
            (
                f"grafik-banding-{s}",
                grafik.banding_desa(
                    inds,
                    {i.id: _nilai(sekarang.get(i.id)) for i in inds},
                    {i.id: _nilai(data.kec.get(i.id)) for i in inds},
                    {i.id: _nilai(data.kab.get(i.id)) for i in inds},
                    judul=_("%(s)s: desa, kecamatan, kabupaten (%(p)s)")
                    % {"s": Sektor(s).label, "p": lp},
                    nama=nama,
                ),
            )
        )
    ind = pilihan.indikator
    if ind is not None:
        seri = [
            (desa.nama, {b: _nilai(data.tren_desa.get((ind.id, b))) for b in data.bulan_tren}),
            (kec.nama, {b: _nilai(data.tren_banding.get((kec.kode, b))) for b in data.bulan_tren}),
            (
                kec.kabupaten.nama,
                {b: _nilai(data.tren_banding.get((kec.kabupaten_id, b))) for b in data.bulan_tren},
            ),
        ]
        ctx["fig_tren"] = grafik.tren(
            seri,
            data.bulan_tren,
            judul=_("Tren 24 bulan: %(i)s") % {"i": grafik.pendek(ind.nama, 60)},
            target=grafik.target_tren([ind], data.bulan_tren),
        )
        ctx["tabel"]["tren"] = TrenTable(
            [
                {"bulan": label_bulan_pendek(b), "periode": b}
                | {f"s{n}": s[1].get(b) for n, s in enumerate(seri)}
                for b in reversed(data.bulan_tren)
            ],
            kolom=[(f"s{n}", s[0]) for n, s in enumerate(seri)],
        )
    return ctx


# --- indicator page -----------------------------------------------------------------------------


def susun_indikator(kecamatan, indikator, data, form, baris_tabel):
    pilihan = form.pilihan
    lp = label_periode(pilihan.jenis, pilihan.periode) if pilihan.periode else ""
    ctx = {
        "kecamatan": kecamatan,
        "indikator": indikator,
        "form": form,
        "pilihan": pilihan,
        "label_periode": lp,
        "data_per": data.data_per,
        "tabel": {},
        "target_teks": angka(indikator.target)
        + (f" ({indikator.label_target})" if getattr(indikator, "label_target", "") else ""),
        "form_kueri": form.kueri(sektor=indikator.sektor, indikator=""),
    }
    if pilihan.periode is None:
        return ctx
    url_desa = _pembuat_url("desa", form.kueri(sektor="", kelompok="", indikator=indikator.kode))

    semua = []
    for k, nama in data.desa:
        b = data.sel.get((k, pilihan.periode))
        semua.append({"kode": k, "nama": nama, "nilai": _nilai(b)})
    ctx["fig_batang"] = grafik.batang_indikator_desa(
        indikator,
        semua,
        judul=_("%(i)s per desa, %(p)s") % {"i": grafik.pendek(indikator.nama, 60), "p": lp},
        url_desa=url_desa,
        kec=_nilai(data.kec),
        kab=_nilai(data.kab),
    )
    ctx["fig_sebaran"] = grafik.sebaran(
        indikator, semua, judul=_("Sebaran capaian desa, %(p)s") % {"p": lp}
    )
    ctx["nilai_kecamatan"] = _nilai(data.kec)
    ctx["nilai_kabupaten"] = _nilai(data.kab)
    ctx["nilai_kecamatan_teks"] = angka(_nilai(data.kec))
    ctx["nilai_kabupaten_teks"] = angka(_nilai(data.kab))
    ctx["status_kecamatan"] = lampu(_nilai(data.kec), indikator.target, indikator.arah)
    # The distribution's numbers, in the histogram's bins.
    ada = [r["nilai"] for r in semua if r["nilai"] is not None]
    if float(indikator.faktor) == 100:
        sebaran = []
        for i in range(11):
            lo, hi = i * 10, i * 10 + 10
            sebaran.append(
                {
                    "rentang": f"{angka(lo, 0)}–<{angka(hi, 0)}",
                    "urut": i,
                    "jumlah": sum(1 for v in ada if lo <= v < hi),
                }
            )
        sebaran.append(
            {
                "rentang": _("≥ %(n)s") % {"n": angka(110, 0)},
                "urut": 11,
                "jumlah": sum(1 for v in ada if v >= 110),
            }
        )
        sebaran.append(
            {"rentang": _("Tidak ada data"), "urut": 12, "jumlah": len(semua) - len(ada)}
        )
        ctx["tabel"]["sebaran"] = SebaranTable(sebaran)
    # The per-village table (filtered by the FilterSet; the chart shows every village).
    lalu = {k: b for (k, p), b in data.sel.items() if p == pilihan.sebelumnya}
    rows = []
    for a in baris_tabel:
        v = float(a.nilai) if a.nilai is not None else None
        beda, arah = perubahan_capaian(
            indikator, v, _nilai(lalu.get(a.wilayah_kode)), pilihan.jenis, pilihan.sebelumnya
        )
        status = lampu(v, indikator.target, indikator.arah)
        rows.append(
            {
                "kode": a.wilayah_kode,
                "nama": a.nama_desa,
                "url": url_desa(a.wilayah_kode),
                "nilai": v,
                "status": status,
                "status_urut": URUT_LAMPU.get(status, 9),
                "perubahan": beda,
                "arah_perubahan": arah,
                "pembilang": a.pembilang,
                "penyebut": a.penyebut,
            }
        )
    ctx["tabel"]["desa"] = DesaNilaiTable(rows)
    return ctx


# --- Sekber monitoring --------------------------------------------------------------------------


def url_pantau(tingkat_anak, kueri):
    """url(kode) of a child on the monitoring page: kecamatan open the camat home."""
    return _pembuat_url("kecamatan" if tingkat_anak == Tingkat.KECAMATAN else "pantau", kueri)


def susun_pantau(kode, node, data, form, anak_tersaring):
    pilihan = form.pilihan
    lp = label_periode(pilihan.jenis, pilihan.periode) if pilihan.periode else ""
    ctx = {
        "kode": kode,
        "node": node,
        "form": form,
        "pilihan": pilihan,
        "label_periode": lp,
        "data_per": data.data_per,
        "tingkat_anak": Tingkat(data.tingkat_anak),
        "tabel": {},
    }
    if pilihan.periode is None:
        return ctx
    url = url_pantau(data.tingkat_anak, form.kueri())

    terpilih = form.terpilih
    ind = pilihan.indikator
    sekarang = {i: b for (i, p), b in data.node.items() if p == pilihan.periode}
    lalu = {i: b for (i, p), b in data.node.items() if p == pilihan.sebelumnya}
    capaian = baris_capaian(terpilih, sekarang, lalu, pilihan)
    ctx["catatan_kumulatif"] = catatan_kumulatif(terpilih, pilihan)
    ctx["tabel"]["capaian"] = CapaianTable(capaian, exclude=("pembilang", "penyebut"))
    ctx["kelengkapan_node"] = kelengkapan(list(sekarang.values()))
    ctx["kelas_kelengkapan"] = kelas_kelengkapan(ctx["kelengkapan_node"])
    nama_node = node.nama if node else _("Nasional")
    ctx["fig_capaian"] = grafik.capaian_indikator(
        terpilih,
        {r["id"]: r["nilai"] for r in capaian},
        judul=_("Capaian %(n)s, %(p)s") % {"n": nama_node, "p": lp},
    )
    if ind is not None:
        ctx["fig_anak"] = grafik.batang_wilayah(
            ind,
            [(k, n, _nilai(data.sel.get((k, ind.id)))) for k, n in data.anak],
            judul=_("%(i)s per %(t)s, %(p)s")
            % {"i": grafik.pendek(ind.nama, 50), "t": Tingkat(data.tingkat_anak).label, "p": lp},
            url=url,
        )
        ctx["fig_tren"] = grafik.tren(
            [(nama_node, {b: _nilai(data.tren.get(b)) for b in data.bulan_tren})],
            data.bulan_tren,
            judul=_("Tren 24 bulan: %(i)s") % {"i": grafik.pendek(ind.nama, 60)},
            target=grafik.target_tren([ind], data.bulan_tren),
        )
        ctx["tabel"]["tren"] = TrenTable(
            [
                {"bulan": label_bulan_pendek(b), "periode": b, "n": _nilai(data.tren.get(b))}
                for b in reversed(data.bulan_tren)
            ],
            kolom=[("n", nama_node)],
        )
    # Children × indicators, filtered by name (WilayahFilter).
    kolom = list(
        zip(
            [f"i{i.id}" for i in terpilih],
            grafik.label_unik([i.nama for i in terpilih], 40),
            strict=True,
        )
    )
    baris = []
    for k, n in anak_tersaring:
        r = {"kode": k, "nama": n, "url": url(k)}
        rows = [data.sel[(k, i.id)] for i in terpilih if (k, i.id) in data.sel]
        for i in terpilih:
            r[f"i{i.id}"] = _nilai(data.sel.get((k, i.id)))
        r["kelengkapan"] = kelengkapan(rows)
        baris.append(r)
    ctx["tabel"]["wilayah"] = WilayahTable(baris, kolom=kolom)

    # Reporting activity.
    label = grafik.label_aktivitas()
    akt = []
    for k, n in data.anak:
        h = data.aktivitas.get(k, dict.fromkeys(URUTAN_AKTIVITAS, 0))
        total = sum(h.values())
        akt.append(
            {
                "kode": k,
                "nama": n,
                "url": url(k),
                **h,
                "total": total,
                "persen_tepat": round(100.0 * h["tepat"] / total, 1) if total else None,
            }
        )
    ctx["label_bulan"] = label_periode("bulan", pilihan.bulan)
    ctx["fig_aktivitas"] = grafik.aktivitas(
        [(r["kode"], r["nama"], r) for r in akt],
        judul=_("Aktivitas pelaporan %(s)s, %(b)s")
        % {"s": Sektor(pilihan.sektor).label, "b": ctx["label_bulan"]},
        url=url,
    )
    ctx["tabel"]["aktivitas"] = AktivitasTable(akt)
    ctx["ringkas_aktivitas"] = [(label[k], sum(r[k] for r in akt), k) for k in URUTAN_AKTIVITAS]
    if data.tingkat_anak == Tingkat.KECAMATAN:
        nama_kec = dict(data.anak)
        label_status = dict(Pengajuan.Status.choices)
        status_rows = [
            {
                "nama": nama_kec.get(r["kecamatan"], r["kecamatan"]),
                "url": url(r["kecamatan"]),
                "sektor": Sektor(r["sektor"]).label,
                "status": label_status.get(r["status"], r["status"]),
                "diajukan_pada": r["diajukan_pada"],
                "kategori": label[r["kategori"]],
            }
            for r in sorted(data.status_kecamatan, key=lambda r: (r["kecamatan"], r["sektor"]))
        ]
        ctx["tabel"]["status"] = StatusKecamatanTable(status_rows)
    if data.peta is not None and ind is not None:
        nilai = {k: b.nilai for k, b in data.sel_desa.items()}
        ctx["fig_peta"] = grafik.peta_desa(
            data.peta,
            nilai,
            data.nama_desa,
            ind,
            judul=_("Peta desa: %(i)s, %(p)s") % {"i": grafik.pendek(ind.nama, 50), "p": lp},
        )
        peta_rows = []
        for k in data.peta[0]:
            status = lampu(nilai.get(k), ind.target, ind.arah)
            peta_rows.append(
                {
                    "kode": k,
                    "nama": data.nama_desa.get(k, k),
                    "nilai": nilai.get(k),
                    "status": status,
                    "status_urut": URUT_LAMPU.get(status, 9),
                }
            )
        ctx["tabel"]["peta"] = PetaTable(peta_rows)
    return ctx


__all__ = ["HIJAU", "KUNING", "MERAH", "susun_desa", "susun_indikator", "susun_kecamatan"]
