"""The loader on the real national files and on modified copies of them."""

import csv
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi
from wilayah.services import BerkasWilayahTidakValid, wilayah_muat

SUMBER = settings.BASE_DIR / "fixtures" / "wilayah"
pytestmark = pytest.mark.django_db


@pytest.fixture
def salinan(tmp_path):
    for f in SUMBER.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _tulis(path, baris):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(baris)


def _baca(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_it_loads_the_whole_country_with_exact_counts():
    assert Provinsi.objects.count() == 38
    assert Kabupaten.objects.count() == 514
    assert Kecamatan.objects.count() == 7285
    assert Desa.objects.count() == 83762
    assert Desa.objects.filter(jenis=Desa.Jenis.KELURAHAN).count() == 8496
    assert Desa.objects.filter(jenis=Desa.Jenis.DESA).count() == 75252
    assert Desa.objects.filter(jenis=Desa.Jenis.DESA_ADAT).count() == 14
    assert Kabupaten.objects.get(kode="33.06").jenis == Kabupaten.Jenis.KABUPATEN
    assert Kabupaten.objects.get(kode="33.71").jenis == Kabupaten.Jenis.KOTA
    assert Kecamatan.objects.get(kode="33.06.11").nama == "Pituruh"


def test_it_keeps_curly_quotes_and_apostrophes_in_names():
    curly = Desa.objects.filter(nama__contains="\u2019")
    assert curly.exists()
    straight = Desa.objects.filter(nama__contains="'")
    assert straight.exists()
    # Same bytes as the file.
    file_names = {row[0]: row[2] for row in _baca(SUMBER / "villages.csv")[1:]}
    for d in list(curly[:5]) + list(straight[:5]):
        assert d.nama == file_names[d.kode]


def test_reloading_the_same_files_changes_nothing(capsys):
    laporan = wilayah_muat(direktori=SUMBER)
    assert not any(t.ada_perubahan for t in laporan)
    call_command("muat_wilayah", "--dir", str(SUMBER))
    assert "Tidak ada perubahan" in capsys.readouterr().out
    assert Desa.objects.count() == 83762


def test_a_changed_file_retires_renames_and_adds_codes(salinan, capsys):
    rows = _baca(salinan / "villages.csv")
    header, data = rows[0], rows[1:]
    hilang = "33.06.11.2049"
    data = [r for r in data if r[0] != hilang]
    for r in data:
        if r[0] == "33.06.11.2001":
            r[2] = "Kendalrejo Baru"
    data.append(["33.06.11.2050", "33.06.11", "Pemekaran’s Desa"])
    _tulis(salinan / "villages.csv", [header] + data)

    call_command("muat_wilayah", "--dir", str(salinan))
    out = capsys.readouterr().out
    assert "baru 1" in out and "dinonaktifkan 1" in out and "diubah 1" in out
    pensiun = Desa.objects.get(kode=hilang)
    assert pensiun.aktif is False  # kept, with its data, never deleted
    assert Desa.objects.get(kode="33.06.11.2001").nama == "Kendalrejo Baru"
    baru = Desa.objects.get(kode="33.06.11.2050")
    assert baru.nama == "Pemekaran’s Desa" and baru.jenis == Desa.Jenis.DESA
    assert Desa.objects.count() == 83763

    # The code comes back in a later list: reactivated, not duplicated.
    shutil.copy(SUMBER / "villages.csv", salinan / "villages.csv")
    laporan = wilayah_muat(direktori=salinan)
    desa = laporan[-1]
    assert desa.diaktifkan == [hilang]
    assert Desa.objects.get(kode=hilang).aktif is True


@pytest.mark.parametrize(
    "rusak, pesan",
    [
        ("kolom", "kolom district_code tidak ada"),
        ("induk", "kode induk '99.99.99' tidak dikenal"),
        ("ganda", "ganda"),
    ],
)
def test_a_bad_file_stops_with_a_clear_message_and_changes_nothing(salinan, rusak, pesan):
    rows = _baca(salinan / "villages.csv")
    if rusak == "kolom":
        rows = [["code", "kecamatan", "name"]] + rows[1:]
    elif rusak == "induk":
        rows.append(["99.99.99.2001", "99.99.99", "Entah"])
    else:
        rows.append(rows[1])
    # A valid change in the same run must not be applied either.
    rows[2][2] = "Nama Yang Tidak Boleh Tersimpan"
    _tulis(salinan / "villages.csv", rows)

    with pytest.raises(BerkasWilayahTidakValid) as exc:
        wilayah_muat(direktori=salinan)
    assert any(pesan in k for k in exc.value.kesalahan)
    assert not Desa.objects.filter(nama="Nama Yang Tidak Boleh Tersimpan").exists()
    with pytest.raises(CommandError, match="tidak ada yang diubah"):
        call_command("muat_wilayah", "--dir", str(salinan))
    assert Desa.objects.count() == 83762


def test_every_bad_row_is_listed_with_its_line(salinan):
    rows = _baca(salinan / "districts.csv")
    rows.append(["33.06.99", "99.99", "Salah Induk"])
    rows.append(["bukan-kode", "33.06", "Salah Format"])
    _tulis(salinan / "districts.csv", rows)
    with pytest.raises(BerkasWilayahTidakValid) as exc:
        wilayah_muat(direktori=salinan)
    n = len(rows)
    assert any(f"districts.csv baris {n - 1}" in k for k in exc.value.kesalahan)
    assert any(f"districts.csv baris {n}" in k for k in exc.value.kesalahan)
