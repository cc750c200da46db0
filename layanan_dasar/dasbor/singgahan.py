"""The dashboards' cache: the rendered figures and tables of a page, per scope and choice.

What a dashboard draws changes only when a rebuild writes aggregates, so the expensive part of a
page (its selectors, assembly, charts and tables, rendered) is kept in the configured cache
(Redis in production, local memory in the demo) and served again to the next official who asks
for the same thing. The key holds everything the fragment depends on:

- the page and its node code, and the reader's scope (node, role, sectors): a fragment is
  never served across scopes, even where two scopes would draw the same figures;
- the query string (period, sector, filters, sorting, table page) and the language;
- the time of the latest completed rebuild ("Data per", `agregasi.selectors.agregat_per`), read
  live on every request: every run writes its log row in the transaction that writes the
  aggregates, so a new run makes the next read miss, and a page never shows figures older than
  its "Data per" line. Without a logged run (aggregates imported ready-made) nothing is cached;
- the indicators of the scope as read this request (target, direction, factor, names): an edit
  of the catalogue changes the key with no rebuild;
- today's date (a submission becomes late at its due date) and the yellow band setting.

What stays live, outside the fragment: the access checks, the breadcrumbs, the sample-data
banner, the "Data per" line and its pending-rebuild badge, the camat's to-do list, the UPT's own
submission table, the menu and the logout form's CSRF token.

DASBOR_CACHE=0 turns it off (benchmarks measure both); DASBOR_CACHE_DETIK bounds how long an
entry lives (memory, not correctness: the key already moves with the data).
"""

import hashlib
import pickle
import zlib

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation

from .hitung import rentang_kuning

SKEMA = 1  # bump when the fragments' templates change shape across a deploy


def aktif():
    return getattr(settings, "DASBOR_CACHE", True)


def _sidik_lingkup(lingkup):
    return (
        lingkup.kode,
        lingkup.peran,
        tuple(sorted(lingkup.sektor)) if lingkup.sektor is not None else None,
        lingkup.baca_saja,
        lingkup.superuser,
    )


def _sidik_indikator(indikator):
    return tuple(
        (
            i.id,
            i.kode,
            i.nama,
            i.sektor,
            i.kelompok,
            str(getattr(i, "target_tahunan", i.target)),
            i.arah,
            str(i.faktor),
            i.urutan,
            bool(getattr(i, "kumulatif", False)),
        )
        for i in indikator
    )


def kunci(halaman, kode, *, lingkup, indikator, request, data_per):
    """The cache key of one page's fragment, or None when it may not be cached."""
    if not aktif() or data_per is None:
        return None
    bagian = (
        SKEMA,
        halaman,
        kode,
        _sidik_lingkup(lingkup),
        sorted((k, tuple(v)) for k, v in request.GET.lists()),
        translation.get_language(),
        data_per.isoformat(),
        _sidik_indikator(indikator),
        timezone.localdate().isoformat(),
        rentang_kuning(),
    )
    sidik = hashlib.sha256(repr(bagian).encode()).hexdigest()
    return f"dasbor:{halaman}:{kode or 'nasional'}:{sidik}"


def ambil_atau_buat(kunci_, buat):
    """The cached value under `kunci_`, or `buat()` stored there (not stored when kunci_ is
    None). Stored compressed: a page's fragment is mostly chart JSON and table markup, which
    shrink about tenfold, so the same cache memory holds ten times the pages (zlib level 1:
    about a millisecond each way)."""
    if kunci_ is None:
        return buat()
    cache = caches["dasbor"]
    mampat = cache.get(kunci_)
    if mampat is not None:
        return pickle.loads(zlib.decompress(mampat))
    nilai = buat()
    cache.set(
        kunci_,
        zlib.compress(pickle.dumps(nilai, pickle.HIGHEST_PROTOCOL), 1),
        getattr(settings, "DASBOR_CACHE_DETIK", 3600),
    )
    return nilai
