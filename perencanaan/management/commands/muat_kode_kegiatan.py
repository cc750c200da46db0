from perencanaan.services import kode_kegiatan_muat

from ._muat import MuatCommand


class Command(MuatCommand):
    help = "Memuat kode kegiatan Permendagri 20/2018 (idempoten, kunci: kode)."
    layanan = staticmethod(kode_kegiatan_muat)
    nama = "Kode kegiatan"
