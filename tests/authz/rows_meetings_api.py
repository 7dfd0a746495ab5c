"""Rows of the meetings' files and feeds (``samverka/meetings/urls_files.py``) and of the
meetings API (``samverka/meetings/api_urls.py``).

The objects belong to Styrgruppen, where bob is the chair (he manages its meetings) and carol is
not a member (she sits in Trygghetsgruppen Norra); alice is a coordinator. ``prepare`` makes them
through the services, titled "API-prov" so that they never mix with the page rows' objects.

The calendar feed URL is public by design (a calendar program fetches it without a login): with
a wrong token it is a 404 for everyone, signed in or not. The API's actions that need a body
(plan, acute, suggest, new version) are declared with the exact 400 that the matrix's empty body
gets, so that the general malformed-input sweep (which varies a resource's own representation)
leaves them to ``tests/test_malformed_input_meetings_api.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    CalendarFeed,
    Commitment,
    Decision,
    Meeting,
    Minutes,
    Proposal,
)
from tests.authz.common import (
    API_MEMBER_WRITE,
    API_READ,
    DONE,
    LOGIN,
    NOT_ALLOWED,
    READ,
    REFUSED,
    Row,
    _profile,
    _with,
)

MEETING_TITLE = "API-prov: Styrgruppen"
MINUTES_TITLE = "API-prov: Styrgruppens protokoll"
PREPARATION_TITLE = "API-prov: Beredningsgruppen"
SUGGESTION = "API-prov: en medlems förslag"
PROPOSAL = "API-prov: förslag till Styrgruppen"
DECISION = "API-prov: beslut"
COMMITMENT = "API-prov: åtagande"

# Pages: the minutes are internal (members and coordinators); the officers manage.
MINUTES_PAGE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=200, alice=200, root=200
)
MANAGER_POST_PAGE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=403, bob=DONE, alice=DONE, root=DONE
)
# Anyone with a role makes their own calendar feeds; only the owner revokes one.
ANY_ROLE_WRITE = _profile(
    anonymous=LOGIN, olle=404, dave=DONE, carol=DONE, bob=DONE, alice=DONE, root=DONE
)
OWNER_ONLY = _profile(anonymous=LOGIN, olle=404, dave=404, carol=404, bob=404, alice=DONE, root=404)
NOWHERE = _profile(anonymous=404, olle=404, dave=404, carol=404, bob=404, alice=404, root=404)

# The API: the group's officers (bob) and the coordinators manage; readers never write.
API_MANAGER_WRITE = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=DONE, alice=DONE, root=DONE
)
API_MINUTES_READ = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=200, alice=200, root=200
)
# Officers' actions on Styrgruppen's objects that need no body: done (200) by its managers.
API_MANAGER_ACTION = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=200, alice=200, root=200
)
# Officers' actions whose body the empty JSON object lacks: a 400 that says what is missing.
API_MANAGER_NEEDS_BODY = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=400, alice=400, root=400
)
# Any member suggests an agenda item (carol sits in another group: her 400 is the empty body).
API_MEMBER_NEEDS_BODY = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=400, bob=400, alice=400, root=400
)
# Justering is personal: only the named adjuster, bob; a coordinator has no person to sign as.
API_APPROVE = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=200, alice=403, root=403
)
# Withdrawing Beredningsgruppen's proposal: its officers (none in the test world) and coordinators.
API_COORDINATOR_ACTION = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=403, alice=200, root=200
)


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _meeting(w: World) -> int:
    return Meeting.objects.get(municipality=w.testby, title=MEETING_TITLE).pk


def _minutes_meeting(w: World) -> int:
    return Meeting.objects.get(municipality=w.testby, title=MINUTES_TITLE).pk


def _minutes(w: World) -> int:
    return Minutes.objects.get(meeting_id=_minutes_meeting(w), version=1).pk


def _item(w: World) -> int:
    item = (
        AgendaItem.objects.filter(meeting_id=_meeting(w), status=AgendaItemStatus.ACCEPTED)
        .order_by("position", "pk")
        .first()
    )
    assert item is not None
    return item.pk


def _suggestion(w: World) -> int:
    return AgendaItem.objects.get(meeting_id=_meeting(w), title=SUGGESTION).pk


def _proposal(w: World) -> int:
    return Proposal.objects.get(municipality=w.testby, title=PROPOSAL).pk


def _decision(w: World) -> int:
    return Decision.objects.get(meeting_id=_minutes_meeting(w), title=DECISION).pk


def _commitment(w: World) -> int:
    return Commitment.objects.get(municipality=w.testby, title=COMMITMENT).pk


def _feed(w: World) -> int:
    return CalendarFeed.objects.get(user=w.alice, municipality=w.testby).pk


def _api(**extra: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    def build(w: World) -> dict[str, Any]:
        return {"municipality_slug": w.testby.slug, **{k: f(w) for k, f in extra.items()}}

    return build


MEETING = _with(pk=_meeting)

ROWS: list[Row] = [
    # Calendars
    Row("meetings:ics_meeting", MEETING, {"GET": READ}),
    Row("meetings:ics_group", _with(group_pk=lambda w: w.steering.pk), {"GET": READ}),
    Row(
        "meetings:feed",
        _with(token=lambda w: "fel-token-som-inte-finns"),
        {"GET": NOWHERE},
        note="public by design (calendar programs have no login); a wrong token is not found",
    ),
    Row("meetings:feeds", _with(), {"GET": READ, "POST": ANY_ROLE_WRITE}),
    Row(
        "meetings:feed_revoke",
        _with(pk=_feed),
        {"GET": NOT_ALLOWED, "POST": OWNER_ONLY},
        note="alice's feed: nobody else may revoke it (or learn that it exists)",
    ),
    # PDF and the notice
    Row("meetings:agenda_pdf", MEETING, {"GET": READ}),
    Row(
        "meetings:minutes_pdf",
        _with(pk=_minutes_meeting, version=lambda w: 1),
        {"GET": MINUTES_PAGE},
        note="internal minutes: the group's members and the coordinators",
    ),
    Row("meetings:notice_send", MEETING, {"GET": NOT_ALLOWED, "POST": MANAGER_POST_PAGE}),
    # API: meetings
    Row("api-meeting-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row("api-meeting-detail", _api(pk=_meeting), {"GET": API_READ, "PATCH": API_MANAGER_WRITE}),
    Row("api-meeting-plan", _api(), {"POST": API_MANAGER_NEEDS_BODY}),
    Row("api-meeting-acute", _api(), {"POST": API_MANAGER_NEEDS_BODY}),
    Row("api-meeting-cancel", _api(pk=_meeting), {"POST": API_MANAGER_ACTION}),
    Row("api-meeting-notice", _api(pk=_meeting), {"POST": API_MANAGER_ACTION}),
    Row("api-meeting-agenda", _api(pk=_meeting), {"GET": API_READ}),
    # API: agenda items
    Row("api-agenda-item-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row(
        "api-agenda-item-detail",
        _api(pk=_item),
        {"GET": API_READ, "PATCH": API_MANAGER_WRITE, "DELETE": API_MANAGER_WRITE},
    ),
    Row("api-agenda-item-suggest", _api(), {"POST": API_MEMBER_NEEDS_BODY}),
    Row("api-agenda-item-accept", _api(pk=_suggestion), {"POST": API_MANAGER_ACTION}),
    Row("api-agenda-item-decline", _api(pk=_suggestion), {"POST": API_MANAGER_ACTION}),
    # API: minutes
    Row("api-minutes-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row(
        "api-minutes-detail",
        _api(pk=_minutes),
        {"GET": API_MINUTES_READ, "PATCH": API_MANAGER_WRITE},
    ),
    Row("api-minutes-approve", _api(pk=_minutes), {"POST": API_APPROVE}),
    Row("api-minutes-new-version", _api(pk=_minutes), {"POST": API_MANAGER_NEEDS_BODY}),
    # API: proposals, decisions, commitments
    Row("api-proposal-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row("api-proposal-detail", _api(pk=_proposal), {"GET": API_READ}),
    Row("api-proposal-withdraw", _api(pk=_proposal), {"POST": API_COORDINATOR_ACTION}),
    Row("api-decision-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row("api-decision-detail", _api(pk=_decision), {"GET": API_READ}),
    Row("api-commitment-list", _api(), {"GET": API_READ, "POST": API_MANAGER_WRITE}),
    Row(
        "api-commitment-detail",
        _api(pk=_commitment),
        {"GET": API_READ, "PATCH": API_MEMBER_WRITE},
        note="carol owns the commitment and follows it up; readers never write",
    ),
]


def prepare(world: World) -> None:
    """Styrgruppen's coming meeting (with a member's suggestion), a past one with draft minutes
    (bob is the adjuster), a decision and carol's commitment; Beredningsgruppen's proposal; and a
    calendar feed of alice's."""
    from samverka.meetings import services

    meeting = services.meeting_create(
        group=world.steering,
        starts_at=_at(5, 13),
        ends_at=_at(5, 15),
        title=MEETING_TITLE,
        location="Stadshuset, sal 2",
        video_url="https://video.example.org/api-prov",
        user=None,
    )
    services.agenda_item_suggest(meeting=meeting, title=SUGGESTION, user=world.bob)
    held = services.meeting_create(
        group=world.steering,
        starts_at=_at(-3, 13),
        ends_at=_at(-3, 15),
        title=MINUTES_TITLE,
        user=None,
    )
    minutes = services.minutes_start(meeting=held, user=None)
    services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
    decision = services.decision_record(
        meeting=held, title=DECISION, text="Styrgruppen beslutar.", user=None
    )
    services.commitment_create(
        meeting=held,
        decision=decision,
        title=COMMITMENT,
        owner_person=world.carol_person,
        due_date=timezone.localdate() + timedelta(days=14),
        user=None,
    )
    preparing = services.meeting_create(
        group=world.preparation,
        starts_at=_at(2, 13),
        ends_at=_at(2, 15),
        title=PREPARATION_TITLE,
        user=None,
    )
    services.proposal_create(
        meeting=preparing, title=PROPOSAL, text="Beredningsgruppen föreslår.", user=None
    )
    services.feed_create(user=world.alice, municipality=world.testby)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's meeting and what hangs on it, under Testby URLs: each must answer 404."""
    from samverka.meetings import services

    meeting = services.meeting_create(
        group=w.other_group, starts_at=_at(-4, 10), ends_at=_at(-4, 11), user=None
    )
    minutes = services.minutes_start(meeting=meeting, user=None)
    decision = services.decision_record(meeting=meeting, title="Annat", text="a", user=None)
    commitment = services.commitment_create(
        meeting=meeting, title="Annanstads", owner_organisation=w.other_organisation, user=None
    )
    item = meeting.agenda_items.first()
    assert item is not None
    page = {"municipality": "testby"}
    api = {"municipality_slug": "testby"}
    return {
        "meetings:ics_meeting": {**page, "pk": meeting.pk},
        "meetings:ics_group": {**page, "group_pk": w.other_group.pk},
        "meetings:agenda_pdf": {**page, "pk": meeting.pk},
        "meetings:minutes_pdf": {**page, "pk": meeting.pk, "version": 1},
        "api-meeting-detail": {**api, "pk": meeting.pk},
        "api-meeting-agenda": {**api, "pk": meeting.pk},
        "api-agenda-item-detail": {**api, "pk": item.pk},
        "api-minutes-detail": {**api, "pk": minutes.pk},
        "api-decision-detail": {**api, "pk": decision.pk},
        "api-commitment-detail": {**api, "pk": commitment.pk},
    }
