"""Who is looking: one request-scoped ``Access`` for pages, API, CLI and services.

An ``Access`` is resolved once per request — by ``AccessMiddleware`` for every page under
``/k/<municipality>/`` and by the API's ``MunicipalityAccess`` permission — and handed to the
need-to-know rules of each app (``organisation.access``, ``meetings.access``, …), which take it
instead of a (user, municipality) pair. Commands build one with ``Access.for_user`` or, when the
operator runs them, ``Access.system``.

Nothing is kept between requests: a role taken away counts from the next request on (ASVS
8.3.2). Within a request the role is one query, and the group memberships one more, asked for
only when a rule needs them.

A user of one municipality gets 404 for everything of another: ``Access.for_slug`` raises it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User

AnyUser = User | AnonymousUser

EDITOR_MESSAGE = "Only the municipality's coordinators may change this."

# Group memberships and people live in ``organisation``, which imports accounts. It registers
# how to load them in its AppConfig.ready, so that accounts imports nothing above itself.
# The loader answers (group id, is an officer: chair, convener or secretary) per membership.
MembershipLoader = Callable[[int, Municipality], list[tuple[int, bool]]]
PersonLoader = Callable[[int, Municipality], Any]
_loaders: dict[str, Callable[..., Any]] = {}


def register_organisation_loaders(*, memberships: MembershipLoader, person: PersonLoader) -> None:
    _loaders["memberships"] = memberships
    _loaders["person"] = person


@dataclass(frozen=True, eq=False)
class Access:
    """Who is looking, in which municipality, with which role; the rules that need no object.

    Frozen: built once and passed around, never changed. ``group_ids``, ``officer_group_ids``
    and ``person`` are looked up on first use and then kept for this one ``Access`` only.
    """

    user: AnyUser | None  # None: the operator, running a command
    municipality: Municipality
    role: str | None
    is_platform_admin: bool = False

    # --- Building one -------------------------------------------------------------------

    @classmethod
    def for_user(cls, user: AnyUser, municipality: Municipality) -> Access:
        """The user's access to the municipality; ``role`` is None without a role there.

        The role is remembered on the user object, which Django loads anew for every request:
        services called within one request ask the database once, and the next request asks
        again (a role just taken away counts from then on).
        """
        role = role_in(user, municipality)
        return cls(
            user=user,
            municipality=municipality,
            role=role,
            is_platform_admin=bool(getattr(user, "is_platform_admin", False)),
        )

    @classmethod
    def for_slug(cls, user: AnyUser, slug: str) -> Access:
        """The municipality with this slug as the user sees it, or 404 without a role in it."""
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise Http404("No such municipality")
        access = cls.for_user(user, municipality)
        if access.role is None:
            raise Http404("No such municipality")
        return access

    @classmethod
    def system(cls, municipality: Municipality) -> Access:
        """The operator running a command: acts as a coordinator and is no one's member."""
        return cls(user=None, municipality=municipality, role=Role.COORDINATOR)

    # --- The role -----------------------------------------------------------------------

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.pk

    @property
    def has_role(self) -> bool:
        return self.role is not None

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def may_write(self) -> bool:
        """Changing the municipality's shared data: its coordinators."""
        return self.is_coordinator

    @property
    def may_report(self) -> bool:
        """Reporting incidents: members and coordinators; readers only read."""
        return self.role in (Role.MEMBER, Role.COORDINATOR)

    def require_coordinator(self, message: str = EDITOR_MESSAGE) -> Access:
        if not self.is_coordinator:
            raise PermissionDenied(message)
        return self

    # --- Groups and the person ----------------------------------------------------------

    @cached_property
    def _memberships(self) -> list[tuple[int, bool]]:
        if self.user is None or not self.user.is_authenticated:
            return []
        return list(_loaders["memberships"](self.user.pk, self.municipality))

    @cached_property
    def group_ids(self) -> frozenset[int]:
        """The groups of the municipality whose member the user is (any role)."""
        return frozenset(group_id for group_id, _officer in self._memberships)

    @cached_property
    def officer_group_ids(self) -> frozenset[int]:
        """The groups the user chairs, convenes or is secretary of."""
        return frozenset(group_id for group_id, officer in self._memberships if officer)

    @cached_property
    def person(self) -> Any:
        """The ``organisation.Person`` in this municipality linked to the user, if any."""
        if self.user is None or not self.user.is_authenticated:
            return None
        return _loaders["person"](self.user.pk, self.municipality)

    def is_member_of(self, group_id: int) -> bool:
        return group_id in self.group_ids

    def sees_internals(self, group_id: int) -> bool:
        """A group's internal content (notes, minutes): its members and the coordinators."""
        # Coordinators see everything, so their groups need not be looked up.
        return self.is_coordinator or self.is_member_of(group_id)

    def manages(self, group_id: int) -> bool:
        """Running a group's meetings: the coordinators and the group's officers."""
        return self.is_coordinator or group_id in self.officer_group_ids


def access_of(request: HttpRequest) -> Access:
    """The request's ``Access``, put there by ``AccessMiddleware`` or the API permission.

    Resolved here from the URL if neither ran (a view called directly, outside the stack).
    """
    access = getattr(request, "access", None)
    if access is None:
        match = request.resolver_match
        slug = match.kwargs.get("municipality") if match is not None else None
        if slug is None:
            raise Http404("No municipality in this URL")
        access = Access.for_slug(request.user, slug)
        request.access = access  # type: ignore[attr-defined]
    return access  # type: ignore[no-any-return]


# --- The older (user, municipality) form ---------------------------------------------------
# Kept for code not yet given an Access (and for the role cache ``Access.for_user`` shares);
# new code takes ``access_of(request)``, ``view.access`` or ``Access.for_user``.


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
    municipality = municipality_for_user(user, slug)
    if not is_coordinator(user, municipality):
        raise PermissionDenied(EDITOR_MESSAGE)
    return municipality
