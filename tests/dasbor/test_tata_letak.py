"""Chart layout and readability (what a reader sees, not what the figures mean): a trend of
many indicators is small multiples, not 31 lines in one plot; the heatmap's title and column
labels do not print over each other; the indicator page names its reference lines in the legend
instead of labels stacked on the plot."""

from datetime import date
from types import SimpleNamespace

from django.urls import reverse

from layanan_dasar.dasbor import grafik

BULAN = [date(2025, m, 1) for m in range(1, 13)]


def _ind(i):
    return SimpleNamespace(
        id=i, kode=f"i{i}", nama=f"Indikator nomor {i} dengan nama panjang", target=100, arah="naik"
    )


def sumbu_y(fig):
    return {d["yaxis"] for d in fig["data"]}


def test_a_trend_of_many_indicators_is_drawn_as_small_multiples():
    seri = [(f"Indikator {i}", dict.fromkeys(BULAN, 50 + i)) for i in range(31)]
    fig = grafik.tren(seri, BULAN, judul="Tren", target=100)
    sumbu = {(d["xaxis"], d["yaxis"]) for d in fig["data"]}
    assert len(fig["data"]) == 31 and len(sumbu) == 31  # one panel per series
    lay = fig["layout"]
    assert lay["showlegend"] is False
    # Panels do not overlap: the domains of a row's neighbours are disjoint.
    assert lay["xaxis"]["domain"][1] < lay["xaxis2"]["domain"][0]
    assert lay["yaxis4"]["domain"][1] < lay["yaxis"]["domain"][0]
    assert lay["xaxis2"]["matches"] == "x"  # zooming one month range zooms all
    judul_panel = [a["text"] for a in lay["annotations"]]
    assert "Indikator 0" in judul_panel and "Indikator 30" in judul_panel
    assert sum(1 for s in lay["shapes"] if s["y0"] == 100) == 31  # the target in every panel
    # The pro-rated target (month by month) is drawn in every panel too.
    prorata = grafik.tren(seri, BULAN, judul="Tren", target={b: 100 * b.month / 12 for b in BULAN})
    garis = [d for d in prorata["data"] if d["line"].get("dash") == "dash"]
    assert len(garis) == 31 and {d["yaxis"] for d in garis} == sumbu_y(fig)
    # A few series stay one plot with a legend.
    few = grafik.tren(seri[:3], BULAN, judul="Tren", target=100)
    assert "xaxis" not in few["data"][0] and few["layout"].get("showlegend") is not False


def test_the_heatmap_reserves_room_for_its_title_above_the_column_labels():
    indikator = [_ind(i) for i in range(5)]
    fig = grafik.heatmap_desa(
        indikator, [("33.06.11.2001", "Kendalrejo")], {}, judul="Peta", url_desa=str
    )
    lay = fig["layout"]
    assert lay["xaxis"]["side"] == "top"
    assert lay["title"]["yref"] == "container" and lay["title"]["yanchor"] == "top"
    # 28-character labels at 40°: well over the 60 px the title and labels used to share.
    assert lay["margin"]["t"] >= 150


def test_the_indicator_page_names_its_reference_lines_in_the_legend():
    ind = SimpleNamespace(nama="Ibu hamil", target=100, arah="naik")
    baris = [{"kode": f"k{i}", "nama": f"Desa {i}", "nilai": 80.0 + i} for i in range(3)]
    fig = grafik.batang_indikator_desa(ind, baris, judul="x", url_desa=str, kec=81.0, kab=80.5)
    nama = [d["name"] for d in fig["data"] if d["type"] == "scatter"]
    assert nama == ["Target 100,0", "Kecamatan 81,0", "Kabupaten 80,5"]
    assert not fig["layout"].get("annotations")
    assert fig["layout"]["showlegend"] is True and len(fig["layout"]["shapes"]) == 3


def test_a_favicon_is_linked_and_served(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    r = client.get("/favicon.ico")
    assert r.status_code == 302 and r["Location"].endswith(".ico")
