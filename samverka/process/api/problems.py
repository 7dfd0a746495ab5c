"""The problems API (``/api/v1/municipalities/<slug>/problems/…``): the same rules as the pages,
through ``process.access`` and ``services.problems``. Everyone with a role reads; coordinators and
the beredningsgrupp write; a priority is confirmed only by a deciding group's decision."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.core.api_permissions import MunicipalityAccess, SwedishJSONParser
from samverka.meetings.models import Decision
from samverka.process.access import may_plan
from samverka.process.models import Cause, DialogueNote, Problem
from samverka.process.serializers.problems import (
    AnalysisReadSerializer,
    AnalysisSerializer,
    CauseSerializer,
    CauseUpdateSerializer,
    CauseWriteSerializer,
    ConfirmSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    PrioritiseSerializer,
    ProblemDetailSerializer,
    ProblemSerializer,
    ProblemUpdateSerializer,
)
from samverka.process.services import problems as services
from samverka.situation.models import AreaStatus
from samverka.stats.models import Series


class PlannerMayWrite(MunicipalityAccess):
    """A role in the municipality to read; coordinators and the beredningsgrupp write."""

    message = gettext_lazy(
        "Det är samordnarna och beredningsgruppens medlemmar som arbetar med problembild, "
        "orsaksanalys och åtgärdsplan."
    )

    def may_write(self, access: Access) -> bool:
        return may_plan(access)


class _Base(APIView):
    permission_classes = [PlannerMayWrite]
    parser_classes = [SwedishJSONParser]
    access: Access

    def context(self) -> dict[str, Any]:
        return {"municipality": self.access.municipality, "request": self.request}

    def problem(self, pk: int) -> Problem:
        return get_object_or_404(Problem, municipality=self.access.municipality, pk=pk)

    def detail(self, problem: Problem) -> dict[str, Any]:
        problem = Problem.objects.prefetch_related("areas", "evidence").get(pk=problem.pk)
        context = {**self.context(), "analysis": services.analysis_of(problem)}
        return ProblemDetailSerializer(problem, context=context).data  # type: ignore[return-value]

    def parsed(self, serializer_class: type, *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class ProblemListView(_Base):
    @extend_schema(responses=ProblemSerializer(many=True), summary="Problem i prioritetsordning")
    def get(self, request: Request, municipality_slug: str) -> Response:
        problems = (
            Problem.objects.filter(municipality=self.access.municipality)
            .prefetch_related("areas")
            .order_by("status", "priority", "title")
        )
        return Response(ProblemSerializer(problems, many=True, context=self.context()).data)

    @extend_schema(request=ProblemSerializer, responses={201: ProblemDetailSerializer})
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(ProblemSerializer)
        problem = services.problem_create(
            municipality=self.access.municipality, user=request.user, **data
        )
        return Response(self.detail(problem), status=status.HTTP_201_CREATED)


class ProblemDetailView(_Base):
    @extend_schema(responses=ProblemDetailSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(self.detail(self.problem(pk)))

    @extend_schema(request=ProblemUpdateSerializer, responses=ProblemDetailSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        problem = self.problem(pk)
        data = self.parsed(ProblemUpdateSerializer, partial=True)
        close = data.pop("close", False)
        fields: dict[str, Any] = {
            "title": problem.title,
            "description": problem.description,
            "areas": list(problem.areas.all()),
            "since": problem.since,
            "prepared_by": problem.prepared_by,
        }
        fields.update(data)
        if data:
            services.problem_update(problem=problem, user=request.user, **fields)
        if close:
            services.problem_close(problem=problem, user=request.user)
        return Response(self.detail(problem))


class EvidenceListView(_Base):
    @extend_schema(request=EvidenceWriteSerializer, responses={201: EvidenceSerializer})
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        problem = self.problem(pk)
        data = self.parsed(EvidenceWriteSerializer)
        municipality = self.access.municipality
        if data["area_status"] is not None:
            data["area_status"] = AreaStatus.objects.filter(
                report__municipality=municipality, pk=data["area_status"]
            ).first()
            if data["area_status"] is None:
                raise ValidationError({"area_status": ["Områdesstatusen finns inte i kommunen."]})
        if data["series"] is not None:
            data["series"] = Series.objects.filter(
                Q(municipality=municipality) | Q(municipality__isnull=True), pk=data["series"]
            ).first()
            if data["series"] is None:
                raise ValidationError({"series": ["Statistikserien finns inte för kommunen."]})
        if data["dialogue"] is not None:
            data["dialogue"] = DialogueNote.objects.filter(
                municipality=municipality, pk=data["dialogue"]
            ).first()
            if data["dialogue"] is None:
                raise ValidationError({"dialogue": ["Dialogen finns inte i kommunen."]})
        evidence = services.evidence_add(problem=problem, user=request.user, **data)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDetailView(_Base):
    @extend_schema(responses={204: None})
    def delete(
        self, request: Request, municipality_slug: str, pk: int, evidence_pk: int
    ) -> Response:
        problem = self.problem(pk)
        evidence = get_object_or_404(problem.evidence.all(), pk=evidence_pk)
        services.evidence_remove(evidence=evidence, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnalysisView(_Base):
    @extend_schema(request=AnalysisSerializer, responses=AnalysisReadSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        problem = self.problem(pk)
        data = self.parsed(AnalysisSerializer, partial=True)
        current = services.analysis_of(problem)
        fields = {name: getattr(current, name) for name in services.TRIANGLE_FIELDS}
        fields.update(data)
        analysis = services.analysis_update(problem=problem, user=request.user, **fields)
        result = dict(AnalysisReadSerializer(analysis).data)
        result["causes"] = CauseSerializer(
            analysis.causes.order_by("position", "pk"), many=True
        ).data
        return Response(result)


def _parent(problem: Problem, pk: int | None) -> Cause | None:
    if pk is None:
        return None
    parent = Cause.objects.filter(analysis__problem=problem, pk=pk).first()
    if parent is None:
        raise ValidationError({"parent": ["Orsaken finns inte i den här analysen."]})
    return parent


class CauseListView(_Base):
    @extend_schema(request=CauseWriteSerializer, responses={201: CauseSerializer})
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        problem = self.problem(pk)
        data = self.parsed(CauseWriteSerializer)
        data["parent"] = _parent(problem, data["parent"])
        cause = services.cause_add(problem=problem, user=request.user, **data)
        return Response(CauseSerializer(cause).data, status=status.HTTP_201_CREATED)


class CauseDetailView(_Base):
    def cause(self, pk: int, cause_pk: int) -> tuple[Problem, Cause]:
        problem = self.problem(pk)
        cause = get_object_or_404(Cause, analysis__problem=problem, pk=cause_pk)
        return problem, cause

    @extend_schema(request=CauseUpdateSerializer, responses=CauseSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int, cause_pk: int) -> Response:
        problem, cause = self.cause(pk, cause_pk)
        data = self.parsed(CauseUpdateSerializer, partial=True)
        if "parent" in data:
            parent = _parent(problem, data.pop("parent"))
            if parent != cause.parent:
                services.cause_move(cause=cause, user=request.user, parent=parent)
        fields = {
            name: getattr(cause, name)
            for name in ("title", "side", "certainty", "description", "evidence")
        }
        fields.update(data)
        services.cause_update(cause=cause, user=request.user, **fields)
        return Response(CauseSerializer(cause).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, municipality_slug: str, pk: int, cause_pk: int) -> Response:
        _problem, cause = self.cause(pk, cause_pk)
        services.cause_delete(cause=cause, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PrioritiseView(_Base):
    @extend_schema(
        request=PrioritiseSerializer,
        responses=ProblemSerializer(many=True),
        summary="Beredningsgruppens prioritering (förslag tills ett beslut bekräftar den)",
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(PrioritiseSerializer)
        wanted = {item["problem"]: item["priority"] for item in data["priorities"]}
        found = {
            p.pk: p
            for p in Problem.objects.filter(municipality=self.access.municipality, pk__in=wanted)
        }
        missing = sorted(set(wanted) - set(found))
        if missing:
            raise ValidationError(
                {"priorities": [f"Id {pk} finns inte i den här kommunen." for pk in missing]}
            )
        services.prioritise(
            municipality=self.access.municipality,
            user=request.user,
            priorities={found[pk]: priority for pk, priority in wanted.items()},
            prepared_by=data["prepared_by"],
        )
        problems = Problem.objects.filter(pk__in=found).prefetch_related("areas")
        return Response(ProblemSerializer(problems, many=True, context=self.context()).data)


class ConfirmView(_Base):
    @extend_schema(
        request=ConfirmSerializer,
        responses=ProblemDetailSerializer,
        summary="Bekräfta prioriteringen med ett beslut av en grupp med mandat att besluta",
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        problem = self.problem(pk)
        data = self.parsed(ConfirmSerializer)
        decision = (
            Decision.objects.filter(meeting__municipality=self.access.municipality)
            .select_related("meeting__group")
            .filter(pk=data["decision"])
            .first()
        )
        if decision is None:
            raise ValidationError({"decision": ["Beslutet finns inte i kommunen."]})
        services.confirm_priority(problem=problem, decision=decision, user=request.user)
        return Response(self.detail(problem))
