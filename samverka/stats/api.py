"""REST endpoints for statistics, all read-only (imports go through the page or the command).

Under ``/api/v1/municipalities/<slug>/statistics/``: the series and values the municipality
sees (shared reference data and its own), and ``reference/<area id>/`` — the same figures the
fact sheet and the lägesbild use (``samverka.stats.selectors.reference_values``). Under
``/api/v1/statistics/``: the shared reference data alone, for any signed-in user.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.areas.access import area_for_user
from samverka.core.api_permissions import MunicipalityAccess
from samverka.core.api_schema import id_parameter, integer_parameter
from samverka.stats.models import Geography, GeographyKind, Series, StatValue
from samverka.stats.selectors import reference_values, visible_values
from samverka.stats.serializers import GeographySerializer, SeriesSerializer, StatValueSerializer

# Text filters as filter_values takes them: up to 120 characters, no NUL ("" is no filter).
_TEXT: dict[str, Any] = {"type": "string", "maxLength": 120, "pattern": "^[^\\x00]*$"}
VALUE_FILTERS = [
    id_parameter("series", "Seriens id"),
    OpenApiParameter("source", _TEXT, description="bra, ntu, scb, survey, other"),
    OpenApiParameter("category", _TEXT, description="Kategori, t.ex. samtliga-brott"),
    OpenApiParameter("geography", _TEXT, description="Statistikområdets kod"),
    id_parameter("area", "Kommunens områdes id"),
    integer_parameter("year", "År", low=1900, high=2100),
]


def _int_param(request: Request, name: str, *, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        number = int(str(raw))
    except ValueError:
        raise ValidationError({name: [_("Ange ett heltal.")]}) from None
    if not low <= number <= high:
        raise ValidationError(
            {name: [_("Ange ett tal mellan %(low)s och %(high)s.") % {"low": low, "high": high}]}
        )
    return number


def filter_values(queryset: QuerySet[StatValue], request: Request) -> QuerySet[StatValue]:
    series = _int_param(request, "series", low=1, high=2**63 - 1)
    area = _int_param(request, "area", low=1, high=2**63 - 1)
    year = _int_param(request, "year", low=1900, high=2100)
    if series is not None:
        queryset = queryset.filter(series_id=series)
    if area is not None:
        queryset = queryset.filter(area_id=area)
    if year is not None:
        queryset = queryset.filter(year=year)
    for name, lookup in (
        ("source", "series__source"),
        ("category", "series__category"),
        ("geography", "geography__code"),
    ):
        value = request.query_params.get(name)
        if value:
            if "\x00" in value or len(value) > 120:
                raise ValidationError({name: [_("Ogiltigt värde.")]})
            queryset = queryset.filter(**{lookup: value})
    return queryset


class _Scoped(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, MunicipalityAccess]
    access: Access  # set by MunicipalityAccess
    municipality: Municipality

    def is_schema_generation(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def get_object(self) -> Any:
        pk = self.kwargs.get("pk")
        if not 0 < int(str(pk)) < 2**63:
            raise Http404
        return super().get_object()


class SeriesViewSet(_Scoped):
    """Statistics series the municipality sees: shared reference data and its own."""

    serializer_class = SeriesSerializer

    def get_queryset(self) -> QuerySet[Series]:
        if self.is_schema_generation():
            return Series.objects.none()
        return Series.objects.visible_to(self.municipality).order_by("source", "name", "unit")


@extend_schema_view(list=extend_schema(parameters=VALUE_FILTERS))
class StatValueViewSet(_Scoped):
    """Values with provenance; filter by series, source, category, geography, area or year."""

    serializer_class = StatValueSerializer

    def get_queryset(self) -> QuerySet[StatValue]:
        if self.is_schema_generation():
            return StatValue.objects.none()
        queryset = (
            visible_values(self.municipality)
            .select_related("geography", "provenance")
            .order_by("series_id", "geography__code", "area_id", "year", "pk")
        )
        if self.action == "list":
            queryset = filter_values(queryset, self.request)
        return queryset


class ReferenceValuesViewSet(viewsets.ViewSet):
    """Everything public statistics say about one of the municipality's areas: population,
    reported crimes per 100 000 against county and country, the SKR group's middle 50 %, NTU and
    the local survey — each figure with year, place, provenance and warnings."""

    permission_classes = [IsAuthenticated, MunicipalityAccess]
    access: Access  # set by MunicipalityAccess
    municipality: Municipality

    @extend_schema(
        parameters=[integer_parameter("year", "Senaste år", low=1900, high=2100)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        area = area_for_user(self.access, kwargs["pk"])
        year = _int_param(request, "year", low=1900, high=2100)
        return Response(reference_values(area, year).as_dict())


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=list(GeographyKind.values),
                description="Bara geografier av denna sort.",
            ),
            OpenApiParameter(
                "serves",
                str,
                pattern=r"^[0-9]{4}$",
                description="Bara lokalpolisområdena som betjänar kommunen med denna kod (SCB).",
            ),
        ]
    )
)
class GeographyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference geographies (shared by every municipality): country, counties, municipalities,
    city districts and local police areas — each local police area with the municipalities it
    serves — with SKR's municipality groups."""

    serializer_class = GeographySerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Geography]:
        queryset = (
            Geography.objects.select_related("parent")
            .prefetch_related("municipalities")
            .order_by("code")
        )
        if getattr(self, "swagger_fake_view", False):
            return queryset
        params = self.request.query_params
        if "kind" in params:
            kind = params["kind"]
            if kind not in GeographyKind.values:
                choices = ", ".join(GeographyKind.values)
                raise ValidationError(
                    {"kind": [_("Okänd sorts geografi; välj en av %s.") % choices]}
                )
            queryset = queryset.filter(kind=kind)
        if "serves" in params:
            serves = params["serves"]
            if not re.fullmatch(r"[0-9]{4}", serves):
                raise ValidationError({"serves": [_("Ange kommunens kod med fyra siffror.")]})
            queryset = queryset.filter(
                kind=GeographyKind.LOCAL_POLICE_AREA, municipalities__code=serves
            )
        return queryset


class SharedSeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared reference series (public statistics loaded by the platform)."""

    serializer_class = SeriesSerializer
    permission_classes = [IsAuthenticated]
    queryset = Series.objects.filter(municipality__isnull=True).order_by("source", "name", "unit")


@extend_schema_view(list=extend_schema(parameters=VALUE_FILTERS))
class SharedValueViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared reference values with provenance."""

    serializer_class = StatValueSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[StatValue]:
        queryset = (
            StatValue.objects.filter(municipality__isnull=True)
            .select_related("geography", "provenance")
            .order_by("series_id", "geography__code", "year", "pk")
        )
        if getattr(self, "swagger_fake_view", False):
            return queryset
        return filter_values(queryset, self.request)
