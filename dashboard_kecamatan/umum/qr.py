"""QR codes as inline SVG (segno, pure Python: no image library, no CDN, sharp in print)."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(teks, *, skala=6):
    """An <svg> element encoding `teks`. Error correction "M" survives a creased or slightly
    dirty print on a notice board."""
    kode = segno.make(teks, error="m", micro=False)
    return mark_safe(kode.svg_inline(scale=skala, border=2, dark="#000", light="#fff"))
