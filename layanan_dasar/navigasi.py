"""Menu links of the entry pages for the kecamatan's staff (home pages: dasbor/navigasi.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Tingkat


def menu(lingkup):
    if lingkup is None or lingkup.tingkat != Tingkat.KECAMATAN or lingkup.baca_saja:
        return []
    return [
        (_("Isian data"), reverse("layanan_dasar:isian_pilih")),
        (_("Kelengkapan data"), reverse("layanan_dasar:kelengkapan", args=[lingkup.kode])),
    ]
