"""Marking village-months stale and enqueueing the incremental rebuild (the interface of the
data-entry services: grid save, import, verification, reopen)."""

from django.db import transaction
from django.utils import timezone

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
    agregasi_inkremental_tugas.delay()
