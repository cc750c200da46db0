"""The dashboards' figures, built server-side on the house layout (`figur`).

Traces are plain dicts: building hundreds of validated plotly objects (one per village polygon)
costs more server time than the whole rest of a page. Every text is Indonesian and every number
goes through d3-format with the layout's `separators=",."` (1.234,5), or through `angka()`.
Each chart's numbers are also shown as a table by the page (tables.py).
"""

import math

from django.utils.translation import gettext as _

from dashboard_kecamatan.umum.grafik import PALET, WARNA_LAMPU, figur

from .hitung import (
    ABU,
    HIJAU,
    KUNING,
    LABEL_LAMPU,
    MERAH,
    SIMBOL_LAMPU,
    TANPA_TARGET,
    URUTAN_LAMPU,
    angka,
    label_bulan_pendek,
    lampu,
    rentang_kuning,
    skor,
    target_bulanan,
)
from .selectors import BELUM, TANPA, TEPAT, TERLAMBAT, URUTAN_AKTIVITAS

WARNA = {**WARNA_LAMPU, TANPA_TARGET: WARNA_LAMPU["abu"]}
# Reporting activity (Okabe–Ito: distinguishable by colour-blind readers; labels in the legend).
WARNA_AKTIVITAS = {TEPAT: "#009E73", TERLAMBAT: "#E69F00", TANPA: "#D55E00", BELUM: "#56B4E9"}


def label_aktivitas():
    return {
        TEPAT: _("Tepat waktu"),
        TERLAMBAT: _("Terlambat"),
        TANPA: _("Tidak ada data"),
        BELUM: _("Belum jatuh tempo"),
    }


def pendek(teks, n=34):
    return teks if len(teks) <= n else teks[: n - 1].rstrip() + "…"


def label_unik(nama, n=34):
    """Short axis labels that stay distinct: the start and the end of each name (names of one
    sector often share a long beginning), numbered if two still collide. A category axis
    would otherwise draw two indicators on one row."""
    hasil, dipakai = [], set()
    for teks in nama:
        if len(teks) > n:
            akhir = max(8, n // 3)
            teks = teks[: n - akhir - 1].rstrip() + "…" + teks[-akhir:].lstrip()
        dasar, i = teks, 2
        while teks in dipakai:
            teks = f"{dasar} ({i})"
            i += 1
        dipakai.add(teks)
        hasil.append(teks)
    return hasil


# Legends above the plot, right-aligned: below it they collide with the x-axis title.
LEGENDA_ATAS = {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"}


_TATA_LETAK = {}


def _gabung(dasar, ubah):
    hasil = dict(dasar)
    for k, v in ubah.items():
        hasil[k] = (
            _gabung(dasar[k], v) if isinstance(v, dict) and isinstance(dasar.get(k), dict) else v
        )
    return hasil


def _tata_letak(judul, tinggi, layout):
    """The house layout of `figur()`, validated by plotly once per process and then reused:
    validating a layout costs more than building the rest of a chart."""
    ada_judul = bool(judul)
    if ada_judul not in _TATA_LETAK:
        dasar = figur(judul="x" if ada_judul else "").to_plotly_json()["layout"]
        # plotly.py's default template is ~10 KB of JSON per chart; the house layout already
        # sets what the pages need (palette, fonts, grid), so it is left out.
        dasar.pop("template", None)
        _TATA_LETAK[ada_judul] = dasar
    dasar = _TATA_LETAK[ada_judul]
    ubah = {"height": tinggi, **layout}
    if ada_judul:
        ubah["title"] = {**dasar["title"], **layout.get("title", {}), "text": judul}
    return _gabung(dasar, ubah)


def _gambar(data, *, judul, tinggi=360, **layout):
    """{data, layout} for the `grafik` tag: the house layout with plain-dict traces."""
    layout.setdefault("legend", LEGENDA_ATAS)
    if layout["legend"].get("yanchor") == "bottom":
        layout.setdefault("margin", {"l": 10, "r": 20, "t": 40, "b": 40})
        layout["margin"] = {**layout["margin"], "t": max(layout["margin"].get("t", 40), 72)}
    return {"data": data, "layout": _tata_letak(judul, tinggi, layout)}


def _tinggi_batang(n, minimum=220):
    return max(minimum, 28 * n + 90)


def _garis_target(target, *, sumbu="x", teks=None):
    """A dashed target line across the plot (a shape) with its label."""
    if sumbu == "x":
        garis = {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": target,
            "x1": target,
            "y0": 0,
            "y1": 1,
        }
    else:
        garis = {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": target,
            "y1": target,
        }
    garis["line"] = {"color": "#333", "width": 1.5, "dash": "dash"}
    return garis, teks


def _teks_kumulatif(ind):
    # The hover of a year-to-date figure says so, so it is not read as the month's own.
    return f" ({_('kumulatif')})" if getattr(ind, "kumulatif", False) else ""


def _satu_target(indikator):
    target = {float(i.target) for i in indikator if i.target is not None}
    return target.pop() if len(target) == 1 else None


# --- camat home ---------------------------------------------------------------------------------


def capaian_indikator(indikator, nilai, *, judul, url=None):
    """Horizontal bars: each indicator's value, coloured and labelled by its traffic light, with
    its target marked. `nilai` is {indikator_id: float|None}; `url` {indikator_id: url}."""
    y = label_unik([i.nama for i in indikator])
    x, warna, teks, hover, target, data_url = [], [], [], [], [], []
    for ind in indikator:
        v = nilai.get(ind.id)
        status = lampu(v, ind.target, ind.arah)
        x.append(v)
        warna.append(WARNA[status])
        # Number and shape on the bar (the words are in the hover, the legend line above the
        # chart and the table beside it; long labels would not fit a half-width chart).
        teks.append(f"{angka(v)} {SIMBOL_LAMPU[status]}")
        hover.append(
            f"{ind.nama}<br>{_('Capaian')}: {angka(v)}{_teks_kumulatif(ind)}<br>"
            f"{getattr(ind, 'label_target', '') or _('Target')}: "
            f"{angka(ind.target)}<br>{LABEL_LAMPU[status]}"
        )
        target.append(float(ind.target) if ind.target is not None else None)
        data_url.append((url or {}).get(ind.id, ""))
    batas_x = max([100.0] + [v for v in x if v is not None]) * 1.2
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("Capaian"),
            "x": x,
            "y": y,
            "marker": {"color": warna, "line": {"color": "#555", "width": 0.5}},
            "text": teks,
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": data_url,
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Target"),
            "x": target,
            "y": y,
            "marker": {
                "symbol": "line-ns-open",
                "size": 22,
                "color": "#000",
                "line": {"width": 3, "color": "#000"},
            },
            "hovertemplate": _("Target") + ": %{x:,.1f}<extra></extra>",
        },
    ]
    return _gambar(
        data,
        judul=judul,
        tinggi=_tinggi_batang(len(indikator)),
        xaxis={"title": {"text": _("Capaian (%)")}, "range": [0, batas_x]},
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=True,
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
    )


def skala_lampu():
    """A heatmap colour scale over the score (0–100) in the traffic lights' bands: blue only
    when the target is reached, amber within the yellow margin, red below it (darker the
    further). A score of 79 is red, as its status says, never a "good" light blue."""
    kuning = (100 - rentang_kuning()) / 100
    return [
        [0.0, "#b2182b"],
        [max(0.0, kuning - 0.0001), "#f4a582"],
        [kuning, "#fdd49e"],
        [0.9999, "#fdd49e"],
        [1.0, "#2166ac"],
    ]


def heatmap_desa(indikator, desa, sel, *, judul, url_desa):
    """Villages × indicators, coloured by score (100 = target reached), value in each cell.
    Cells without data stay empty: missing is not zero."""
    x = label_unik([i.nama for i in indikator], 28)
    y, z, teks, hover, cd = [], [], [], [], []
    for kode, nama in desa:
        y.append(nama)
        baris_z, baris_t, baris_h = [], [], []
        for ind in indikator:
            b = sel.get((kode, ind.id))
            v = b.nilai if b else None
            status = lampu(v, ind.target, ind.arah)
            # The score honours the direction (lower is better for stunting): 100 = target
            # reached; the colour bands below follow the traffic lights exactly.
            baris_z.append(skor(v, ind.target, ind.arah) if v is not None else None)
            baris_t.append(angka(v, 0) if v is not None else "")
            baris_h.append(f"{nama}<br>{ind.nama}<br>{angka(v)} · {LABEL_LAMPU[status]}")
        z.append(baris_z)
        teks.append(baris_t)
        hover.append(baris_h)
        cd.append([url_desa(kode)] * len(indikator))
    data = [
        {
            "type": "heatmap",
            "x": x,
            "y": y,
            "z": z,
            "zmin": 0,
            "zmax": 100,
            "colorscale": skala_lampu(),
            "colorbar": {
                "title": {"text": _("Skor")},
                "thickness": 12,
                "tickvals": [0, 100 - rentang_kuning(), 100],
                "ticktext": [
                    str(LABEL_LAMPU[MERAH]),
                    str(LABEL_LAMPU[KUNING]),
                    str(LABEL_LAMPU[HIJAU]),
                ],
            },
            "text": teks,
            "texttemplate": "%{text}",
            "textfont": {"size": 9},
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": cd,
            "xgap": 1,
            "ygap": 1,
        }
    ]
    # The indicator names stand above the columns, slanted; the title sits above them at the
    # top of the figure, with room reserved for both (automargin alone grows the margin to the
    # labels only, and the labels then printed over the title).
    tinggi_label = 10 + 6.5 * max((len(n) for n in x), default=0) * math.sin(math.radians(40))
    return _gambar(
        data,
        judul=judul,
        tinggi=max(300, 18 * len(desa) + 200 + int(tinggi_label)),
        xaxis={"tickangle": -40, "automargin": True, "side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 10, "t": 50 + int(tinggi_label), "b": 10},
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
    )


def peringkat(baris, *, judul, url_desa):
    """Villages by composite index, best on top (villages without data are left out here and
    listed in the table)."""
    baris = [r for r in baris if r["indeks"] is not None]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("Indeks"),
            "x": [r["indeks"] for r in baris],
            "y": [f"{r['peringkat']}. {r['nama']}" for r in baris],
            "marker": {"color": PALET[0]},
            "text": [angka(r["indeks"]) for r in baris],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [url_desa(r["kode"]) for r in baris],
            "hovertemplate": "%{y}<br>" + _("Indeks") + ": %{x:,.1f}<extra></extra>",
        }
    ]
    return _gambar(
        data,
        judul=judul,
        tinggi=_tinggi_batang(len(baris)) * 0.8,
        xaxis={"title": {"text": _("Indeks capaian (0–100)")}, "range": [0, 110]},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
    )


def target_tren(indikator, bulan):
    """The target line of a trend of these indicators: month by month (pro-rated, starting
    again each January) when all are year-to-date coverage with one annual target, one flat
    value when none is and they share a target, otherwise none (a line that fits only some of
    the series would mislead)."""
    if not indikator:
        return None
    tahunan = {getattr(i, "target_tahunan", i.target) for i in indikator}
    kumulatif = {bool(getattr(i, "kumulatif", False)) for i in indikator}
    if len(tahunan) != 1 or None in tahunan or len(kumulatif) != 1:
        return None
    if kumulatif == {True}:
        return {b: float(t) for b, t in target_bulanan(indikator[0], bulan).items()}
    return float(tahunan.pop())


# Above this many series a trend is drawn as small multiples (one small panel per series, same
# time axis) instead of one plot: 31 lines in one plot cannot be told apart.
TREN_SATU_PLOT_MAKS = 6
TREN_KOLOM = 3


def tren(seri, bulan, *, judul, target=None, sumbu_y=None):
    """Monthly lines. `seri` is [(name, {bulan: value})]; gaps where there is no data.
    `target` is one value (a flat line) or {bulan: value} (the pro-rated target of
    year-to-date coverage, drawn as a dashed line that starts again each January)."""
    if len(seri) > TREN_SATU_PLOT_MAKS:
        return _tren_panel(seri, bulan, judul=judul, target=target, sumbu_y=sumbu_y)
    x = [b.isoformat() for b in bulan]
    data = []
    for nama, nilai in seri:
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": pendek(nama, 40),
                "x": x,
                "y": [nilai.get(b) for b in bulan],
                "marker": {"size": 5},
                "hovertemplate": f"{nama}<br>" + "%{x|%B %Y}: %{y:,.1f}<extra></extra>",
            }
        )
    shapes = []
    if isinstance(target, dict):
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Target s.d. bulan berjalan"),
                "x": x,
                "y": [target.get(b) for b in bulan],
                "line": {"dash": "dash", "color": "#000", "width": 1.5},
                "hovertemplate": _("Target s.d. bulan ini")
                + ": %{y:,.1f}<extra>%{x|%B %Y}</extra>",
            }
        )
    elif target is not None:
        shapes = [_garis_target(target, sumbu="y")[0]]
    return _gambar(
        data,
        judul=judul,
        tinggi=380,
        legend=LEGENDA_ATAS,
        xaxis={"type": "date", "tickformat": "%b %Y"},
        yaxis={
            "title": {"text": sumbu_y or _("Capaian (%)")},
            "rangemode": "tozero",
            "automargin": True,
        },
        shapes=shapes,
    )


def _tren_panel(seri, bulan, *, judul, target=None, sumbu_y=None):
    """Small multiples: a grid of panels, one series each, titled above, sharing the time
    axis (zooming one zooms all) and each with the target line."""
    x = [b.isoformat() for b in bulan]
    kolom = TREN_KOLOM
    baris = math.ceil(len(seri) / kolom)
    tinggi_panel = 150
    tinggi = baris * tinggi_panel + 110
    # Gaps between panels as fractions of the plot area: room for the titles and tick labels.
    celah_x = 0.06
    celah_y = min(0.45 / baris, 48 / (tinggi - 110))
    data, anotasi, shapes, layout = [], [], [], {}
    for k, (nama, nilai) in enumerate(seri):
        r, c = divmod(k, kolom)
        akhiran = "" if k == 0 else str(k + 1)
        x0 = c / kolom + (celah_x / 2 if c else 0)
        x1 = (c + 1) / kolom - (celah_x / 2 if c < kolom - 1 else 0)
        y1 = 1 - r / baris - celah_y / 2
        y0 = 1 - (r + 1) / baris + celah_y / 2
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": pendek(nama, 40),
                "x": x,
                "y": [nilai.get(b) for b in bulan],
                "xaxis": f"x{akhiran}",
                "yaxis": f"y{akhiran}",
                "line": {"color": PALET[0], "width": 1.5},
                "marker": {"size": 3, "color": PALET[0]},
                "hovertemplate": f"{nama}<br>" + "%{x|%B %Y}: %{y:,.1f}<extra></extra>",
            }
        )
        layout[f"xaxis{akhiran}"] = {
            "domain": [x0, x1],
            "anchor": f"y{akhiran}",
            "type": "date",
            "tickformat": "%b %y",
            "nticks": 4,
            "tickfont": {"size": 9},
            **({"matches": "x"} if k else {}),
        }
        layout[f"yaxis{akhiran}"] = {
            "domain": [y0, y1],
            "anchor": f"x{akhiran}",
            "rangemode": "tozero",
            "nticks": 4,
            "tickfont": {"size": 9},
        }
        anotasi.append(
            {
                "text": pendek(nama, 44),
                "xref": "paper",
                "yref": "paper",
                "x": (x0 + x1) / 2,
                "y": y1,
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11},
            }
        )
        if isinstance(target, dict):
            # The pro-rated target of year-to-date coverage, month by month, in every panel.
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": _("Target s.d. bulan berjalan"),
                    "x": x,
                    "y": [target.get(b) for b in bulan],
                    "xaxis": f"x{akhiran}",
                    "yaxis": f"y{akhiran}",
                    "line": {"dash": "dash", "color": "#000", "width": 1},
                    "hovertemplate": _("Target s.d. bulan ini")
                    + ": %{y:,.1f}<extra>%{x|%B %Y}</extra>",
                }
            )
        elif target is not None:
            shapes.append(
                {
                    "type": "line",
                    "xref": f"x{akhiran} domain",
                    "yref": f"y{akhiran}",
                    "x0": 0,
                    "x1": 1,
                    "y0": target,
                    "y1": target,
                    "line": {"color": "#000", "width": 1, "dash": "dash"},
                }
            )
    if target is not None:
        anotasi.append(
            {
                "text": _("garis putus-putus: target %(t)s; sumbu tegak: %(s)s")
                % {
                    "t": _("s.d. bulan berjalan") if isinstance(target, dict) else angka(target),
                    "s": sumbu_y or _("capaian (%)"),
                },
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 22,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
            }
        )
    return _gambar(
        data,
        judul=judul,
        tinggi=tinggi,
        showlegend=False,
        margin={"l": 40, "r": 10, "t": 90, "b": 30},
        annotations=anotasi,
        shapes=shapes,
        **layout,
    )


def peta_desa(peta, nilai, nama, indikator, *, judul):
    """A choropleth without map tiles: each village polygon a filled scatter trace on
    equal-scale axes, coloured by its traffic-light bucket, with a legend.

    `peta` is (shapes, bbox) from BatasDesa; `nilai` {desa_kode: float|None}."""
    bentuk, kotak = peta
    data = [
        # Empty traces first so the legend lists every bucket, in order.
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "marker": {"symbol": "square", "size": 12, "color": WARNA[s]},
            "name": f"{SIMBOL_LAMPU[s]} {LABEL_LAMPU[s]}",
            "legendgroup": s,
            "hoverinfo": "skip",
        }
        for s in URUTAN_LAMPU
    ]
    for kode, cincin in bentuk.items():
        v = nilai.get(kode)
        status = lampu(v, indikator.target, indikator.arah)
        if status == TANPA_TARGET:
            status = ABU
        x, y = [], []
        for r in cincin:
            if x:
                x.append(None)
                y.append(None)
            x.extend(p[0] for p in r)
            y.extend(p[1] for p in r)
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": WARNA[status],
                "line": {"color": "#444", "width": 0.6},
                "name": nama.get(kode, kode),
                "legendgroup": status,
                "showlegend": False,
                "hoveron": "fills",
                "text": f"{nama.get(kode, kode)}: {angka(v)} · {LABEL_LAMPU[status]}",
                "hoverinfo": "text",
            }
        )
    lintang = (kotak[1] + kotak[3]) / 2
    sumbu = {"visible": False, "showgrid": False, "zeroline": False}
    return _gambar(
        data,
        judul=judul,
        tinggi=520,
        xaxis={**sumbu, "range": [kotak[0], kotak[2]]},
        yaxis={
            **sumbu,
            "range": [kotak[1], kotak[3]],
            # One degree of longitude is cos(latitude) degrees of latitude on the ground.
            "scaleanchor": "x",
            "scaleratio": 1 / max(0.2, math.cos(math.radians(lintang))),
        },
        hovermode="closest",
    )


# --- desa page ----------------------------------------------------------------------------------


def banding_desa(indikator, desa, kec, kab, *, judul, nama):
    """Grouped bars: the village beside its kecamatan and kabupaten, per indicator."""
    y = label_unik([i.nama for i in indikator])
    data = []
    for (label, nilai), warna in zip(
        [(nama[0], desa), (nama[1], kec), (nama[2], kab)], PALET, strict=False
    ):
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "x": [nilai.get(i.id) for i in indikator],
                "y": y,
                "marker": {"color": warna},
                "hovertemplate": f"{label}<br>" + "%{y}: %{x:,.1f}<extra></extra>",
            }
        )
    target = _satu_target(indikator)
    return _gambar(
        data,
        judul=judul,
        tinggi=max(260, 60 * len(indikator) + 100),
        barmode="group",
        xaxis={"title": {"text": _("Capaian (%)")}, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_garis_target(target)[0]] if target is not None else [],
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
    )


# --- indicator page -----------------------------------------------------------------------------


def batang_indikator_desa(indikator, baris, *, judul, url_desa, kec=None, kab=None):
    """One indicator across villages: bars sorted by value, traffic-light colours and labels,
    target and the kecamatan / kabupaten values as reference lines."""
    ada = sorted((r for r in baris if r["nilai"] is not None), key=lambda r: -r["nilai"])
    kosong = [r for r in baris if r["nilai"] is None]
    urut = ada + kosong
    status = [lampu(r["nilai"], indikator.target, indikator.arah) for r in urut]
    data = [
        {
            "type": "bar",
            "name": indikator.nama,
            "showlegend": False,
            "x": [r["nama"] for r in urut],
            "y": [r["nilai"] for r in urut],
            "marker": {"color": [WARNA[s] for s in status]},
            # Labels on every bar only while they fit; the hover and the table carry them.
            "text": [
                f"{angka(r['nilai'])} {SIMBOL_LAMPU[s]}" if len(urut) <= 25 else ""
                for r, s in zip(urut, status, strict=True)
            ],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": [
                f"{r['nama']}: {angka(r['nilai'])} · {LABEL_LAMPU[s]}"
                for r, s in zip(urut, status, strict=True)
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": [url_desa(r["kode"]) for r in urut],
        }
    ]
    shapes, legenda = [], []
    for label, v, warna in (
        (_("Target"), float(indikator.target) if indikator.target is not None else None, "#000"),
        (_("Kecamatan"), kec, PALET[1]),
        (_("Kabupaten"), kab, PALET[3]),
    ):
        if v is None:
            continue
        garis = _garis_target(v, sumbu="y")[0]
        garis["line"]["color"] = warna
        shapes.append(garis)
        # The lines are named in the legend, not by labels on the plot: target, kecamatan and
        # kabupaten values lie close together and their labels printed over each other and
        # over the bars' own labels.
        legenda.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "line": {"color": warna, "dash": garis["line"].get("dash", "dash"), "width": 2},
                "name": f"{label} {angka(v)}",
                "hoverinfo": "skip",
            }
        )
    return _gambar(
        data + legenda,
        judul=judul,
        tinggi=440,
        xaxis={"tickangle": -60, "automargin": True},
        yaxis={"title": {"text": _("Capaian (%)")}, "rangemode": "tozero", "automargin": True},
        shapes=shapes,
        showlegend=bool(legenda),
    )


def sebaran(indikator, baris, *, judul):
    """How the villages' values are distributed (histogram; villages without data excluded)."""
    nilai = [r["nilai"] for r in baris if r["nilai"] is not None]
    persen = float(indikator.faktor) == 100
    data = [
        {
            "type": "histogram",
            "x": nilai,
            "name": _("Jumlah desa"),
            "marker": {"color": PALET[0], "line": {"color": "white", "width": 1}},
            "hovertemplate": _("Capaian") + " %{x}: %{y} " + _("desa") + "<extra></extra>",
            **({"xbins": {"start": 0, "end": 110, "size": 10}} if persen else {"nbinsx": 10}),
        }
    ]
    return _gambar(
        data,
        judul=judul,
        tinggi=320,
        xaxis={"title": {"text": _("Capaian (%)") if persen else _("Nilai")}},
        yaxis={"title": {"text": _("Jumlah desa")}, "automargin": True},
        bargap=0.05,
    )


# --- Sekber monitoring --------------------------------------------------------------------------


def batang_wilayah(indikator, baris, *, judul, url):
    """The chosen indicator across the node's children (the drill-down chart): a click on a bar
    opens that child. `baris` is [(kode, nama, value|None)]."""
    ada = sorted((r for r in baris if r[2] is not None), key=lambda r: -r[2])
    urut = ada + [r for r in baris if r[2] is None]
    status = [lampu(r[2], indikator.target, indikator.arah) for r in urut]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": indikator.nama,
            "x": [r[2] for r in urut],
            "y": [r[1] for r in urut],
            "marker": {
                "color": [WARNA[s] for s in status],
                "line": {"color": "#555", "width": 0.5},
            },
            "text": [f"{angka(r[2])} {SIMBOL_LAMPU[s]}" for r, s in zip(urut, status, strict=True)],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [url(r[0]) for r in urut],
            "hovertemplate": "%{y}: %{x:,.1f}<extra></extra>",
        }
    ]
    target = float(indikator.target) if indikator.target is not None else None
    batas_x = max([100.0] + [r[2] for r in ada]) * 1.2
    return _gambar(
        data,
        judul=judul,
        tinggi=_tinggi_batang(len(urut)),
        xaxis={"title": {"text": _("Capaian (%)")}, "range": [0, batas_x]},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[_garis_target(target)[0]] if target is not None else [],
        showlegend=False,
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
    )


def aktivitas(baris, *, judul, url):
    """Stacked bars per child: kecamatan reporting on time, late, without data, not yet due.
    `baris` is [(kode, nama, {kategori: n})]."""
    label = label_aktivitas()
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": label[k],
            "x": [r[2].get(k, 0) for r in baris],
            "y": [r[1] for r in baris],
            "marker": {"color": WARNA_AKTIVITAS[k]},
            "customdata": [url(r[0]) for r in baris],
            "hovertemplate": "%{y}<br>"
            + label[k]
            + ": %{x:,d} "
            + _("kecamatan")
            + "<extra></extra>",
        }
        for k in URUTAN_AKTIVITAS
    ]
    terbesar = max([1] + [sum(r[2].get(k, 0) for k in URUTAN_AKTIVITAS) for r in baris])
    tinggi = _tinggi_batang(len(baris), 200) + 40
    return _gambar(
        data,
        judul=judul,
        tinggi=tinggi,
        barmode="stack",
        # Below the bars: four entries beside a long title would overlap it.
        legend={
            "orientation": "h",
            "x": 0,
            "y": -70 / max(100, tinggi - 130),
            "yanchor": "top",
            "traceorder": "normal",
        },
        xaxis={
            "title": {"text": _("Jumlah kecamatan")},
            "tickformat": ",d",
            # Whole kecamatan only: small counts would otherwise get 0,5 ticks.
            **({"dtick": 1} if terbesar <= 10 else {}),
        },
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "r": 20, "t": 40, "b": 90},
    )


__all__ = [
    "ABU",
    "HIJAU",
    "KUNING",
    "MERAH",
    "aktivitas",
    "banding_desa",
    "batang_indikator_desa",
    "batang_wilayah",
    "capaian_indikator",
    "heatmap_desa",
    "label_bulan_pendek",
    "peringkat",
    "peta_desa",
    "sebaran",
    "tren",
]
