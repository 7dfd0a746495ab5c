"""Rows of the meeting pages (``samverka/meetings/urls_pages.py``).

The objects under test belong to Styrgruppen, where bob is the chair (an officer: he manages its
meetings) and carol is not a member; alice is a coordinator. ``prepare`` makes them through the
services: a steering meeting with draft minutes (bob is the adjuster), a decision on a proposal
from Beredningsgruppen, and a commitment owned by carol.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import AgendaItem, Commitment, Decision, Meeting, Minutes, Proposal
from tests.authz.common import (
    COORDINATOR_WRITE,
    DONE,
    LOGIN,
    MEMBER_WRITE,
    NOT_ALLOWED,
    READ,
    Row,
    _fmt,
    _profile,
    _with,
)

STEERING_TITLE = "Styrgruppens möte (behörighetsprov)"
PREPARATION_TITLE = "Beredningsgruppens möte (behörighetsprov)"

# Managing a group's meetings: the coordinators and the group's officers (bob chairs Styrgruppen).
MANAGER_PAGE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=200, alice=200, root=200
)
MANAGER_WRITE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=DONE, alice=DONE, root=DONE
)
# Internal minutes: the group's members and the coordinators (carol sits in another group).
MINUTES_READ = MANAGER_PAGE
# Suggesting an agenda item: any member of the group (and the coordinators).
SUGGEST = MANAGER_WRITE
# Justering is personal: only the named adjuster (bob), not even a coordinator on his behalf.
APPROVE = _profile(anonymous=LOGIN, olle=404, dave=403, carol=403, bob=DONE, alice=403, root=403)
# Following up a commitment: its owner (carol), the group's officers and the coordinators.
FOLLOW_UP = MEMBER_WRITE

MANAGE = {"GET": MANAGER_PAGE, "POST": MANAGER_WRITE}
MANAGER_POST = {"GET": NOT_ALLOWED, "POST": MANAGER_WRITE}
PAGE = {"GET": READ}


@dataclass
class Scenario:
    meeting: Meeting
    preparation_meeting: Meeting
    minutes: Minutes
    proposal: Proposal
    decision: Decision
    commitment: Commitment


def build_scenario(world: World) -> Scenario:
    """Planned a week ahead, held now: Beredningsgruppen proposes, the proposal goes on
    Styrgruppen's agenda; once the meeting has begun (it is under way: begun an hour ago) it
    decides on it and makes a commitment for carol; its minutes are a draft with bob as the
    adjuster and one note. Minutes and decisions wait for the meeting to begin."""
    from samverka.meetings import services
    from samverka.meetings.tests._clock import the_meeting_begins

    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    preparation_meeting = services.meeting_create(
        group=world.preparation,
        starts_at=start + timedelta(days=3),
        ends_at=start + timedelta(days=3, hours=2),
        title=PREPARATION_TITLE,
        user=None,
    )
    meeting = services.meeting_create(
        group=world.steering,
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=2),
        title=STEERING_TITLE,
        location="Stadshuset, rum 3",
        video_url="https://video.example.org/styrgruppen",
        user=None,
    )
    proposal = services.proposal_create(
        meeting=preparation_meeting,
        title="Fler vuxna på torget kvällstid",
        text="Beredningsgruppen föreslår nattvandring fredagar.",
        user=None,
    )
    the_meeting_begins(preparation_meeting, ago=timedelta(days=4))
    meeting = the_meeting_begins(meeting)
    minutes = services.minutes_start(meeting=meeting, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
    first_item = meeting.agenda_items.order_by("position", "pk").first()
    assert first_item is not None
    services.minutes_update(
        minutes=minutes,
        user=None,
        summary="Allmänt om läget.",
        notes={first_item.pk: "Intern anteckning om läget i Norra Testby"},
    )
    decision = services.decision_record(
        meeting=meeting,
        title="Nattvandring på torget",
        text="Styrgruppen beslutar om nattvandring fredagar.",
        proposal=proposal,
        user=None,
    )
    commitment = services.commitment_create(
        meeting=meeting,
        decision=decision,
        title="Samla nattvandrare",
        owner_person=world.carol_person,
        due_date=timezone.localdate() + timedelta(days=30),
        user=None,
    )
    return Scenario(meeting, preparation_meeting, minutes, proposal, decision, commitment)


def _meeting(w: World) -> int:
    return Meeting.objects.get(municipality=w.testby, title=STEERING_TITLE).pk


def _item(w: World) -> int:
    item = AgendaItem.objects.filter(meeting_id=_meeting(w)).order_by("position", "pk").first()
    assert item is not None
    return item.pk


def _proposal(w: World) -> int:
    return Proposal.objects.get(municipality=w.testby, title="Fler vuxna på torget kvällstid").pk


def _commitment(w: World) -> int:
    return Commitment.objects.get(municipality=w.testby, title="Samla nattvandrare").pk


M = _with()
MEETING = _with(pk=_meeting)
GROUP = _with(group_pk=lambda w: w.steering.pk)

ROWS: list[Row] = [
    Row("meetings:index", M, PAGE),
    Row("meetings:index_export", _with(fmt=_fmt), PAGE),
    Row("meetings:acute", M, MANAGE, note="coordinators and the officers of any group"),
    # A group's meetings
    Row("meetings:group", GROUP, PAGE),
    Row("meetings:group_export", _with(group_pk=lambda w: w.steering.pk, fmt=_fmt), PAGE),
    Row("meetings:series_plan", GROUP, MANAGE),
    Row("meetings:meeting_create", GROUP, MANAGE),
    Row("meetings:agenda_template", GROUP, MANAGE),
    # One meeting
    Row("meetings:detail", MEETING, PAGE, note="internal minutes only for members (tested apart)"),
    Row("meetings:meeting_edit", MEETING, MANAGE),
    Row("meetings:meeting_cancel", MEETING, MANAGE),
    Row("meetings:document", MEETING, PAGE),
    Row("meetings:agenda_suggest", MEETING, {"GET": NOT_ALLOWED, "POST": SUGGEST}),
    Row("meetings:agenda_add", MEETING, MANAGER_POST),
    Row("meetings:agenda_item_edit", _with(pk=_meeting, item_pk=_item), MANAGE),
    Row("meetings:agenda_item_action", _with(pk=_meeting, item_pk=_item), MANAGER_POST),
    Row("meetings:minutes_edit", MEETING, MANAGE),
    Row("meetings:minutes_start", MEETING, MANAGER_POST),
    Row("meetings:minutes_attendance", MEETING, MANAGER_POST),
    Row("meetings:minutes_adjusters", MEETING, MANAGER_POST),
    Row("meetings:minutes_approve", MEETING, {"GET": NOT_ALLOWED, "POST": APPROVE}),
    Row("meetings:minutes_new_version", MEETING, MANAGER_POST),
    Row(
        "meetings:minutes_version",
        _with(pk=_meeting, version=lambda w: 1),
        {"GET": MINUTES_READ},
        note="internal minutes: the group's members and the coordinators",
    ),
    Row("meetings:decision_create", MEETING, MANAGE),
    Row("meetings:proposal_create", MEETING, MANAGE),
    Row("meetings:commitment_create", MEETING, MANAGE),
    # Proposals and commitments
    Row("meetings:proposal", _with(pk=_proposal), PAGE),
    Row(
        "meetings:proposal_withdraw",
        _with(pk=_proposal),
        {"GET": NOT_ALLOWED, "POST": COORDINATOR_WRITE},
        note="the proposing group's officers: Beredningsgruppen has none in the test world",
    ),
    Row("meetings:commitments", M, PAGE),
    Row("meetings:commitments_export", _with(fmt=_fmt), PAGE),
    Row(
        "meetings:commitment",
        _with(pk=_commitment),
        {"GET": READ, "POST": FOLLOW_UP},
        note="carol owns the commitment and follows it up",
    ),
]


def prepare(world: World) -> None:
    build_scenario(world)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's meeting, minutes and commitment under Testby URLs: each must answer 404.
    (The test reads each URL, so the POST-only ones, which answer a GET with 405, are left out;
    the tampered-id sweep of test_malformed_input covers them.)"""
    from samverka.meetings import services

    start = timezone.now() - timedelta(days=5)
    meeting = services.meeting_create(
        group=w.other_group, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    services.minutes_start(meeting=meeting, user=None)
    item = meeting.agenda_items.first()
    assert item is not None
    commitment = services.commitment_create(
        meeting=meeting,
        title="Annanstads åtagande",
        owner_organisation=w.other_organisation,
        user=None,
    )
    slug = "testby"
    by_meeting = [
        "detail",
        "meeting_edit",
        "meeting_cancel",
        "document",
        "minutes_edit",
        "decision_create",
        "proposal_create",
        "commitment_create",
    ]
    by_group = ["group", "series_plan", "meeting_create", "agenda_template"]
    targets: dict[str, dict[str, Any]] = {
        f"meetings:{name}": {"municipality": slug, "pk": meeting.pk} for name in by_meeting
    }
    targets |= {
        f"meetings:{name}": {"municipality": slug, "group_pk": w.other_group.pk}
        for name in by_group
    }
    targets["meetings:agenda_item_edit"] = {
        "municipality": slug,
        "pk": meeting.pk,
        "item_pk": item.pk,
    }
    targets["meetings:minutes_version"] = {"municipality": slug, "pk": meeting.pk, "version": 1}
    targets["meetings:commitment"] = {"municipality": slug, "pk": commitment.pk}
    return targets
