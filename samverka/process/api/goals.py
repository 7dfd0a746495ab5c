"""The goals and indicators API (``/api/v1/municipalities/<slug>/goals/…`` and ``…/indicators/…``):
the same rules as the pages, through ``process.access`` and ``services.goals``. Everyone with a role
reads; coordinators and the beredningsgrupp write; a value is approved by a coordinator other than
the one who entered it.

Input the schema describes is checked by the serializers (400). A well-formed request that a rule
of the process refuses — a sub-goal too deep, a period that already has a value, one's own value
to approve, an indicator counted from the incident reports without an area — is a conflict with
the data as it stands: 409 with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.core.api import Conflict
from samverka.core.api_permissions import MunicipalityAccess, SwedishJSONParser
from samverka.process.access import may_plan
from samverka.process.indicators import status_of
from samverka.process.models import Goal, Indicator, IndicatorValue
from samverka.process.serializers.goals import (
    GoalSerializer,
    GoalUpdateSerializer,
    GoalWriteSerializer,
    IndicatorDetailSerializer,
    IndicatorSerializer,
    IndicatorValueSerializer,
    IndicatorWriteSerializer,
    ValueWriteSerializer,
)
from samverka.process.services import goals as services
from samverka.process.services.goals import IndicatorPoint, indicator_values

T = TypeVar("T")

CONFLICT = OpenApiResponse(
    description="Refused by a rule of the process (the reason in Swedish): e.g. a goal tree "
    "deeper than three levels, a period that already has a value, approving one's own value."
)


class PlannerMayWrite(MunicipalityAccess):
    """A role in the municipality to read; coordinators and the beredningsgrupp write."""

    message = _(
        "Det är samordnarna och beredningsgruppens medlemmar som arbetar med mål och indikatorer."
    )

    def may_write(self, access: Access) -> bool:
        return may_plan(access)


def _ruled(call: Callable[[], T]) -> T:
    """A service's refusal of a well-formed request is a 409 with its reason."""
    try:
        return call()
    except DjangoValidationError as exc:
        raise Conflict(detail=" ".join(exc.messages)) from None


def _point(point: IndicatorPoint) -> dict[str, Any]:
    return {
        "value_id": point.value_id,
        "period_start": point.period_start,
        "period_end": point.period_end,
        "label": point.label,
        "value": str(point.value),
        "computed": point.computed,
        "note": point.note,
        "entered_by": point.entered_by,
        "approved_by": point.approved_by,
        "approved": point.approved,
    }


def _indicator_data(indicator: Indicator, *, detail: bool) -> dict[str, Any]:
    data: dict[str, Any] = dict(IndicatorSerializer(indicator).data)
    for key in ("baseline_value", "target_value"):
        value = getattr(indicator, key)
        data[key] = None if value is None else str(value)
    if detail:
        points = list(indicator_values(indicator))
        state = status_of(
            points,
            baseline=indicator.baseline_value,
            target=indicator.target_value,
            deadline=indicator.deadline,
            direction=indicator.direction,
            today=timezone.localdate(),
        )
        data["status"] = {
            "colour": state.colour,
            "colour_label": state.colour_label,
            "trend": state.trend,
            "trend_label": state.trend_label,
            "progress_percent": state.progress_percent,
            "latest_value": None if state.latest is None else str(state.latest.value),
            "latest_period": None if state.latest is None else state.latest.label,
        }
        data["values"] = IndicatorValueSerializer([_point(p) for p in points], many=True).data
    return data


class _Base(APIView):
    permission_classes = [PlannerMayWrite]
    parser_classes = [SwedishJSONParser]
    access: Access

    def context(self) -> dict[str, Any]:
        return {"municipality": self.access.municipality, "request": self.request}

    def parsed(self, serializer_class: type, *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def goals(self) -> Any:
        return Goal.objects.filter(municipality=self.access.municipality).prefetch_related(
            "problems", "subgoals", "indicators"
        )

    def goal(self, pk: int) -> Goal:
        return get_object_or_404(self.goals(), pk=pk)

    def indicator(self, pk: int) -> Indicator:
        return get_object_or_404(
            Indicator.objects.filter(municipality=self.access.municipality).select_related(
                "municipality", "area", "goal"
            ),
            pk=pk,
        )


class GoalListView(_Base):
    @extend_schema(responses=GoalSerializer(many=True), summary="Mål och delmål")
    def get(self, request: Request, municipality_slug: str) -> Response:
        goals = self.goals().order_by("document__title", "parent_id", "position", "pk")
        return Response(GoalSerializer(goals, many=True).data)

    @extend_schema(request=GoalWriteSerializer, responses={201: GoalSerializer, 409: CONFLICT})
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(GoalWriteSerializer)
        goal = _ruled(
            lambda: services.goal_create(
                municipality=self.access.municipality, user=request.user, **data
            )
        )
        return Response(GoalSerializer(self.goal(goal.pk)).data, status=status.HTTP_201_CREATED)


class GoalDetailView(_Base):
    @extend_schema(responses=GoalSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(GoalSerializer(self.goal(pk)).data)

    @extend_schema(request=GoalUpdateSerializer, responses={200: GoalSerializer, 409: CONFLICT})
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        goal = self.goal(pk)
        data = self.parsed(GoalUpdateSerializer, partial=True)
        fields: dict[str, Any] = {
            "title": goal.title,
            "description": goal.description,
            "document": goal.document,
            "parent": goal.parent,
            "problems": list(goal.problems.all()),
            "weight": goal.weight,
            "position": goal.position,
        }
        fields.update(data)
        _ruled(lambda: services.goal_update(goal=goal, user=request.user, **fields))
        return Response(GoalSerializer(self.goal(pk)).data)


class IndicatorListView(_Base):
    @extend_schema(responses=IndicatorSerializer(many=True), summary="Indikatorer")
    def get(self, request: Request, municipality_slug: str) -> Response:
        indicators = Indicator.objects.filter(municipality=self.access.municipality).order_by(
            "goal_id", "name", "pk"
        )
        return Response([_indicator_data(i, detail=False) for i in indicators])

    @extend_schema(
        request=IndicatorWriteSerializer,
        responses={201: IndicatorDetailSerializer, 409: CONFLICT},
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(IndicatorWriteSerializer)
        goal = data.pop("goal")
        indicator = _ruled(lambda: services.indicator_create(goal=goal, user=request.user, **data))
        return Response(
            _indicator_data(self.indicator(indicator.pk), detail=True),
            status=status.HTTP_201_CREATED,
        )


class IndicatorDetailView(_Base):
    @extend_schema(responses=IndicatorDetailSerializer, summary="Indikatorn med värden och status")
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(_indicator_data(self.indicator(pk), detail=True))


class ValueListView(_Base):
    @extend_schema(
        request=ValueWriteSerializer,
        responses={201: IndicatorDetailSerializer, 409: CONFLICT},
        summary="För in ett värde för en period",
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        indicator = self.indicator(pk)
        data = self.parsed(ValueWriteSerializer)
        _ruled(lambda: services.value_enter(indicator=indicator, user=request.user, **data))
        return Response(_indicator_data(indicator, detail=True), status=status.HTTP_201_CREATED)


class ValueApproveView(_Base):
    @extend_schema(
        request=None,
        responses={200: IndicatorDetailSerializer, 409: CONFLICT},
        summary="Godkänn ett värde (en annan samordnare än den som förde in det)",
    )
    def post(self, request: Request, municipality_slug: str, pk: int, value_pk: int) -> Response:
        if not self.access.is_coordinator:
            raise PermissionDenied(_("Det är kommunens samordnare som godkänner värden."))
        indicator = self.indicator(pk)
        value = get_object_or_404(
            IndicatorValue.objects.filter(indicator=indicator).select_related("indicator"),
            pk=value_pk,
        )
        _ruled(lambda: services.value_approve(value=value, user=request.user))
        return Response(_indicator_data(indicator, detail=True))


__all__ = [
    "GoalDetailView",
    "GoalListView",
    "IndicatorDetailView",
    "IndicatorListView",
    "ValueApproveView",
    "ValueListView",
]
