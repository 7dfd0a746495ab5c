"""The lists of the start page: one function per list, each taking the request's ``Access``.

Every list is the person's own work, and every list asks the owning app's need-to-know rule
(``meetings.access``, ``process.access``, ``incidents.access``, ``situation.access``) or its
visibility selector instead of stating a rule of its own: the start page shows nothing that the
page it links to would refuse.

"Mine" means, per list:

- meetings: the groups the person sits in;
- minutes: the versions the person is named to approve (justerare) and has not approved yet;
- commitments: owned by the person, or by the person's organisation with no person named;
- follow-ups of measures: the measures of the person's working groups or organisation, and for
  those who plan (coordinators, the beredningsgrupp) every late follow-up of the municipality;
- reporting rounds: the roster lines the person may report for (their organisation; every line
  for a coordinator) that have neither a report nor "nothing to report";
- lägesbilder: the drafts the person may adopt (the compiling group's members, coordinators);
- changes: the events of the audit trail of the municipality since the previous visit, by
  others, on objects the person may open, one line per object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access
from samverka.accounts.models import AuditEvent
from samverka.incidents.access import roster_organisations_reportable
from samverka.incidents.selectors import missing_lines
from samverka.lib.dates import week_bounds, week_code
from samverka.meetings.access import sees_minutes_of
from samverka.meetings.models import (
    Commitment,
    CommitmentQuerySet,
    Decision,
    Meeting,
    MeetingQuerySet,
    Minutes,
    MinutesStatus,
)
from samverka.meetings.selectors import visible_commitments, visible_meetings
from samverka.process.access import may_follow_up, may_plan, may_read, measures_in
from samverka.process.models import ActionPlan, FollowUp, Measure
from samverka.process.services.plans import FOLLOWED_UP, overdue_measures
from samverka.situation.access import may_compile
from samverka.situation.models import ReportStatus, SituationReport

# How far ahead a follow-up counts as due: the next two weeks, as the beredningsgrupp meets.
FOLLOWUP_HORIZON = timedelta(days=14)
MEETINGS_SHOWN = 8
# Reporting rounds: the weeks before this one (a round is reported after its week).
ROUND_WEEKS = 4
# Without a previous visit: the changes of the last week.
FIRST_VISIT_WINDOW = timedelta(days=7)
CHANGES_SHOWN = 20
# Audit events read to find CHANGES_SHOWN objects; the trail also holds rows nobody opens.
CHANGES_SCANNED = 500
# Objects asked for at a time, newest first, until CHANGES_SHOWN of them may be seen.
CHANGES_BATCH = 2 * CHANGES_SHOWN


def _slug(access: Access) -> str:
    return access.municipality.slug


def _url(access: Access, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"municipality": _slug(access), **kwargs})


# --- Meetings ------------------------------------------------------------------------------------


def next_meetings(
    access: Access, *, now: datetime | None = None, limit: int = MEETINGS_SHOWN
) -> list[Meeting]:
    """The next meetings of the groups the person sits in, soonest first (cancelled ones
    left out)."""
    if not access.group_ids:
        return []
    # visible_meetings keeps Meeting's queryset class; its stub type does not say so.
    meetings = cast(MeetingQuerySet, visible_meetings(access, access.municipality.pk))
    return list(
        meetings.upcoming(now)
        .filter(group_id__in=access.group_ids)
        .order_by("starts_at", "pk")[:limit]
    )


# --- Minutes waiting for my approval -------------------------------------------------------------


def minutes_to_approve(access: Access) -> list[Minutes]:
    """Draft minutes the person is named to approve and has not: only a meeting's current
    version (an older one can no longer be approved), only where the person may read minutes."""
    person = access.person
    if person is None:
        return []
    latest = (
        Minutes.objects.filter(meeting=OuterRef("meeting")).order_by("-version").values("version")
    )
    candidates = (
        Minutes.objects.filter(
            meeting__municipality=access.municipality,
            status=MinutesStatus.DRAFT,
            adjusters=person,
        )
        .exclude(approvals__person=person)
        .annotate(latest_version=Subquery(latest[:1]))
        .filter(version=F("latest_version"))
        .select_related("meeting", "meeting__group")
        .order_by("meeting__starts_at", "pk")
    )
    return [m for m in candidates if sees_minutes_of(access, m.meeting.group_id)]


# --- Commitments ---------------------------------------------------------------------------------


def my_commitments(access: Access, *, today: date | None = None) -> list[Commitment]:
    """Open commitments owned by the person, or by their organisation without a named person;
    late ones carry ``late = True``. Soonest due first, those without a date last."""
    person = access.person
    if person is None:
        return []
    today = today or timezone.localdate()
    mine = Q(owner_person=person)
    if person.organisation_id is not None:
        mine |= Q(owner_person__isnull=True, owner_organisation_id=person.organisation_id)
    visible = cast(CommitmentQuerySet, visible_commitments(access, access.municipality.pk))
    commitments = list(visible.open().filter(mine))
    for commitment in commitments:
        commitment.late = commitment.is_overdue(today)  # type: ignore[attr-defined]
    commitments.sort(key=lambda c: (c.due_date is None, c.due_date or today, c.pk))
    return commitments


# --- Follow-ups of measures ----------------------------------------------------------------------


def followups_due(access: Access, *, today: date | None = None) -> list[Measure]:
    """Measures whose next follow-up is late or due within ``FOLLOWUP_HORIZON``: those of the
    person's working groups and organisation; planners also get every late one.

    Each carries ``late`` and ``may_follow_up`` (the process app's rule) for its link."""
    if not may_read(access):
        return []
    today = today or timezone.localdate()
    person = access.person
    mine = Q(working_group_id__in=access.group_ids)
    if person is not None and person.organisation_id is not None:
        mine |= Q(responsible_organisation_id=person.organisation_id)
    wanted = mine & Q(next_followup_due__lte=today + FOLLOWUP_HORIZON)
    if may_plan(access):
        late = overdue_measures(access.municipality, before=today).values("pk")
        wanted |= Q(pk__in=late)
    measures = list(
        measures_in(access)
        .filter(wanted, status__in=FOLLOWED_UP, next_followup_due__isnull=False)
        .select_related("plan", "working_group", "responsible_organisation")
        .order_by("next_followup_due", "pk")
    )
    # The process app's rule looks at the viewer and the measure's working group (and costs a
    # query): asked once per working group, not once per measure.
    allowed: dict[int | None, bool] = {}
    for measure in measures:
        group = measure.working_group_id
        if group not in allowed:
            allowed[group] = may_follow_up(access, measure)
        measure.late = measure.next_followup_due < today  # type: ignore[attr-defined,operator]
        measure.may_follow_up = allowed[group]  # type: ignore[attr-defined]
    return measures


# --- Reporting rounds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingReport:
    """One roster line (an organisation for an area) without an answer for one week."""

    week: str
    monday: date
    sunday: date
    area: str
    organisation: str
    url: str


def unanswered_rounds(access: Access, *, today: date | None = None) -> list[MissingReport]:
    """The last ``ROUND_WEEKS`` weeks' roster lines the person may report for that have neither
    a report nor "nothing to report", most recent week first."""
    organisations = roster_organisations_reportable(access)
    if not organisations:
        return []
    today = today or timezone.localdate()
    weeks = [week_code(today - timedelta(weeks=back)) for back in range(1, ROUND_WEEKS + 1)]
    found = []
    for week, entry in missing_lines(access.municipality, weeks, organisations):
        monday, sunday = week_bounds(week)
        found.append(
            MissingReport(
                week=week,
                monday=monday,
                sunday=sunday,
                area=entry.area.name,
                organisation=entry.organisation.name,
                url=_url(access, "incidents:round") + f"?week={week}",
            )
        )
    return found


# --- Lägesbilder ---------------------------------------------------------------------------------


def reports_to_adopt(access: Access) -> list[SituationReport]:
    """Draft lägesbilder the person may adopt: the compiling group's members and coordinators."""
    drafts = SituationReport.objects.filter(
        municipality=access.municipality, status=ReportStatus.DRAFT
    )
    if not access.is_coordinator:
        drafts = drafts.filter(group_id__in=access.group_ids)
    drafts = drafts.select_related("area", "group").order_by("-period_start", "area__name", "pk")
    return [report for report in drafts if may_compile(access, report.group)]


# --- What changed since the last visit -----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """The latest change of one object since the previous visit."""

    kind: str
    title: str
    url: str
    at: datetime
    by: str
    what: str


@dataclass(frozen=True)
class _Kind:
    """A kind of object whose changes the start page shows: how to find the ones the person
    may open (the owning app's rule), and where to open one."""

    label: str
    model: type[Any]
    visible: Callable[[Access, list[int]], Iterable[Any]]
    url: Callable[[Access, Any], str]
    title: Callable[[Any], str] = str


def _meetings(access: Access, ids: list[int]) -> Iterable[Meeting]:
    return visible_meetings(access, access.municipality.pk).filter(pk__in=ids)


def _minutes(access: Access, ids: list[int]) -> Iterable[Minutes]:
    found = Minutes.objects.filter(
        pk__in=ids, meeting__in=visible_meetings(access, access.municipality.pk)
    ).select_related("meeting", "meeting__group")
    return [m for m in found if sees_minutes_of(access, m.meeting.group_id)]


def _decisions(access: Access, ids: list[int]) -> Iterable[Decision]:
    return Decision.objects.filter(
        pk__in=ids, meeting__in=visible_meetings(access, access.municipality.pk)
    ).select_related("meeting", "meeting__group")


def _commitments(access: Access, ids: list[int]) -> Iterable[Commitment]:
    return visible_commitments(access, access.municipality.pk).filter(pk__in=ids)


def _reports(access: Access, ids: list[int]) -> Iterable[SituationReport]:
    # Every role reads the municipality's lägesbilder (situation.access).
    return SituationReport.objects.filter(
        municipality=access.municipality, pk__in=ids
    ).select_related("area")


def _process(model: type[Any], *related: str) -> Callable[[Access, list[int]], Iterable[Any]]:
    # Everyone with a role reads the process (process.access.may_read).
    def visible(access: Access, ids: list[int]) -> Iterable[Any]:
        if not may_read(access):
            return []
        found = model.objects.filter(municipality=access.municipality, pk__in=ids)
        return found.select_related(*related) if related else found

    return visible


def _minutes_title(minutes: Minutes) -> str:
    return _("Protokoll från %(meeting)s") % {"meeting": minutes.meeting.display_title}


def _decision_title(decision: Decision) -> str:
    return f"§ {decision.number} {decision.title}"


def _followup_title(followup: FollowUp) -> str:
    return _("Uppföljning av %(measure)s") % {"measure": followup.measure.title}


# Keyed by the audit trail's ``object_type``: the services' model name ("meeting") and the
# capture trigger's table name ("meetings_meeting") both map here.
def _kinds() -> dict[str, _Kind]:
    kinds = {
        "meeting": _Kind(
            _("Möte"),
            Meeting,
            _meetings,
            lambda a, o: _url(a, "meetings:detail", pk=o.pk),
            lambda o: f"{o.display_title} ({o.group.name})",
        ),
        "minutes": _Kind(
            _("Protokoll"),
            Minutes,
            _minutes,
            lambda a, o: _url(a, "meetings:detail", pk=o.meeting_id),
            _minutes_title,
        ),
        "decision": _Kind(
            _("Beslut"),
            Decision,
            _decisions,
            lambda a, o: _url(a, "meetings:detail", pk=o.meeting_id),
            _decision_title,
        ),
        "commitment": _Kind(
            _("Åtagande"),
            Commitment,
            _commitments,
            lambda a, o: _url(a, "meetings:commitment", pk=o.pk),
        ),
        "situationreport": _Kind(
            _("Lägesbild"),
            SituationReport,
            _reports,
            lambda a, o: _url(a, "situation:detail", pk=o.pk),
        ),
        "actionplan": _Kind(
            _("Åtgärdsplan"),
            ActionPlan,
            _process(ActionPlan),
            lambda a, o: _url(a, "process:plan_detail", pk=o.pk),
        ),
        "measure": _Kind(
            _("Åtgärd"),
            Measure,
            _process(Measure),
            lambda a, o: _url(a, "process:measure_detail", pk=o.pk),
        ),
        "followup": _Kind(
            _("Uppföljning"),
            FollowUp,
            _process(FollowUp, "measure"),
            lambda a, o: _url(a, "process:followup_detail", pk=o.measure_id, followup_pk=o.pk),
            _followup_title,
        ),
    }
    for kind in list(kinds.values()):
        kinds[kind.model._meta.db_table] = kind
    return kinds


_NEW_ACTIONS = ("create", "created", "recorded", "started", "convened", "row_insert")


def _what(action: str) -> str:
    if action.endswith("cancelled"):
        return _("inställt")
    if action.endswith(("adopted", "locked")):
        return _("beslutat")
    if action in _NEW_ACTIONS or action.endswith(_NEW_ACTIONS):
        return _("nytt")
    return _("ändrat")


def changes_since(
    access: Access, *, since: datetime | None, now: datetime | None = None
) -> list[Change]:
    """What others changed in the municipality after ``since`` (the previous visit; the last
    week on a first visit), newest first, one line per object the person may open.

    Read from the audit trail; an object the person may not see, or that is gone, is left out
    (the owning app's visibility query finds nothing for it). The trail's summaries are never
    shown: the title comes from the object as the person may see it now."""
    if access.user_id is None:
        return []
    now = now or timezone.now()
    since = since or now - FIRST_VISIT_WINDOW
    kinds = _kinds()
    events = (
        AuditEvent.objects.filter(
            municipality=access.municipality,
            at__gt=since,
            object_type__in=list(kinds),
        )
        .exclude(user_id=access.user_id)
        .exclude(object_id="")
        .order_by("-at", "-pk")
        .values("object_type", "object_id", "action", "at", "username")[:CHANGES_SCANNED]
    )
    latest: dict[tuple[str, int], Any] = {}
    for event in events:
        try:
            pk = int(event["object_id"])
        except ValueError:
            continue
        key = (kinds[event["object_type"]].model._meta.model_name, pk)
        latest.setdefault(key, event)  # newest first: the first seen is the latest
    # The objects are asked for newest first, a batch at a time, until enough of them are
    # visible: a busy week holds hundreds of changed objects and the page shows twenty.
    keys = list(latest)
    rank = {key: i for i, key in enumerate(keys)}
    changes: list[tuple[int, Change]] = []
    for start in range(0, len(keys), CHANGES_BATCH):
        by_kind: dict[str, list[int]] = {}
        for name, pk in keys[start : start + CHANGES_BATCH]:
            by_kind.setdefault(name, []).append(pk)
        for name, ids in by_kind.items():
            kind = kinds[name]
            for obj in kind.visible(access, ids):
                event = latest[(name, obj.pk)]
                changes.append(
                    (
                        rank[(name, obj.pk)],
                        Change(
                            kind=kind.label,
                            title=kind.title(obj),
                            url=kind.url(access, obj),
                            at=event["at"],
                            by=event["username"],
                            what=_what(event["action"]),
                        ),
                    )
                )
        if len(changes) >= CHANGES_SHOWN:
            break
    changes.sort(key=lambda ranked: ranked[0])  # the trail's order: newest first
    return [change for _rank, change in changes[:CHANGES_SHOWN]]
