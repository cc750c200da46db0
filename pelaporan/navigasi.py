from django.urls import reverse
from django.utils.translation import gettext as _

from wilayah.models import Tingkat


def menu(lingkup):
    if lingkup is None or lingkup.tingkat == Tingkat.DESA:
        return []
    if lingkup.tingkat == Tingkat.KECAMATAN:
        item = [(_("P3PD 1D"), reverse("pelaporan:kecamatan", args=[lingkup.kode]))]
        if lingkup.sektor is None:
            item.append(
                (_("Laporan triwulan"), reverse("pelaporan:laporan_daftar", args=[lingkup.kode]))
            )
            item.append(
                (_("Aktivitas desa"), reverse("pelaporan:aktivitas_desa", args=[lingkup.kode]))
            )
        return item
    return [
        (_("Monitoring P3PD"), reverse("pelaporan:monitoring")),
        (_("Aktivitas desa"), reverse("pelaporan:aktivitas_indeks")),
        (_("Ekspor laporan"), reverse("pelaporan:pekerjaan_daftar")),
    ]
