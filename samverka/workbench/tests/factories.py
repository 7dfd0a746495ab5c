"""A morning's work for the test world's people, for the start page's tests (selectors, page,
browser): every list has something for alice (coordinator), bob (member, chairs Styrgruppen,
police), carol (member of Trygghetsgruppen, the administration) and dave (reader, given a person
in Trygghetsgruppen and its minutes to approve here), and each list has a decoy that must not
show: another group's, another person's, another municipality's.

Rows are written straight to the database: the apps' own services are tested in their apps;
here only who sees what matters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.testing import World, make_group, make_membership, make_person
from samverka.incidents.models import RosterEntry
from samverka.meetings.models import Commitment, Meeting, MeetingStatus, Minutes
from samverka.organisation.models import Group, GroupKind, Person
from samverka.process.models import (
    ActionPlan,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
)
from samverka.situation.models import SituationReport


@dataclass
class Work:
    alice_person: Person
    dave_person: Person
    sspf: Group
    steering_meeting: Meeting
    safety_meeting: Meeting
    preparation_meeting: Meeting
    sspf_meeting: Meeting
    other_meeting: Meeting
    bob_minutes: Minutes
    carol_minutes: Minutes
    alice_minutes: Minutes
    bob_late: Commitment
    police_commitment: Commitment
    carol_commitment: Commitment
    alice_commitment: Commitment
    dave_commitment: Commitment
    sspf_commitment: Commitment
    other_commitment: Commitment
    plan: ActionPlan
    safety_measure: Measure
    police_measure: Measure
    quiet_measure: Measure
    other_measure: Measure
    preparation_report: SituationReport
    safety_report: SituationReport
    other_report: SituationReport


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _meeting(group: Group, day: date, *, status: str = MeetingStatus.PLANNED) -> Meeting:
    return Meeting.objects.create(
        municipality=group.municipality,
        group=group,
        status=status,
        title=f"{group.name} {day.day}/{day.month}",
        starts_at=_at(day),
        ends_at=_at(day, 12),
        location="Stadshuset, rum 3",
    )


def _minutes(group: Group, day: date, adjuster: Person) -> Minutes:
    held = _meeting(group, day, status=MeetingStatus.HELD)
    minutes = Minutes.objects.create(meeting=held)
    minutes.adjusters.add(adjuster)
    return minutes


def _commitment(group: Group, title: str, due: date, **owner: object) -> Commitment:
    return Commitment.objects.create(
        municipality=group.municipality, group=group, title=title, due_date=due, **owner
    )


def _measure(plan: ActionPlan, title: str, due: date, **fields: object) -> Measure:
    return Measure.objects.create(
        municipality=plan.municipality,
        plan=plan,
        title=title,
        kind=MeasureKind.SITUATIONAL,
        term=MeasureTerm.SHORT,
        status=MeasureStatus.IN_PROGRESS,
        next_followup_due=due,
        **fields,
    )


def _report(municipality: Municipality, area: Area, group: Group | None) -> SituationReport:
    return SituationReport.objects.create(
        municipality=municipality,
        area=area,
        period_kind="month",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 11, 1),
        group=group,
    )


def seed_work(w: World, *, today: date | None = None) -> Work:
    today = today or timezone.localdate()
    alice_person = make_person(
        w.testby, "Alice Andersson", user=w.alice, organisation=w.administration
    )
    dave_person = make_person(w.testby, "Dave Dahl", user=w.dave, organisation=w.police)
    make_membership(w.preparation, alice_person, organisation=w.administration)
    make_membership(w.safety_group, dave_person, organisation=w.police)
    sspf = make_group(w.testby, "SSPF Norra", kind=GroupKind.SSPF)
    make_membership(sspf, alice_person)

    soon = today + timedelta(days=3)
    steering_meeting = _meeting(w.steering, soon)
    safety_meeting = _meeting(w.safety_group, soon + timedelta(days=1))
    preparation_meeting = _meeting(w.preparation, soon + timedelta(days=2))
    sspf_meeting = _meeting(sspf, soon)
    other_meeting = _meeting(w.other_group, soon)

    past = today - timedelta(days=5)
    bob_minutes = _minutes(w.steering, past, w.bob_person)
    carol_minutes = _minutes(w.safety_group, past, w.carol_person)
    alice_minutes = _minutes(w.preparation, past, alice_person)
    carol_minutes.adjusters.add(dave_person)

    bob_late = _commitment(
        w.steering,
        "Kartlägga belysningen vid torget",
        today - timedelta(days=10),
        owner_person=w.bob_person,
        owner_organisation=w.police,
    )
    police_commitment = _commitment(
        w.steering,
        "Polisen återkopplar om trafiken",
        today + timedelta(days=20),
        owner_organisation=w.police,
    )
    carol_commitment = _commitment(
        w.safety_group,
        "Bjuda in fastighetsägarna",
        today + timedelta(days=7),
        owner_person=w.carol_person,
    )
    alice_commitment = _commitment(
        w.preparation,
        "Sammanställa trygghetsvandringen",
        today + timedelta(days=14),
        owner_person=alice_person,
    )
    dave_commitment = _commitment(
        w.safety_group,
        "Rapportera klotter vid skolan",
        today + timedelta(days=5),
        owner_person=dave_person,
    )
    sspf_commitment = _commitment(sspf, "SSPF: kontakta skolan", today, owner_organisation=w.police)
    other_person = make_person(w.annanstad, "Olle Ost", user=w.olle)
    other_commitment = _commitment(
        w.other_group, "Annanstads åtagande", today, owner_person=other_person
    )

    plan = ActionPlan.objects.create(
        municipality=w.testby,
        title="Åtgärdsplan 2026",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year + 1, 12, 31),
    )
    safety_measure = _measure(
        plan,
        "Trygghetsvandring i Norra",
        today + timedelta(days=7),
        working_group=w.safety_group,
    )
    police_measure = _measure(
        plan,
        "Ökad närvaro vid torget",
        today - timedelta(days=3),
        responsible_organisation=w.police,
    )
    quiet_measure = _measure(
        plan,
        "Belysning i parken",
        today + timedelta(days=60),
        responsible_organisation=w.police,
    )
    other_plan = ActionPlan.objects.create(
        municipality=w.annanstad,
        title="Annanstads plan",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
    )
    other_measure = _measure(other_plan, "Annanstads åtgärd", today - timedelta(days=3))

    RosterEntry.objects.create(municipality=w.testby, area=w.area, organisation=w.police)
    RosterEntry.objects.create(municipality=w.testby, area=w.area, organisation=w.administration)
    RosterEntry.objects.create(
        municipality=w.annanstad, area=w.other_area, organisation=w.other_organisation
    )

    preparation_report = _report(w.testby, w.area, w.preparation)
    safety_report = _report(w.testby, w.root_area, w.safety_group)
    other_report = _report(w.annanstad, w.other_area, w.other_group)

    return Work(
        alice_person=alice_person,
        dave_person=dave_person,
        sspf=sspf,
        steering_meeting=steering_meeting,
        safety_meeting=safety_meeting,
        preparation_meeting=preparation_meeting,
        sspf_meeting=sspf_meeting,
        other_meeting=other_meeting,
        bob_minutes=bob_minutes,
        carol_minutes=carol_minutes,
        alice_minutes=alice_minutes,
        bob_late=bob_late,
        police_commitment=police_commitment,
        carol_commitment=carol_commitment,
        alice_commitment=alice_commitment,
        dave_commitment=dave_commitment,
        sspf_commitment=sspf_commitment,
        other_commitment=other_commitment,
        plan=plan,
        safety_measure=safety_measure,
        police_measure=police_measure,
        quiet_measure=quiet_measure,
        other_measure=other_measure,
        preparation_report=preparation_report,
        safety_report=safety_report,
        other_report=other_report,
    )


def seed_changes(w: World, work: Work) -> None:
    """Things others did: root (the platform admin) works in both municipalities, so every
    user but root sees these as someone else's changes."""
    audit(municipality=w.testby, user=w.root, action="meeting_updated", obj=work.steering_meeting)
    audit(municipality=w.testby, user=w.root, action="commitment_created", obj=work.bob_late)
    audit(municipality=w.testby, user=w.root, action="minutes_updated", obj=work.carol_minutes)
    audit(municipality=w.testby, user=w.root, action="meeting_updated", obj=work.sspf_meeting)
    audit(municipality=w.testby, user=w.root, action="measure_updated", obj=work.police_measure)
    audit(municipality=w.testby, user=w.root, action="update", obj=work.safety_report)
    audit(municipality=w.annanstad, user=w.root, action="meeting_updated", obj=work.other_meeting)


def seed_more_work_for_bob(w: World) -> list[str]:
    """A second line in each of bob's lists, with a change each; returns their titles."""
    today = timezone.localdate()
    meeting = _meeting(w.steering, today + timedelta(days=10))
    minutes = _minutes(w.steering, today - timedelta(days=2), w.bob_person)
    commitment = _commitment(
        w.steering, "Följa upp skadegörelsen", today + timedelta(days=9), owner_person=w.bob_person
    )
    plan = ActionPlan.objects.get(municipality=w.testby)
    measure = _measure(
        plan, "Grannsamverkan i Norra", today - timedelta(days=1), responsible_organisation=w.police
    )
    area = Area.objects.create(municipality=w.testby, name="Södra Testby", parent=w.root_area)
    RosterEntry.objects.create(municipality=w.testby, area=area, organisation=w.police)
    for obj in (meeting, commitment, measure):
        audit(municipality=w.testby, user=w.root, action="update", obj=obj)
    return [
        meeting.display_title,
        f"Justera protokollet från {minutes.meeting.display_title}",
        commitment.title,
        measure.title,
        "Södra Testby",
    ]
