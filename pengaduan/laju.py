"""Per-client rate limits for the public forms, counted in Django's cache (Redis in production,
so every gunicorn worker shares one count; local memory in the demo and tests)."""

import hashlib

from django.core.cache import cache

from dashboard_kecamatan.umum.klien import alamat_klien

from . import conf


def _kunci(jenis, alamat):
    # Hashed: the cache holds no raw client addresses.
    return f"pengaduan-laju:{jenis}:{hashlib.sha256(alamat.encode()).hexdigest()[:32]}"


def laju_terlampaui(request, jenis):
    """Count one request of this kind for this client; True when it is over the limit.

    A fixed window that starts with the client's first request: simple, and enough to stop a
    script from flooding the desk.
    """
    maks, jendela = conf.batas_laju()[jenis]
    kunci = _kunci(jenis, alamat_klien(request))
    cache.add(kunci, 0, jendela)
    try:
        jumlah = cache.incr(kunci)
    except ValueError:  # expired between add and incr
        cache.set(kunci, 1, jendela)
        jumlah = 1
    return jumlah > maks


def menit_jendela(jenis):
    return max(1, conf.batas_laju()[jenis][1] // 60)


def laju_habis(request, jenis):
    """True when this client is already over the limit of this kind (counts nothing)."""
    maks, _jendela = conf.batas_laju()[jenis]
    return (cache.get(_kunci(jenis, alamat_klien(request))) or 0) >= maks
