"""Importing statistics files: Brå, SCB, NTU, the local survey and the reference geographies.

``import_statistics(data, filename=…, fmt=…, …)`` is the one entry point for the web page, the
command and the example loader. The formats are documented in docs/statistics-formats.md.
"""

from samverka.stats.importers.apply import (
    ImportResult,
    ProvenanceInput,
    import_statistics,
    parse_file,
)
from samverka.stats.importers.errors import RowError, StatisticsFileError
from samverka.stats.importers.formats import Options

__all__ = [
    "ImportResult",
    "Options",
    "ProvenanceInput",
    "RowError",
    "StatisticsFileError",
    "import_statistics",
    "parse_file",
]
