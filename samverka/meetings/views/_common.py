"""What every meeting page does first: resolve the municipality for the user, build the
MeetingViewer once, and fetch the object through the access helper (tenancy and need-to-know)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest

from samverka.accounts.access import municipality_for_user
from samverka.accounts.models import Municipality
from samverka.meetings.access import MeetingViewer, meeting_for_user
from samverka.meetings.models import Meeting
from samverka.organisation.access import group_for_user
from samverka.organisation.models import Group, GroupKind


def resolve(request: HttpRequest, municipality: str) -> tuple[Municipality, MeetingViewer]:
    place = municipality_for_user(request.user, municipality)
    return place, MeetingViewer.of(request.user, place)


def resolve_meeting(
    request: HttpRequest, municipality: str, pk: int
) -> tuple[Municipality, MeetingViewer, Meeting]:
    place, mv = resolve(request, municipality)
    return place, mv, meeting_for_user(mv, place, pk)


def resolve_group(
    request: HttpRequest, municipality: str, group_pk: int
) -> tuple[Municipality, MeetingViewer, Group]:
    place, mv = resolve(request, municipality)
    group = group_for_user(place, group_pk)
    # An SSPF group's meetings do not exist for those who may not see them.
    if not mv.sees_meetings_of(group):
        raise Http404
    return place, mv, group


def visible_groups(mv: MeetingViewer, place: Municipality) -> Any:
    groups = Group.objects.filter(municipality=place).order_by("name")
    if mv.is_coordinator:
        return groups
    return groups.filter(~Q(kind=GroupKind.SSPF) | Q(pk__in=mv.viewer.group_ids))


def managed_groups(mv: MeetingViewer, place: Municipality) -> Any:
    groups = Group.objects.filter(municipality=place).order_by("name")
    return groups if mv.is_coordinator else groups.filter(pk__in=mv.officer_group_ids)


def page(place: Municipality, **extra: Any) -> dict[str, Any]:
    return {"municipality": place, "nav": "meetings", **extra}
