"""Reads of the medborgarlöfte: its activities' progress, its history and its public view.

An activity linked to a measure of the åtgärdsplan shows the measure's progress as it rolls up
from the measure's activities (``samverka.process.rollup``); an activity without a measure shows
the progress entered for it by hand.

The public view (``PublicPromise``) is built field by field from what the public may see: the
title, the area's name, the period, the public text, the parties that signed (organisation names
and dates), the goals' titles and the activities' titles, public texts, progress and a status
word. Nothing else is read into it, so the public template cannot show anything internal even by
mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.process.models import (
    CitizenPromise,
    Goal,
    Measure,
    MeasureStatus,
    PromiseActivity,
    PromiseStatus,
)

PUBLIC_STATUSES = (PromiseStatus.SIGNED, PromiseStatus.RENEWED, PromiseStatus.ENDED)


@dataclass(frozen=True)
class ActivityProgress:
    activity: PromiseActivity
    percent: int
    status_word: str
    from_measure: bool


def status_word(percent: int, *, stopped: bool = False) -> str:
    if stopped:
        return _("Avbruten")
    if percent >= 100:
        return _("Genomförd")
    if percent <= 0:
        return _("Inte påbörjad")
    return _("Pågår")


def _measure_percents(measures: list[Measure]) -> dict[int, int]:
    """The rolled-up progress of each measure, or {} when the roll-up is not available."""
    if not measures:
        return {}
    try:
        from samverka.process import rollup
    except ImportError:  # pragma: no cover - the roll-up is part of the app
        return {}
    loader = getattr(rollup, "_measure_rollups", None)
    if loader is None:  # pragma: no cover
        return {}
    found = loader(
        Measure.objects.filter(pk__in=[m.pk for m in measures]).prefetch_related("activities")
    )
    return {pk: r.percent for pk, r in found.items()}


def activity_progress(activities: list[PromiseActivity]) -> list[ActivityProgress]:
    """Each activity with its progress (from its measure when it has one)."""
    measures = {a.measure_id: a.measure for a in activities if a.measure is not None}
    percents = _measure_percents([m for m in measures.values() if m is not None])
    rows: list[ActivityProgress] = []
    for activity in activities:
        measure = activity.measure
        if measure is not None and measure.pk in percents:
            percent = percents[measure.pk]
            stopped = measure.status == MeasureStatus.STOPPED
            rows.append(
                ActivityProgress(activity, percent, status_word(percent, stopped=stopped), True)
            )
        else:
            percent = max(0, min(100, activity.progress))
            rows.append(ActivityProgress(activity, percent, status_word(percent), False))
    return rows


def promise_progress(rows: list[ActivityProgress]) -> int:
    """The promise's progress: the plain mean of its activities (each activity counts once)."""
    if not rows:
        return 0
    return int(sum(r.percent for r in rows) / len(rows) + 0.5)


def history(promise: CitizenPromise) -> tuple[list[CitizenPromise], list[CitizenPromise]]:
    """The promises before this one (oldest first) and after it (next first)."""
    before: list[CitizenPromise] = []
    seen = {promise.pk}
    current = promise.previous
    while current is not None and current.pk not in seen:
        before.insert(0, current)
        seen.add(current.pk)
        current = current.previous
    after: list[CitizenPromise] = []
    current = CitizenPromise.objects.filter(previous=promise).first()
    while current is not None and current.pk not in seen:
        after.append(current)
        seen.add(current.pk)
        current = CitizenPromise.objects.filter(previous=current).first()
    return before, after


def document_goals(promise: CitizenPromise) -> list[Goal]:
    return list(
        Goal.objects.filter(document=promise.document).order_by("parent_id", "position", "pk")
    )


def unpromoted_lines(promise: CitizenPromise) -> list[str]:
    """The document's goal lines that are not goal rows yet."""
    rows = set(
        Goal.objects.filter(document=promise.document).values_list("source_line", flat=True)
    ) | set(Goal.objects.filter(document=promise.document).values_list("title", flat=True))
    return [line for line in promise.document.goal_list() if line not in rows]


# --- The public view -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicSignature:
    organisation: str
    signed_on: date


@dataclass(frozen=True)
class PublicActivity:
    title: str
    public_text: str
    percent: int
    status_word: str


@dataclass(frozen=True)
class PublicLink:
    title: str
    public_slug: str
    period_start: date
    period_end: date


@dataclass(frozen=True)
class PublicPromise:
    municipality_name: str
    municipality_slug: str
    title: str
    area_name: str
    period_start: date
    period_end: date
    status: str
    status_label: str
    public_text: str
    signatures: tuple[PublicSignature, ...]
    goals: tuple[str, ...]
    activities: tuple[PublicActivity, ...]
    percent: int
    previous: PublicLink | None
    renewal: PublicLink | None

    @property
    def is_current(self) -> bool:
        return self.status == PromiseStatus.SIGNED


def _public_link(promise: CitizenPromise | None) -> PublicLink | None:
    if promise is None or not is_public(promise):
        return None
    return PublicLink(promise.title, promise.public_slug, promise.period_start, promise.period_end)


def is_public(promise: CitizenPromise) -> bool:
    return bool(promise.is_public and promise.public_slug and promise.status in PUBLIC_STATUSES)


def public_promise(municipality: Municipality, public_slug: str) -> PublicPromise:
    """The public view of a published promise, or 404 (a draft, an unpublished one, unknown)."""
    promise = (
        CitizenPromise.objects.filter(
            municipality=municipality,
            public_slug=public_slug,
            is_public=True,
            status__in=PUBLIC_STATUSES,
        )
        .select_related("area", "previous")
        .first()
    )
    if promise is None or not public_slug:
        raise Http404("No such public promise")
    activities = list(promise.activities.select_related("measure").order_by("position", "pk"))
    rows = activity_progress(activities)
    goals = [g.title for g in document_goals(promise) if g.parent_id is None]
    signatures = tuple(
        PublicSignature(s.organisation.name, s.signed_on)
        for s in promise.signatures.select_related("organisation").order_by("signed_on", "pk")
    )
    return PublicPromise(
        municipality_name=municipality.name,
        municipality_slug=municipality.slug,
        title=promise.title,
        area_name=promise.area.name if promise.area else "",
        period_start=promise.period_start,
        period_end=promise.period_end,
        status=promise.status,
        status_label=str(promise.get_status_display()),
        public_text=promise.public_text,
        signatures=signatures,
        goals=tuple(goals),
        activities=tuple(
            PublicActivity(r.activity.title, r.activity.public_text, r.percent, r.status_word)
            for r in rows
        ),
        percent=promise_progress(rows),
        previous=_public_link(promise.previous),
        renewal=_public_link(CitizenPromise.objects.filter(previous=promise).first()),
    )
