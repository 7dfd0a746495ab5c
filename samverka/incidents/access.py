"""Who may do what with incident reports, stated once for pages, API and commands.

- Everyone with a role in the municipality reads the reports, free text included: reports
  describe places and situations, never persons (identity numbers are refused on the way in),
  and the lägesbild needs the whole municipality's picture.
- Reporters are users with the role member or coordinator. A member reports for the
  organisation their person record belongs to (``Person.organisation`` of the ``Person``
  linked to their account), or without an organisation; coordinators for any organisation.
- A report can be changed by the coordinators, and by its reporter while it is unreviewed.
  Review status, categories and the roster are the coordinators'.
- An import job is seen by the coordinators and by the user who uploaded the file.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverka.accounts.access import AnyUser, is_coordinator, role_in
from samverka.accounts.models import Municipality, Role
from samverka.organisation.access import person_for_user
from samverka.organisation.models import Organisation

from .models import Category, ImportJob, Incident, NothingToReport, ReviewStatus, RosterEntry


def may_report(user: AnyUser, municipality: Municipality) -> bool:
    return role_in(user, municipality) in (Role.MEMBER, Role.COORDINATOR)


def require_reporter(user: AnyUser, municipality: Municipality) -> None:
    if not may_report(user, municipality):
        raise PermissionDenied("Readers do not report incidents.")


def own_organisation(user: AnyUser, municipality: Municipality) -> Organisation | None:
    person = person_for_user(user, municipality)
    return person.organisation if person is not None else None


def reporting_organisations(user: AnyUser, municipality: Municipality) -> list[Organisation]:
    """The organisations the user may report for."""
    if is_coordinator(user, municipality):
        return list(Organisation.objects.filter(municipality=municipality).order_by("name"))
    own = own_organisation(user, municipality)
    return [own] if own is not None and may_report(user, municipality) else []


def may_report_for(
    user: AnyUser, municipality: Municipality, organisation: Organisation | None
) -> bool:
    if not may_report(user, municipality):
        return False
    if organisation is None or is_coordinator(user, municipality):
        return True
    own = own_organisation(user, municipality)
    return own is not None and own.pk == organisation.pk


def may_edit_incident(user: AnyUser, incident: Incident) -> bool:
    if is_coordinator(user, incident.municipality):
        return True
    return (
        user.is_authenticated
        and incident.reporter_id == user.pk
        and incident.status == ReviewStatus.NEW
        and may_report(user, incident.municipality)
    )


def _get(queryset, pk):  # type: ignore[no-untyped-def]
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def incident_in(municipality: Municipality, pk: int | str) -> Incident:
    queryset = Incident.objects.filter(municipality=municipality).select_related(
        "category", "subcategory", "area", "organisation", "reporter"
    )
    return _get(queryset, pk)  # type: ignore[no-any-return]


def category_in(municipality: Municipality, pk: int | str) -> Category:
    return _get(Category.objects.filter(municipality=municipality), pk)  # type: ignore[no-any-return]


def roster_entry_in(municipality: Municipality, pk: int | str) -> RosterEntry:
    return _get(  # type: ignore[no-any-return]
        RosterEntry.objects.filter(municipality=municipality).select_related(
            "area", "organisation"
        ),
        pk,
    )


def nothing_to_report_in(municipality: Municipality, pk: int | str) -> NothingToReport:
    return _get(NothingToReport.objects.filter(municipality=municipality), pk)  # type: ignore[no-any-return]


def job_for_user(user: AnyUser, municipality: Municipality, pk: int | str) -> ImportJob:
    """An import job the user may see: 403 for readers, 404 for another user's job."""
    require_reporter(user, municipality)
    job: ImportJob = _get(ImportJob.objects.filter(municipality=municipality), pk)
    if not is_coordinator(user, municipality) and job.created_by_id != user.pk:
        raise Http404
    return job
