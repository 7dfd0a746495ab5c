"""Bulk import of incidents: CSV and XLSX (with a column mapping per organisation) and the
police's public events JSON. Every import checks every row, is all or nothing and idempotent."""

from samverka.incidents.imports.errors import ImportRefused, RowError
from samverka.incidents.imports.run import CheckedFile, check_file, import_file, write_rows

__all__ = ["CheckedFile", "ImportRefused", "RowError", "check_file", "import_file", "write_rows"]
