from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Tingkat


def menu(lingkup):
    if lingkup is None:
        return []
    item = [
        (_("Pengaduan"), reverse("pengaduan:kotak_masuk")),
        (_("Statistik pengaduan"), reverse("pengaduan:statistik")),
    ]
    if lingkup.tingkat == Tingkat.DESA:
        item.append((_("Penilaian warga"), reverse("pengaduan:desa", args=[lingkup.kode])))
    return item
