"""Incident reports: the list with filters and export, the phone-friendly entry form, a report's
page, its changes and its review."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.accounts.access_log import log_incident_text_reads
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.incidents import services
from samverka.incidents.access import (
    incident_in,
    may_edit_incident,
    own_organisation,
    reporting_organisations,
    require_reporter,
)
from samverka.incidents.forms import (
    IncidentFilterForm,
    IncidentForm,
    PointForm,
    StatusForm,
    incident_initial,
)
from samverka.incidents.models import Category, Incident
from samverka.incidents.selectors import area_and_descendant_ids, list_totals
from samverka.incidents.views.common import page

PER_PAGE = 50
EXPORT_LIMIT = 100_000


def _filtered(m: Municipality, params: Any) -> tuple[IncidentFilterForm, QuerySet[Incident]]:
    form = IncidentFilterForm(params or None, municipality=m)
    incidents = Incident.objects.filter(municipality=m)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("area"):
            area = Area.objects.filter(municipality=m, pk=data["area"]).first()
            if area is not None:
                incidents = incidents.filter(area_id__in=area_and_descendant_ids(area))
        if data.get("category"):
            category = Category.objects.filter(municipality=m, pk=data["category"]).first()
            if category is not None:
                field = "subcategory" if category.parent_id else "category"
                incidents = incidents.filter(**{field: category})
        if data.get("start"):
            start = timezone.make_aware(datetime.combine(data["start"], time.min))
            incidents = incidents.filter(occurred_at__gte=start)
        if data.get("end"):
            end = timezone.make_aware(datetime.combine(data["end"] + timedelta(days=1), time.min))
            incidents = incidents.filter(occurred_at__lt=end)
        if data.get("status"):
            incidents = incidents.filter(status=data["status"])
        if data.get("source"):
            incidents = incidents.filter(source=data["source"])
    return form, incidents


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    services.ensure_taxonomy(m)
    form, incidents = _filtered(m, request.GET)
    totals = list_totals(incidents)
    # The page's 50 rows from the incidents table alone, their categories, areas and
    # organisations after: joined in one query, PostgreSQL's estimate of the row-level security
    # policy on every joined table (a tiny selectivity each) made it plan a nested loop over all
    # of a municipality's reports and a sort (6 s for Stockholm's 936 000 under the app role).
    paginator = Paginator(
        incidents.prefetch_related("category", "subcategory", "area", "organisation").order_by(
            "-occurred_at", "-pk"
        ),
        PER_PAGE,
    )
    paginator.count = totals.reports  # beyond the limit, its pages (filter to see the rest)
    listing = paginator.get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return page(
        request,
        "incidents/incident_list.html",
        m,
        form=form,
        page_obj=listing,
        count=totals.reports,
        events=totals.events,
        more=totals.more,
        query=query.urlencode(),
    )


@require_GET
def export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    _form, incidents = _filtered(m, request.GET)
    headers = [
        _("Id"),
        _("Inträffade"),
        _("Pågick till"),
        _("Kategori"),
        _("Underkategori"),
        _("Område"),
        _("Plats"),
        _("Latitud"),
        _("Longitud"),
        _("Miljö"),
        _("Antal"),
        _("Beskrivning"),
        _("Egen bedömning"),
        _("Polisanmäld"),
        _("Aktör"),
        _("Granskning"),
        _("Källa"),
        _("Rapporterad"),
    ]
    rows = (
        [
            i.pk,
            i.occurred_at,
            i.occurred_until,
            i.category.name,
            i.subcategory.name if i.subcategory else "",
            i.area.name,
            i.place_name,
            i.latitude,
            i.longitude,
            i.get_setting_display() if i.setting else "",
            i.event_count,
            i.description,
            i.assessment,
            i.police_reported,
            i.organisation.name if i.organisation else "",
            i.get_status_display(),
            i.get_source_display(),
            i.created_at,
        ]
        for i in incidents.select_related(
            "category", "subcategory", "area", "organisation"
        ).order_by("occurred_at", "pk")[:EXPORT_LIMIT]
    )
    log_incident_text_reads(
        municipality=m,
        user=request.user,
        incident_ids=list(incidents.order_by("pk").values_list("pk", flat=True)[:EXPORT_LIMIT]),
        what=_("Export (%(fmt)s)") % {"fmt": fmt},
    )
    return table_response(
        fmt, filename=_("Händelser %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    require_reporter(access)
    services.ensure_taxonomy(m)
    organisations = reporting_organisations(access)
    own = own_organisation(access)
    initial: dict[str, Any] = {"organisation": str(own.pk) if own else ""}
    for key in ("area", "organisation"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
    form = IncidentForm(
        request.POST or None, municipality=m, organisations=organisations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(
                municipality=m, user=request.user, **form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Tack! Händelsen är rapporterad: %(what)s i %(area)s.")
                % {"what": incident.subcategory or incident.category, "area": incident.area},
            )
            if request.POST.get("again"):
                return redirect("incidents:create", municipality=m.slug)
            return redirect("incidents:detail", municipality=m.slug, pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    return page(request, "incidents/incident_form.html", m, status=status, form=form, **_picker(m))


@require_GET
def detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    incident = incident_in(access, pk)
    # Free text (description, own assessment, place) is personal data: logged before shown.
    log_incident_text_reads(municipality=m, user=request.user, incident_ids=[incident.pk])
    return page(
        request,
        "incidents/incident_detail.html",
        m,
        incident=incident,
        may_edit=may_edit_incident(access, incident),
        status_form=StatusForm(initial={"status": incident.status}),
    )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    incident = incident_in(access, pk)
    if not may_edit_incident(access, incident):
        raise PermissionDenied("Only coordinators and the reporter may change a report.")
    organisations = reporting_organisations(access)
    if incident.organisation and incident.organisation not in organisations:
        organisations.append(incident.organisation)
    form = IncidentForm(
        request.POST or None,
        municipality=m,
        organisations=organisations,
        current_category=incident.subcategory or incident.category,
        initial=incident_initial(incident),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_update(incident=incident, user=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Händelsen är sparad."))
            return redirect("incidents:detail", municipality=m.slug, pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":  # the form shows the free text too
        log_incident_text_reads(
            municipality=m,
            user=request.user,
            incident_ids=[incident.pk],
            what=_("Händelse öppnad för ändring"),
        )
    return page(
        request,
        "incidents/incident_form.html",
        m,
        status=status,
        form=form,
        incident=incident,
        **_picker(m),
    )


def _picker(m: Municipality) -> dict[str, Any]:
    """The map picker's settings. Without boundaries a point cannot be placed: no map then."""
    return {
        "picker": {
            "has_boundaries": Area.objects.filter(municipality=m, boundary__isnull=False).exists(),
        }
    }


@require_GET
def point_area(request: HttpRequest, municipality: str) -> HttpResponse:
    """The map picker asks which area a point falls in; the answer is a fragment of the form."""
    access = access_of(request)
    m = access.municipality
    require_reporter(access)
    if not request.GET.get("latitude") and not request.GET.get("longitude"):
        return render(request, "incidents/incident_form.html#point-area", {})
    form = PointForm(request.GET, municipality=m)
    if not form.is_valid():
        return render(
            request, "incidents/incident_form.html#point-area", {"point_form": form}, status=400
        )
    return render(
        request, "incidents/incident_form.html#point-area", {"placement": form.placement()}
    )


@require_POST
def set_status(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    incident = incident_in(access, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return page(
            request,
            "incidents/incident_detail.html",
            m,
            status=400,
            incident=incident,
            may_edit=True,
            status_form=form,
        )
    services.incident_set_status(
        incident=incident, user=request.user, status=form.cleaned_data["status"]
    )
    messages.success(
        request,
        _("Granskningen är sparad: %(status)s.") % {"status": incident.get_status_display()},
    )
    return redirect("incidents:detail", municipality=m.slug, pk=incident.pk)


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    incident = incident_in(access, pk)
    if request.method == "POST":
        services.incident_delete(incident=incident, user=request.user)
        messages.success(request, _("Händelsen är borttagen."))
        return redirect("incidents:index", municipality=m.slug)
    return page(request, "incidents/incident_confirm_delete.html", m, incident=incident)
