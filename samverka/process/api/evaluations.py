"""The evaluations and lessons API (``/api/v1/municipalities/<slug>/evaluations/`` and
``…/lessons/``): the same rules and services as the pages. Everyone with a role reads; the
planners write evaluations; lessons are written by the planners and, for a measure, by its
working group."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.core.api_permissions import MunicipalityAccess, SwedishJSONParser
from samverka.process.access import may_plan, require_follow_up, require_planner
from samverka.process.models import Evaluation, EvaluationKind, Lesson, Measure
from samverka.process.serializers.evaluations import (
    EvaluationSerializer,
    EvaluationWriteSerializer,
    LessonQuerySerializer,
    LessonSerializer,
)
from samverka.process.services import evaluations as services


class PlannersWrite(MunicipalityAccess):
    message = _("Det är samordnarna och beredningsgruppens medlemmar som utvärderar åtgärder.")

    def may_write(self, access: Access) -> bool:
        return may_plan(access)


class LessonWriters(MunicipalityAccess):
    message = _("Lärdomar skrivs av samordnarna, beredningsgruppen och arbetsgrupperna.")

    def may_write(self, access: Access) -> bool:
        if may_plan(access):
            return True
        return bool(access.group_ids) and (
            Measure.objects.filter(
                municipality=access.municipality, working_group_id__in=access.group_ids
            ).exists()
        )


class _Base(generics.GenericAPIView):  # type: ignore[type-arg]
    parser_classes = [SwedishJSONParser]
    access: Access
    municipality: Municipality

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["municipality"] = getattr(self, "municipality", None)
        return context

    def fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


def _require_lesson_writer(access: Access, measure: Measure | None) -> None:
    if measure is not None:
        require_follow_up(access, measure)
    else:
        require_planner(access)


class EvaluationListView(_Base, generics.ListCreateAPIView):  # type: ignore[type-arg]
    permission_classes = [IsAuthenticated, PlannersWrite]
    serializer_class = EvaluationSerializer

    def get_queryset(self) -> QuerySet[Evaluation]:
        if self.fake():
            return Evaluation.objects.none()
        return (
            Evaluation.objects.filter(municipality=self.municipality)
            .select_related("measure")
            .order_by("-made_on", "title", "pk")
        )

    @extend_schema(summary="Utvärderingar av kommunens åtgärder")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=EvaluationWriteSerializer,
        responses={201: EvaluationSerializer},
        summary="Ny process- eller effektutvärdering (effekten räknas ut och sparas)",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EvaluationWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        common = {
            "municipality": self.municipality,
            "user": request.user,
            "measure": data["measure"],
            "title": data["title"],
            "made_on": data["made_on"],
            "made_by_name": data["made_by_name"],
            "conclusions": data["conclusions"],
        }
        if data["kind"] == EvaluationKind.EFFECT:
            evaluation = services.effect_evaluation_create(
                **common,
                indicator=data["indicator"],
                data=services.EffectInput(
                    target_area=data["target_area"],
                    comparison_area=data["comparison_area"],
                    category=data["category"],
                    before_start=data["before_start"],
                    before_end=data["before_end"],
                    after_start=data["after_start"],
                    after_end=data["after_end"],
                ),
            )
        else:
            evaluation = services.process_evaluation_create(
                **common, as_planned=data["as_planned"], reached=data["reached"]
            )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class EvaluationDetailView(_Base, generics.RetrieveAPIView):  # type: ignore[type-arg]
    permission_classes = [IsAuthenticated, PlannersWrite]
    serializer_class = EvaluationSerializer

    def get_queryset(self) -> QuerySet[Evaluation]:
        if self.fake():
            return Evaluation.objects.none()
        return Evaluation.objects.filter(municipality=self.municipality).select_related("measure")

    @extend_schema(summary="En utvärdering med sitt resultat")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class LessonListView(_Base, generics.ListCreateAPIView):  # type: ignore[type-arg]
    permission_classes = [IsAuthenticated, LessonWriters]
    serializer_class = LessonSerializer

    def get_queryset(self) -> QuerySet[Lesson]:
        if self.fake():
            return Lesson.objects.none()
        for name in ("kind", "year", "problem"):  # the schema has no empty value for these
            if self.request.query_params.get(name) == "":
                raise ValidationError({name: [gettext("Ange ett värde eller utelämna %s.") % name]})
        params = LessonQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            return services.lessons_search(
                self.municipality,
                data.get("q", ""),
                kind=data.get("kind"),
                year=data.get("year"),
                problem=data.get("problem"),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None

    @extend_schema(
        parameters=[LessonQuerySerializer],
        summary="Lärdomsbiblioteket: sök (q, på svenska) och filtrera på typ, år och problem",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(request=LessonSerializer, responses={201: LessonSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _require_lesson_writer(self.access, data["measure"])
        lesson = services.lesson_create(
            municipality=self.municipality,
            user=request.user,
            data=services.LessonInput(**data),
        )
        return Response(self.get_serializer(lesson).data, status=status.HTTP_201_CREATED)


class LessonDetailView(_Base, generics.RetrieveUpdateAPIView):  # type: ignore[type-arg]
    permission_classes = [IsAuthenticated, LessonWriters]
    serializer_class = LessonSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Lesson]:
        if self.fake():
            return Lesson.objects.none()
        return Lesson.objects.filter(municipality=self.municipality).select_related("measure")

    @extend_schema(summary="En lärdom")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(request=LessonSerializer, responses=LessonSerializer)
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lesson = self.get_object()
        _require_lesson_writer(self.access, lesson.measure)
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        current = services.lesson_input_of(lesson)
        fields = {name: getattr(current, name) for name in current.__dataclass_fields__}
        fields.update(serializer.validated_data)
        if "measure" in serializer.validated_data:
            if fields["measure"] is None and not may_plan(self.access):
                raise PermissionDenied(gettext("Välj en åtgärd som din arbetsgrupp följer upp."))
            _require_lesson_writer(self.access, fields["measure"])
        services.lesson_update(
            lesson=lesson, user=request.user, data=services.LessonInput(**fields)
        )
        lesson.refresh_from_db()
        return Response(self.get_serializer(lesson).data)
