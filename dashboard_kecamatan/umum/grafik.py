"""Server-side Plotly figures with the house style: Indonesian number format, a colour-blind-safe
palette, light layout. Pages pass a figure to `{% grafik fig "id" %}` (templatetags/grafik.py)."""

import plotly.graph_objects as go
from django.utils import formats

# Okabe–Ito: distinguishable with the common forms of colour blindness.
PALET = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Diverging scale for achievement heatmaps (below target → at target), colour-blind-safe.
SKALA_CAPAIAN = [[0.0, "#b2182b"], [0.5, "#f7f7f7"], [1.0, "#2166ac"]]
# Traffic lights: also carry a text label and shape wherever shown, never colour alone.
WARNA_LAMPU = {"hijau": "#1a9850", "kuning": "#fdae61", "merah": "#d73027", "abu": "#bbbbbb"}


def figur(*, judul="", tinggi=360, **layout):
    """A go.Figure with the house layout; `layout` overrides."""
    fig = go.Figure()
    fig.update_layout(
        title={"text": judul, "x": 0, "font": {"size": 15}} if judul else None,
        height=tinggi,
        margin={"l": 50, "r": 20, "t": 40 if judul else 10, "b": 40},
        # The page language's marks: "1.234,5" in Indonesian, "1,234.5" in English.
        separators=formats.get_format("DECIMAL_SEPARATOR")
        + formats.get_format("THOUSAND_SEPARATOR"),
        colorway=PALET,
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"namelength": -1},
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor="#eee", zeroline=False)
    fig.update_yaxes(gridcolor="#eee", zeroline=False)
    fig.update_layout(**layout)
    return fig
