"""REST endpoints for incidents (``/api/v1/municipalities/<slug>/incidents/…``).

Reading: everyone with a role in the municipality (reports describe places, not persons).
Reporting (POST an incident or a "nothing to report"): members and coordinators; a member
reports for their own organisation. Changing a report: coordinators, and its reporter while it
is unreviewed. Categories and the roster: coordinators.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.accounts.access_log import log_incident_text_reads
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.api_permissions import (
    MunicipalityAccess,
    MunicipalityScopedViewSet,
    SwedishJSONParser,
)
from samverka.core.api_schema import (
    WEEK,
    WEEK_PATTERN,
    choice_parameter,
    id_parameter,
    parse_id,
)
from samverka.incidents import services
from samverka.incidents.access import (
    may_delete_incident,
    may_delete_nothing_to_report,
    may_edit_incident,
)
from samverka.incidents.models import (
    Category,
    Incident,
    NothingToReport,
    ReviewStatus,
    RosterEntry,
    Source,
)
from samverka.incidents.selectors import (
    area_and_descendant_ids,
    coverage,
    parse_week,
    week_range,
)
from samverka.incidents.serializers import (
    CategorySerializer,
    CoverageSerializer,
    IncidentSerializer,
    NothingToReportSerializer,
    RosterEntrySerializer,
)
from samverka.lib.dates import WeekError, week_code


class ReporterAccess(MunicipalityAccess):
    """Members and coordinators may report (write); objects by ``may_change``."""

    message = gettext_lazy("Läsare kan inte rapportera händelser.")

    def may_write(self, access: Access) -> bool:
        return access.may_report


class IncidentObjectAccess(BasePermission):
    message = gettext_lazy("Bara kommunens samordnare och rapportören får ändra rapporten.")

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        access: Access = view.access  # type: ignore[attr-defined]
        if request.method == "DELETE":
            return may_delete_incident(access, obj)
        return may_edit_incident(access, obj)


class NothingToReportObjectAccess(BasePermission):
    message = gettext_lazy("Bara kommunens samordnare och den som rapporterade får ta bort detta.")

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        access: Access = view.access  # type: ignore[attr-defined]
        return request.method in SAFE_METHODS or may_delete_nothing_to_report(access, obj)


def _int_param(params: Any, name: str) -> int | None:
    raw = params.get(name)
    if raw is None:
        return None
    number = parse_id(raw)
    if number is None:
        raise ValidationError({name: _("Ange ett id (ett heltal).")})
    return number


def _date_param(params: Any, name: str) -> Any:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = parse_date(str(raw))
    except ValueError:
        value = None
    if value is None or not 2000 <= value.year <= 2100:
        raise ValidationError(
            {name: _("Ange datumet som ÅÅÅÅ-MM-DD mellan år 2000 och 2100, t.ex. 2026-03-01.")}
        )
    return value


# Dates as the filters parse them (``_date_param``): ISO days of the years 2000–2100.
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": r"^(?:20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
}
# At most 20 characters: parse_week reads no further.
WEEK_SCHEMA: dict[str, Any] = {"type": "string", "pattern": WEEK_PATTERN, "maxLength": 20}
MAX_WEEKS = 53  # a year of coverage at most
# Comma-separated weeks, at most MAX_WEEKS parts; empty parts are skipped.
WEEKS_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": rf"^\s*(?:{WEEK})?\s*(?:,\s*(?:{WEEK})?\s*){{0,{MAX_WEEKS - 1}}}$",
}


def _week_text(raw: Any) -> str:
    """A week filter's text, refused when longer than WEEK_SCHEMA allows (parse_week would
    read only its first 20 characters and take what follows as if it were not there)."""
    text = str(raw)
    if len(text) > WEEK_SCHEMA["maxLength"]:
        raise WeekError(_("Skriv veckan som 2026-W45."))
    return text


def date_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, dict(DATE_SCHEMA), description=description)


INCIDENT_FILTERS = [
    id_parameter("area", "This area and every area below it."),
    id_parameter("category", "A category or subcategory id."),
    id_parameter("organisation", "The reporting actor."),
    date_parameter("start", "Occurred on or after this day."),
    date_parameter("end", "Occurred on or before this day."),
    OpenApiParameter("week", WEEK_SCHEMA, description='Occurred in this ISO week ("2026-W45").'),
    choice_parameter("status", "new, reviewed or duplicate.", ReviewStatus.values),
    choice_parameter("source", "manual, file, police, synthetic.", Source.values),
]


@extend_schema_view(list=extend_schema(parameters=INCIDENT_FILTERS))
class IncidentViewSet(MunicipalityScopedViewSet):
    """Incident reports (händelserapporter) of the municipality, newest first."""

    serializer_class = IncidentSerializer
    permission_classes = [IsAuthenticated, ReporterAccess, IncidentObjectAccess]

    def get_queryset(self) -> QuerySet[Incident]:
        if self.is_schema_generation():
            return Incident.objects.none()
        incidents: QuerySet[Incident] = Incident.objects.filter(
            municipality=self.municipality
        ).order_by("-occurred_at", "-pk")
        if self.action == "list":
            incidents = self._filter(incidents, self.request.query_params)
        return incidents

    def _filter(self, incidents: QuerySet[Incident], params: Any) -> QuerySet[Incident]:
        m = self.municipality
        area_id = _int_param(params, "area")
        if area_id is not None:
            area = Area.objects.filter(municipality=m, pk=area_id).first()
            if area is None:
                raise ValidationError({"area": _("Området finns inte i den här kommunen.")})
            incidents = incidents.filter(area_id__in=area_and_descendant_ids(area))
        category_id = _int_param(params, "category")
        if category_id is not None:
            category = Category.objects.filter(municipality=m, pk=category_id).first()
            if category is None:
                raise ValidationError({"category": _("Kategorin finns inte i den här kommunen.")})
            field = "subcategory" if category.parent_id else "category"
            incidents = incidents.filter(**{field: category})
        organisation_id = _int_param(params, "organisation")
        if organisation_id is not None:
            incidents = incidents.filter(organisation_id=organisation_id)
        start, end = _date_param(params, "start"), _date_param(params, "end")
        if start is not None:
            incidents = incidents.filter(
                occurred_at__gte=timezone.make_aware(datetime.combine(start, time.min))
            )
        if end is not None:
            incidents = incidents.filter(
                occurred_at__lt=timezone.make_aware(
                    datetime.combine(end + timedelta(days=1), time.min)
                )
            )
        if params.get("week") is not None:
            try:
                week_start, week_end = week_range(_week_text(params["week"]))
            except WeekError as exc:
                raise ValidationError({"week": str(exc)}) from None
            incidents = incidents.filter(occurred_at__gte=week_start, occurred_at__lt=week_end)
        for name, choices in (("status", ReviewStatus.values), ("source", Source.values)):
            value = params.get(name)
            if value is not None:  # "?status=" is refused too, as the schema's choices say
                if value not in choices:
                    raise ValidationError(
                        {name: _("Välj bland: %(values)s.") % {"values": ", ".join(choices)}}
                    )
                incidents = incidents.filter(**{name: value})
        return incidents

    # Free text is personal data: every read through the API is logged before it is sent.
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        log_incident_text_reads(
            municipality=self.municipality,
            user=request.user,
            incident_ids=[response.data["id"]],
            channel="api",
        )
        return response

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        log_incident_text_reads(
            municipality=self.municipality,
            user=request.user,
            incident_ids=[row["id"] for row in rows],
            channel="api",
            what=_("API-lista"),
        )
        return response

    def perform_destroy(self, instance: Incident) -> None:
        services.incident_delete(incident=instance, user=self.request.user)


class CategoryViewSet(MunicipalityScopedViewSet):
    """The taxonomy: top-level categories (parent null) and their subcategories."""

    serializer_class = CategorySerializer

    def get_queryset(self) -> QuerySet[Category]:
        if self.is_schema_generation():
            return Category.objects.none()
        services.ensure_taxonomy(self.municipality)
        return Category.objects.filter(municipality=self.municipality).order_by(
            "parent_id", "order", "name"
        )

    def perform_destroy(self, instance: Category) -> None:
        services.category_delete(category=instance, user=self.request.user)


class RosterEntryViewSet(MunicipalityScopedViewSet):
    """The reporting roster: which organisation reports for which area every week."""

    serializer_class = RosterEntrySerializer

    def get_queryset(self) -> QuerySet[RosterEntry]:
        if self.is_schema_generation():
            return RosterEntry.objects.none()
        return RosterEntry.objects.filter(municipality=self.municipality).order_by("area", "pk")

    def perform_destroy(self, instance: RosterEntry) -> None:
        services.roster_entry_delete(entry=instance, user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("week", WEEK_SCHEMA, description="Only this ISO week.")]
    )
)
class NothingToReportViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Explicit "nothing to report" (inget att rapportera) per area, organisation and ISO week."""

    serializer_class = NothingToReportSerializer
    permission_classes = [IsAuthenticated, ReporterAccess, NothingToReportObjectAccess]
    parser_classes = [SwedishJSONParser]
    municipality: Municipality

    def get_queryset(self) -> QuerySet[NothingToReport]:
        if getattr(self, "swagger_fake_view", False):
            return NothingToReport.objects.none()
        records = NothingToReport.objects.filter(municipality=self.municipality).order_by(
            "-week", "pk"
        )
        if self.action == "list" and self.request.query_params.get("week") is not None:
            try:
                week = parse_week(_week_text(self.request.query_params["week"]))[1]
            except WeekError as exc:
                raise ValidationError({"week": str(exc)}) from None
            records = records.filter(week=week)
        return records

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["municipality"] = getattr(self, "municipality", None)
        context["access"] = getattr(self, "access", None)
        return context

    def perform_destroy(self, instance: NothingToReport) -> None:
        services.nothing_to_report_delete(record=instance, user=self.request.user)


class CoverageViewSet(viewsets.ViewSet):
    """Reporting coverage of an area (and the areas below it) per ISO week."""

    permission_classes = [IsAuthenticated, MunicipalityAccess]
    municipality: Municipality

    @extend_schema(
        parameters=[
            id_parameter("area", "Default: the top area of the municipality."),
            OpenApiParameter(
                "weeks",
                WEEKS_SCHEMA,
                description='Comma-separated ISO weeks, e.g. "2026-W44,2026-W45" '
                "(default: last week).",
            ),
        ],
        responses=CoverageSerializer(many=True),
    )
    def list(self, request: Request, municipality_slug: str) -> Response:
        area_id = _int_param(request.query_params, "area")
        areas = Area.objects.filter(municipality=self.municipality)
        if area_id is None:  # the municipality as a whole: its top area
            area = areas.filter(parent__isnull=True).order_by("kind", "name").first()
            if area is None:
                return Response([])
        else:
            area = areas.filter(pk=area_id).first()
        if area is None:
            raise ValidationError({"area": _("Området finns inte i den här kommunen.")})
        raw = str(request.query_params.get("weeks") or "")
        weeks = []
        try:
            parts = raw.split(",")
            if len(parts) > MAX_WEEKS:
                raise WeekError(_("Ange högst %(count)s veckor.") % {"count": MAX_WEEKS})
            for part in [p for p in parts if p.strip()]:
                weeks.append(parse_week(part)[1])
        except WeekError as exc:
            raise ValidationError({"weeks": str(exc)}) from None
        if not weeks:
            weeks = [week_code(timezone.localdate() - timedelta(days=7))]
        rows = coverage(area, weeks)
        return Response(CoverageSerializer(rows, many=True).data)
