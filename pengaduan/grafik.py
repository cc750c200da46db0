"""Figures of the complaint statistics and the community ratings (house style of
dashboard_kecamatan.umum.grafik). Each one's numbers are also shown as a table on its page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.grafik import PALET, figur


def fig_sektor(per_sektor):
    fig = figur(judul=_("Pengaduan per sektor"), barmode="group")
    label = [r["label"] for r in per_sektor]
    for kunci, nama, warna in (
        ("total", _("Diterima"), PALET[0]),
        ("selesai", _("Selesai"), PALET[2]),
        ("terlambat", _("Terlambat"), PALET[5]),
    ):
        fig.add_bar(x=label, y=[r[kunci] for r in per_sektor], name=nama, marker_color=warna)
    fig.update_yaxes(title_text=_("Jumlah pengaduan"), rangemode="tozero")
    return fig


def fig_wilayah(per_wilayah, *, per_desa):
    baris = sorted(per_wilayah, key=lambda r: r["total"])
    tinggi = max(300, 22 * len(baris) + 80)
    fig = figur(judul=_("Pengaduan per wilayah"), tinggi=tinggi, barmode="stack")
    nama = [r["nama"] for r in baris]
    tautan = [[reverse("pengaduan:desa", args=[r["kode"]])] if per_desa else [""] for r in baris]
    fig.add_bar(
        y=nama,
        x=[r["total"] - r["terlambat"] for r in baris],
        orientation="h",
        name=_("Tepat waktu"),
        marker_color=PALET[0],
        customdata=tautan,
    )
    fig.add_bar(
        y=nama,
        x=[r["terlambat"] for r in baris],
        orientation="h",
        name=_("Terlambat"),
        marker_color=PALET[5],
        customdata=tautan,
    )
    fig.update_xaxes(title_text=_("Jumlah pengaduan"))
    fig.update_layout(margin={"l": 140})
    return fig


def fig_status(per_status):
    fig = figur(judul=_("Pengaduan per status"))
    fig.add_bar(
        x=[r["label"] for r in per_status],
        y=[r["n"] for r in per_status],
        marker_color=PALET[0],
        name=_("Jumlah"),
    )
    fig.update_yaxes(rangemode="tozero")
    return fig


def fig_bulan(per_bulan):
    fig = figur(judul=_("Pengaduan masuk per bulan"), barmode="overlay")
    x = [
        r["bulan"].date().isoformat() if hasattr(r["bulan"], "date") else r["bulan"]
        for r in per_bulan
    ]
    fig.add_bar(x=x, y=[r["n"] for r in per_bulan], name=_("Diterima"), marker_color=PALET[0])
    fig.add_scatter(
        x=x,
        y=[r["selesai"] for r in per_bulan],
        name=_("Sudah selesai"),
        mode="lines+markers",
        marker_color=PALET[2],
    )
    fig.update_xaxes(tickformat="%b %Y", dtick="M1")
    fig.update_yaxes(rangemode="tozero")
    return fig


def fig_waktu(per_sektor):
    fig = figur(judul=_("Rata-rata lama penanganan (hari sejak diterima)"), barmode="group")
    label = [r["label"] for r in per_sektor]
    fig.add_bar(
        x=label,
        y=[r["rata_tanggapan"] for r in per_sektor],
        name=_("Sampai tanggapan pertama"),
        marker_color=PALET[1],
    )
    fig.add_bar(
        x=label,
        y=[r["rata_selesai"] for r in per_sektor],
        name=_("Sampai selesai"),
        marker_color=PALET[2],
    )
    fig.update_yaxes(title_text=_("Hari"), rangemode="tozero")
    return fig


def fig_penilaian(ringkas):
    """Mean rating per sector (0–5) with the number of ratings in the label."""
    fig = figur(judul=_("Penilaian masyarakat (rata-rata 1–5)"), tinggi=280)
    fig.add_bar(
        y=[r["label"] for r in ringkas],
        x=[r["rata"] for r in ringkas],
        orientation="h",
        marker_color=PALET[0],
        text=[
            _("%(rata)s (n=%(n)s)") % {"rata": str(r["rata"]).replace(".", ","), "n": r["n"]}
            if r["n"]
            else _("belum ada")
            for r in ringkas
        ],
        textposition="outside",
        cliponaxis=False,
        name=_("Rata-rata"),
    )
    fig.update_xaxes(range=[0, 5.6], dtick=1, title_text=_("Nilai rata-rata"))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 120}, showlegend=False)
    return fig
