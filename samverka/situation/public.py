"""The public version of an adopted lägesbild: coarse, suppressed, without free text.

- **Small counts are suppressed.** A count of 1–4 is shown as "<5" (``SUPPRESS_BELOW``), as
  Swedish official statistics do for small cells. In a table with its total, a single suppressed
  value could be worked out by subtraction, so the smallest other non-zero value of that table is
  suppressed too (secondary suppression). Zero is shown as 0.
- **Locations are coarse.** The map shows 500 m cells (``PUBLIC_CELL_M``; four internal 250 m
  cells each), never points, and a cell with 1–4 events is drawn as one class, "1–4".
- **No free text.** No place names, no descriptions, no assessment, no reasons, no organisation
  names: only the categories, the areas, the numbers, the flags and the colours.
- Changes are shown only as the significance flag (an increase or a decrease the test finds),
  never as per cent of a small number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samverka.lib.hotspots import Grid, regroup
from samverka.situation.figures.base import MAP_CELL_M, PUBLIC_CELL_M
from samverka.situation.figures.typed import Comparison, SituationFigures

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


def suppress(value: int | float | None) -> str:
    """A count as the public sees it: 0, "<5" for 1–4, the number otherwise."""
    if value is None:
        return "–"
    if 0 < value < SUPPRESS_BELOW:
        return SUPPRESSED
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def suppress_table(values: Sequence[int], total: int) -> tuple[list[str], str]:
    """The values of a table and its total, with primary and secondary suppression."""
    shown = [suppress(v) for v in values]
    hidden = [i for i, v in enumerate(values) if 0 < v < SUPPRESS_BELOW]
    if len(hidden) == 1 and total >= SUPPRESS_BELOW:
        # One hidden value plus a shown total gives it away: hide the next smallest one too.
        others = sorted((v, i) for i, v in enumerate(values) if v > 0 and i not in hidden)
        if others:
            shown[others[0][1]] = "…"
        else:
            return shown, SUPPRESSED
    return shown, suppress(total)


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def _flag(change: Comparison) -> str:
    if change.significant:
        return "up" if change.direction == "up" else "down"
    return ""


def public_figures(figures: SituationFigures, statuses: list[dict[str, Any]]) -> dict[str, Any]:
    """The coarse, suppressed, text-free figures of an adopted lägesbild."""
    f = figures
    categories = f.categories
    total = int(f.total.current)
    shown, shown_total = suppress_table([int(c.current) for c in categories], total)
    subareas = f.subareas
    sub_shown, _sub_total = suppress_table([int(a.current) for a in subareas], total)
    factor = int(PUBLIC_CELL_M // MAP_CELL_M)
    coarse = regroup({(r, c): n for r, c, n in f.map.cells}, factor)
    public_grid = Grid(PUBLIC_CELL_M, float(f.map.grid.lat0))
    return {
        "area": f.area.name,
        "period": f.period.to_json(),
        "references": f.references.to_json(),
        "total": {
            "current": shown_total,
            "previous": suppress(f.total.previous.reference),
            "last_year": suppress(f.total.last_year.reference),
            "mean": suppress(f.total.mean.reference),
            "flags": {
                "previous": _flag(f.total.previous),
                "last_year": _flag(f.total.last_year),
                "mean": _flag(f.total.mean),
            },
        },
        "categories": [
            {
                "name": c.name,
                "current": value,
                "mean": suppress(c.mean.reference),
                "flag": _flag(c.mean),
            }
            for c, value in zip(categories, shown, strict=True)
        ],
        "subareas": [
            {"name": a.name, "current": value, "flag": _flag(a.mean)}
            for a, value in zip(subareas, sub_shown, strict=True)
        ],
        "trend": [{"label": t.label, "count": suppress(t.count)} for t in f.trend],
        "map": {
            "grid": {
                "cell_m": PUBLIC_CELL_M,
                "lat0": public_grid.lat0,
                "dlat": public_grid.dlat,
                "dlon": public_grid.dlon,
            },
            # Cells of 1–4 events are all drawn as 1 (the lowest class, "1–4").
            "cells": sorted(
                [r, c, n if n >= SUPPRESS_BELOW else 1] for (r, c), n in coarse.items()
            ),
        },
        "statuses": [{"area": st["area"], "colour": st["colour"]} for st in statuses],
        "coverage_percent": _percent(f.coverage.share),
        "suppress_below": SUPPRESS_BELOW,
    }
