"""How an indicator is doing: a traffic light, a trend and the progress toward its target.

The arithmetic is pure (plain values and dates in, plain values out: ``traffic_light``,
``trend_of``, ``progress_percent``); ``indicator_status`` reads the indicator's values through
``services.goals.indicator_values`` and hands them over.

Conventions, in the words a coordinator reads on the page:

- A value belongs to the last day of its period (a year's count is known when the year is over).
- The baseline is taken to hold at the first day of the first period with a value; without a
  baseline the first value is the starting point.
- Green: the latest value has reached the target (at or below it when lower is better, at or
  above it when higher is better).
- Yellow: not there yet, but moving toward the target at a pace that reaches it by the deadline,
  drawn as a straight line from the baseline through the latest value (without a deadline: moving
  toward the target at all).
- Red: moving away, standing still, or too slowly to make it by the deadline; or the deadline has
  passed.
- Grey: no value yet, or no target to measure against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from samverka.process.models import Indicator
    from samverka.process.services.goals import IndicatorPoint

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
UP, DOWN, FLAT = "up", "down", "flat"
# A change of at most this share of the earlier value counts as no change (2 %).
FLAT_SHARE = Decimal("0.02")


@dataclass(frozen=True)
class Observation:
    """One value at the last day of its period."""

    start: date
    end: date
    value: Decimal


def _better(direction: str, a: Decimal, b: Decimal) -> bool:
    """Whether ``a`` is better than ``b`` for an indicator of ``direction``."""
    return a < b if direction == "decrease" else a > b


def has_reached(direction: str, value: Decimal, target: Decimal) -> bool:
    return value <= target if direction == "decrease" else value >= target


def traffic_light(
    observations: Sequence[Observation],
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    deadline: date | None,
    direction: str,
    today: date,
) -> str:
    """GREEN, YELLOW, RED or GREY (see the module's docstring)."""
    if not observations or target is None:
        return GREY
    ordered = sorted(observations, key=lambda o: o.end)
    latest = ordered[-1]
    if has_reached(direction, latest.value, target):
        return GREEN
    if deadline is not None and today > deadline:
        return RED
    if baseline is not None:
        start_day, start_value = ordered[0].start, baseline
    elif len(ordered) >= 2:
        start_day, start_value = ordered[0].end, ordered[0].value
    else:
        return RED  # one value, no baseline: no pace to speak of, and not there
    days = (latest.end - start_day).days
    if days <= 0 or not _better(direction, latest.value, start_value):
        return RED
    if deadline is None:
        return YELLOW
    pace = (latest.value - start_value) / Decimal(days)  # per day, toward the target
    at_deadline = latest.value + pace * Decimal((deadline - latest.end).days)
    return YELLOW if has_reached(direction, at_deadline, target) else RED


def colour_label(colour: str) -> str:
    """The traffic light in words (the colour is never the only sign)."""
    return {
        GREEN: _("Grönt: målet är nått"),
        YELLOW: _("Gult: på väg, i takt att nå målet i tid"),
        RED: _("Rött: når inte målet i den här takten"),
        GREY: _("Grått: inget värde eller inget målvärde ännu"),
    }[colour]


def trend_of(values: Sequence[Decimal]) -> str:
    """UP, DOWN or FLAT from the last three values (first against last), "" with fewer than two."""
    last = list(values)[-3:]
    if len(last) < 2:
        return ""
    first, final = last[0], last[-1]
    change = final - first
    if abs(change) <= abs(first) * FLAT_SHARE:
        return FLAT
    return UP if change > 0 else DOWN


def trend_label(trend: str, direction: str) -> str:
    """The trend in words, with whether it is for the better ("bättre") or worse ("sämre")."""
    if trend == FLAT:
        return _("Oförändrad")
    if not trend:
        return _("För få värden för en trend")
    better = (trend == UP) == (direction == "increase")
    if trend == UP:
        return _("Ökar – bättre") if better else _("Ökar – sämre")
    return _("Minskar – bättre") if better else _("Minskar – sämre")


def progress_percent(
    latest: Decimal | None, *, baseline: Decimal | None, target: Decimal | None, direction: str
) -> int | None:
    """How far from the baseline to the target the latest value has come, 0–100 (rounded);
    None without a value, a baseline or a target."""
    if latest is None or baseline is None or target is None:
        return None
    span = target - baseline
    if span == 0:
        return 100 if has_reached(direction, latest, target) else 0
    share = (latest - baseline) / span * 100
    return int(max(Decimal(0), min(Decimal(100), share)).quantize(Decimal(1)))


@dataclass(frozen=True)
class IndicatorStatus:
    latest: IndicatorPoint | None
    colour: str
    colour_label: str
    trend: str
    trend_label: str
    progress_percent: int | None

    @property
    def latest_value(self) -> Decimal | None:
        return None if self.latest is None else self.latest.value


def status_of(
    points: Sequence[IndicatorPoint],
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    deadline: date | None,
    direction: str,
    today: date,
) -> IndicatorStatus:
    """The status of a series of points (oldest first)."""
    observations = [Observation(p.period_start, p.period_end, p.value) for p in points]
    colour = traffic_light(
        observations,
        baseline=baseline,
        target=target,
        deadline=deadline,
        direction=direction,
        today=today,
    )
    latest = points[-1] if points else None
    trend = trend_of([p.value for p in points])
    start = baseline if baseline is not None else (points[0].value if points else None)
    return IndicatorStatus(
        latest=latest,
        colour=colour,
        colour_label=colour_label(colour),
        trend=trend,
        trend_label=trend_label(trend, direction),
        progress_percent=progress_percent(
            latest.value if latest else None, baseline=start, target=target, direction=direction
        ),
    )


def indicator_status(indicator: Indicator, *, today: date | None = None) -> IndicatorStatus:
    """The indicator's status from its values over time (stored, counted or read)."""
    from samverka.process.services.goals import indicator_values

    return status_of(
        list(indicator_values(indicator)),
        baseline=indicator.baseline_value,
        target=indicator.target_value,
        deadline=indicator.deadline,
        direction=indicator.direction,
        today=today or timezone.localdate(),
    )
