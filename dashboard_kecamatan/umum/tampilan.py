"""Small display rules every app's admin and tables share."""

from django.contrib import admin


def kolom_tahun(nama="tahun", judul=None):
    """An admin list column for a year stored as an integer. The admin prints integer fields
    with the thousands separator (USE_THOUSAND_SEPARATOR), and a year is not a quantity:
    "2025", never "2.025"."""

    @admin.display(description=judul or nama, ordering=nama)
    def tampil(obj):
        nilai = getattr(obj, nama)
        return "" if nilai is None else str(nilai)

    tampil.__name__ = f"{nama}_teks"
    return tampil
