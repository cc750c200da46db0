from django.core.management.base import BaseCommand, CommandError

from perencanaan.services import ReferensiTidakValid, referensi_muat


class Command(BaseCommand):
    help = (
        "Memuat semua data rujukan perencanaan dari fixtures/perencanaan/: kode kegiatan, "
        "hari libur, aturan Dana Desa, pemetaan sektor ↔ kode dan kode ↔ indikator (jalankan "
        "muat_katalog lebih dahulu). Idempoten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timpa",
            action="store_true",
            help="Timpa baris yang sudah ada (termasuk perubahan dari admin).",
        )

    def handle(self, *args, **opts):
        try:
            hasil = referensi_muat(timpa=opts["timpa"])
        except ReferensiTidakValid as exc:
            raise CommandError(str(exc)) from None
        for nama, (baru, diubah, *dilewati) in hasil.items():
            baris = f"{nama}: {baru} baru, {diubah} ditimpa."
            if dilewati and dilewati[0]:
                baris += (
                    f" {dilewati[0]} dilewati: indikatornya belum ada di katalog "
                    "(jalankan muat_katalog, lalu perintah ini lagi)."
                )
            self.stdout.write(baris)
