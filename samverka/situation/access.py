"""Who may compile a lägesbild, and finding one within a municipality.

Everyone with a role in the municipality reads its lägesbilder. The beredningsgrupp compiles
them: the members of the report's group (by default the municipality's beredningsgrupp closest
to the area) and the coordinators write the assessment, set the colours and adopt. Publishing
for the public is the coordinators' decision.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverka.accounts.access import AnyUser, is_coordinator
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.organisation.access import group_ids_of_user
from samverka.organisation.models import Group, GroupKind
from samverka.situation.models import SituationReport


def report_in(municipality: Municipality, pk: int | str) -> SituationReport:
    """A lägesbild of the municipality, or 404 (another municipality's too)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such lägesbild") from None
    if not 0 < pk < 2**63:
        raise Http404("No such lägesbild")
    report = (
        SituationReport.objects.filter(municipality=municipality, pk=pk)
        .select_related("area", "group", "adopted_by", "created_by")
        .first()
    )
    if report is None:
        raise Http404("No such lägesbild in this municipality")
    return report


def default_group(municipality: Municipality, area: Area) -> Group | None:
    """The beredningsgrupp that compiles the area's lägesbild: the one working in the area or
    the closest area above it, else the municipality's first beredningsgrupp."""
    groups = list(
        Group.objects.filter(municipality=municipality, kind=GroupKind.PREPARATION).order_by("name")
    )
    if not groups:
        return None
    by_area: dict[int, Group] = {}
    for group in groups:
        if group.area_id is not None:
            by_area.setdefault(group.area_id, group)
    for candidate in [area, *reversed(area.ancestors())]:
        if candidate.pk in by_area:
            return by_area[candidate.pk]
    return next((g for g in groups if g.area_id is None), groups[0])


def preparation_groups(municipality: Municipality) -> list[Group]:
    return list(
        Group.objects.filter(municipality=municipality, kind=GroupKind.PREPARATION).order_by("name")
    )


def may_compile(user: AnyUser, municipality: Municipality, group: Group | None) -> bool:
    """Coordinators, and members of the compiling group."""
    if is_coordinator(user, municipality):
        return True
    return group is not None and group.pk in group_ids_of_user(user, municipality)


def may_start(user: AnyUser, municipality: Municipality) -> bool:
    """Coordinators and members of any beredningsgrupp may start a lägesbild."""
    if is_coordinator(user, municipality):
        return True
    mine = group_ids_of_user(user, municipality)
    return any(g.pk in mine for g in preparation_groups(municipality))


def require_compiler(user: AnyUser, report: SituationReport) -> None:
    if not may_compile(user, report.municipality, report.group):
        raise PermissionDenied("Only the compiling group's members and the coordinators.")
