"""Village boundaries (GeoJSON) per kabupaten: validation, simplification, admin upload, and the
tile-free choropleth that appears once they exist."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import DESA_KEMIRI, DESA_PITURUH, PITURUH
from wilayah.batas import BatasTidakValid, batas_baca, batas_desa_unggah, sederhanakan
from wilayah.models import BatasDesa, Kabupaten

pytestmark = pytest.mark.django_db


def _kotak(x, y, n=40):
    """A square ring with many collinear points on each side (to be simplified away)."""
    sisi = [(x + i / n * 0.01, y) for i in range(n)]
    sisi += [(x + 0.01, y + i / n * 0.01) for i in range(n)]
    sisi += [(x + 0.01 - i / n * 0.01, y + 0.01) for i in range(n)]
    sisi += [(x, y + 0.01 - i / n * 0.01) for i in range(n)]
    return [list(p) for p in sisi] + [list(sisi[0])]


def _fitur(kode, geom=None, prop="kode"):
    return {
        "type": "Feature",
        "properties": {prop: kode, "nama": "x"},
        "geometry": geom or {"type": "Polygon", "coordinates": [_kotak(110.0, -7.7)]},
    }


def _berkas(*fitur):
    return json.dumps({"type": "FeatureCollection", "features": list(fitur)}).encode()


def test_valid_file_is_simplified_and_keyed_by_code():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[_kotak(110.02, -7.7)], [_kotak(110.05, -7.7)]],
    }
    hasil = batas_baca(
        _berkas(_fitur(DESA_PITURUH), _fitur(DESA_KEMIRI.replace(".", ""), multi)),
        kabupaten_kode="33.06",
    )
    assert set(hasil.bentuk) == {DESA_PITURUH, DESA_KEMIRI}  # bare codes are matched too
    cincin = hasil.bentuk[DESA_PITURUH][0]
    assert len(cincin) == 5  # 161 points → the square's 4 corners, closed
    assert len(hasil.bentuk[DESA_KEMIRI]) == 2
    assert hasil.kotak == [110.0, -7.7, 110.06, -7.69]


def test_douglas_peucker_keeps_the_shape():
    garis = [(0, 0), (1, 0.0001), (2, 0), (3, 5), (4, 0)]
    assert sederhanakan(garis, 0.01) == [(0, 0), (2, 0), (3, 5), (4, 0)]


@pytest.mark.parametrize(
    "isi, pesan",
    [
        (b"{bukan json", "bukan JSON"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (_berkas(_fitur(DESA_PITURUH, prop="id")), "properti 'kode'"),
        (_berkas(_fitur("32.01.01.2001")), "bukan desa di kabupaten/kota 33.06"),
        (_berkas(_fitur(DESA_PITURUH, {"type": "Point", "coordinates": [1, 2]})), "Polygon"),
        (_berkas(_fitur(DESA_PITURUH), _fitur(DESA_PITURUH)), "lebih dari sekali"),
        (
            _berkas(_fitur(DESA_PITURUH, {"type": "Polygon", "coordinates": [[["a", 1]]]})),
            "koordinat",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_saved(isi, pesan):
    kab = Kabupaten.objects.get(kode="33.06")
    with pytest.raises(BatasTidakValid) as exc:
        batas_desa_unggah(kabupaten=kab, data=isi)
    assert pesan in str(exc.value)
    assert not BatasDesa.objects.exists()


def test_every_bad_feature_is_listed():
    with pytest.raises(BatasTidakValid) as exc:
        batas_baca(
            _berkas(_fitur("32.01.01.2001"), _fitur(DESA_PITURUH), _fitur("99")),
            kabupaten_kode="33.06",
        )
    assert [k.split(":")[0] for k in exc.value.kesalahan] == ["Fitur ke-1", "Fitur ke-3"]


def test_admin_uploads_and_sekber_only_looks(client, django_user_model, sekber_kabupaten):
    admin = django_user_model.objects.create_superuser("admin-batas", password="rahasia-123")
    client.force_login(admin)
    url = reverse("admin:wilayah_batasdesa_add")
    r = client.post(
        url,
        {
            "kabupaten": "33.06",
            "properti_kode": "kode",
            "berkas": SimpleUploadedFile("x.geojson", _berkas(_fitur("32.01.01.2001"))),
        },
    )
    assert r.status_code == 200 and "bukan desa di kabupaten/kota" in r.content.decode()
    assert not BatasDesa.objects.exists()
    r = client.post(
        url,
        {
            "kabupaten": "33.06",
            "properti_kode": "kode",
            "berkas": SimpleUploadedFile("purworejo.geojson", _berkas(_fitur(DESA_PITURUH))),
        },
    )
    assert r.status_code == 302
    batas = BatasDesa.objects.get()
    assert batas.jumlah_desa == 1 and batas.nama_berkas == "purworejo.geojson"
    assert batas.diunggah_oleh == admin
    client.force_login(sekber_kabupaten)
    assert client.get(reverse("admin:wilayah_batasdesa_changelist")).status_code == 200
    assert client.get(url).status_code == 403


def test_choropleth_appears_only_with_boundaries(
    klien, sekber_kabupaten, camat, katalog, isi_agregat
):
    isi_agregat(katalog, tren=False)
    c = klien(sekber_kabupaten)
    url = reverse("dasbor:pantau", args=["33.06"])
    assert "fig_peta" not in c.get(url).context
    kab = Kabupaten.objects.get(kode="33.06")
    batas_desa_unggah(
        kabupaten=kab,
        data=_berkas(
            _fitur(DESA_PITURUH),
            _fitur(DESA_KEMIRI, {"type": "Polygon", "coordinates": [_kotak(110.1, -7.7)]}),
        ),
    )
    r = c.get(url)
    peta = r.context["fig_peta"]
    jejak = peta["data"]
    assert {t["type"] for t in jejak} == {"scatter"}  # no geo traces, no tiles
    desa = [t for t in jejak if t.get("fill") == "toself"]
    assert len(desa) == 2 and all(len(t["x"]) == 5 for t in desa)
    legenda = [t["name"] for t in jejak if t.get("showlegend") is not False]
    assert len(legenda) == 4 and "Mencapai target" in legenda[0]
    assert peta["layout"]["yaxis"]["scaleanchor"] == "x"
    # The map's numbers as a table.
    assert [row["nama"] for row in r.context["tabel"]["peta"].data.data] == ["Kendalrejo", "Waled"]
    # The camat's home shows the map of its own villages only.
    r = klien(camat).get(reverse("dasbor:kecamatan", args=[PITURUH]))
    desa = [t for t in r.context["fig_peta"]["data"] if t.get("fill") == "toself"]
    assert [t["name"] for t in desa] == ["Kendalrejo"]
