"""Signals of the wilayah app. wilayah is the leftmost app and imports no other: apps that keep
figures per village (the aggregation engine) listen here instead of being called."""

from django.dispatch import Signal

# Sent inside the reload's transaction with `desa_kode`: the villages that were added, retired
# or reactivated. The expected-village counts of their kecamatan and ancestors change for every
# period, so whatever is aggregated per village must be refreshed.
status_desa_berubah = Signal()
