"""Village boundaries (GeoJSON) of a kabupaten: validation, simplification, and the upload service.

The maps are drawn as filled cartesian polygons (only the cartesian plotly.js bundle ships), so
we keep each village's outer rings only, simplified with Douglas–Peucker and rounded: enough to
recognise the shapes, small enough for a slow connection.
"""

import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .models import BatasDesa, Desa

# ~30 m at the equator; the map is a whole kabupaten, finer detail is invisible.
TOLERANSI_BAWAAN = 0.0003
DESIMAL = 5  # ~1 m
MAKS_KESALAHAN = 50


class BatasTidakValid(Exception):
    """The file holds errors; nothing was saved. `kesalahan` lists every error found."""

    def __init__(self, kesalahan):
        self.kesalahan = list(kesalahan)
        super().__init__("\n".join(self.kesalahan))


@dataclass
class HasilBatas:
    bentuk: dict  # {kode desa: [ring, ...]}, ring = [[lon, lat], ...]
    kotak: list  # [min_lon, min_lat, max_lon, max_lat]
    jumlah_titik: int


def _jarak_garis(p, a, b):
    """Distance from p to the segment a–b (planar; fine at village scale)."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def sederhanakan(titik, toleransi):
    """Douglas–Peucker on one ring (iterative: rings of real boundaries can be very long)."""
    n = len(titik)
    if n < 3:
        return list(titik)
    simpan = [False] * n
    simpan[0] = simpan[-1] = True
    tumpukan = [(0, n - 1)]
    while tumpukan:
        awal, akhir = tumpukan.pop()
        jauh, idx = -1.0, -1
        for i in range(awal + 1, akhir):
            d = _jarak_garis(titik[i], titik[awal], titik[akhir])
            if d > jauh:
                jauh, idx = d, i
        if idx != -1 and jauh > toleransi:
            simpan[idx] = True
            tumpukan.append((awal, idx))
            tumpukan.append((idx, akhir))
    return [p for p, s in zip(titik, simpan, strict=True) if s]


def _cincin(koordinat, toleransi):
    """A simplified, rounded, closed ring, or None when it collapses to fewer than 3 points."""
    titik = [(float(p[0]), float(p[1])) for p in koordinat]
    if len(titik) > 1 and titik[0] == titik[-1]:
        titik = titik[:-1]
    if len(titik) < 3:
        return None
    # A closed ring simplified as one polyline would pin only its first point; split it at the
    # point farthest from the first so both halves keep their shape.
    jauh = max(range(len(titik)), key=lambda i: math.dist(titik[0], titik[i]))
    hasil = (
        sederhanakan(titik[: jauh + 1], toleransi)[:-1]
        + sederhanakan(titik[jauh:] + [titik[0]], toleransi)[:-1]
    )
    bulat = []
    for x, y in hasil:
        p = [round(x, DESIMAL), round(y, DESIMAL)]
        if not bulat or bulat[-1] != p:
            bulat.append(p)
    if len(bulat) < 3:
        return None
    return bulat + [bulat[0]]


def _kode_bersih(nilai):
    """Village codes arrive dotted (33.06.11.2001) or bare (3306112001): compare digits only."""
    return "".join(c for c in str(nilai) if c.isdigit())


def _koordinat_sah(cincin):
    try:
        return all(
            len(p) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p[:2])
            and -180 <= p[0] <= 180
            and -90 <= p[1] <= 90
            for p in cincin
        )
    except TypeError:
        return False


def batas_baca(data, *, kabupaten_kode, properti_kode="kode", toleransi=None):
    """Validate a GeoJSON FeatureCollection of the kabupaten's villages and simplify it.

    Raises BatasTidakValid listing every problem (feature number, reason); returns HasilBatas.
    """
    if toleransi is None:
        toleransi = getattr(settings, "WILAYAH_BATAS_TOLERANSI", TOLERANSI_BAWAAN)
    try:
        dok = json.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BatasTidakValid([_("Berkas bukan JSON yang sah: %(e)s") % {"e": exc}]) from None
    if not isinstance(dok, dict) or dok.get("type") != "FeatureCollection":
        raise BatasTidakValid([_("GeoJSON harus berupa FeatureCollection.")])
    fitur = dok.get("features")
    if not isinstance(fitur, list) or not fitur:
        raise BatasTidakValid([_("FeatureCollection tidak berisi fitur.")])

    desa = {
        _kode_bersih(k): k
        for k in Desa.objects.filter(kecamatan__kabupaten_id=kabupaten_kode).values_list(
            "kode", flat=True
        )
    }
    kesalahan = []
    bentuk = {}
    for nomor, f in enumerate(fitur, start=1):
        if not isinstance(f, dict) or f.get("type") != "Feature":
            kesalahan.append(_("Fitur ke-%(n)d: bukan Feature.") % {"n": nomor})
            continue
        prop = f.get("properties") or {}
        if properti_kode not in prop or prop[properti_kode] in (None, ""):
            kesalahan.append(
                _("Fitur ke-%(n)d: properti '%(p)s' (kode desa) tidak ada.")
                % {"n": nomor, "p": properti_kode}
            )
            continue
        kode = desa.get(_kode_bersih(prop[properti_kode]))
        if kode is None:
            kesalahan.append(
                _("Fitur ke-%(n)d: kode desa '%(k)s' bukan desa di kabupaten/kota %(kab)s.")
                % {"n": nomor, "k": prop[properti_kode], "kab": kabupaten_kode}
            )
            continue
        if kode in bentuk:
            kesalahan.append(
                _("Fitur ke-%(n)d: kode desa %(k)s muncul lebih dari sekali.")
                % {"n": nomor, "k": kode}
            )
            continue
        geo = f.get("geometry") or {}
        jenis = geo.get("type")
        if jenis == "Polygon":
            poligon = [geo.get("coordinates")]
        elif jenis == "MultiPolygon":
            poligon = geo.get("coordinates")
        else:
            kesalahan.append(
                _("Fitur ke-%(n)d (%(k)s): geometri harus Polygon atau MultiPolygon.")
                % {"n": nomor, "k": kode}
            )
            continue
        if not isinstance(poligon, list) or not all(
            isinstance(p, list) and p and isinstance(p[0], list) and _koordinat_sah(p[0])
            for p in poligon
        ):
            kesalahan.append(
                _("Fitur ke-%(n)d (%(k)s): koordinat tidak sah (harus [bujur, lintang]).")
                % {"n": nomor, "k": kode}
            )
            continue
        # Holes are dropped: a filled cartesian polygon cannot show them, and villages rarely
        # have any that matter at kabupaten scale.
        cincin = [c for c in (_cincin(p[0], toleransi) for p in poligon) if c]
        if not cincin:
            kesalahan.append(_("Fitur ke-%(n)d (%(k)s): poligon kosong.") % {"n": nomor, "k": kode})
            continue
        bentuk[kode] = cincin
        if len(kesalahan) >= MAKS_KESALAHAN:
            break
    if kesalahan:
        raise BatasTidakValid(kesalahan)
    xs = [p[0] for rings in bentuk.values() for r in rings for p in r]
    ys = [p[1] for rings in bentuk.values() for r in rings for p in r]
    return HasilBatas(
        bentuk=dict(sorted(bentuk.items())),
        kotak=[min(xs), min(ys), max(xs), max(ys)],
        jumlah_titik=len(xs),
    )


@transaction.atomic
def batas_desa_unggah(*, kabupaten, data, properti_kode="kode", nama_berkas="", oleh=None):
    """Replace the kabupaten's village boundaries with the uploaded GeoJSON (bytes or str).

    Nothing is saved when the file holds any error (BatasTidakValid lists them all).
    """
    ukuran_maks = getattr(settings, "WILAYAH_BATAS_UKURAN_MAKS", 30 * 1024 * 1024)
    if len(data) > ukuran_maks:
        raise BatasTidakValid(
            [_("Berkas terlalu besar (maksimal %(m)d MB).") % {"m": ukuran_maks // (1024 * 1024)}]
        )
    hasil = batas_baca(data, kabupaten_kode=kabupaten.kode, properti_kode=properti_kode)
    batas, _dibuat = BatasDesa.objects.update_or_create(
        kabupaten=kabupaten,
        defaults={
            "properti_kode": properti_kode,
            "nama_berkas": nama_berkas[:255],
            "bentuk": hasil.bentuk,
            "kotak": hasil.kotak,
            "jumlah_desa": len(hasil.bentuk),
            "jumlah_titik": hasil.jumlah_titik,
            "diunggah_oleh": oleh,
        },
    )
    return batas
