"""What every meeting page does first: take the request's ``Access`` and fetch the object
through the access helper (tenancy and need-to-know)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverka.accounts.access import Access, access_of
from samverka.accounts.models import Municipality
from samverka.meetings.access import meeting_for_user, meeting_group_for_user
from samverka.meetings.models import Meeting
from samverka.organisation.models import Group


def resolve(request: HttpRequest, municipality: str) -> tuple[Municipality, Access]:
    access = access_of(request)
    return access.municipality, access


def resolve_meeting(
    request: HttpRequest, municipality: str, pk: int
) -> tuple[Municipality, Access, Meeting]:
    place, access = resolve(request, municipality)
    return place, access, meeting_for_user(access, pk)


def resolve_group(
    request: HttpRequest, municipality: str, group_pk: int
) -> tuple[Municipality, Access, Group]:
    place, access = resolve(request, municipality)
    # An SSPF group's meetings do not exist for those who may not see them.
    return place, access, meeting_group_for_user(access, group_pk)


def page(place: Municipality, **extra: Any) -> dict[str, Any]:
    return {"municipality": place, "nav": "meetings", **extra}
