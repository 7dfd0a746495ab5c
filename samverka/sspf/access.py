"""Need-to-know for SSPF, stated once for pages, API and CLI (kept in one module so that it moves
as a whole into the request-scoped access layer when that lands).

- A case, its persons, consents, actions and follow-up: only the members of the case's SSPF group
  (a current membership: one that has ended gives no access). Coordinators and platform admins
  are NOT members by their role: for everyone else a case does not exist (404), and the refused
  read is logged as well as the granted ones.
- The counts (numbers only, small ones hidden): the municipality's coordinators and the members
  of any of its SSPF groups.
- A name: a member of the case's group, each time with a reason, logged (``services``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.access_log import log_personal_data_access
from samverka.accounts.models import Municipality
from samverka.organisation.models import Group, GroupKind, Membership
from samverka.sspf.models import Case, CasePerson

CASE_KIND = "sspf_case"
CASE_LIST_KIND = "sspf_case_list"
NAME_KIND = "sspf_name"


@dataclass(frozen=True)
class SSPFViewer:
    """Who is looking at SSPF in one municipality (two queries to build)."""

    user: AnyUser | None  # None: the operator running a command
    municipality: Municipality
    is_coordinator: bool
    group_ids: frozenset[int]

    @classmethod
    def of(cls, access: Access) -> SSPFViewer:
        """From the request's ``Access``; SSPF counts only memberships current today, which
        ``Access.group_ids`` does not look at, hence the one query of its own."""
        user, municipality = access.user, access.municipality
        groups: frozenset[int] = frozenset()
        if user is not None and user.is_authenticated:
            today = timezone.localdate()
            groups = frozenset(
                Membership.objects.filter(
                    person__user=user,
                    group__municipality=municipality,
                    group__kind=GroupKind.SSPF,
                )
                .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                .values_list("group_id", flat=True)
            )
        return cls(
            user=user,
            municipality=municipality,
            is_coordinator=access.is_coordinator,
            group_ids=groups,
        )

    @property
    def is_member(self) -> bool:
        return bool(self.group_ids)

    @property
    def sees_counts(self) -> bool:
        return self.is_coordinator or self.is_member

    def groups(self) -> list[Group]:
        return list(Group.objects.filter(pk__in=self.group_ids).order_by("name"))

    def require_member(self) -> None:
        """For the list and the create page: SSPF cases do not exist for non-members."""
        if not self.is_member:
            raise Http404

    def require_counts(self) -> None:
        if not self.sees_counts:
            raise PermissionDenied(
                _("Bara kommunens samordnare och SSPF-gruppernas medlemmar ser SSPF-statistiken.")
            )

    def cases(self):  # type: ignore[no-untyped-def]
        return Case.objects.in_groups(self.municipality, self.group_ids)


def _log(viewer: SSPFViewer, *, pk: object, granted: bool, channel: str, what: str) -> None:
    log_personal_data_access(
        municipality=viewer.municipality,
        user=viewer.user,
        kind=CASE_KIND,
        object_id=str(pk)[:40],
        description=what,
        granted=granted,
        channel=channel,
    )


def case_for_user(
    viewer: SSPFViewer, pk: int | str, *, channel: str = "web", what: str = ""
) -> Case:
    """The case if the viewer is a member of its group; 404 otherwise. Both are logged, the
    refusal too (a non-member probing case ids shows in the access log)."""
    case = (
        Case.objects.filter(municipality=viewer.municipality, pk=pk)
        .select_related("group", "area", "raised_by")
        .first()
        if str(pk).isdigit() and int(pk) < 2**63
        else None
    )
    granted = case is not None and case.group_id in viewer.group_ids
    _log(viewer, pk=pk, granted=granted, channel=channel, what=what or _("läste ärendet"))
    if not granted:
        raise Http404
    assert case is not None
    return case


def person_of_case(case: Case, pk: int | str) -> CasePerson:
    person = CasePerson.objects.filter(case=case, pk=pk).first() if str(pk).isdigit() else None
    if person is None:
        raise Http404
    return person


def log_case_list(viewer: SSPFViewer, *, count: int, channel: str = "web") -> None:
    """A list of cases is a read of them, logged as one row. A non-member's attempt is logged
    as refused, and then is a 404 like any case of theirs."""
    log_personal_data_access(
        municipality=viewer.municipality,
        user=viewer.user,
        kind=CASE_LIST_KIND,
        description=_("listade %(count)s ärenden") % {"count": count},
        granted=viewer.is_member,
        channel=channel,
    )
    viewer.require_member()
