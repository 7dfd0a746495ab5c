"""The SSPF REST API (``/api/v1/municipalities/<slug>/sspf/…``): the same rules as the pages,
through ``access`` and ``services``. Every read of a case is logged with channel "api"; a
non-member gets 404 for every case (logged as refused). Names are never in the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.areas.models import Area
from samverka.core.api_fields import MAX_YEAR, MIN_YEAR, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField, SwedishJSONParser
from samverka.core.api_schema import date_parameter, id_parameter
from samverka.sspf import services
from samverka.sspf.access import SSPFViewer, case_for_user, log_case_list
from samverka.sspf.models import Case, CasePerson
from samverka.sspf.selectors import case_counts
from samverka.sspf.serializers import (
    SSPFActionSerializer,
    SSPFCaseDetailSerializer,
    SSPFCaseSerializer,
    SSPFCaseUpdateSerializer,
    SSPFCountSerializer,
    SSPFFollowUpSerializer,
    SSPFPersonSerializer,
    SSPFPersonWriteSerializer,
)
from samverka.sspf.services import ConsentInput

CHANNEL = "api"


class SSPFAccess(BasePermission):
    """Authenticated, with a role in the municipality (else 404); sets ``view.viewer``. The
    need-to-know (member of the case's group) is checked per case through ``case_for_user``."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        access = Access.for_slug(request.user, view.kwargs["municipality_slug"])
        request.access = access  # type: ignore[attr-defined]
        view.viewer = SSPFViewer.of(access)  # type: ignore[attr-defined]
        return True


class _Base(APIView):
    permission_classes = [SSPFAccess]
    parser_classes = [SwedishJSONParser]
    viewer: SSPFViewer

    def context(self) -> dict[str, Any]:
        return {"municipality": self.viewer.municipality, "request": self.request}

    def case(self, pk: int, what: str = "") -> Case:
        return case_for_user(self.viewer, pk, channel=CHANNEL, what=what)

    def detail(self, case: Case) -> dict[str, Any]:
        case = (
            Case.objects.filter(pk=case.pk)
            .prefetch_related(
                Prefetch("persons", CasePerson.objects.prefetch_related("consents")),
                "actions",
                "follow_ups",
            )
            .get()
        )
        return SSPFCaseDetailSerializer(case, context=self.context()).data  # type: ignore[return-value]


class CaseListView(_Base):
    @extend_schema(responses=SSPFCaseSerializer(many=True), summary="Ärenden i mina SSPF-grupper")
    def get(self, request: Request, municipality_slug: str) -> Response:
        cases = list(self.viewer.cases())
        log_case_list(self.viewer, count=len(cases), channel=CHANNEL)  # 404 for a non-member
        return Response(SSPFCaseSerializer(cases, many=True, context=self.context()).data)

    @extend_schema(request=SSPFCaseSerializer, responses={201: SSPFCaseDetailSerializer})
    def post(self, request: Request, municipality_slug: str) -> Response:
        self.viewer.require_member()
        serializer = SSPFCaseSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["group"].pk not in self.viewer.group_ids:
            raise ValidationError({"group": ["Du är inte medlem i den SSPF-gruppen."]})
        case = services.case_create(
            municipality=self.viewer.municipality, user=request.user, **data
        )
        return Response(self.detail(case), status=status.HTTP_201_CREATED)


class CaseDetailView(_Base):
    @extend_schema(responses=SSPFCaseDetailSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(self.detail(self.case(pk)))

    @extend_schema(request=SSPFCaseUpdateSerializer, responses=SSPFCaseDetailSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        case = self.case(pk, what="ändrade ärendet")
        serializer = SSPFCaseUpdateSerializer(
            data=request.data, partial=True, context=self.context()
        )
        serializer.is_valid(raise_exception=True)
        fields = {
            name: getattr(case, name)
            for name in ("area", "raised_on", "raised_by", "sector", "subject", "description")
        }
        fields["status"] = case.status
        fields.update(serializer.validated_data)
        services.case_update(case=case, user=request.user, **fields)
        return Response(self.detail(case))


class PersonListView(_Base):
    @extend_schema(request=SSPFPersonWriteSerializer, responses={201: SSPFPersonSerializer})
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        case = self.case(pk, what="lade till en person")
        serializer = SSPFPersonWriteSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = services.person_add(
            case=case,
            user=request.user,
            name=data["name"],
            birth_date=data.get("birth_date"),
            personnummer=data.get("personnummer", ""),
            consents=[ConsentInput(**item) for item in data["consents"]],
        )
        return Response(SSPFPersonSerializer(person).data, status=status.HTTP_201_CREATED)


class ActionListView(_Base):
    @extend_schema(request=SSPFActionSerializer, responses={201: SSPFActionSerializer})
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        case = self.case(pk, what="lade till en åtgärd")
        serializer = SSPFActionSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        action = services.action_add(case=case, user=request.user, **serializer.validated_data)
        return Response(SSPFActionSerializer(action, context=self.context()).data, status=201)


class FollowUpListView(_Base):
    @extend_schema(request=SSPFFollowUpSerializer, responses={201: SSPFFollowUpSerializer})
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        case = self.case(pk, what="skrev en uppföljning")
        serializer = SSPFFollowUpSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        note = services.follow_up_add(case=case, user=request.user, **serializer.validated_data)
        return Response(SSPFFollowUpSerializer(note).data, status=201)


class _CountParams(serializers.Serializer):
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    start = SwedishDateField(required=False, allow_null=True, default=None)
    end = SwedishDateField(required=False, allow_null=True, default=None)


class CountsView(_Base):
    @extend_schema(
        parameters=[
            id_parameter("area", "Only this area's cases."),
            date_parameter(
                "start", "ÅÅÅÅ-MM-DD", first_year=MIN_YEAR, last_year=MAX_YEAR, blank=True
            ),
            date_parameter(
                "end", "ÅÅÅÅ-MM-DD", first_year=MIN_YEAR, last_year=MAX_YEAR, blank=True
            ),
        ],
        responses=SSPFCountSerializer(many=True),
        summary="Antal SSPF-ärenden (bara antal; under 5 visas som ”färre än 5”)",
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        self.viewer.require_counts()
        params = _CountParams(data=request.query_params, context=self.context())
        params.is_valid(raise_exception=True)
        rows = case_counts(self.viewer.municipality, **params.validated_data)
        return Response(SSPFCountSerializer(rows, many=True).data)
