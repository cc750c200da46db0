"""Menu links and home pages of the dashboards (see dashboard_kecamatan/navigasi.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import PERAN_PIMPINAN, Peran, Tingkat

# Roles that enter and submit a sector's data: their home is their sector's dashboard.
PERAN_SEKTOR = {Peran.UPT_KESEHATAN, Peran.UPT_PENDIDIKAN, Peran.OPERATOR_KECAMATAN}


def _pantau(lingkup):
    if lingkup.kode:
        return reverse("dasbor:pantau", args=[lingkup.kode])
    return reverse("dasbor:pantau_nasional")


def beranda(lingkup):
    """Camat/sekcam → camat home; UPT and operator kecamatan → their sector's home; Sekber (and
    superusers) → monitoring at their node. Others are left to the apps that own their page."""
    if lingkup is None:
        return None
    if lingkup.peran in PERAN_PIMPINAN:
        return reverse("dasbor:kecamatan", args=[lingkup.kode])
    if lingkup.peran in PERAN_SEKTOR:
        return reverse("dasbor:upt", args=[lingkup.kode])
    if lingkup.is_sekber or lingkup.superuser:
        return _pantau(lingkup)
    return None


def menu(lingkup):
    if lingkup is None:
        return []
    if lingkup.peran in PERAN_PIMPINAN:
        return [(_("Dasbor kecamatan"), reverse("dasbor:kecamatan", args=[lingkup.kode]))]
    if lingkup.peran in PERAN_SEKTOR:
        return [
            (_("Dasbor sektor"), reverse("dasbor:upt", args=[lingkup.kode])),
            (_("Dasbor kecamatan"), reverse("dasbor:kecamatan", args=[lingkup.kode])),
        ]
    if lingkup.tingkat == Tingkat.DESA:
        return [(_("Dasbor desa"), reverse("dasbor:desa", args=[lingkup.kode]))]
    if lingkup.is_sekber or lingkup.superuser:
        return [(_("Pemantauan"), _pantau(lingkup))]
    return []
