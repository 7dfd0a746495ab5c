"""Progress rolls up: activities → measures → goals (and sub-goals) → the plan, weighted.

Pure arithmetic on plain values, plus ``plan_rollup`` and ``goal_rollup`` that load them. Every
result carries its parts and their weights, so a page can show *how* a figure came about
("Kartläggning 100 %, vikt 2 av 5").

- An activity counts its own progress; a done activity counts 100; a cancelled one is left out.
- A measure is the weighted mean of its activities (by activity weight). Without activities it is
  100 when done, else the latest follow-up's progress, else 0. A stopped measure is left out of
  its plan and goals.
- A goal is the weighted mean of its measures (by measure weight) and its sub-goals (by the
  sub-goal's weight), all together.
- A plan is the weighted mean of its measures (by measure weight).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

DONE_ACTIVITY = "done"
CANCELLED_ACTIVITY = "cancelled"
DONE_MEASURE = "done"
STOPPED_MEASURE = "stopped"


@dataclass(frozen=True)
class Part:
    """One contribution to a weighted mean."""

    label: str
    weight: int
    progress: float | None  # None: left out (cancelled, stopped)
    url: str = ""
    note: str = ""

    @property
    def counted(self) -> bool:
        return self.progress is not None and self.weight > 0


@dataclass(frozen=True)
class Rollup:
    """A progress figure (0–100) and the weighted parts it came from."""

    progress: float
    parts: tuple[Part, ...] = ()
    basis: str = "weighted"  # weighted | done | followup | none

    @property
    def total_weight(self) -> int:
        return sum(p.weight for p in self.parts if p.counted)

    @property
    def percent(self) -> int:
        """Rounded for display (half up)."""
        return int(self.progress + 0.5)

    def weight_label(self, part: Part) -> str:
        """``vikt 2 av 5`` (or ``räknas inte`` for a part left out)."""
        if not part.counted:
            return _("räknas inte")
        return _("vikt %(weight)s av %(total)s") % {
            "weight": part.weight,
            "total": self.total_weight,
        }

    def rows(self) -> list[tuple[Part, str]]:
        return [(part, self.weight_label(part)) for part in self.parts]

    @property
    def basis_label(self) -> str:
        return {
            "weighted": _("vägt medelvärde"),
            "done": _("genomförd"),
            "followup": _("enligt senaste uppföljningen"),
            "none": _("inget rapporterat"),
        }.get(self.basis, self.basis)


def weighted_mean(pairs: Iterable[tuple[int, float | None]]) -> float | None:
    """Σ wᵢ·xᵢ / Σ wᵢ over the pairs with a value and a positive weight; None without any."""
    total = 0.0
    weights = 0
    for weight, value in pairs:
        if value is None or weight <= 0:
            continue
        total += weight * value
        weights += weight
    return None if weights == 0 else total / weights


def activity_progress(status: str, progress: int) -> float | None:
    if status == CANCELLED_ACTIVITY:
        return None
    if status == DONE_ACTIVITY:
        return 100.0
    return float(max(0, min(100, progress)))


def measure_rollup(
    *, status: str, activities: Sequence[Part], latest_followup_progress: int | None = None
) -> Rollup:
    """A measure's progress from its activities' parts (each per ``activity_progress``)."""
    if activities:
        mean = weighted_mean((p.weight, p.progress) for p in activities)
        if mean is not None:
            return Rollup(mean, tuple(activities), "weighted")
        # Every activity cancelled: fall through to the measure's own state.
    if status == DONE_MEASURE:
        return Rollup(100.0, tuple(activities), "done")
    if latest_followup_progress is not None:
        return Rollup(float(latest_followup_progress), tuple(activities), "followup")
    return Rollup(0.0, tuple(activities), "none")


def combine(parts: Sequence[Part]) -> Rollup:
    """A goal's or a plan's progress: the weighted mean of its parts (0 without any counted)."""
    mean = weighted_mean((p.weight, p.progress) for p in parts)
    if mean is None:
        return Rollup(0.0, tuple(parts), "none")
    return Rollup(mean, tuple(parts), "weighted")


# ---- loaders ----------------------------------------------------------------------------------


@dataclass
class PlanRollup:
    plan: Rollup
    measures: dict[int, Rollup] = field(default_factory=dict)


def _measure_rollups(measures: Iterable[Any]) -> dict[int, Rollup]:
    from samverka.process.models import FollowUp

    measures = list(measures)
    latest: dict[int, int] = {}
    rows = (
        FollowUp.objects.filter(measure__in=measures, progress__isnull=False)
        .order_by("measure_id", "-made_on", "-pk")
        .values_list("measure_id", "progress")
    )
    for measure_id, progress in rows:
        if progress is not None:
            latest.setdefault(measure_id, progress)
    found: dict[int, Rollup] = {}
    for measure in measures:
        parts = [
            Part(a.title, a.weight, activity_progress(a.status, a.progress))
            for a in measure.activities.all()
        ]
        found[measure.pk] = measure_rollup(
            status=measure.status,
            activities=parts,
            latest_followup_progress=latest.get(measure.pk),
        )
    return found


def measure_part(measure: Any, rollup: Rollup, url: str = "") -> Part:
    progress = None if measure.status == STOPPED_MEASURE else rollup.progress
    return Part(measure.title, measure.weight, progress, url)


def plan_rollup(plan: Any, url_of: Any = None) -> PlanRollup:
    """The plan's measures' progress and the plan's, loaded in a few queries."""
    measures = list(plan.measures.prefetch_related("activities").order_by("position", "pk"))
    by_measure = _measure_rollups(measures)
    parts = [measure_part(m, by_measure[m.pk], url_of(m) if url_of else "") for m in measures]
    return PlanRollup(plan=combine(parts), measures=by_measure)


def goal_rollup(goal: Any, url_of: Any = None, _seen: frozenset[int] = frozenset()) -> Rollup:
    """A goal's progress from its measures (measure weight) and its sub-goals (goal weight)."""
    measures = list(goal.measures.prefetch_related("activities").order_by("pk"))
    by_measure = _measure_rollups(measures)
    parts = [measure_part(m, by_measure[m.pk], url_of(m) if url_of else "") for m in measures]
    seen = _seen | {goal.pk}
    for sub in goal.subgoals.order_by("position", "pk"):
        if sub.pk in seen:
            continue
        sub_rollup = goal_rollup(sub, url_of, seen)
        parts.append(Part(sub.title, sub.weight, sub_rollup.progress, note=_("delmål")))
    return combine(parts)
