from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Tingkat


def menu(lingkup):
    if lingkup is None:
        return []
    if lingkup.tingkat == Tingkat.DESA:
        return [(_("Desa saya"), reverse("wilayah:desa", args=[lingkup.kode]))]
    if lingkup.tingkat == Tingkat.KECAMATAN:
        return [(_("Profil kecamatan"), reverse("wilayah:kecamatan", args=[lingkup.kode]))]
    if lingkup.kode:
        return [(_("Jelajah wilayah"), reverse("wilayah:jelajah", args=[lingkup.kode]))]
    return [(_("Jelajah wilayah"), reverse("wilayah:jelajah_nasional"))]
