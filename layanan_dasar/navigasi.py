"""Menu links of the entry pages for the kecamatan's staff (home pages: dasbor/navigasi.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Sektor, Tingkat


def menu(lingkup):
    if lingkup is None or lingkup.tingkat != Tingkat.KECAMATAN or lingkup.baca_saja:
        return []
    item = [
        (_("Isian data"), reverse("layanan_dasar:isian_pilih")),
        (_("Kelengkapan data"), reverse("layanan_dasar:kelengkapan", args=[lingkup.kode])),
    ]
    # Other systems' exports, in the menu of the sector staff they feed (the camat's menu is
    # full already; the pages are open to the camat all the same).
    if lingkup.sektor is None:
        return item
    if lingkup.mencakup_sektor(Sektor.KESEHATAN):
        item.append((_("Impor e-PPGBM"), reverse("layanan_dasar:eppgbm", args=[lingkup.kode])))
    if lingkup.mencakup_sektor(Sektor.KESEHATAN) or lingkup.mencakup_sektor(Sektor.PENDIDIKAN):
        item.append((_("Scorecard desa"), reverse("layanan_dasar:skorkard", args=[lingkup.kode])))
    return item
