"""The crosswalk of other systems' codes: rules first, then the table (by validity date), an
unmapped code named in the refusal; the CSV loader is all or nothing."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import DESA_PITURUH, PITURUH
from wilayah.models import KodeEksternal
from wilayah.padanan import Padanan, PadananTidakValid, kode_eksternal_muat

pytestmark = pytest.mark.django_db


def test_rules_derive_kemendesa_and_siskeudes_codes():
    assert Padanan("kemendesa").terjemahkan("3306112001") == DESA_PITURUH
    assert Padanan("siskeudes", awalan="33.06").terjemahkan("33.06.11.2001.") == DESA_PITURUH
    # A well-formed code we do not have is unmapped, not guessed.
    p = Padanan("kemendesa")
    assert p.terjemahkan("3306999999") is None
    assert "3306999999" in p.pesan_tak_dikenal("3306999999")


def test_bps_and_dapodik_codes_need_the_table():
    assert Padanan("bps").terjemahkan("3306112001") is None
    KodeEksternal.objects.create(sistem="dapodik", kode_eksternal="031100", wilayah_kode=PITURUH)
    KodeEksternal.objects.create(
        sistem="bps",
        kode_eksternal="3306110001",
        wilayah_kode=DESA_PITURUH,
        berlaku_dari=dt.date(2020, 1, 1),
        berlaku_sampai=dt.date(2024, 12, 31),
    )
    assert Padanan("dapodik").terjemahkan("031100") == PITURUH
    assert Padanan("bps", tanggal=dt.date(2023, 6, 1)).terjemahkan("3306110001") == DESA_PITURUH
    assert Padanan("bps", tanggal=dt.date(2025, 6, 1)).terjemahkan("3306110001") is None
    # A table row pointing outside the importer's kabupaten does not map there.
    assert Padanan("dapodik", awalan="33.07").terjemahkan("031100") is None


def _csv(teks):
    return io.BytesIO(teks.encode())


def test_the_csv_loader_upserts_good_files():
    hasil = kode_eksternal_muat(
        berkas=_csv(f"sistem,kode_eksternal,wilayah_kode\ndapodik,031100,{PITURUH}\n")
    )
    assert (hasil.baru, hasil.diubah) == (1, 0)
    hasil = kode_eksternal_muat(
        berkas=_csv(
            "sistem,kode_eksternal,wilayah_kode,keterangan\n"
            f"dapodik,031100,{PITURUH},dicek\nbps,3306110001,{DESA_PITURUH},\n"
        )
    )
    assert (hasil.baru, hasil.diubah) == (1, 1)
    assert KodeEksternal.objects.get(kode_eksternal="031100").keterangan == "dicek"


def test_a_bad_csv_loads_nothing_and_lists_every_line():
    with pytest.raises(PadananTidakValid) as exc:
        kode_eksternal_muat(
            berkas=_csv(
                "sistem,kode_eksternal,wilayah_kode,berlaku_dari\n"
                f"dapodik,031100,{PITURUH},\n"
                "simda,1,33.06.11,\n"
                "bps,2,99.99.99,\n"
                f"bps,3,{PITURUH},kemarin\n"
                f"dapodik,031100,{PITURUH},\n"
            )
        )
    teks = "\n".join(exc.value.kesalahan)
    for baris in (3, 4, 5, 6):
        assert f"Baris {baris}:" in teks
    assert "Baris 2:" not in teks
    assert not KodeEksternal.objects.exists()


def test_the_command_loads_a_file(tmp_path):
    path = tmp_path / "padanan.csv"
    path.write_text(f"sistem,kode_eksternal,wilayah_kode\ndapodik,031100,{PITURUH}\n")
    call_command("muat_kode_eksternal", str(path))
    assert KodeEksternal.objects.count() == 1
    path.write_text("sistem,kode\n")
    with pytest.raises(CommandError, match="Kolom wajib"):
        call_command("muat_kode_eksternal", str(path))
