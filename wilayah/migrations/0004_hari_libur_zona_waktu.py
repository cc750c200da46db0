"""The holiday table moves here from perencanaan (both perencanaan and pengaduan count working
days; pengaduan may not import perencanaan), and provinces get their time zone.

The rows are copied from perencanaan_harilibur when that table exists (a database made before
the move); perencanaan's next migration drops it after this one has run."""

import csv

from django.conf import settings
from django.db import migrations, models


def salin_hari_libur(apps, schema_editor):
    koneksi = schema_editor.connection
    if "perencanaan_harilibur" not in koneksi.introspection.table_names():
        return  # a new database: perencanaan's table does not exist (yet), nothing to keep
    with koneksi.cursor() as c:
        c.execute(
            "INSERT INTO wilayah_harilibur (tanggal, nama, jenis, perlu_verifikasi, keterangan) "
            "SELECT tanggal, nama, jenis, perlu_verifikasi, keterangan FROM perencanaan_harilibur"
        )


def isi_zona_waktu(apps, schema_editor):
    # Self-contained (a migration must not follow later changes of the loader): the provinces
    # already loaded take their zone from the shipped file; new ones get it from muat_wilayah.
    Provinsi = apps.get_model("wilayah", "Provinsi")
    path = settings.BASE_DIR / "fixtures" / "wilayah" / "zona_waktu.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            Provinsi.objects.filter(kode=row["kode_provinsi"]).update(zona_waktu=row["zona_waktu"])


class Migration(migrations.Migration):
    dependencies = [("wilayah", "0003_kode_eksternal")]

    operations = [
        migrations.CreateModel(
            name="HariLibur",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tanggal", models.DateField(unique=True, verbose_name="tanggal")),
                ("nama", models.CharField(max_length=200, verbose_name="nama")),
                (
                    "jenis",
                    models.CharField(
                        choices=[
                            ("libur_nasional", "Libur nasional"),
                            ("cuti_bersama", "Cuti bersama"),
                        ],
                        max_length=15,
                        verbose_name="jenis",
                    ),
                ),
                (
                    "perlu_verifikasi",
                    models.BooleanField(default=False, verbose_name="perlu verifikasi"),
                ),
                (
                    "keterangan",
                    models.CharField(blank=True, max_length=255, verbose_name="keterangan"),
                ),
            ],
            options={
                "verbose_name": "hari libur",
                "verbose_name_plural": "hari libur",
                "ordering": ["tanggal"],
            },
        ),
        migrations.RunPython(salin_hari_libur, migrations.RunPython.noop),
        migrations.AddField(
            model_name="provinsi",
            name="zona_waktu",
            field=models.CharField(
                choices=[
                    ("Asia/Jakarta", "WIB (UTC+7)"),
                    ("Asia/Makassar", "WITA (UTC+8)"),
                    ("Asia/Jayapura", "WIT (UTC+9)"),
                ],
                default="Asia/Jakarta",
                help_text="Tenggat dan jam di halaman kecamatan provinsi ini memakai zona ini.",
                max_length=20,
                verbose_name="zona waktu",
            ),
        ),
        migrations.RunPython(isi_zona_waktu, migrations.RunPython.noop),
    ]
