"""Dates and times out of range in every API: year 1 and year 9999 are a 400 with a Swedish
message, never a 500 (DRF's own DateTimeField overflows once the time zone is applied).

``ENDPOINTS`` names every API endpoint that accepts a date or a time;
``test_every_date_field_of_the_api_is_swept`` fails when a serializer gains one that is not
listed here.
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from samverka.core.api_fields import SwedishDateField, SwedishDateTimeField
from samverka.core.api_permissions import SwedishModelSerializer
from samverka.core.testing import World
from samverka.incidents.tests.factories import category, make_incident
from samverka.meetings import services as meeting_services
from samverka.meetings.models import Commitment, Meeting
from samverka.organisation.models import GoverningDocument, Group, GroupKind, Mandate, Membership

pytestmark = pytest.mark.django_db

YEAR_1 = {"date": "0001-01-01", "datetime": "0001-01-01T00:00"}
YEAR_9999 = {"date": "9999-12-31", "datetime": "9999-12-31T23:59"}
DATE_RANGE = "Ange ett datum mellan år 1900 och 2100."
TIME_RANGE = "Ange en tidpunkt mellan år 1900 och 2100."
MEETING_RANGE = "Ange en tidpunkt mellan år 2000 och 2100."
INCIDENT_RANGE = TIME_RANGE


def _soon(days: int, hour: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour)).isoformat()


def _meeting(w: World) -> Meeting:
    day = timezone.localdate() + timedelta(days=7)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    return meeting_services.meeting_create(
        group=w.steering, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


def _minutes(w: World) -> int:
    """Draft minutes of a meeting held three days ago, bob the adjuster."""
    day = timezone.localdate() - timedelta(days=3)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    meeting = meeting_services.meeting_create(
        group=w.steering, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )
    minutes = meeting_services.minutes_start(meeting=meeting, user=None)
    meeting_services.minutes_set_adjusters(minutes=minutes, adjusters=[w.bob_person], user=None)
    return minutes.pk


def _commitment(w: World) -> Commitment:
    return meeting_services.commitment_create(
        meeting=_meeting(w), title="Belysning", owner_person=w.carol_person, user=None
    )


@dataclass(frozen=True)
class Endpoint:
    """One API endpoint and the date or time fields it takes."""

    url: str
    serializer: str  # "app.ClassName", matched by test_every_date_field_of_the_api_is_swept
    fields: tuple[str, ...]
    kind: str  # "date" or "datetime"
    message: str
    body: Callable[[World], dict[str, Any]]
    method: str = "POST"
    pk: Callable[[World], int] | None = None
    in_list: bool = False  # the field is a list of dates


def _group_body(w: World) -> dict[str, Any]:
    return {
        "name": "Arbetsgrupp Belysning",
        "kind": GroupKind.WORKING,
        "mandate": Mandate.CARRIES_OUT,
    }


def _membership_body(w: World) -> dict[str, Any]:
    return {"group": w.steering.pk, "person": w.carol_person.pk, "role": "member"}


def _document_body(w: World) -> dict[str, Any]:
    return {"title": "Medborgarlöfte 2027", "kind": "citizen_promise"}


def _meeting_body(w: World) -> dict[str, Any]:
    return {"group": w.steering.pk, "starts_at": _soon(7, 9), "ends_at": _soon(7, 11)}


def _incident_body(w: World) -> dict[str, Any]:
    return {
        "category": category(w.testby, "brand").pk,
        "area": w.area.pk,
        "occurred_at": "2026-11-20T21:14:00+01:00",
    }


ENDPOINTS = [
    # organisation
    Endpoint(
        "api-group-list",
        "organisation.GroupSerializer",
        ("start_date", "end_date"),
        "date",
        DATE_RANGE,
        _group_body,
    ),
    Endpoint(
        "api-membership-list",
        "organisation.MembershipSerializer",
        ("start_date", "end_date"),
        "date",
        DATE_RANGE,
        _membership_body,
    ),
    Endpoint(
        "api-document-list",
        "organisation.GoverningDocumentSerializer",
        ("valid_from", "valid_until", "adopted_on", "next_review"),
        "date",
        DATE_RANGE,
        _document_body,
    ),
    # meetings
    Endpoint(
        "api-meeting-list",
        "meetings.MeetingSerializer",
        ("starts_at", "ends_at"),
        "datetime",
        MEETING_RANGE,
        _meeting_body,
    ),
    Endpoint(
        "api-meeting-detail",
        "meetings.MeetingSerializer",
        ("starts_at",),
        "datetime",
        MEETING_RANGE,
        lambda w: {},
        method="PATCH",
        pk=lambda w: _meeting(w).pk,
    ),
    Endpoint(
        "api-meeting-acute",
        "meetings.AcuteSerializer",
        ("starts_at",),
        "datetime",
        MEETING_RANGE,
        lambda w: {"group": w.steering.pk, "trigger": "shooting"},
    ),
    Endpoint(
        "api-meeting-plan",
        "meetings.PlanSerializer",
        ("custom_dates",),
        "date",
        DATE_RANGE,
        lambda w: {"group": w.steering.pk, "year": 2027},
        in_list=True,
    ),
    Endpoint(
        "api-commitment-list",
        "meetings.CommitmentSerializer",
        ("due_date",),
        "date",
        DATE_RANGE,
        lambda w: {"meeting": _meeting(w).pk, "title": "Belysning"},
    ),
    Endpoint(
        "api-commitment-detail",
        "meetings.FollowUpSerializer",
        ("due_date",),
        "date",
        DATE_RANGE,
        lambda w: {},
        method="PATCH",
        pk=lambda w: _commitment(w).pk,
    ),
    Endpoint(
        "api-minutes-paper-approval",
        "meetings.PaperApprovalSerializer",
        ("approved_on",),
        "date",
        DATE_RANGE,
        lambda w: {"adjusters": [w.bob_person.pk]},
        pk=_minutes,
    ),
    # incidents
    Endpoint(
        "api-incident-list",
        "incidents.IncidentSerializer",
        ("occurred_at", "occurred_until"),
        "datetime",
        INCIDENT_RANGE,
        _incident_body,
    ),
    Endpoint(
        "api-incident-detail",
        "incidents.IncidentSerializer",
        ("occurred_at",),
        "datetime",
        INCIDENT_RANGE,
        lambda w: {},
        method="PATCH",
        pk=lambda w: make_incident(w.testby, w.area).pk,
    ),
]
CASES = [
    pytest.param(endpoint, name, id=f"{endpoint.method} {endpoint.url} {name}")
    for endpoint in ENDPOINTS
    for name in endpoint.fields
]


def _messages(errors: Any) -> Iterator[str]:
    """Every message in a DRF error tree (a list's errors are keyed by index)."""
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, list):
        for value in errors:
            yield from _messages(value)
    else:
        yield str(errors)


@pytest.mark.parametrize("year", [YEAR_1, YEAR_9999], ids=["year-1", "year-9999"])
@pytest.mark.parametrize(("endpoint", "name"), CASES)
def test_a_year_out_of_range_is_a_400_that_says_which_years(
    world: World, endpoint: Endpoint, name: str, year: dict[str, str]
) -> None:
    kwargs: dict[str, Any] = {"municipality_slug": "testby"}
    if endpoint.pk is not None:
        kwargs["pk"] = endpoint.pk(world)
    value = year[endpoint.kind]
    body = {**endpoint.body(world), name: [value] if endpoint.in_list else value}
    client = Client()
    client.force_login(world.alice)
    response = client.generic(
        endpoint.method,
        reverse(endpoint.url, kwargs=kwargs),
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [name], errors  # nothing else was wrong with the body
    assert list(_messages(errors[name])) == [endpoint.message]


def test_a_year_in_range_is_accepted_where_it_was_refused(world: World) -> None:
    """The same bodies pass with a date in range, so the 400s above are the year's alone."""
    client = Client()
    client.force_login(world.alice)
    path = reverse("api-membership-list", kwargs={"municipality_slug": "testby"})
    body = {**_membership_body(world), "start_date": "2026-01-01", "end_date": "2100-12-31"}
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    membership = Membership.objects.get(pk=response.json()["id"])
    assert (membership.start_date, membership.end_date) == (date(2026, 1, 1), date(2100, 12, 31))
    path = reverse("api-document-list", kwargs={"municipality_slug": "testby"})
    body = {**_document_body(world), "adopted_on": "1900-01-01"}
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert GoverningDocument.objects.get(pk=response.json()["id"]).adopted_on == date(1900, 1, 1)
    path = reverse("api-group-list", kwargs={"municipality_slug": "testby"})
    body = {**_group_body(world), "start_date": "2026-03-01"}
    response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Group.objects.get(pk=response.json()["id"]).start_date == date(2026, 3, 1)


# --- The fields themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00",
        "9999-12-31T23:59",
        "9999-12-31T23:59-05:00",  # DRF's own overflow, converting the offset
        "0001-01-01T00:00+05:00",
        "1899-12-31T23:59",
        "2101-01-01T00:00",
    ],
)
def test_the_time_field_refuses_years_outside_1900_to_2100(value: str) -> None:
    with pytest.raises(serializers.ValidationError) as caught:
        SwedishDateTimeField().run_validation(value)
    assert caught.value.detail == [TIME_RANGE]


def test_the_time_field_accepts_the_edges_and_keeps_the_offset() -> None:
    field = SwedishDateTimeField()
    first = field.run_validation("1900-01-01T00:00")
    last = field.run_validation("2100-12-31T23:59+01:00")
    assert (first.year, last.year) == (1900, 2100)
    assert last.utcoffset() == timedelta(hours=1)  # Stockholm in winter


def test_the_time_field_speaks_swedish_about_bad_input() -> None:
    with pytest.raises(serializers.ValidationError) as caught:
        SwedishDateTimeField().run_validation("i morgon")
    assert caught.value.detail == ["Ange tidpunkten som ÅÅÅÅ-MM-DDTHH:MM, t.ex. 2026-03-03T09:00."]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_the_date_field_refuses_years_outside_1900_to_2100(value: str) -> None:
    with pytest.raises(serializers.ValidationError) as caught:
        SwedishDateField().run_validation(value)
    assert caught.value.detail == [DATE_RANGE]


def test_the_date_field_accepts_the_edges() -> None:
    field = SwedishDateField()
    assert field.run_validation("1900-01-01") == date(1900, 1, 1)
    assert field.run_validation("2100-12-31") == date(2100, 12, 31)


def test_every_model_date_and_time_gets_the_checked_fields() -> None:
    class MeetingDates(SwedishModelSerializer):
        class Meta:
            model = Meeting
            fields = ["starts_at"]

    class CommitmentDates(SwedishModelSerializer):
        class Meta:
            model = Commitment
            fields = ["due_date"]

    assert type(MeetingDates().fields["starts_at"]) is SwedishDateTimeField
    assert type(CommitmentDates().fields["due_date"]) is SwedishDateField


# --- Completeness ----------------------------------------------------------------------------

# Serializers that only ever write a response (nested read-only, or the agenda's commitments).
OUTPUT_ONLY = {
    "meetings.ApprovalSerializer",
    "meetings.CommitmentBriefSerializer",
    "meetings.CommitmentUpdateSerializer",
    "stats.ProvenanceSerializer",
}
APPS = ("areas", "incidents", "meetings", "organisation", "reports", "situation", "stats")


def _writable_date_fields() -> set[tuple[str, str]]:
    """Every (serializer, field) of the API that takes a date or a time as input."""
    found: set[tuple[str, str]] = set()
    for app in APPS:
        try:
            module = importlib.import_module(f"samverka.{app}.serializers")
        except ModuleNotFoundError:
            continue
        for name, cls in vars(module).items():
            if not (
                inspect.isclass(cls)
                and issubclass(cls, serializers.Serializer)
                and cls.__module__ == module.__name__
                and f"{app}.{name}" not in OUTPUT_ONLY
            ):
                continue
            context = {"municipality": None, "request": None, "mv": None}
            for field_name, field in cls(context=context).fields.items():
                if field.read_only:
                    continue
                inner = field.child if isinstance(field, serializers.ListField) else field
                if isinstance(inner, serializers.DateField | serializers.DateTimeField):
                    found.add((f"{app}.{name}", field_name))
    return found


def test_every_date_field_of_the_api_is_swept() -> None:
    swept = {(endpoint.serializer, name) for endpoint in ENDPOINTS for name in endpoint.fields}
    assert _writable_date_fields() == swept
