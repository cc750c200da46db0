"""Indonesian money and percentage formatting: "Rp 1.234.567", "12,5%"."""

from decimal import Decimal

from django import template

register = template.Library()


def format_rupiah(nilai):
    if nilai is None or nilai == "":
        return "—"
    angka = int(nilai)
    teks = f"{abs(angka):,}".replace(",", ".")
    return f"Rp {'-' if angka < 0 else ''}{teks}"


def format_persen(nilai):
    if nilai is None or nilai == "":
        return "—"
    d = Decimal(str(nilai)).quantize(Decimal("0.1"))
    return f"{d}".replace(".", ",") + "%"


@register.filter
def rupiah(nilai):
    return format_rupiah(nilai)


@register.filter
def persen(nilai):
    return format_persen(nilai)


@register.filter
def ambil(kamus, kunci):
    """dict lookup in templates: {{ kamus|ambil:kunci }}."""
    if not kamus:
        return None
    return kamus.get(kunci)
