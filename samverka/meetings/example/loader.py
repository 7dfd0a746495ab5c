"""Give the Angered example a year of meetings, built only through the meeting services.

The year is the current one, so the example stays current: meetings before today have approved
minutes (attendance, notes, adjusters), meetings from today on have their agendas only.

- Ledningsgruppen (6 a year) and Trygghetsrådet (4 a year) follow their cadence; so does the
  beredningsgrupp (every other week, about 25 meetings). The Ledningsgrupp also meets acutely
  after a shooting in March and an explosion in September, when those dates have passed.
- The working group meets at its cadence, but only between its start and end dates.
- Custom cadence ("enligt gruppens egen planering"): each trygghetsgrupp meets every ten weeks
  outside the summer (Angereds Centrumgrupp every eight), each SSPF group every eight weeks in
  the school terms: a handful of meetings each (four to six). Trygghetssamordningen ("löpande
  arbete i enheten") and any other group meeting only as needed get no meetings.
- The beredningsgrupp proposes, the Ledningsgrupp decides (one proposal is returned and comes
  back, one is tabled and stays pending); commitments follow from decisions and from the groups'
  own meetings and are followed up at later meetings: some done, some carried over, some overdue.
- SSPF minutes stay generic: nothing about individuals (SSPF records are a later issue).

Deterministic: every random choice comes from ``random.Random`` seeded with a fixed number and
the group's name. Everything is marked as example (``is_example``); the texts are invented.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.progress import Progress
from samverka.lib.holidays import is_day_off
from samverka.lib.meeting_dates import SUMMER_WEEKS
from samverka.meetings import services
from samverka.meetings.example import content as c
from samverka.meetings.example import stories
from samverka.meetings.models import (
    AttendanceStatus,
    Commitment,
    CommitmentStatus,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesStatus,
    Proposal,
)
from samverka.meetings.services.minutes import AttendanceRow
from samverka.organisation.models import (
    Cadence,
    Group,
    GroupKind,
    Membership,
    MembershipRole,
    OrganisationKind,
    Person,
)

SEED = 2026
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# The proposal is sent out a week before the Ledningsgrupp meets.
PROPOSAL_LEAD = timedelta(days=7)


def load_example(
    municipality: Municipality, progress: Progress, *, today: date | None = None
) -> str:
    """Plan and fill the example's meetings for the current year; returns one summary line.

    Loading twice changes nothing: a municipality that already has meetings that year is left
    alone (``today`` is for tests that need a fixed date)."""
    today = today or timezone.localdate()
    existing = Meeting.objects.filter(municipality=municipality, starts_at__year=today.year)
    if existing.exists():
        return (
            f"Möten {today.year}: {municipality.name} har redan {existing.count()} möten; "
            "mötesexemplet har inte lagts till."
        )
    with transaction.atomic():
        return _Year(municipality, progress, today).load()


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _human_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _is_holiday_week(day: date) -> bool:
    return (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 6)


def rhythm_days(
    year: int, *, every: int, first_week: int, weekday: int, pause: range
) -> list[date]:
    """A meeting every ``every`` weeks from ``first_week``, on ``weekday`` (or the next working
    day of that week), restarting after the ``pause`` weeks; weeks 2–50 only, so that the
    Christmas and New Year weeks stay free."""
    days: list[date] = []
    week = first_week
    while week <= 50:
        if week in pause:
            week = pause.stop
            continue
        day = date.fromisocalendar(year, week, weekday)
        while is_day_off(day) and day.isoweekday() < 5:
            day += timedelta(days=1)
        if not is_day_off(day):
            days.append(day)
        week += every
    return days


def working_group_days(group: Group, year: int) -> list[date]:
    """The working group's cadence, kept between its start and end dates within ``year``."""
    first = max(group.start_date or date(year, 1, 1), date(year, 1, 1))
    last = min(group.end_date or date(year, 12, 31), date(year, 12, 31))
    step = timedelta(weeks=group.interval_weeks or 4)
    weekday = group.meeting_weekday or 2
    # Keep the rhythm that began on the start date, even when it began the year before.
    day = group.start_date or first
    day += timedelta(days=(weekday - day.isoweekday()) % 7)
    while day < first:
        day += step
    days = []
    while day <= last:
        summer = day.isocalendar().week in SUMMER_WEEKS
        if not (summer or _is_holiday_week(day) or is_day_off(day)):
            days.append(day)
        day += step
    return days


@dataclass
class _FollowUp:
    commitment: Commitment
    group_id: int
    steps: dict[int, c.Step]
    seen: int = 0


@dataclass
class _GroupYear:
    group: Group
    rng: random.Random
    members: list[Membership]
    meetings: list[Meeting] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)
    issues: list[c.Issue] = field(default_factory=list)
    last_held: datetime | None = None

    @property
    def kind(self) -> str:
        return self.group.kind

    @property
    def chair(self) -> Person | None:
        for role in (MembershipRole.CHAIR, MembershipRole.CONVENER, MembershipRole.SECRETARY):
            for membership in self.members:
                if membership.role == role:
                    return membership.person
        return self.members[0].person if self.members else None

    @property
    def area_name(self) -> str:
        return self.group.area.name if self.group.area else "området"


# A group kind's way of holding a meeting: fills the notes (by item title and by item id),
# makes its proposals, decisions and commitments, and returns the minutes' summary.
_Handler = Callable[[_GroupYear, Meeting, dict[str, str], dict[int, str]], str]


class _Year:
    def __init__(self, municipality: Municipality, progress: Progress, today: date) -> None:
        self.municipality = municipality
        self.progress = progress
        self.today = today
        self.year = today.year
        # Approvals of yesterday's meetings are dated this morning at the latest, and never
        # later than now (loaded at night, "this morning" has not come yet).
        self.latest_approval = min(_aware(today, time(8, 0)), timezone.now())
        self.people = {
            p.name: p
            for p in Person.objects.filter(municipality=municipality).select_related("organisation")
        }
        groups = (
            Group.objects.filter(municipality=municipality)
            .select_related("area")
            .prefetch_related("memberships__person__organisation", "memberships__organisation")
            .order_by("name")
        )
        self.groups = [
            _GroupYear(
                group=g,
                rng=random.Random(f"{SEED}:{g.name}"),  # noqa: S311 (example data, not secrets)
                members=sorted(g.memberships.all(), key=lambda m: m.person.name),
            )
            for g in groups
        ]
        self.by_kind: dict[str, _GroupYear] = {}
        for gy in self.groups:
            self.by_kind.setdefault(gy.kind, gy)
        self.follow_ups: list[_FollowUp] = []
        self.reports: list[str] = []  # for the beredningsgrupp's next meeting
        self.decisions: list[tuple[datetime, str]] = []
        self.acute_held: list[tuple[Meeting, c.AcuteStory]] = []
        self.story_of: dict[int, c.ProposalStory] = {}  # proposal pk -> story
        self.ber_stories: dict[int, list[c.ProposalStory]] = defaultdict(list)

    def fmt(self, text: str, area: str = "") -> str:
        return text.format(year=self.year, next_year=self.year + 1, area=area)

    def is_past(self, meeting: Meeting) -> bool:
        # Before the example's day, and begun by the clock: minutes and decisions are only
        # ever recorded for a meeting that has begun (a ``today`` ahead of the clock changes
        # nothing about that).
        return _day(meeting.starts_at) < self.today and meeting.has_started()

    # --- Planning ----------------------------------------------------------------------------

    def load(self) -> str:
        for done, gy in enumerate(self.groups, start=1):
            self.plan(gy)
            self.progress("Mötesserier", done, len(self.groups))
        self.assign_proposals()
        events = self.timeline()
        for done, (_at, event) in enumerate(events, start=1):
            if isinstance(event, c.AcuteStory):
                self.hold_acute(event)
            else:
                gy, meeting = event
                self.hold(gy, meeting)
            self.progress("Protokoll", done, len(events))
        return self.summary()

    def days_for(self, gy: _GroupYear) -> list[date] | None:
        """Custom meeting days, [] for none, or None for the group's own cadence."""
        group = gy.group
        if group.kind == GroupKind.WORKING:
            return working_group_days(group, self.year)
        if group.cadence != Cadence.CUSTOM:
            return None
        if group.kind == GroupKind.AREA_SAFETY:
            every = 8 if "centrum" in group.name.lower() else 10
            return rhythm_days(
                self.year,
                every=every,
                first_week=gy.rng.randint(2, 5),
                weekday=gy.rng.randint(1, 4),
                pause=range(26, 33),
            )
        if group.kind == GroupKind.SSPF:
            return rhythm_days(
                self.year,
                every=8,
                first_week=gy.rng.randint(3, 6),
                weekday=gy.rng.randint(1, 4),
                pause=range(24, 34),
            )
        return []  # as needed ("efter behov"): no planned meetings

    def plan(self, gy: _GroupYear) -> None:
        days = self.days_for(gy)
        if days == [] or gy.kind not in c.TEMPLATES:
            return
        hour, minute, minutes, location, video = c.SETTINGS[gy.kind]
        services.agenda_template_set(group=gy.group, items=c.TEMPLATES[gy.kind], user=None)
        series = services.series_plan(
            group=gy.group,
            year=self.year,
            user=None,
            start=time(hour, minute),
            duration=timedelta(minutes=minutes),
            location=location.format(area=gy.area_name),
            custom_dates=days or (),
            is_example=True,
        )
        gy.meetings = list(series.meetings.order_by("starts_at"))
        gy.index = {m.pk: n for n, m in enumerate(gy.meetings)}
        if video:
            for meeting in gy.meetings:
                services.meeting_update(meeting=meeting, user=None, video_url=video)
        if gy.kind == GroupKind.AREA_SAFETY:
            gy.issues = gy.rng.sample(c.ISSUES, 3)
        self.plan_future_agendas(gy)

    def plan_future_agendas(self, gy: _GroupYear) -> None:
        """The next two meetings get one item of their own beside the standing agenda (later
        agendas are still just the standing one, as they would be)."""
        pools: dict[str, tuple[str, ...]] = {
            GroupKind.STEERING: c.LG_FUTURE_ITEMS,
            GroupKind.PREPARATION: c.BER_FUTURE_ITEMS,
            GroupKind.COUNCIL: c.TR_FUTURE_ITEMS,
            GroupKind.WORKING: c.AG_FUTURE_ITEMS,
            GroupKind.AREA_SAFETY: c.AREA_FUTURE_ITEMS,
        }
        pool = pools.get(gy.kind, ())
        upcoming = [m for m in gy.meetings if not self.is_past(m)][:2]
        for n, meeting in enumerate(upcoming if pool else []):
            self.add_item(meeting, self.fmt(pool[n % len(pool)]))

    def add_item(self, meeting: Meeting, title: str) -> int:
        """Add an item before the closing "Övriga frågor"."""
        item = services.agenda_item_add(meeting=meeting, title=title, user=None)
        services.agenda_item_move(item=item, user=None, up=True)
        return item.pk

    def assign_proposals(self) -> None:
        """Each proposal is made at the beredningsgrupp's last meeting at least a week before
        the Ledningsgrupp's meeting that decides it (and after the one before)."""
        lg, ber = self.by_kind.get(GroupKind.STEERING), self.by_kind.get(GroupKind.PREPARATION)
        if lg is None or ber is None or not lg.group.may_decide:
            return
        for story in stories.PROPOSALS:
            if story.at >= len(lg.meetings):
                continue
            target = lg.meetings[story.at].starts_at
            previous = lg.meetings[story.at - 1].starts_at if story.at else None
            candidates = [
                m
                for m in ber.meetings
                if m.starts_at <= target - PROPOSAL_LEAD
                and (previous is None or m.starts_at > previous)
            ]
            if candidates and self.is_past(candidates[-1]):
                self.ber_stories[candidates[-1].pk].append(story)

    def timeline(self) -> list[tuple[datetime, c.AcuteStory | tuple[_GroupYear, Meeting]]]:
        events: list[tuple[datetime, c.AcuteStory | tuple[_GroupYear, Meeting]]] = []
        for gy in self.groups:
            events.extend((m.starts_at, (gy, m)) for m in gy.meetings if self.is_past(m))
        lg = self.by_kind.get(GroupKind.STEERING)
        if lg is not None and lg.group.may_decide:
            for story in stories.ACUTE:
                starts = _aware(date(self.year, story.month, story.day), time(story.hour))
                if _day(starts) < self.today and starts <= timezone.now():
                    events.append((starts, story))
        return sorted(events, key=lambda event: event[0])

    # --- Holding the meetings ----------------------------------------------------------------

    def hold(self, gy: _GroupYear, meeting: Meeting) -> None:
        notes: dict[str, str] = {}  # by agenda item title
        item_notes: dict[int, str] = {}  # by agenda item id
        updates = self.follow_up(meeting)
        handlers: dict[str, _Handler] = {
            GroupKind.STEERING: self.steering,
            GroupKind.PREPARATION: self.preparation,
            GroupKind.COUNCIL: self.council,
            GroupKind.WORKING: self.working_group,
            GroupKind.AREA_SAFETY: self.area_group,
            GroupKind.SSPF: self.sspf,
        }
        summary = handlers[gy.kind](gy, meeting, notes, item_notes)
        notes[c.FOLLOW_UP] = self.follow_up_note(meeting, updates)
        self.minutes(gy, meeting, notes, item_notes, summary)
        gy.last_held = meeting.starts_at

    def acute_since(self, gy: _GroupYear, meeting: Meeting, prefix: str) -> str:
        """One sentence per acute meeting of the Ledningsgrupp since the group last met."""
        sentences = [
            f"{prefix} den {_human_date(_day(acute.starts_at))} efter {story.event}."
            for acute, story in self.acute_held
            if (gy.last_held is None or acute.starts_at > gy.last_held)
            and acute.starts_at < meeting.starts_at
        ]
        return "".join(f"{s} " for s in sentences)

    def steering(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        n = gy.index[meeting.pk]
        notes[c.LG_SITUATION] = (
            self.acute_since(
                gy, meeting, "Sedan förra mötet har ledningsgruppen haft ett akut möte"
            )
            + (c.LG_SITUATIONS[n % len(c.LG_SITUATIONS)])
        )
        placed = list(
            meeting.agenda_items.filter(proposal__isnull=False).select_related("proposal")
        )
        for item in placed:
            story = self.story_of.get(item.proposal_id or 0)
            if story is None or item.proposal is None:
                continue
            if story.outcome is None:
                item_notes[item.pk] = self.fmt(story.note)
                continue
            decision = self.decide(
                meeting,
                title=story.decision_title,
                text=story.decision_text,
                outcome=story.outcome,
                proposal=item.proposal,
                agenda_item_id=item.pk,
            )
            item_notes[item.pk] = " ".join(
                filter(None, [self.fmt(story.note), f"Beslut enligt § {decision.number}."])
            )
            for task in story.tasks:
                self.commit(task, meeting, decision=decision)
        notes[c.LG_PROPOSALS] = (
            "Beredningsgruppens förslag föredrogs." if placed else "Inga förslag förelåg."
        )
        for own in (d for d in stories.DECISIONS if d.at == n):
            item_id = self.add_item(meeting, self.fmt(own.item))
            decision = self.decide(
                meeting,
                title=own.title,
                text=own.text,
                outcome=own.outcome,
                agenda_item_id=item_id,
            )
            item_notes[item_id] = f"{self.fmt(own.note)} Beslut enligt § {decision.number}."
            for task in own.tasks:
                self.commit(task, meeting, decision=decision)
        notes[c.CLOSING] = c.LG_OTHER[n % len(c.LG_OTHER)]
        return ""

    def decide(
        self,
        meeting: Meeting,
        *,
        title: str,
        text: str,
        outcome: str,
        agenda_item_id: int,
        proposal: Proposal | None = None,
    ) -> Decision:
        decision = services.decision_record(
            meeting=meeting,
            title=self.fmt(title),
            text=self.fmt(text),
            outcome=outcome,
            proposal=proposal,
            agenda_item=meeting.agenda_items.get(pk=agenda_item_id),
            user=None,
            is_example=True,
        )
        self.decisions.append((meeting.starts_at, decision.title))
        return decision

    def preparation(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        n = gy.index[meeting.pk]
        notes[c.BER_SITUATION] = (
            self.acute_since(gy, meeting, "Ledningsgruppen höll ett akut möte")
            + f"{gy.rng.choice(c.BER_POLICE)} {gy.rng.choice(c.BER_COORDINATION)}"
        )
        made, to_group = [], ""
        for story in self.ber_stories.get(meeting.pk, []):
            proposal = services.proposal_create(
                meeting=meeting,
                title=self.fmt(story.title),
                text=self.fmt(story.text),
                user=None,
                is_example=True,
            )
            self.story_of[proposal.pk] = story
            made.append(f"”{proposal.title}”")
            to_group = proposal.to_group.name
        notes[c.BER_PROPOSALS] = (
            f"Beredningsgruppen beslutade att lägga fram förslag till {to_group}: "
            + "; ".join(made)
            + "."
            if made
            else "Inga nya förslag till ledningsgruppen."
        )
        for at, task in c.BER_TASKS:
            if at == n:
                self.commit(task, meeting)
        reports, self.reports = self.reports, []
        notes[c.BER_REPORTS] = (
            " ".join(reports) if reports else "Inga nya rapporter sedan förra mötet."
        )
        notes[c.CLOSING] = c.BER_OTHER[n % len(c.BER_OTHER)]
        return ""

    def council(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        n = gy.index[meeting.pk]
        notes[c.TR_SITUATION] = (
            self.acute_since(gy, meeting, "Rådet informerades om ledningsgruppens akuta möte")
            + (c.TR_SITUATIONS[n % len(c.TR_SITUATIONS)])
        )
        since = [
            title
            for at, title in self.decisions
            if (gy.last_held is None or at > gy.last_held) and at < meeting.starts_at
        ]
        lg = self.by_kind.get(GroupKind.STEERING)
        reporter = lg.chair.name if lg is not None and lg.chair is not None else "Trygghetschefen"
        notes[c.TR_NEWS] = (
            f"{reporter} rapporterade om ledningsgruppens beslut sedan förra mötet: "
            + "; ".join(since)
            + "."
            if since
            else "Ledningsgruppen har inte fattat några nya beslut sedan förra mötet."
        )
        notes[c.TR_DIALOGUE] = c.TR_DIALOGUES[n % len(c.TR_DIALOGUES)]
        if n < len(c.TR_TASKS):
            self.commit(c.TR_TASKS[n], meeting)
        notes[c.CLOSING] = "Inga övriga frågor."
        return ""

    def working_group(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        n = gy.index[meeting.pk]
        situation = c.AG_SITUATIONS[n % len(c.AG_SITUATIONS)]
        notes[c.AREA_SITUATION] = situation
        tasks = c.AG_TASKS_BY_MEETING[n] if n < len(c.AG_TASKS_BY_MEETING) else ()
        made = [cm.title for task in tasks if (cm := self.commit(task, meeting)) is not None]
        notes[c.AG_TASKS] = (
            "Gruppen kom överens om: " + "; ".join(made) + "."
            if made
            else "Inga nya åtgärder; de pågående följs upp under nästa punkt."
        )
        notes[c.AREA_REPORT] = "Läget och åtgärderna rapporteras till beredningsgruppen."
        self.reports.append(f"{gy.group.name}: {situation.split('. ')[0].rstrip('.')}.")
        notes[c.CLOSING] = "Inga övriga frågor."
        return ""

    def area_group(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        n = gy.index[meeting.pk]
        notes[c.AREA_SITUATION] = gy.rng.choice(c.AREA_SITUATIONS)
        issue = gy.issues[n // 2] if n % 2 == 0 and n // 2 < len(gy.issues) else None
        owner = self.owner(gy, issue.owner) if issue is not None else None
        if issue is None or owner is None:
            notes[c.AREA_PLACES] = (
                "Inga nya platser att ta upp; pågående åtgärder följs upp under nästa punkt."
            )
            notes[c.AREA_REPORT] = "Inget särskilt att rapportera till beredningsgruppen."
        else:
            # Due by the meeting that is to see it done; now and then it drags on.
            fate = gy.rng.random()
            steps: tuple[c.Step, ...]
            if fate < 0.6:
                steps, due_at = c.done_at(1), n + 1
            elif fate < 0.9:
                steps, due_at = (c.Step(1, c.IN_PROGRESS), c.Step(2, c.DONE)), n + 2
            else:
                steps, due_at = (c.Step(1, c.IN_PROGRESS),), n + 1
            due_at = min(due_at, len(gy.meetings) - 1)
            held = _day(meeting.starts_at)
            due_days = (_day(gy.meetings[due_at].starts_at) - held).days if due_at > n else 60
            action = self.fmt(issue.action, area=gy.area_name)
            task = c.Task(action, owner.name, due_days, steps)
            self.commit(task, meeting)
            organisation = f" ({owner.organisation})" if owner.organisation else ""
            notes[c.AREA_PLACES] = (
                f"{issue.concern} Gruppen kom överens om åtgärd: {action}. "
                f"Ansvarig: {owner.name}{organisation}."
            )
            notes[c.AREA_REPORT] = f"Frågan om {issue.short} rapporteras till beredningsgruppen."
            self.reports.append(f"{gy.group.name}: {issue.short}.")
        notes[c.CLOSING] = gy.rng.choice(c.AREA_OTHER)
        return ""

    def sspf(
        self, gy: _GroupYear, meeting: Meeting, notes: dict[str, str], item_notes: dict[int, str]
    ) -> str:
        notes[c.SSPF_SITUATION] = gy.rng.choice(c.SSPF_SITUATIONS)
        notes[c.SSPF_CASES] = c.SSPF_CASES_NOTE
        notes[c.CLOSING] = "Inga övriga frågor."
        return c.SSPF_SUMMARY

    def hold_acute(self, story: c.AcuteStory) -> None:
        gy = self.by_kind[GroupKind.STEERING]
        meeting = services.meeting_convene_acute(
            group=gy.group,
            trigger=story.trigger,
            trigger_note=story.trigger_note,
            starts_at=_aware(date(self.year, story.month, story.day), time(story.hour)),
            duration=timedelta(hours=1),
            location=story.location,
            user=None,
            notify=False,
            is_example=True,
        )
        items = list(meeting.agenda_items.order_by("position", "pk"))
        item_notes = {item.pk: text for item, text in zip(items, story.notes, strict=False)}
        decision = self.decide(
            meeting,
            title=story.decision_title,
            text=story.decision_text,
            outcome=DecisionOutcome.APPROVED,
            agenda_item_id=items[min(1, len(items) - 1)].pk,
        )
        for task in story.tasks:
            self.commit(task, meeting, decision=decision)
        summary = f"Akut möte efter {story.event}. {story.trigger_note}"
        self.minutes(gy, meeting, {}, item_notes, summary, absent_rate=0.25)
        self.acute_held.append((meeting, story))

    # --- Commitments -------------------------------------------------------------------------

    def owner(self, gy: _GroupYear, role: str) -> Person | None:
        """The member who takes an area group's commitment, by the organisation they represent."""

        def represents(m: Membership) -> bool:
            organisation = m.organisation or m.person.organisation
            if organisation is None:
                return False
            return {
                c.HOUSING: organisation.kind == OrganisationKind.HOUSING_COMPANY,
                c.POLICE: organisation.kind == OrganisationKind.POLICE,
                c.SCHOOL: organisation.kind == OrganisationKind.SCHOOL_ADMINISTRATION,
                c.PARK: organisation.name.lower().startswith("park"),
            }.get(role, False)

        chosen = [m.person for m in gy.members if represents(m)]
        return chosen[0] if chosen else gy.chair

    def commit(
        self, task: c.Task, meeting: Meeting, *, decision: Decision | None = None
    ) -> Commitment | None:
        owner = self.people.get(task.owner)
        if owner is None:
            return None
        follower = self.by_kind.get(task.follow_up_by) if task.follow_up_by else None
        group = follower.group if follower is not None else meeting.group
        commitment = services.commitment_create(
            title=self.fmt(task.title),
            user=None,
            meeting=meeting,
            group=group,
            decision=decision,
            owner_person=owner,
            due_date=_day(meeting.starts_at) + timedelta(days=task.due_days),
            is_example=True,
        )
        self.follow_ups.append(
            _FollowUp(commitment, group.pk, {step.after: step for step in task.steps})
        )
        return commitment

    def follow_up(self, meeting: Meeting) -> list[tuple[Commitment, str]]:
        """Apply the steps due at this ordinary meeting of the follow-up group."""
        if meeting.is_acute:
            return []
        updates = []
        for follow_up in self.follow_ups:
            commitment = follow_up.commitment
            if (
                follow_up.group_id != meeting.group_id
                or not commitment.is_open
                or commitment.created_at >= meeting.starts_at
            ):
                continue
            follow_up.seen += 1
            step = follow_up.steps.get(follow_up.seen)
            if step is None:
                continue
            services.commitment_update(
                commitment=commitment,
                status=step.status,
                note=step.note,
                meeting=meeting,
                at=meeting.ends_at,
                user=None,
            )
            updates.append((commitment, step.status))
        return updates

    def follow_up_note(self, meeting: Meeting, updates: list[tuple[Commitment, str]]) -> str:
        day = _day(meeting.starts_at)
        done = [cm.title for cm, status in updates if status == CommitmentStatus.DONE]
        going = [cm.title for cm, status in updates if status == CommitmentStatus.IN_PROGRESS]
        late = [
            f.commitment.title
            for f in self.follow_ups
            if f.group_id == meeting.group_id
            and f.commitment.created_at < meeting.starts_at
            and f.commitment.is_overdue(day)
        ]
        parts = [f"Klart: {'; '.join(done)}." if done else ""]
        parts.append(f"Pågår: {'; '.join(going)}." if going else "")
        parts.append(f"Försenat: {'; '.join(late)}." if late else "")
        text = " ".join(p for p in parts if p)
        return f"Åtagandena gicks igenom. {text}".strip() if text else "Inga ändrade åtaganden."

    # --- Minutes -----------------------------------------------------------------------------

    def minutes(
        self,
        gy: _GroupYear,
        meeting: Meeting,
        notes: dict[str, str],
        item_notes: dict[int, str],
        summary: str,
        *,
        absent_rate: float = 0.1,
    ) -> Minutes:
        minutes = services.minutes_start(meeting=meeting, user=None)
        present = self.attendance(gy, minutes, absent_rate)
        chair = gy.chair
        candidates = [p for p in present if p != chair] or present
        wanted = 2 if gy.kind in (GroupKind.STEERING, GroupKind.COUNCIL) else 1
        adjusters = gy.rng.sample(candidates, min(wanted, len(candidates)))
        services.minutes_set_adjusters(minutes=minutes, adjusters=adjusters, user=None)
        names = " och ".join(p.name for p in adjusters)
        if gy.kind == GroupKind.SSPF:
            opening = "Mötet öppnades och justerare valdes."
        elif meeting.is_acute:
            opening = f"Till justerare valdes {names}."
        else:
            who = chair.name if chair is not None else "Ordföranden"
            opening = f"{who} öppnade mötet. Till justerare valdes {names}."
        titles = {item.title: item.pk for item in meeting.agenda_items.filter(parent=None)}
        notes = {c.OPENING: opening, **notes}
        by_id = {titles[title]: text for title, text in notes.items() if title in titles}
        by_id.update(item_notes)
        if meeting.is_acute:  # the short acute agenda has no opening item
            summary = f"{summary} {opening}"
        services.minutes_update(minutes=minutes, summary=summary, notes=by_id, user=None)
        for n, person in enumerate(adjusters):
            at = meeting.ends_at + timedelta(days=1 + gy.rng.randint(0, 3), hours=n)
            services.minutes_approve(
                minutes=minutes, person=person, user=None, at=min(at, self.latest_approval)
            )
        return minutes

    def attendance(self, gy: _GroupYear, minutes: Minutes, absent_rate: float) -> list[Person]:
        """Mostly present; some absent, and some organisations send a substitute (not in SSPF,
        whose attendance stays to its members)."""
        rows, present, changed = [], [], False
        chair = gy.chair
        for membership in gy.members:
            person = membership.person
            organisation = membership.organisation or person.organisation
            roll = gy.rng.random()
            if person == chair or roll >= absent_rate + 0.05:
                rows.append(AttendanceRow(AttendanceStatus.PRESENT, organisation, person))
                present.append(person)
            elif roll < absent_rate or gy.kind == GroupKind.SSPF or organisation is None:
                rows.append(AttendanceRow(AttendanceStatus.ABSENT, organisation, person))
                changed = True
            else:
                substitute = gy.rng.choice(c.SUBSTITUTES)
                rows.append(
                    AttendanceRow(
                        AttendanceStatus.SUBSTITUTE, organisation, substitute_name=substitute
                    )
                )
                changed = True
        if changed:
            services.attendance_set(minutes=minutes, rows=rows, user=None)
        return present

    def summary(self) -> str:
        meetings = Meeting.objects.filter(municipality=self.municipality, is_example=True)
        groups = meetings.values("group").distinct().count()
        acute = meetings.filter(kind=MeetingKind.ACUTE).count()
        approved = Minutes.objects.filter(meeting__in=meetings, status=MinutesStatus.APPROVED)
        decisions = Decision.objects.filter(meeting__in=meetings).count()
        proposals = Proposal.objects.filter(municipality=self.municipality, is_example=True)
        commitments = Commitment.objects.filter(municipality=self.municipality, is_example=True)
        return (
            f"Möten {self.year}: {meetings.count()} möten i {groups} grupper (varav {acute} "
            f"akuta), {approved.count()} justerade protokoll, {proposals.count()} förslag, "
            f"{decisions} beslut, {commitments.count()} åtaganden "
            f"({commitments.open().count()} öppna)."
        )
