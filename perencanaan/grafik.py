"""Charts of the perencanaan pages, built server-side with the house layout."""

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.grafik import PALET, figur

from .templatetags.uang import format_persen, format_rupiah


def grafik_porsi_sektor(porsi, *, judul=""):
    """Horizontal bars: share of the total budget per basic-service sector (+ the rest).
    The pages put the heading above the chart, so the figure has no title of its own."""
    rows = [p for p in porsi if p.persen is not None]
    fig = figur(
        judul=judul,
        tinggi=80 + 36 * max(len(rows), 1),
        xaxis={"title": _("Persen dari jumlah anggaran"), "ticksuffix": "%", "rangemode": "tozero"},
        yaxis={"autorange": "reversed"},
        showlegend=False,
        margin={"l": 200, "r": 30, "t": 40 if judul else 10, "b": 40},
    )
    fig.add_trace(
        go.Bar(
            orientation="h",
            y=[p.label for p in rows],
            x=[float(p.persen) for p in rows],
            text=[format_persen(p.persen) for p in rows],
            textposition="auto",
            customdata=[format_rupiah(p.anggaran) for p in rows],
            hovertemplate="%{y}: %{text} (%{customdata})<extra></extra>",
            marker={"color": [PALET[i % len(PALET)] for i in range(len(rows))]},
        )
    )
    return fig
