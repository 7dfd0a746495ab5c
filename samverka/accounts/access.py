"""Tenancy: which municipalities a user may see, and with which role.

Every view, API endpoint and command that reads municipality data goes through here, so that a
user of one municipality gets 404 for everything of another.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User

AnyUser = User | AnonymousUser


def role_in(user: AnyUser, municipality: Municipality) -> str | None:
    """The user's role in the municipality; platform admins act as coordinators."""
    if not user.is_authenticated:
        return None
    if user.is_platform_admin:  # type: ignore[union-attr]
        return Role.COORDINATOR
    cache: dict[int, str | None] = getattr(user, "_samverka_roles", None) or {}
    if municipality.pk not in cache:
        cache[municipality.pk] = (
            MunicipalityRole.objects.filter(user=user, municipality=municipality)
            .values_list("role", flat=True)
            .first()
        )
        user._samverka_roles = cache  # type: ignore[union-attr,attr-defined]
    return cache[municipality.pk]


def is_coordinator(user: AnyUser, municipality: Municipality) -> bool:
    return role_in(user, municipality) == Role.COORDINATOR


def municipalities_for_user(user: AnyUser) -> QuerySet[Municipality]:
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_platform_admin:  # type: ignore[union-attr]
        return Municipality.objects.all()
    return Municipality.objects.filter(user_roles__user=user).distinct()


def municipality_for_user(user: AnyUser, slug: str) -> Municipality:
    """The municipality with this slug, or 404 when the user has no role in it."""
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None or role_in(user, municipality) is None:
        raise Http404("No such municipality")
    return municipality


def municipality_for_editor(user: AnyUser, slug: str) -> Municipality:
    """Like ``municipality_for_user`` but the user must be a coordinator (403 otherwise)."""
    from django.core.exceptions import PermissionDenied

    municipality = municipality_for_user(user, slug)
    if not is_coordinator(user, municipality):
        raise PermissionDenied("Only the municipality's coordinators may change this.")
    return municipality
