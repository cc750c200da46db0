from perencanaan.services import hari_libur_muat

from ._muat import MuatCommand


class Command(MuatCommand):
    help = "Memuat hari libur nasional dan cuti bersama (idempoten, kunci: tanggal)."
    layanan = staticmethod(hari_libur_muat)
    nama = "Hari libur"
