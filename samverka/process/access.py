"""Who may see and change the knowledge-based process (one place for every page, API view,
command and service of the process app).

- Everyone with a role in the municipality reads its problems, causes, goals, plans, follow-ups,
  evaluations and lessons: the fact sheet's point is that the actors share one picture.
- The beredningsgrupp prepares: the coordinators and the members of a preparation group
  (``GroupKind.PREPARATION``) write problems, cause analyses, goals, indicators, plans and measures.
- A measure's working group follows it up: its members may record follow-ups of that measure.
- Indicator values are approved by a coordinator other than the one who entered them.
- Adopting is never a permission: a plan or measure is adopted only by linking a decision of a
  group with the mandate to decide (``services/plans.py``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samverka.accounts.access import Access
from samverka.organisation.models import Group, GroupKind
from samverka.process.models import Measure


def _planner_message() -> str:
    return _(
        "Det är samordnarna och beredningsgruppens medlemmar som arbetar med problembild, "
        "orsaksanalys och åtgärdsplan."
    )


def preparation_group_ids(access: Access) -> frozenset[int]:
    """The municipality's preparation groups that the viewer sits in."""
    if not access.group_ids:
        return frozenset()
    ids = Group.objects.filter(
        municipality=access.municipality, kind=GroupKind.PREPARATION, pk__in=access.group_ids
    ).values_list("pk", flat=True)
    return frozenset(ids)


def may_read(access: Access) -> bool:
    return access.has_role


def may_plan(access: Access) -> bool:
    """Writing problems, causes, goals, indicators, plans and measures."""
    return access.is_coordinator or bool(preparation_group_ids(access))


def require_planner(access: Access) -> Access:
    if not may_plan(access):
        raise PermissionDenied(_planner_message())
    return access


def may_follow_up(access: Access, measure: Measure) -> bool:
    """Recording a follow-up of ``measure``: planners and the measure's working group."""
    if may_plan(access):
        return True
    return measure.working_group_id is not None and access.is_member_of(measure.working_group_id)


def require_follow_up(access: Access, measure: Measure) -> Access:
    if not may_follow_up(access, measure):
        raise PermissionDenied(
            _("Uppföljningen görs av åtgärdens arbetsgrupp, beredningsgruppen eller samordnarna.")
        )
    return access


def measures_in(access: Access) -> QuerySet[Measure]:
    return Measure.objects.filter(municipality=access.municipality)


def measure_for(access: Access, pk: int) -> Measure:
    """A measure of the viewer's municipality, else 404 (another municipality's included)."""
    return get_object_or_404(measures_in(access).select_related("plan"), pk=pk)
