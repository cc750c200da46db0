"""Marking village-months stale and enqueueing the incremental rebuild (the interface of the
data-entry services: grid save, import, verification, reopen)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dashboard_kecamatan.umum.antrean import kirim_tugas

from ..models import AntrianAgregasi


def agregasi_jadwalkan(*, desa_kode, bulan):
    """Mark the villages `desa_kode` × months `bulan` (first-of-month dates) stale and enqueue
    an incremental rebuild once the surrounding transaction commits. Call it inside the writing
    transaction: a rollback takes the marks back with the values.

    A month's mark rebuilds that month, its quarter and its year. A change to an annual
    (`tahunan`) value touches every month of its year: mark all twelve (the entry services do)."""
    desa_kode = sorted(set(desa_kode))
    bulan = sorted({b.replace(day=1) for b in bulan})
    if not desa_kode or not bulan:
        return 0
    sekarang = timezone.now()
    AntrianAgregasi.objects.bulk_create(
        [
            AntrianAgregasi(desa_kode=d, bulan=b, dibuat_pada=sekarang)
            for d in desa_kode
            for b in bulan
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    # robust: the values are committed whatever happens to the broker; the marks stay and the
    # periodic drain (JADWAL) picks them up if this message is lost.
    transaction.on_commit(_kirim_inkremental, robust=True)
    return len(desa_kode) * len(bulan)


def tandai_desa_berubah(sender, *, desa_kode, **kwargs):
    """A wilayah reload added, retired or reactivated these villages (wilayah.sinyal): mark
    them for every month of every year their kecamatan holds values, so the expected-village
    counts (and a retired village's reports) are refreshed by the incremental run; the pages
    show the pending badge until it has run."""
    from django.db.models import Max, Min

    from ..models import NilaiData

    kecamatan = {k[:8] for k in desa_kode}
    rentang = NilaiData.objects.filter(desa__kecamatan_id__in=kecamatan).aggregate(
        awal=Min("bulan"), akhir=Max("bulan")
    )
    if rentang["awal"] is None:
        return 0
    bulan = [
        dt.date(t, m, 1)
        for t in range(rentang["awal"].year, rentang["akhir"].year + 1)
        for m in range(1, 13)
    ]
    return agregasi_jadwalkan(desa_kode=desa_kode, bulan=bulan)


def _kirim_inkremental():
    # The configured Celery app without importing the project package (apps never import it).
    from celery import current_app as app

    from .jalan import agregasi_inkremental
    from .tasks import agregasi_inkremental_tugas

    if app.conf.task_always_eager:
        # No broker (the demo, the tests): run it here and now, without Celery's machinery
        # (an eager .delay() would leave the app caching a disabled result backend).
        agregasi_inkremental()
        return
    kirim_tugas(agregasi_inkremental_tugas)
