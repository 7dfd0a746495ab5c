"""REST endpoints of the lägesbild (``/api/v1/municipalities/<slug>/…``), read-only.

- ``situation-reports/``: the compiled lägesbilder (versions), and one with its figures —
  an adopted one's stored figures, a draft's computed now;
- ``situation/``: the figures of any area and period, computed now (``?area=&period=``);
- ``situation/map/``: events per grid cell for the municipality or an area over any dates —
  aggregated in the database, so the payload stays small for a million reports.
Compiling and adopting happen on the pages, where the beredningsgrupp works; a version tells
the meeting that adopted it (``adopted_at_meeting``) and the proposals and commitments made from
its findings (``finding_actions``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.api_permissions import MunicipalityAccess
from samverka.core.api_schema import (
    date_parameter,
    id_parameter,
    integer_parameter,
    period_pattern,
)
from samverka.situation.figures import compute_situation
from samverka.situation.figures.places import map_grid
from samverka.situation.models import SituationReport
from samverka.situation.periods import (
    MAX_YEAR,
    MIN_YEAR,
    PeriodError,
    default_period,
    parse_period,
)
from samverka.situation.selectors import figures_for
from samverka.situation.serializers import SituationReportSerializer

_ID = re.compile(r"[0-9]{1,18}")


class ReadOnlyAccess(MunicipalityAccess):
    """Anyone with a role in the municipality reads; nobody writes here."""

    def may_write(self, access: Access) -> bool:
        return False


def _area(municipality: Municipality, value: str | None, *, required: bool) -> Area | None:
    if value is None or (value == "" and required):
        if required:
            raise ValidationError({"area": [_("Ange områdets id, t.ex. ?area=12.")]})
        return None
    if not _ID.fullmatch(str(value)):
        raise ValidationError({"area": [_("Ange områdets id som ett heltal.")]})
    area = Area.objects.filter(municipality=municipality, pk=int(str(value))).first()
    if area is None:
        raise ValidationError({"area": [_("Området finns inte i den här kommunen.")]})
    return area


def _day(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {field: [_("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01.")]}
        ) from None
    if not 1900 <= day.year <= 2200:
        raise ValidationError({field: [_("Datumet ligger utanför 1900–2200.")]})
    return day


class SituationReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The lägesbilder (each version) of the municipality; the detail has the figures."""

    serializer_class = SituationReportSerializer
    permission_classes = [IsAuthenticated, ReadOnlyAccess]
    municipality: Municipality

    def get_queryset(self) -> QuerySet[SituationReport]:
        if getattr(self, "swagger_fake_view", False):
            return SituationReport.objects.none()
        queryset = (
            SituationReport.objects.in_municipality(self.municipality)
            .select_related("area", "group", "adopted_by")
            .prefetch_related("area_statuses__area", "finding_actions")
            .order_by("-period_start", "area__name", "-version")
        )
        if self.action == "list":
            queryset = queryset.defer("snapshot")
        return queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = dict(self.get_serializer(report).data)
        data["figures"] = figures_for(report).to_json()
        return Response(data)


class LiveViewSet(viewsets.ViewSet):
    """The figures of any area and period, computed now."""

    permission_classes = [IsAuthenticated, ReadOnlyAccess]
    municipality: Municipality

    @extend_schema(
        parameters=[
            id_parameter("area", "Area id; default the top area.", maximum=10**18 - 1),
            OpenApiParameter(
                "period",
                {"type": "string", "pattern": period_pattern(MIN_YEAR, MAX_YEAR)},
                description="2026-W45/2026-W46, 2026-W45, 2026-11, 2026-T3 or 2026; "
                "default the latest complete two weeks.",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        area = _area(self.municipality, request.query_params.get("area"), required=False)
        if area is None:  # the whole municipality
            area = (
                Area.objects.filter(municipality=self.municipality, parent__isnull=True)
                .order_by("name")
                .first()
            )
            if area is None:
                raise ValidationError({"area": [_("Kommunen har inga områden ännu.")]})
        text = request.query_params.get("period") or ""
        try:
            period = parse_period(text) if text else default_period(timezone.localdate())
        except PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from None
        return Response(compute_situation(area, period).to_json())


class MapViewSet(viewsets.ViewSet):
    """Events per grid cell (cells of ``cell`` metres, 250 by default), never the reports."""

    permission_classes = [IsAuthenticated, ReadOnlyAccess]
    municipality: Municipality

    @extend_schema(
        parameters=[
            id_parameter("area", "Only this area's subtree.", maximum=10**18 - 1),
            date_parameter("from", "First day (inclusive).", first_year=1900, last_year=2200),
            date_parameter("to", "Last day (inclusive).", first_year=1900, last_year=2200),
            integer_parameter("cell", "Cell size, 50–5000 m.", low=50, high=5000),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        area = _area(self.municipality, params.get("area"), required=False)
        first, last = _day(params.get("from"), "from"), _day(params.get("to"), "to")
        cell_text = params.get("cell", "250")
        if not _ID.fullmatch(cell_text) or not 50 <= int(cell_text) <= 5000:
            raise ValidationError({"cell": [_("Ange rutstorleken i meter, 50–5000.")]})
        start = timezone.make_aware(datetime.combine(first, time.min)) if first else None
        end = (
            timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
            if last
            else None
        )
        return Response(
            map_grid(self.municipality, area=area, start=start, end=end, cell_m=int(cell_text))
        )
