"""Who may compile a lägesbild (rules taking the request's ``Access``), and finding one within a
municipality.

Everyone with a role in the municipality reads its lägesbilder. The beredningsgrupp compiles
them: the members of the report's group (by default the municipality's beredningsgrupp closest
to the area) and the coordinators write the assessment, set the colours and adopt. Publishing
for the public is the coordinators' decision.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.meetings.access import meeting_for_user
from samverka.meetings.models import Meeting
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
        .select_related("area", "group", "adopted_by", "created_by", "adopted_at_meeting__group")
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


def may_compile(access: Access, group: Group | None) -> bool:
    """Coordinators, and members of the compiling group."""
    if access.is_coordinator:
        return True
    return group is not None and access.is_member_of(group.pk)


def may_start(access: Access) -> bool:
    """Coordinators and members of any beredningsgrupp may start a lägesbild."""
    if access.is_coordinator:
        return True
    return any(access.is_member_of(g.pk) for g in preparation_groups(access.municipality))


def require_compiler(access: Access, report: SituationReport) -> None:
    if not may_compile(access, report.group):
        raise PermissionDenied("Only the compiling group's members and the coordinators.")


def may_act(access: Access, report: SituationReport) -> bool:
    """Making a proposal or commitment from a finding: whoever may make them for the compiling
    group in the meetings app — its chair, convener and secretary, and the coordinators."""
    if access.is_coordinator:
        return True
    return report.group_id is not None and access.manages(report.group_id)


def require_actor(access: Access, report: SituationReport) -> None:
    if not may_act(access, report):
        raise PermissionDenied("Only the compiling group's officers and the coordinators.")


def meeting_in(access: Access, pk: int | str) -> Meeting | None:
    """A meeting of the municipality that the one looking may see (meetings' own rule), or
    None: a lägesbild page names a meeting only to adopt at it."""
    try:
        if not 0 < int(str(pk)) < 2**63:
            return None
        return meeting_for_user(access, int(str(pk)))
    except (ValueError, Http404):
        return None
