"""The municipality's start page, its settings and the whole organisation as a file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import (
    access_of,
)
from samverka.core.forms import add_service_errors
from samverka.organisation import selectors
from samverka.organisation.chart import build_chart, render_svg
from samverka.organisation.forms_municipality import MunicipalityForm
from samverka.organisation.health import Severity, run_health_check
from samverka.organisation.orgfile import export_organisation
from samverka.organisation.services import municipality_update

ORGFILE_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


@require_GET
def detail(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    findings = run_health_check(place)
    checklist = selectors.setup_checklist(municipality=place)
    chart_svg = render_svg(
        build_chart(place),
        title=_("Organisation för det brottsförebyggande arbetet i %(name)s") % {"name": place},
        link_prefix=None,
    )
    return render(
        request,
        "organisation/municipality_detail.html",
        {
            "municipality": place,
            "nav": "start",
            "is_coordinator": access.is_coordinator,
            "figures": selectors.municipality_key_figures(municipality=place),
            "error_count": sum(1 for f in findings if f.severity == Severity.ERROR),
            "warning_count": sum(1 for f in findings if f.severity == Severity.WARNING),
            "checklist": checklist,
            "my_memberships": selectors.groups_of_user(user=request.user, municipality=place),
            "contacts": selectors.public_contacts(municipality=place),
            "chart_svg": chart_svg,
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    status = 200
    if request.method == "POST":
        form = MunicipalityForm(request.POST)
        if form.is_valid():
            try:
                municipality_update(municipality=place, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kommunens uppgifter är sparade."))
                return redirect("organisation:municipality", municipality=place.slug)
        place.refresh_from_db()  # a failed save must not show half-applied values
        status = 400
    else:
        form = MunicipalityForm(
            initial={
                "name": place.name,
                "scb_code": place.scb_code,
                "county": place.county,
                "description": place.description,
            }
        )
    return render(
        request,
        "organisation/municipality_edit.html",
        {"municipality": place, "nav": "start", "form": form},
        status=status,
    )


@require_GET
def orgfile_download(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    """The whole organisation as the documented file; coordinators only, because it holds
    every group's internal notes and every member's contact details."""
    access = access_of(request)
    place = access.municipality
    if not access.is_coordinator:
        raise PermissionDenied(_("Bara kommunens samordnare kan ladda ner organisationsfilen."))
    if fmt not in ORGFILE_TYPES:
        raise Http404("Unknown organisation file format")
    response = HttpResponse(export_organisation(place, fmt=fmt), content_type=ORGFILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="organisationsfil.{fmt}"'
    return response
