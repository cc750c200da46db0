"""Menu links of the perencanaan app (see dashboard_kecamatan/navigasi.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Peran, Tingkat


def menu(lingkup):
    if lingkup is None:
        return []
    if lingkup.tingkat == Tingkat.DESA:
        return [(_("Rencana desa"), reverse("perencanaan:desa", args=[lingkup.kode]))]
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return [(_("Perencanaan desa"), reverse("perencanaan:rekap", args=[lingkup.kode]))]
    return [(_("Perencanaan desa"), reverse("perencanaan:indeks"))]


def beranda(lingkup):
    """An operator desa's main job is the village plan: land there."""
    if lingkup is not None and lingkup.peran == Peran.OPERATOR_DESA:
        return reverse("perencanaan:desa", args=[lingkup.kode])
    return None
