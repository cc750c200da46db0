"""CSV and XLSX downloads of any dashboard table, with the rows the page itself shows (same
scope, filter and sort; all pages, not just the visible one), through the project's one table
writer (BOM for Excel, typed cells, no text that a spreadsheet would run as a formula)."""

from dashboard_kecamatan.umum.ekspor import respons_table

FORMAT = {"csv", "xlsx"}


def respons_ekspor(table, fmt, *, nama):
    return respons_table(table, "xlsx" if fmt == "xlsx" else "csv", nama)
