"""Effect evaluation by difference-in-differences (skillnad-i-skillnader): pure arithmetic.

Four counts of incidents are compared: the target area (where the measure was carried out) and a
comparison area (where it was not), each before and after. What happened in the comparison area
stands for what would have happened in the target area without the measure.

**The estimate** is the ratio of ratios (incidence rate ratio)::

    IRR = (target_after / target_before) / (comparison_after / comparison_before)

Both areas share the same before and after periods, so the lengths of the periods cancel out of
the ratio: a before period of 365 days and an after period of 180 days give the same IRR as rates
per day would. IRR 0.7 reads "the count fell by 30 % more in the target area than in the
comparison area".

**The interval**: each count is treated as Poisson, so the variance of log(count) is about
1/count and the four are independent::

    se = sqrt(1/a + 1/b + 1/c + 1/d),   95 % interval = exp(log(IRR) ± 1.96 · se)

(the Wald interval on the log scale; Rothman & Greenland, *Modern Epidemiology*). With a zero
count the log is undefined and no interval is given: the page says why. With any count below 10
the normal approximation is rough and the page warns that the numbers are too few for a safe
conclusion.

**The absolute difference-in-differences** is the change of the target area's rate minus the
change of the comparison area's, in events per day, and scaled to the after period's length
("this many events fewer in the after period than if the target area had followed the
comparison area" in the additive sense). The multiplicative counterpart is the expected count
``target_before × comparison_after / comparison_before``.

**Displacement** (förflyttning): crime prevented in one place may move round the corner. Each
neighbouring area gets the same ratio against the comparison area; a neighbour whose count rose
significantly relative to it is flagged "möjlig förflyttning", one that fell significantly
"möjlig spridning av nyttan" (the benefit spread; Brå calls it diffusion).

``boundaries_touch`` decides which areas are neighbours when boundaries exist (GeoJSON in
WGS84): two boundaries touch when a vertex or an edge of one comes within a metre or so of the
other's.

Knows nothing of the ORM: the services count, this module computes, the page reads the result.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

METHOD = "skillnad-i-skillnader"
Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
SMALL_COUNT = 10
# Two boundaries closer than this (degrees, about 1 m in Sweden) touch.
TOUCH_TOLERANCE = 1e-5

Point = tuple[float, float]
Segment = tuple[Point, Point]


def method_text() -> str:
    """The method in plain Swedish, for the page and the report."""
    return _(
        "Skillnad-i-skillnader: vi jämför hur antalet händelser förändrades i målområdet, där "
        "åtgärden genomfördes, med hur det förändrades i ett jämförelseområde där den inte "
        "genomfördes, under samma perioder. Det som hände i jämförelseområdet får visa vad som "
        "troligen hade hänt i målområdet utan åtgärden. Resultatet är en kvot: 0,7 betyder att "
        "antalet minskade med 30 % mer i målområdet än i jämförelseområdet. "
        "Konfidensintervallet visar hur stor osäkerheten är: om det innehåller både minskningar "
        "och ökningar kan skillnaden bero på slumpen."
    )


@dataclass(frozen=True)
class Cells:
    """The four counts and the lengths (days) of the two periods."""

    target_before: int
    target_after: int
    comparison_before: int
    comparison_after: int
    before_days: int
    after_days: int

    def __post_init__(self) -> None:
        if any(n < 0 for n in self.counts):
            raise ValueError("counts cannot be negative")
        if self.before_days < 1 or self.after_days < 1:
            raise ValueError("each period has at least one day")

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return (
            self.target_before,
            self.target_after,
            self.comparison_before,
            self.comparison_after,
        )


@dataclass(frozen=True)
class Ratio:
    """A ratio of ratios with its 95 % interval and p-value (None where undefined)."""

    ratio: float | None
    low: float | None
    high: float | None
    p_value: float | None
    reason: str = ""  # why there is no ratio or no interval

    @property
    def significant(self) -> bool:
        """The interval lies wholly below or wholly above 1."""
        if self.low is None or self.high is None:
            return False
        return self.high < 1 or self.low > 1

    @property
    def percent(self) -> float | None:
        """The change in per cent beyond the comparison's: IRR 0.7 → −30."""
        return None if self.ratio is None else 100.0 * (self.ratio - 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ratio": _round(self.ratio, 4),
            "low": _round(self.low, 4),
            "high": _round(self.high, 4),
            "p_value": _round(self.p_value, 6),
            "percent": _round(self.percent, 1),
            "percent_low": _round(None if self.low is None else 100.0 * (self.low - 1), 1),
            "percent_high": _round(None if self.high is None else 100.0 * (self.high - 1), 1),
            "significant": self.significant,
            "reason": self.reason,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _p_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def ratio_of_ratios(a: int, b: int, c: int, d: int, *, z: float = Z_95) -> Ratio:
    """(b / a) / (d / c) with the log-scale Poisson (Wald) interval.

    ``a``, ``b``: the area of interest before and after; ``c``, ``d``: the comparison area.
    """
    if a == 0 or c == 0 or d == 0:
        which = [
            name
            for name, n in (
                (_("målområdet före"), a),
                (_("jämförelseområdet före"), c),
                (_("jämförelseområdet efter"), d),
            )
            if n == 0
        ]
        return Ratio(
            None,
            None,
            None,
            None,
            _(
                "Ingen kvot kan räknas ut: antalet är noll i %(cells)s, och man kan inte dela "
                "med noll."
            )
            % {"cells": ", ".join(which)},
        )
    ratio = (b / a) / (d / c)
    if b == 0:
        return Ratio(
            ratio,
            None,
            None,
            None,
            _(
                "Inget konfidensintervall: antalet efter är noll i målområdet, och osäkerheten i "
                "en kvot med noll kan inte räknas ut med den här metoden."
            ),
        )
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    log_ratio = math.log(ratio)
    return Ratio(
        ratio,
        math.exp(log_ratio - z * se),
        math.exp(log_ratio + z * se),
        _p_two_sided(log_ratio / se),
    )


@dataclass(frozen=True)
class Estimate:
    """The difference-in-differences of four counts."""

    cells: Cells
    ratio: Ratio
    did_per_day: float  # (target after − before) − (comparison after − before), per day
    did_per_after_period: float  # the same scaled to the after period's length
    expected_after: float | None  # target_before × comparison_after / comparison_before
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        cells = self.cells
        return {
            "counts": asdict(cells),
            "per_30_days": {
                "target_before": round(30 * cells.target_before / cells.before_days, 2),
                "target_after": round(30 * cells.target_after / cells.after_days, 2),
                "comparison_before": round(30 * cells.comparison_before / cells.before_days, 2),
                "comparison_after": round(30 * cells.comparison_after / cells.after_days, 2),
            },
            "estimate": self.ratio.as_dict(),
            "did_per_day": round(self.did_per_day, 4),
            "did_per_after_period": round(self.did_per_after_period, 2),
            "expected_after": _round(self.expected_after, 1),
            "warnings": list(self.warnings),
        }


def small_numbers_warning(counts: Iterable[int]) -> str:
    """The warning for counts below ``SMALL_COUNT`` (empty when there are none)."""
    if any(n < SMALL_COUNT for n in counts):
        return _(
            "Färre än %(n)s händelser i minst ett av de fyra antalen: för få händelser för en "
            "säker slutsats."
        ) % {"n": SMALL_COUNT}
    return ""


def difference_in_differences(cells: Cells, *, z: float = Z_95) -> Estimate:
    """The ratio of ratios with its interval, the absolute difference-in-differences, and the
    warnings a coordinator must read with them."""
    a, b, c, d = cells.counts
    ratio = ratio_of_ratios(a, b, c, d, z=z)
    target_change = b / cells.after_days - a / cells.before_days
    comparison_change = d / cells.after_days - c / cells.before_days
    did = target_change - comparison_change
    warnings = []
    small = small_numbers_warning(cells.counts)
    if small:
        warnings.append(small)
    if ratio.reason:
        warnings.append(ratio.reason)
    longer = max(cells.before_days, cells.after_days)
    if longer > 2 * min(cells.before_days, cells.after_days):
        warnings.append(
            _(
                "Perioderna är olika långa (%(before)s och %(after)s dagar). Kvoten tar hänsyn "
                "till det, men säsongsvariationer kan ändå påverka jämförelsen."
            )
            % {"before": cells.before_days, "after": cells.after_days}
        )
    return Estimate(
        cells=cells,
        ratio=ratio,
        did_per_day=did,
        did_per_after_period=did * cells.after_days,
        expected_after=None if c == 0 else a * d / c,
        warnings=warnings,
    )


def _percent_text(value: float) -> str:
    """12.3 → "12" (whole per cent; Swedish writes the space before %)."""
    return f"{abs(value):.0f}"


def reading(estimate: Estimate, *, target: str, comparison: str) -> str:
    """The result in plain Swedish, e.g. "Antalet minskade med 30 % mer i Hammarkullen än i
    jämförelseområdet (95 % konfidensintervall 10–45 %). Skillnaden är statistiskt säker." """
    ratio = estimate.ratio
    if ratio.ratio is None:
        return str(ratio.reason)
    percent = 100.0 * (ratio.ratio - 1)
    if abs(percent) < 0.5:
        sentence = _("Antalet förändrades lika mycket i %(target)s som i %(comparison)s") % {
            "target": target,
            "comparison": comparison,
        }
    elif percent < 0:
        sentence = _("Antalet minskade med %(p)s %% mer i %(target)s än i %(comparison)s") % {
            "p": _percent_text(percent),
            "target": target,
            "comparison": comparison,
        }
    else:
        sentence = _("Antalet ökade med %(p)s %% mer i %(target)s än i %(comparison)s") % {
            "p": _percent_text(percent),
            "target": target,
            "comparison": comparison,
        }
    if ratio.low is None or ratio.high is None:
        return f"{sentence}. {ratio.reason}"
    low, high = 100.0 * (ratio.low - 1), 100.0 * (ratio.high - 1)
    if high < 0:  # a decrease throughout: "10–45 %" of decrease
        interval = _("95 %% konfidensintervall %(a)s–%(b)s %%") % {
            "a": _percent_text(high),
            "b": _percent_text(low),
        }
    elif low > 0:
        interval = _("95 %% konfidensintervall %(a)s–%(b)s %%") % {
            "a": _percent_text(low),
            "b": _percent_text(high),
        }
    else:
        interval = _(
            "95 %% konfidensintervall från en minskning med %(a)s %% till en ökning med %(b)s %%"
        ) % {"a": _percent_text(low), "b": _percent_text(high)}
    verdict = (
        _("Skillnaden är statistiskt säker.")
        if ratio.significant
        else _("Skillnaden kan bero på slumpen.")
    )
    text = f"{sentence} ({interval}). {verdict}"
    if estimate.expected_after is not None:
        text += " " + _(
            "Om %(target)s hade följt utvecklingen i %(comparison)s hade man väntat sig ungefär "
            "%(expected)s händelser efter; det blev %(actual)s."
        ) % {
            "target": target,
            "comparison": comparison,
            "expected": f"{estimate.expected_after:.0f}",
            "actual": estimate.cells.target_after,
        }
    small = small_numbers_warning(estimate.cells.counts)
    if small:
        text += " " + small
    return text


# ---- displacement --------------------------------------------------------------------------

DISPLACEMENT = "displacement"
DIFFUSION = "diffusion"
NONE = ""


@dataclass(frozen=True)
class NeighbourCheck:
    """One neighbouring area against the comparison area."""

    area_id: int
    name: str
    before: int
    after: int
    ratio: Ratio
    warning: str

    @property
    def flag(self) -> str:
        if not self.ratio.significant or self.ratio.ratio is None:
            return NONE
        return DISPLACEMENT if self.ratio.ratio > 1 else DIFFUSION

    @property
    def flag_text(self) -> str:
        if self.flag == DISPLACEMENT:
            return _("möjlig förflyttning")
        if self.flag == DIFFUSION:
            return _("möjlig spridning av nyttan")
        if self.ratio.ratio is None:
            return _("kan inte bedömas")
        return _("ingen säker förändring")

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area_id,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "estimate": self.ratio.as_dict(),
            "flag": self.flag,
            "flag_text": self.flag_text,
            "warning": self.warning,
        }


def neighbour_check(
    *,
    area_id: int,
    name: str,
    before: int,
    after: int,
    comparison_before: int,
    comparison_after: int,
    z: float = Z_95,
) -> NeighbourCheck:
    """The neighbour's ratio against the comparison area (the same periods as the estimate)."""
    ratio = ratio_of_ratios(before, after, comparison_before, comparison_after, z=z)
    warning = small_numbers_warning((before, after)) or ratio.reason
    return NeighbourCheck(area_id, name, before, after, ratio, warning)


# ---- neighbours by boundary ---------------------------------------------------------------


def _rings(geometry: dict[str, Any] | None) -> list[list[Point]]:
    """Every ring of a GeoJSON Polygon/MultiPolygon as (lon, lat) points; [] for anything else."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
        if not isinstance(geometry, dict):
            return []
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        polygons = [coordinates]
    elif geometry.get("type") == "MultiPolygon":
        polygons = list(coordinates or [])
    else:
        return []
    rings: list[list[Point]] = []
    for polygon in polygons:
        for ring in polygon or []:
            points = []
            for p in ring or []:
                if isinstance(p, list | tuple) and len(p) >= 2:
                    x, y = p[0], p[1]
                    if isinstance(x, int | float) and isinstance(y, int | float):
                        points.append((float(x), float(y)))
            if len(points) >= 2:
                rings.append(points)
    return rings


def _segments(rings: Sequence[list[Point]]) -> list[Segment]:
    return [seg for ring in rings for seg in itertools.pairwise(ring) if seg[0] != seg[1]]


def _box(points: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _point_segment_distance(p: Point, s: Segment) -> float:
    (x, y), ((x1, y1), (x2, y2)) = p, s
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def _orientation(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _segments_close(s: Segment, t: Segment, tolerance: float) -> bool:
    """Whether two segments cross or come within ``tolerance`` of each other."""
    o1, o2 = _orientation(s[0], s[1], t[0]), _orientation(s[0], s[1], t[1])
    o3, o4 = _orientation(t[0], t[1], s[0]), _orientation(t[0], t[1], s[1])
    if (o1 > 0) != (o2 > 0) and (o3 > 0) != (o4 > 0) and 0 not in (o1, o2, o3, o4):
        return True
    return (
        min(
            _point_segment_distance(s[0], t),
            _point_segment_distance(s[1], t),
            _point_segment_distance(t[0], s),
            _point_segment_distance(t[1], s),
        )
        <= tolerance
    )


def boundaries_touch(
    first: dict[str, Any] | None,
    second: dict[str, Any] | None,
    *,
    tolerance: float = TOUCH_TOLERANCE,
) -> bool:
    """Whether two GeoJSON boundaries share a border (or overlap at their edges).

    A grid of cells the size of the boxes' overlap / 32 keeps the comparison near linear: only
    segments that fall in the same cell are compared."""
    a_rings, b_rings = _rings(first), _rings(second)
    if not a_rings or not b_rings:
        return False
    ax0, ay0, ax1, ay1 = _box(p for ring in a_rings for p in ring)
    bx0, by0, bx1, by1 = _box(p for ring in b_rings for p in ring)
    x0, y0 = max(ax0, bx0) - tolerance, max(ay0, by0) - tolerance
    x1, y1 = min(ax1, bx1) + tolerance, min(ay1, by1) + tolerance
    if x0 > x1 or y0 > y1:
        return False
    cell = max((x1 - x0) / 32, (y1 - y0) / 32, tolerance)

    def cells_of(s: Segment) -> Iterable[tuple[int, int]]:
        sx0, sx1 = sorted((s[0][0], s[1][0]))
        sy0, sy1 = sorted((s[0][1], s[1][1]))
        if sx1 < x0 or sx0 > x1 or sy1 < y0 or sy0 > y1:
            return ()
        i0, i1 = int((max(sx0, x0) - x0 - tolerance) // cell), int((min(sx1, x1) - x0) // cell)
        j0, j1 = int((max(sy0, y0) - y0 - tolerance) // cell), int((min(sy1, y1) - y0) // cell)
        return itertools.product(range(i0, i1 + 1), range(j0, j1 + 1))

    grid: dict[tuple[int, int], list[Segment]] = {}
    for s in _segments(b_rings):
        for key in cells_of(s):
            grid.setdefault(key, []).append(s)
    for s in _segments(a_rings):
        for key in cells_of(s):
            for t in grid.get(key, ()):
                if _segments_close(s, t, tolerance):
                    return True
    return False
