"""The holiday table now lives in wilayah (its migration 0003 copied the rows first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("perencanaan", "0004_siskeudes"),
        ("wilayah", "0004_hari_libur_zona_waktu"),
    ]

    operations = [migrations.DeleteModel(name="HariLibur")]
