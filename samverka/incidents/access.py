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

from samverka.accounts.access import Access
from samverka.organisation.models import Organisation

from .models import Category, ImportJob, Incident, NothingToReport, ReviewStatus, RosterEntry


def may_report(access: Access) -> bool:
    return access.may_report


def require_reporter(access: Access) -> None:
    if not access.may_report:
        raise PermissionDenied("Readers do not report incidents.")


def own_organisation(access: Access) -> Organisation | None:
    person = access.person
    return person.organisation if person is not None else None


def reporting_organisations(access: Access) -> list[Organisation]:
    """The organisations the one looking may report for."""
    if access.is_coordinator:
        return list(Organisation.objects.filter(municipality=access.municipality).order_by("name"))
    own = own_organisation(access)
    return [own] if own is not None and access.may_report else []


def may_report_for(access: Access, organisation: Organisation | None) -> bool:
    if not access.may_report:
        return False
    if organisation is None or access.is_coordinator:
        return True
    own = own_organisation(access)
    return own is not None and own.pk == organisation.pk


def roster_organisations_reportable(access: Access) -> set[int]:
    """The ids of the roster's organisations the one looking may report "nothing" for."""
    if access.is_coordinator:
        return set(
            RosterEntry.objects.filter(municipality=access.municipality).values_list(
                "organisation_id", flat=True
            )
        )
    own = own_organisation(access)
    return {own.pk} if own is not None and may_report_for(access, own) else set()


def may_set_status(access: Access) -> bool:
    """Review status is the coordinators'."""
    return access.is_coordinator


def may_edit_incident(access: Access, incident: Incident) -> bool:
    """The coordinators, and the reporter while the report is unreviewed."""
    if incident.municipality_id != access.municipality.pk:
        return False
    if access.is_coordinator:
        return True
    return (
        access.user_id is not None
        and incident.reporter_id == access.user_id
        and incident.status == ReviewStatus.NEW
        and access.may_report
    )


def may_delete_incident(access: Access, incident: Incident) -> bool:
    return incident.municipality_id == access.municipality.pk and access.is_coordinator


def may_delete_nothing_to_report(access: Access, record: NothingToReport) -> bool:
    """The coordinators, and the one who recorded it."""
    if record.municipality_id != access.municipality.pk:
        return False
    return access.is_coordinator or (
        access.user_id is not None and record.reporter_id == access.user_id
    )


def _get(queryset, pk):  # type: ignore[no-untyped-def]
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def incident_in(access: Access, pk: int | str) -> Incident:
    queryset = Incident.objects.filter(municipality=access.municipality).select_related(
        "category", "subcategory", "area", "organisation", "reporter"
    )
    return _get(queryset, pk)  # type: ignore[no-any-return]


def category_in(access: Access, pk: int | str) -> Category:
    return _get(Category.objects.filter(municipality=access.municipality), pk)  # type: ignore[no-any-return]


def roster_entry_in(access: Access, pk: int | str) -> RosterEntry:
    return _get(  # type: ignore[no-any-return]
        RosterEntry.objects.filter(municipality=access.municipality).select_related(
            "area", "organisation"
        ),
        pk,
    )


def nothing_to_report_in(access: Access, pk: int | str) -> NothingToReport:
    return _get(NothingToReport.objects.filter(municipality=access.municipality), pk)  # type: ignore[no-any-return]


def job_for_user(access: Access, pk: int | str) -> ImportJob:
    """An import job the one looking may see: 403 for readers, 404 for another user's job."""
    require_reporter(access)
    job: ImportJob = _get(ImportJob.objects.filter(municipality=access.municipality), pk)
    if not access.is_coordinator and job.created_by_id != access.user_id:
        raise Http404
    return job
