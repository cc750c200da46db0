"""Enqueueing Celery work without ever putting the broker on the request path.

A page that saved something has done its job once the transaction commits; the message to the
worker is a consequence. If the broker is down the user still gets their answer (the tracking
code, the saved grid) and the log gets one clear line naming the task; the work catches up by
its own safety net (the aggregation queue drained every 5 minutes, an export job marked failed
so it can be restarted). The broker timeouts in settings keep the attempt short.
"""

import logging

from django.db import transaction

log = logging.getLogger("dashboard_kecamatan.antrean")


def kirim_tugas(tugas, *args, **kwargs):
    """tugas.apply_async(args, kwargs), or None (logged) when the broker cannot take it."""
    if tugas.app.conf.task_always_eager:
        # No broker (the demo, the tests): the task runs here, its own errors are its own.
        return tugas.apply_async(args, kwargs)
    try:
        # Nobody reads these results; without a result subscription the backend is not
        # contacted either.
        return tugas.apply_async(args, kwargs, ignore_result=True)
    except Exception as exc:  # kombu raises its own, redis-py's and socket errors
        log.error(
            "Antrean Celery tidak tersedia: tugas %s%r tidak terkirim (%s: %s).",
            tugas.name,
            args,
            type(exc).__name__,
            exc,
        )
        return None


def kirim_setelah_commit(tugas, *args, **kwargs):
    """Enqueue once the surrounding transaction commits; a broker failure never undoes or
    breaks the request that committed."""
    transaction.on_commit(lambda: kirim_tugas(tugas, *args, **kwargs), robust=True)
