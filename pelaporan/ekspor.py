"""Files out: generic tables as CSV/XLSX (admin actions, monitoring list), the quarterly report
as XLSX and PDF, and the desa profiles as PDF. PDFs are rendered by WeasyPrint from
self-contained templates (no external URL, no web font)."""

import datetime
import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard_kecamatan.umum.ekspor import aman, isi_lembar, simpan

_JUDUL = Font(bold=True, size=13)


def slug(teks):
    teks = unicodedata.normalize("NFKD", teks).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-") or "wilayah"


# --- quarterly report -------------------------------------------------------------------------


def _tgl(iso):
    if not iso:
        return None
    if "T" in iso:
        return datetime.datetime.fromisoformat(iso).replace(tzinfo=None)
    return datetime.date.fromisoformat(iso)


def _status_tercapai(v):
    return None if v is None else (_("Tercapai") if v else _("Belum tercapai"))


def laporan_xlsx(data, laporan=None):
    """The quarterly report as a workbook: one sheet per section, numbers as numbers (missing
    data as empty cells, never zero)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ringkasan")
    kec = data["kecamatan"]
    tw = data["triwulan"]
    keg = data["kegiatan"]
    cap = data["capaian"]
    ws["A1"] = _("Laporan Triwulan P3PD Sub Komponen 1D")
    ws["A1"].font = _JUDUL
    tanda = (
        _("Ditandatangani oleh %(nama)s pada %(waktu)s")
        % {
            "nama": laporan.nama_penandatangan,
            "waktu": timezone.localtime(laporan.ditandatangani_pada).strftime("%d/%m/%Y %H:%M"),
        }
        if laporan is not None and laporan.ditandatangani
        else _("Belum ditandatangani")
    )
    ringkas = [
        (_("Kecamatan"), f"{kec['nama']} ({kec['kode']})"),
        (_("Kabupaten/kota"), kec["kabupaten"]),
        (_("Provinsi"), kec["provinsi"]),
        (_("Triwulan"), tw["label"]),
        (_("Jumlah desa/kelurahan"), data["jumlah_desa"]),
        (_("Memuat data contoh (bukan data sebenarnya)"), data.get("data_contoh", False)),
        (_("Kelengkapan data (%)"), data["kelengkapan"]["persen"]),
        (_("Pengajuan tepat waktu (%)"), data["ketepatan"]["persen_tepat"]),
        (_("Indikator berdata"), cap["dengan_data"]),
        (_("Indikator tercapai"), cap["tercapai"]),
        (_("Indikator belum tercapai"), cap["belum_tercapai"]),
        (_("Indikator membaik dari triwulan lalu"), cap["membaik"]),
        (_("Rencana desa diputuskan"), data["perencanaan"].get("ditinjau")),
        (_("Pengaduan diterima"), data["pengaduan"].get("total")),
        (_("Pengaduan terlambat"), data["pengaduan"].get("terlambat")),
        (_("Tim pengelola aktif"), keg["tim"]["aktif"]),
        (_("Pelatihan"), keg["pelatihan"]["jumlah"]),
        (_("Peserta pelatihan"), keg["pelatihan"]["peserta"]),
        (_("Rapat koordinasi"), keg["rapat"]["jumlah"]),
        (_("Tindak lanjut terlambat"), keg["rapat"]["tindak_lanjut"]["terlambat"]),
        (_("Agenda monev bersama Sekber terlaksana"), keg["monev"]["terlaksana"]),
        (_("Dihasilkan pada"), _tgl(data["dihasilkan_pada"])),
        (_("Agregat indikator per"), _tgl(data.get("agregat_per"))),
        (_("Status"), tanda),
    ]
    isi_lembar(ws, [_("Uraian"), _("Nilai")], ringkas, mulai=3)

    ws = wb.create_sheet(_("Kelengkapan"))
    baris = []
    for s in data["kelengkapan"]["per_sektor"]:
        for b in s["bulan"]:
            baris.append([s["label"], _tgl(b["bulan"]), b["lapor"], b["diharapkan"], b["persen"]])
        baris.append([s["label"], _("Triwulan"), s["lapor"], s["diharapkan"], s["persen"]])
    kl = data["kelengkapan"]
    baris.append([_("Semua sektor"), _("Triwulan"), kl["lapor"], kl["diharapkan"], kl["persen"]])
    isi_lembar(ws, [_("Sektor"), _("Bulan"), _("Lapor"), _("Diharapkan"), _("Persen")], baris)

    ws = wb.create_sheet(_("Ketepatan waktu"))
    kt = data["ketepatan"]
    kolom = ["diharapkan", "diajukan", "tepat_waktu", "terlambat", "belum", "diverifikasi"]
    baris = [[s["label"], *[s[k] for k in kolom], s["persen_tepat"]] for s in kt["per_sektor"]]
    baris.append([_("Semua sektor"), *[kt[k] for k in kolom], kt["persen_tepat"]])
    akhir = isi_lembar(
        ws,
        [
            _("Sektor"),
            _("Diharapkan"),
            _("Diajukan"),
            _("Tepat waktu"),
            _("Terlambat"),
            _("Belum diajukan"),
            _("Diverifikasi"),
            _("Persen tepat waktu"),
        ],
        baris,
    )
    rinci = [
        [
            s["label"],
            _tgl(r["bulan"]),
            r["status"],
            _tgl(r["diajukan_pada"]),
            _tgl(r["batas"]),
            r["tepat_waktu"],
        ]
        for s in kt["per_sektor"]
        for r in s["rincian"]
    ]
    isi_lembar(
        ws,
        [_("Sektor"), _("Bulan"), _("Status"), _("Diajukan pada"), _("Batas"), _("Tepat waktu")],
        rinci,
        mulai=akhir + 2,
    )

    ws = wb.create_sheet(_("Capaian indikator"))
    baris = [
        [
            i["sektor_label"],
            i["kode"],
            i["nama"],
            # Reports signed before year-to-date figures (VERSI_DATA 1) have no basis column.
            _("kumulatif") if i.get("kumulatif") else _("triwulan ini"),
            i["target"],
            i.get("target_tahunan", i["target"]),
            i["pembilang"],
            i["penyebut"],
            i["nilai"],
            i.get("pembilang_periode"),
            i["nilai_sebelumnya"],
            i["perubahan"],
            _status_tercapai(i["tercapai"]),
        ]
        for i in cap["indikator"]
    ]
    isi_lembar(
        ws,
        [
            _("Sektor"),
            _("Kode"),
            _("Indikator"),
            _("Dasar capaian"),
            _("Target triwulan ini"),
            _("Target setahun"),
            _("Pembilang"),
            _("Penyebut"),
            _("Capaian"),
            _("Layanan triwulan ini"),
            _("Capaian %(tw)s") % {"tw": tw["sebelumnya"]},
            _("Perubahan (poin)"),
            _("Status"),
        ],
        baris,
    )

    ws = wb.create_sheet(_("Desa prioritas"))
    baris = [
        [s["label"], n, d["kode"], d["nama"], d["n_bawah"], d["n_indikator"]]
        + [d["rerata_kekurangan"]]
        for s in data["desa_prioritas"]
        for n, d in enumerate(s["desa"], start=1)
    ]
    isi_lembar(
        ws,
        [
            _("Sektor"),
            _("Peringkat"),
            _("Kode desa"),
            _("Desa"),
            _("Indikator di bawah target"),
            _("Indikator berdata"),
            _("Rerata kekurangan (poin)"),
        ],
        baris,
    )

    _lembar_perencanaan(wb, data["perencanaan"])
    _lembar_pengaduan(wb, data["pengaduan"])

    ws = wb.create_sheet(_("Kegiatan"))
    tim = keg["tim"]
    akhir = isi_lembar(
        ws,
        [_("Tim pengelola"), _("Nilai")],
        [
            [_("Aktif"), tim["aktif"]],
            [_("Nomor SK"), tim["nomor_sk"]],
            [_("Tanggal SK"), _tgl(tim["tanggal_sk"])],
            [_("Jumlah anggota"), tim["anggota"]],
        ],
    )
    akhir = isi_lembar(
        ws,
        [_("Tanggal pelatihan"), _("Modul"), _("Tempat"), _("Peserta")],
        [
            [_tgl(p["tanggal"]), p["modul_label"], p["tempat"], p["peserta"]]
            for p in keg["pelatihan"]["daftar"]
        ],
        mulai=akhir + 2,
    )
    akhir = isi_lembar(
        ws,
        [_("Peran peserta"), _("Jumlah")],
        [[p["label"], p["jumlah"]] for p in keg["pelatihan"]["per_peran"]],
        mulai=akhir + 2,
    )
    akhir = isi_lembar(
        ws,
        [_("Tanggal rapat"), _("Judul"), _("Hadir"), _("Tindak lanjut")],
        [
            [_tgl(r["tanggal"]), r["judul"], r["hadir"], r["tindak_lanjut"]]
            for r in keg["rapat"]["daftar"]
        ],
        mulai=akhir + 2,
    )
    tl = keg["rapat"]["tindak_lanjut"]
    akhir = isi_lembar(
        ws,
        [_("Tindak lanjut rapat"), _("Jumlah")],
        [
            [_("Total"), tl["total"]],
            [_("Selesai"), tl["selesai"]],
            [_("Masih terbuka"), tl["terbuka"]],
            [_("Terlambat"), tl["terlambat"]],
            [_("Dibatalkan"), tl["batal"]],
        ],
        mulai=akhir + 2,
    )
    isi_lembar(
        ws,
        [_("Agenda monev"), _("Rencana"), _("Pelaksanaan"), _("Status"), _("Pihak Sekber")],
        [
            [
                m["kegiatan"],
                _tgl(m["tanggal_rencana"]),
                _tgl(m["tanggal_pelaksanaan"]),
                m["status"],
                m["pihak_sekber"],
            ]
            for m in keg["monev"]["daftar"]
        ],
        mulai=akhir + 2,
    )

    ws = wb.create_sheet(_("Narasi"))
    ws["A1"] = _("Narasi camat")
    ws["A1"].font = _JUDUL
    ws["A3"] = aman(laporan.narasi) if laporan is not None and laporan.narasi else ""
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    ws["A5"] = tanda
    return simpan(wb)


def _tertunda(wb, judul, bagian):
    """A sheet for a section whose source app is not active: says so, invents nothing."""
    ws = wb.create_sheet(judul)
    if not bagian.get("tersedia"):
        ws["A1"] = _("Data belum tersedia: modul %(m)s belum aktif.") % {"m": judul.lower()}
        return None
    return ws


def _lembar_perencanaan(wb, p):
    ws = _tertunda(wb, _("Perencanaan"), p)
    if ws is None:
        return
    akhir = isi_lembar(
        ws,
        [_("Uraian"), _("Nilai")],
        [
            [_("Pengajuan rencana diterima"), p["diterima"]],
            [_("Rencana diputuskan"), p["ditinjau"]],
            [_("Disetujui"), p["disetujui"]],
            [_("Dikembalikan untuk revisi"), p["dikembalikan"]],
            [_("Diputuskan tepat waktu"), p["tepat_waktu"]],
            [_("Diputuskan terlambat"), p["terlambat"]],
            [_("Persen tepat waktu"), p["persen_tepat"]],
            [_("Rata-rata hari kerja sampai diputuskan"), p["rata_hari_kerja"]],
            [_("APB Desa berlaku tanpa evaluasi"), p.get("berlaku", 0)],
            [_("Menunggu tinjauan (per tanggal laporan)"), p["menunggu"]],
            [_("Menunggu dan melewati tenggat"), p["menunggu_terlambat"]],
        ],
    )
    isi_lembar(
        ws,
        [_("Jenis"), _("Diputuskan"), _("Disetujui"), _("Dikembalikan")],
        [[j["label"], j["ditinjau"], j["disetujui"], j["dikembalikan"]] for j in p["per_jenis"]],
        mulai=akhir + 2,
    )


def _lembar_pengaduan(wb, p):
    ws = _tertunda(wb, _("Pengaduan"), p)
    if ws is None:
        return
    kolom = [
        "total",
        "selesai",
        "ditolak",
        "terbuka",
        "terlambat",
        "ditanggapi",
        "tepat_waktu",
        "rata_tanggapan",
        "rata_selesai",
    ]
    baris = [[s["label"], *[s[k] for k in kolom]] for s in p["per_sektor"]]
    baris.append([_("Semua sektor"), *[p[k] for k in kolom]])
    isi_lembar(
        ws,
        [
            _("Sektor"),
            _("Diterima"),
            _("Selesai"),
            _("Ditolak"),
            _("Masih terbuka"),
            _("Terlambat"),
            _("Ditanggapi"),
            _("Tanggapan pertama tepat waktu"),
            _("Rata-rata hari sampai tanggapan"),
            _("Rata-rata hari sampai selesai"),
        ],
        baris,
    )


def _html_ke_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def laporan_pdf(data, laporan=None):
    with translation.override("id"):
        html = render_to_string(
            "pelaporan/pdf/laporan.html", {"data": data, "laporan": laporan, "cetak": True}
        )
    return _html_ke_pdf(html)


def profil_pdf(profil, *, kemajuan=None):
    """Every sheet of `profil` (one village per page) as one PDF. Rendered village by village so
    a long kecamatan reports progress; the pages are then joined into one document."""
    from weasyprint import HTML

    dokumen = []
    with translation.override("id"):
        for i, p in enumerate(profil["desa"], start=1):
            html = render_to_string(
                "pelaporan/pdf/profil_desa.html", {"profil": profil, "daftar": [p], "cetak": True}
            )
            dokumen.append(HTML(string=html, base_url=None).render())
            if kemajuan is not None:
                kemajuan(i)
    if not dokumen:
        return _html_ke_pdf(
            render_to_string("pelaporan/pdf/profil_desa.html", {"profil": profil, "daftar": []})
        )
    halaman = [hal for d in dokumen for hal in d.pages]
    return dokumen[0].copy(halaman).write_pdf()
