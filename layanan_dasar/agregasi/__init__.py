"""Aggregation engine: builds AgregatIndikator from NilaiData with set-based SQL.

Semantics (DESIGN §5; tested in tests/agregasi/):

- Over time, per desa and element, within one calendar year: a `jumlah` element (flow) is the
  sum of the months present in the period; a `terakhir` element (stock) is the value of the
  latest month present in the period; a `tahunan` element (annual target population, entered
  once a year on the January row) takes the year's value — the latest month present in that
  year — for every month, quarter and the year itself. No month present = missing, never zero.
- A desa row exists for an indicator and period when its numerator or its denominator exists.
  The desa *reports* (desa_lapor = 1) when BOTH exist; only reporting desa enter the sums above
  it, so a missing denominator never inflates a percentage and a missing numerator never
  deflates one. desa_diharapkan = 1 for an active desa.
- Across wilayah: pembilang and penyebut are the sums over the reporting desa (ratio of sums,
  never a mean of percentages); desa_lapor is their number; desa_diharapkan is the number of
  active desa under the node; a node gets a row when any desa under it has a row.
- nilai = pembilang × faktor ÷ penyebut, rounded to 4 decimals; none when penyebut is missing
  or zero (division by zero gives no value, not an error).

How it is stored: one row per indicator × node × year (AgregatTahun), the year's 17 periods
as columns; pages read AgregatIndikator, a view giving one row per period (`tampilan.py`).

How it runs:

- Full rebuild (`agregasi_bangun()` with no scope): on PostgreSQL the desa year rows are built
  straight from the values into a fresh table (one parallel CREATE TABLE … AS), the levels
  above summed from them, and the table swapped in (with the view) by renames at the end of
  one transaction, so readers see the old rows or the new ones, never half; on SQLite (the
  demo) it runs as the scoped rebuild below over the whole country, also in one transaction.
- Scoped rebuild (`agregasi_bangun(kode=..., tahun=...)`) and incremental rebuild
  (`agregasi_inkremental()`, draining AntrianAgregasi): the affected kecamatan × years are
  recomputed from NilaiData, their ancestors from the stored children rows, and only year rows
  whose figures differ are written (upsert + delete of vanished rows) in one transaction.
- One writer at a time (a PostgreSQL advisory lock; SQLite serialises writers itself); a second
  rebuild of a scope already being rebuilt is skipped as a duplicate.

Interface used by the data-entry services (grid save, import, verification, reopen):
`agregasi_jadwalkan(desa_kode=..., bulan=...)`, called inside their writing transaction.
"""

from .antrian import agregasi_jadwalkan
from .jalan import HasilAgregasi, agregasi_bangun, agregasi_inkremental, agregasi_riwayat_pangkas
from .mesin import TABEL, pengaturan_pg
from .periode import Periode, periode_terdampak

__all__ = [
    "TABEL",
    "HasilAgregasi",
    "Periode",
    "agregasi_bangun",
    "agregasi_inkremental",
    "agregasi_jadwalkan",
    "agregasi_riwayat_pangkas",
    "pengaturan_pg",
    "periode_terdampak",
]
