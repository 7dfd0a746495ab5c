"""The reports app's background tasks (``samverka.background``): the fact sheet's PDF.

Safe to run again, as the queue requires: printing writes nothing but the PDF and its progress
in the cache, and a try that finds the PDF already there stops at once.
"""

from __future__ import annotations

from typing import Any

from samverka.background.policy import background_task
from samverka.reports.jobs import print_for_worker


@background_task(max_attempts=3, backoff_seconds=10)
def print_fact_sheet(
    municipality_id: int, area_id: int, fingerprint: str, language: str = "sv"
) -> dict[str, Any]:
    """Print an area's fact sheet as the page asked for it (``samverka.reports.jobs``).

    The worker renders the sheet from the database itself; if the data changed since the page
    queued it (another fingerprint), it prints the data of now, kept under their fingerprint."""
    return print_for_worker(
        municipality_id=municipality_id,
        area_id=area_id,
        fingerprint=fingerprint,
        language=language,
    )
