"""Settings of the complaint desk, read at call time so tests and deployments can override them.

The SLA day counts follow SP4N-LAPOR! practice but change by regulation, so they are settings,
never constants in the code.
"""

from django.conf import settings


def hari_verifikasi():
    """Days from receipt within which a complaint must be verified or rejected."""
    return getattr(settings, "PENGADUAN_HARI_VERIFIKASI", 3)


def hari_tanggapan():
    """Days from the (first) disposition within which the unit must give a first response."""
    return getattr(settings, "PENGADUAN_HARI_TANGGAPAN", 5)


def hari_konfirmasi():
    """Days the reporter has to answer before a complaint awaiting them closes by itself."""
    return getattr(settings, "PENGADUAN_HARI_KONFIRMASI", 10)


def foto_maks_byte():
    return getattr(settings, "PENGADUAN_FOTO_MAKS_BYTE", 5 * 1024 * 1024)


def foto_maks_jumlah():
    return getattr(settings, "PENGADUAN_FOTO_MAKS_JUMLAH", 3)


def foto_maks_piksel():
    # Guards against decompression bombs: a small file that expands to a huge bitmap.
    return getattr(settings, "PENGADUAN_FOTO_MAKS_PIKSEL", 40_000_000)


def foto_sisi_maks():
    # Stored photos are downscaled to this longest side: plenty for evidence, light to serve.
    return getattr(settings, "PENGADUAN_FOTO_SISI_MAKS", 1600)


def batas_laju():
    """(max requests, window in seconds) per client address and kind of public form."""
    jendela = getattr(settings, "PENGADUAN_JENDELA_LAJU_DETIK", 3600)
    return {
        "lapor": (getattr(settings, "PENGADUAN_BATAS_LAPOR", 5), jendela),
        "nilai": (getattr(settings, "PENGADUAN_BATAS_NILAI", 10), jendela),
        "balas": (getattr(settings, "PENGADUAN_BATAS_BALAS", 20), jendela),
        "lacak": (getattr(settings, "PENGADUAN_BATAS_LACAK", 30), jendela),
    }


def url_situs():
    """Absolute base URL for links in e-mails (no request at hand in a Celery task)."""
    return getattr(settings, "PENGADUAN_URL_SITUS", "http://127.0.0.1:8000").rstrip("/")
