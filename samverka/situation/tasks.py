"""The lägesbild's scheduled background task (``samverka/background/schedule.py``): every night,
the precomputed counts are rebuilt from the reports — what ``samverka rebuild_situation_counts``
does by hand, through the same ``aggregates.rebuild()`` — and compared with what they were.

The triggers keep the counts exact; a difference means something wrote the reports past them
(a restore of the incidents table alone, a trigger dropped by hand). It is logged as a warning
and returned, so that the status page's last run says so. Safe to run again: a rebuild from
the reports gives the same counts however often it runs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from samverka.background.policy import background_task
from samverka.situation import aggregates
from samverka.situation.models import CellCount, MonthlyCount, WeeklyCount

logger = logging.getLogger(__name__)


def counts_summary() -> dict[str, dict[str, int]]:
    """Per table: the rows that count anything, and the sums of events (and reports). A summary,
    not row by row: cheap on a table of a million rows, and it differs whenever a trigger missed
    a write (unless two misses cancel out exactly)."""
    summary: dict[str, dict[str, int]] = {}
    for name, model, sums in (
        ("weekly", WeeklyCount, ("events", "reports")),
        ("monthly", MonthlyCount, ("events", "reports")),
        ("cells", CellCount, ("events",)),
    ):
        # A row subtracted down to zero is as good as no row (the rebuild leaves none).
        nonzero = ~Q(**dict.fromkeys(sums, 0))
        figures = model.objects.aggregate(
            rows=Count("pk", filter=nonzero), **{s: Sum(s) for s in sums}
        )
        summary[name] = {k: int(v or 0) for k, v in figures.items()}
    return summary


@background_task(max_attempts=3, backoff_seconds=600)
def rebuild_counts() -> dict[str, Any]:
    """Rebuild the counts; whether they had drifted from the reports, and the figures after."""
    if not aggregates.available():
        return {"rebuilt": False}  # SQLite: the readers count the reports themselves
    with transaction.atomic():
        # The same lock the rebuild takes, taken first: no report may be written between the
        # figures before and the rebuild, or a late report would look like a drift.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {aggregates.INCIDENTS} IN SHARE MODE")
        before = counts_summary()
        aggregates.rebuild()
        after = counts_summary()
    drifted = sorted(name for name in after if before[name] != after[name])
    if drifted:
        logger.warning(
            "The lägesbild's precomputed counts had drifted from the reports (%s); rebuilt: "
            "before %s, after %s",
            ", ".join(drifted),
            before,
            after,
        )
    return {"rebuilt": True, "drifted": drifted, "counts": after}
