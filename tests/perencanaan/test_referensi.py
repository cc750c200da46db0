"""Reference data: loaded by idempotent commands keyed by natural keys; editable in admin."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from perencanaan.models import AturanDanaDesa, KodeKegiatan, PemetaanSektorKode
from wilayah.models import HariLibur

pytestmark = pytest.mark.django_db


def test_the_commands_load_everything_and_can_run_again():
    out = StringIO()
    call_command("muat_referensi_perencanaan", stdout=out)
    assert KodeKegiatan.objects.count() == 207
    assert KodeKegiatan.objects.get(kode="5.3.00").induk_id == "5.3"
    assert HariLibur.objects.filter(tanggal=date(2025, 8, 18), jenis="cuti_bersama").exists()
    assert HariLibur.objects.filter(tanggal__year=2027, perlu_verifikasi=True).exists()
    assert set(AturanDanaDesa.objects.filter(tahun=2025).values_list("kode", flat=True)) == {
        "blt-desa",
        "ketahanan-pangan",
        "operasional-pemdes",
    }
    assert set(
        AturanDanaDesa.objects.filter(tahun=2026, aktif=True).values_list("kode", flat=True)
    ) == {"operasional-pemdes"}
    assert set(
        AturanDanaDesa.objects.filter(tahun=2027).values_list("disalin_dari", flat=True)
    ) == {2026}
    assert PemetaanSektorKode.objects.filter(sektor="sosial", awalan_kode="1.3.05").exists()
    jumlah = (KodeKegiatan.objects.count(), HariLibur.objects.count())
    out = StringIO()
    call_command("muat_referensi_perencanaan", stdout=out)
    assert "kode_kegiatan: 0 baru, 0 ditimpa." in out.getvalue()
    assert (KodeKegiatan.objects.count(), HariLibur.objects.count()) == jumlah


def test_a_name_edited_in_admin_survives_a_reload_unless_overwritten():
    call_command("muat_kode_kegiatan", stdout=StringIO())
    KodeKegiatan.objects.filter(kode="2.2.02").update(nama="Posyandu (diubah)")
    call_command("muat_kode_kegiatan", stdout=StringIO())
    assert KodeKegiatan.objects.get(kode="2.2.02").nama == "Posyandu (diubah)"
    call_command("muat_kode_kegiatan", "--timpa", stdout=StringIO())
    assert KodeKegiatan.objects.get(kode="2.2.02").nama.startswith("Penyelenggaraan Posyandu")


def test_a_bad_file_loads_nothing_and_says_which_rows(tmp_path):
    berkas = tmp_path / "libur.csv"
    berkas.write_text(
        "tanggal,nama,jenis,perlu_verifikasi\n"
        "2030-01-01,Tahun Baru,libur_nasional,0\n"
        "2030-02-30,Salah,libur_nasional,0\n"
        "2030-03-01,Salah jenis,hari_raya,0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("muat_hari_libur", "--berkas", str(berkas), stdout=StringIO())
    assert "Baris 3" in str(exc.value) and "Baris 4" in str(exc.value)
    assert not HariLibur.objects.filter(tanggal__year=2030).exists()


def test_the_demo_plans_cover_every_status_and_can_be_rerun(referensi, django_user_model):
    from perencanaan.models import Rencana

    django_user_model.objects.create_superuser("admin-uji", password="x")
    call_command("buat_rencana_demo", "--tahun", "2026", stdout=StringIO())
    status = sorted(Rencana.objects.filter(tahun=2026).values_list("status", flat=True))
    assert status == ["diajukan", "diajukan", "disetujui", "ditinjau", "draf", "perlu_revisi"]
    call_command("buat_rencana_demo", "--tahun", "2026", stdout=StringIO())
    assert Rencana.objects.filter(tahun=2026).count() == 6


def test_the_demo_needs_the_reference_data(django_user_model):
    django_user_model.objects.create_superuser("admin-uji", password="x")
    with pytest.raises(CommandError, match="muat_referensi_perencanaan"):
        call_command("buat_rencana_demo", stdout=StringIO())
