"""Aggregation engine: builds AgregatIndikator from NilaiData (issue: aggregation engine).

Interface used by the data-entry services (grid save, import, verification, reopen):
`agregasi_jadwalkan(desa_kode=..., bulan=...)` marks the affected villages' ancestors and
periods for an incremental rebuild, enqueued on commit. The engine replaces this placeholder.
"""


def agregasi_jadwalkan(*, desa_kode, bulan):
    """Schedule an incremental rebuild for the villages `desa_kode` and months `bulan`
    (iterables of codes and first-of-month dates). Call inside the writing transaction."""
    return None
