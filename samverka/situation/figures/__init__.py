"""The lägesbild's figures, computed from the incident reports: one typed shape
(``SituationFigures``, see typed.py) with one JSON form, that the page, the PDF, the XLSX, the
GeoJSON, the API, the CLI, the public version, the version comparison and the process app all
read.

A draft is computed live every time; an adopted lägesbild keeps the JSON it was adopted with (its
``snapshot``, read back with ``SituationFigures.from_json``), so the same templates show both and
a late report changes neither.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from samverka.areas.models import Area
from samverka.lib.significance import ALPHA, MIN_COUNT
from samverka.situation.figures.base import Scope, counted, in_ranges
from samverka.situation.figures.counts import counts_and_comparisons, period_dict
from samverka.situation.figures.places import map_and_hotspots, repeat_places, weekday_hour
from samverka.situation.figures.reporting import reporting_coverage, sources, suggest_statuses
from samverka.situation.figures.typed import SCHEMA, Finding, SituationFigures, finding_anchor
from samverka.situation.periods import MEAN_PERIODS, Period

__all__ = ["SCHEMA", "Finding", "SituationFigures", "compute_situation", "finding_anchor"]


def compute_situation(
    area: Area, period: Period, *, mean_periods: int | None = None
) -> SituationFigures:
    """Every figure of the lägesbild for ``area`` (and everything below it) in ``period``."""
    return SituationFigures.from_json(_compute_json(area, period, mean_periods=mean_periods))


def _compute_json(area: Area, period: Period, *, mean_periods: int | None = None) -> dict[str, Any]:
    """The figures in their JSON form (``SituationFigures.to_json`` gives it back unchanged)."""
    n = mean_periods or MEAN_PERIODS[period.kind]
    scope = Scope.of(area)
    counts = counts_and_comparisons(scope, period, n)
    current = counted(scope.municipality, scope.area_ids).filter(in_ranges([period.bounds()]))
    places = map_and_hotspots(current, scope)
    coverage = reporting_coverage(scope, period)
    return {
        "schema": SCHEMA,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "area": {"id": area.pk, "name": area.name, "kind": area.get_kind_display()},
        "period": period_dict(period),
        "significance": {
            "test": "exakt villkorligt binomialtest för två Poissonantal",
            "alpha": ALPHA,
            "min_count": MIN_COUNT,
        },
        **counts,
        "weekday_hour": weekday_hour(current),
        "repeat_places": repeat_places(current, scope),
        **places,
        "coverage": coverage,
        "sources": sources(scope, current, period),
        "status_suggestions": suggest_statuses(scope, counts, coverage),
    }
