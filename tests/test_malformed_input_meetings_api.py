"""Malformed input never crashes the meetings API. ``tests/test_malformed_input.py`` already sweeps
every list POST and detail PATCH of the matrix (a resource's own representation, each field
garbled); this adds what it cannot reach: the actions with a body of their own (plan, acute,
cancel, suggest, new version …), the actions without one, and the lists' query parameters."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.meetings.models import Decision, Meeting
from tests.authz import rows_meetings_api as rows
from tests.test_malformed_input import (
    API_BAD_BODIES,
    BAD_VALUES,
    _api_payloads,
    _body,
    _client,
    _Crashes,
    _send,
)


def _url(w: World, name: str) -> str:
    row = next(r for r in rows.ROWS if r.name == name)
    return reverse(name, kwargs=row.kwargs(w) if row.kwargs else None)


def _soon(days: int, hour: int = 10) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


# Valid bodies of the actions, each varied field by field with every bad value.
BASES: dict[str, Any] = {
    "api-meeting-plan": lambda w: [
        {
            "group": w.steering.pk,
            "year": 2027,
            "start": "09:30",
            "duration_minutes": 90,
            "location": "Stadshuset",
            "skip_summer": None,
            "skip_christmas": True,
            "custom_dates": [],
            "dry_run": True,
        },
        {"group": w.preparation.pk, "year": 2027, "custom_dates": ["2027-03-02", "2027-04-06"]},
    ],
    "api-meeting-acute": lambda w: [
        {
            "group": w.steering.pk,
            "trigger": "shooting",
            "trigger_note": "Skottlossning vid torget",
            "starts_at": _soon(1, 18),
            "duration_minutes": 60,
            "location": "Polishuset",
            "video_url": "https://video.example.org/akut",
        }
    ],
    "api-meeting-cancel": lambda w: [{"reason": "Krock med budgetmötet"}],
    "api-agenda-item-suggest": lambda w: [
        {"meeting": rows._meeting(w), "title": "Klotter vid skolan", "description": "Se bilder."}
    ],
    "api-minutes-new-version": lambda w: [{"reason": "Fel namn i närvaron"}],
}
# Actions that read no body: every bad body must still be a 4xx or a plain success.
NO_BODY = [
    "api-meeting-notice",
    "api-agenda-item-accept",
    "api-agenda-item-decline",
    "api-minutes-approve",
    "api-proposal-withdraw",
]


@pytest.fixture(autouse=True)
def _quiet_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize("name", sorted(BASES))
def test_actions_never_crash_on_malformed_json(
    prepared_foreign: tuple[World, dict[str, int]], db: None, name: str
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    url = _url(world, name)
    crashes = _Crashes()

    def check(payload: Any, body: str) -> None:
        response = crashes.check("POST", url, payload, partial(_send, client, "POST", url, body))
        if response.status_code == 400:
            try:
                parsed = json.loads(response.content)
            except ValueError:
                parsed = None
            if not parsed:
                crashes.problems.append(f"POST {url} → 400 without a JSON message: {payload!r}")

    for raw in API_BAD_BODIES:
        check(raw, raw)
    for base in BASES[name](world):
        for payload in _api_payloads(base, foreign, "POST"):
            check(payload, _body(payload))
    crashes.assert_none()


@pytest.mark.parametrize("name", NO_BODY)
def test_actions_without_a_body_ignore_any_body(prepared_world: World, db: None, name: str) -> None:
    world = prepared_world
    client = Client(raise_request_exception=False)
    client.force_login(world.bob if name == "api-minutes-approve" else world.alice)
    url = _url(world, name)
    crashes = _Crashes()
    for raw in API_BAD_BODIES:
        crashes.check("POST", url, raw, partial(_send, client, "POST", url, raw))
    crashes.assert_none()


LIST_PARAMS = [
    "group",
    "year",
    "meeting",
    "person",
    "organisation",
    "overdue",
    "open",
    "status",
    "to_group",
    "from_group",
    "page",
]
BAD_PARAMS = [*BAD_VALUES, "2147483648", "9" * 30, "-5", "1.5", "true", "[]"]


@pytest.mark.parametrize(
    "name",
    [
        "api-meeting-list",
        "api-agenda-item-list",
        "api-minutes-list",
        "api-proposal-list",
        "api-decision-list",
        "api-commitment-list",
    ],
)
def test_list_filters_never_crash(prepared_world: World, db: None, name: str) -> None:
    world = prepared_world
    client = _client(world)
    url = _url(world, name)
    crashes = _Crashes()
    for param in LIST_PARAMS:
        for value in BAD_PARAMS:
            query = {param: value}
            crashes.check("GET", url, query, partial(client.get, url, query))
    crashes.assert_none()


def test_the_refusal_to_decide_is_a_clear_400_and_writes_nothing(
    prepared_world: World, db: None
) -> None:
    """Must show: a trygghetsgrupp cannot record a decision by API; the message names the
    deciding group; the database is unchanged."""
    from samverka.meetings import services

    world = prepared_world
    start = timezone.now() + timedelta(days=2)
    meeting = services.meeting_create(
        group=world.safety_group, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    client = _client(world)
    crashes = _Crashes()
    before = crashes.before
    url = reverse("api-decision-list", kwargs={"municipality_slug": "testby"})
    body = json.dumps({"meeting": meeting.pk, "title": "Kameror", "text": "Vi beslutar."})
    response = crashes.check("POST", url, body, partial(_send, client, "POST", url, body))
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Trygghetsgruppen Norra har inget mandat att fatta beslut. Det är Styrgruppen som "
        "beslutar: lägg fram frågan som ett förslag till Styrgruppen."
    )
    assert crashes.before == before
    assert not Decision.objects.filter(meeting=meeting).exists()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    crashes.assert_none()
