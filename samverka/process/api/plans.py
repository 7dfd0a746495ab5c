"""The åtgärdsplan API (``/api/v1/municipalities/<slug>/action-plans/…`` and ``…/measures/…``):
the same rules as the pages, through ``process.access`` and ``services.plans``. Everyone with a
role reads; coordinators and the beredningsgrupp write; a measure's working group records its
follow-ups; a plan or a measure is adopted only by POSTing a decision of a group with the mandate
to decide, never by writing its status.

Input the schema describes is checked by the serializers (400; an id that is not the
municipality's is a 400 too). A well-formed request that a rule of the process refuses — a
decision of a group without the mandate to decide, a rejected decision, a period that ends before
it starts, a title the plan already has, a follow-up dated in the future — is a conflict with the
data as it stands: 409 with the reason (the pages and the CLI give the same message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.core.api import Conflict
from samverka.core.api_permissions import MunicipalityAccess, SwedishJSONParser
from samverka.meetings.models import Decision
from samverka.process.access import may_plan, require_follow_up
from samverka.process.models import ActionPlan, Activity, FollowUp, Measure
from samverka.process.rollup import plan_rollup
from samverka.process.serializers.plans import (
    ActionPlanDetailSerializer,
    ActionPlanSerializer,
    ActionPlanUpdateSerializer,
    AdoptByDecisionSerializer,
    MeasureActivitySerializer,
    MeasureActivityUpdateSerializer,
    MeasureDetailSerializer,
    MeasureFollowUpSerializer,
    MeasureFollowUpUpdateSerializer,
    MeasureSerializer,
    MeasureUpdateSerializer,
    OverdueMeasureSerializer,
    PlanVersionDetailSerializer,
)
from samverka.process.services import plans as services

T = TypeVar("T")

CONFLICT = OpenApiResponse(
    description="Refused by a rule of the process (the reason in Swedish): e.g. a decision of a "
    "group without the mandate to decide, a rejected decision, a period that ends before it "
    "starts, a title already used, a follow-up dated in the future."
)


def _ruled(call: Callable[[], T]) -> T:
    """A service's refusal of a well-formed request is a 409 with its reason."""
    try:
        return call()
    except DjangoValidationError as exc:
        raise Conflict(detail=" ".join(exc.messages)) from None


_PLANNER_MESSAGE = gettext_lazy(
    "Det är samordnarna och beredningsgruppens medlemmar som arbetar med problembild, "
    "orsaksanalys och åtgärdsplan."
)


class PlannerMayWrite(MunicipalityAccess):
    """A role in the municipality to read; coordinators and the beredningsgrupp write."""

    message = _PLANNER_MESSAGE

    def may_write(self, access: Access) -> bool:
        return may_plan(access)


class AnyRoleMayPost(MunicipalityAccess):
    """A role to read and to post; the view checks who may, per measure (follow-ups)."""

    def may_write(self, access: Access) -> bool:
        return True


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

    def plan(self, pk: int) -> ActionPlan:
        return get_object_or_404(ActionPlan, municipality=self.access.municipality, pk=pk)

    def measure(self, pk: int) -> Measure:
        return get_object_or_404(
            Measure.objects.select_related("plan"), municipality=self.access.municipality, pk=pk
        )

    def decision(self, pk: int) -> Decision:
        found = (
            Decision.objects.filter(meeting__municipality=self.access.municipality, pk=pk)
            .select_related("meeting__group")
            .first()
        )
        if found is None:
            raise ValidationError({"decision": [f"Id {pk} finns inte i den här kommunen."]})
        return found

    # --- shapes ---

    def plan_data(self, plan: ActionPlan, *, detail: bool = False) -> dict[str, Any]:
        rollup = plan_rollup(plan)
        latest = plan.versions.order_by("-number").first()
        plan.adopted_version = latest.number if latest else None  # type: ignore[attr-defined]
        plan.progress = round(rollup.plan.progress, 1)  # type: ignore[attr-defined]
        if not detail:
            return ActionPlanSerializer(plan, context=self.context()).data  # type: ignore[return-value]
        measures = list(plan.measures.order_by("position", "pk"))
        today = timezone.localdate()
        for m in measures:
            self._decorate(m, rollup.measures[m.pk].progress, today)
        plan.measures_list = measures  # type: ignore[attr-defined]
        versions = list(plan.versions.select_related("decision__meeting__group"))
        for v in versions:
            v.decision_dict = services.decision_dict(v.decision)  # type: ignore[attr-defined]
        data = dict(ActionPlanSerializer(plan, context=self.context()).data)
        data["measures"] = MeasureSerializer(measures, many=True, context=self.context()).data
        data["versions"] = [
            {
                "number": v.number,
                "decision": v.decision_dict,  # type: ignore[attr-defined]
                "note": v.note,
                "adopted_at": v.adopted_at.isoformat(),
            }
            for v in versions
        ]
        return data

    @staticmethod
    def _decorate(m: Measure, progress: float, today: Any) -> None:
        m.followup_overdue = services.is_overdue(m, today)  # type: ignore[attr-defined]
        m.progress = round(progress, 1)  # type: ignore[attr-defined]

    def measure_data(self, measure: Measure) -> dict[str, Any]:
        measure = Measure.objects.prefetch_related("causes", "goals", "activities").get(
            pk=measure.pk
        )
        rollup = plan_rollup(measure.plan).measures[measure.pk]
        self._decorate(measure, rollup.progress, timezone.localdate())
        return MeasureDetailSerializer(measure, context=self.context()).data  # type: ignore[return-value]


# ---- plans ------------------------------------------------------------------------------------


class PlanListView(_Base):
    @extend_schema(responses=ActionPlanSerializer(many=True), summary="Kommunens åtgärdsplaner")
    def get(self, request: Request, municipality_slug: str) -> Response:
        plans = ActionPlan.objects.filter(municipality=self.access.municipality)
        return Response([self.plan_data(p) for p in plans])

    @extend_schema(
        request=ActionPlanSerializer, responses={201: ActionPlanDetailSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(ActionPlanSerializer)
        plan = _ruled(
            lambda: services.plan_create(
                municipality=self.access.municipality, user=request.user, **data
            )
        )
        return Response(self.plan_data(plan, detail=True), status=status.HTTP_201_CREATED)


class PlanDetailView(_Base):
    @extend_schema(responses=ActionPlanDetailSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(self.plan_data(self.plan(pk), detail=True))

    @extend_schema(
        request=ActionPlanUpdateSerializer,
        responses={200: ActionPlanDetailSerializer, 409: CONFLICT},
    )
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        plan = self.plan(pk)
        data = self.parsed(ActionPlanUpdateSerializer, partial=True)
        fields: dict[str, Any] = {
            name: getattr(plan, name)
            for name in (
                "title",
                "period_start",
                "period_end",
                "area",
                "prepared_by",
                "summary",
                "document",
            )
        }
        fields.update(data)
        _ruled(lambda: services.plan_update(plan=plan, user=request.user, **fields))
        return Response(self.plan_data(plan, detail=True))


class PlanAdoptView(_Base):
    @extend_schema(
        request=AdoptByDecisionSerializer,
        responses={201: PlanVersionDetailSerializer, 409: CONFLICT},
        summary="Anta planen med ett beslut av en grupp med mandat att besluta",
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        plan = self.plan(pk)
        data = self.parsed(AdoptByDecisionSerializer)
        decision = self.decision(data["decision"])
        version = _ruled(
            lambda: services.plan_adopt(
                plan=plan, decision=decision, note=data["note"], user=request.user
            )
        )
        body = {
            "number": version.number,
            "decision": services.decision_dict(version.decision),
            "note": version.note,
            "adopted_at": version.adopted_at.isoformat(),
            "snapshot": version.snapshot,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class PlanVersionView(_Base):
    @extend_schema(responses=PlanVersionDetailSerializer, summary="En antagen version (fryst)")
    def get(self, request: Request, municipality_slug: str, pk: int, number: int) -> Response:
        plan = self.plan(pk)
        version = get_object_or_404(
            plan.versions.select_related("decision__meeting__group"), number=number
        )
        return Response(
            {
                "number": version.number,
                "decision": services.decision_dict(version.decision),
                "note": version.note,
                "adopted_at": version.adopted_at.isoformat(),
                "snapshot": version.snapshot,
            }
        )


# ---- measures ---------------------------------------------------------------------------------


class MeasureListView(_Base):
    @extend_schema(responses=MeasureSerializer(many=True), summary="Planens åtgärder")
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        plan = self.plan(pk)
        return Response(self.plan_data(plan, detail=True)["measures"])

    @extend_schema(
        request=MeasureSerializer, responses={201: MeasureDetailSerializer, 409: CONFLICT}
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        plan = self.plan(pk)
        data = self.parsed(MeasureSerializer)
        data["causes"] = list(data.get("causes") or [])
        data["goals"] = list(data.get("goals") or [])
        measure = _ruled(
            lambda: services.measure_create(
                plan=plan, user=request.user, data=services.MeasureInput(**data)
            )
        )
        return Response(self.measure_data(measure), status=status.HTTP_201_CREATED)


class MeasureDetailView(_Base):
    @extend_schema(responses=MeasureDetailSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(self.measure_data(self.measure(pk)))

    @extend_schema(
        request=MeasureUpdateSerializer, responses={200: MeasureDetailSerializer, 409: CONFLICT}
    )
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        data = self.parsed(MeasureUpdateSerializer, partial=True)
        new_status = data.pop("status", None)
        fields = services.measure_input_of(measure)
        for name, value in data.items():
            setattr(fields, name, list(value) if name in ("causes", "goals") else value)
        _ruled(
            lambda: services.measure_update(
                measure=measure, user=request.user, data=fields, status=new_status
            )
        )
        return Response(self.measure_data(measure))


class MeasureAdoptView(_Base):
    @extend_schema(
        request=AdoptByDecisionSerializer,
        responses={200: MeasureDetailSerializer, 409: CONFLICT},
        summary="Anta en åtgärd med ett beslut av en grupp med mandat att besluta",
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        data = self.parsed(AdoptByDecisionSerializer)
        decision = self.decision(data["decision"])
        _ruled(
            lambda: services.measure_adopt(measure=measure, decision=decision, user=request.user)
        )
        return Response(self.measure_data(measure))


# ---- activities -------------------------------------------------------------------------------


class ActivityListView(_Base):
    @extend_schema(responses=MeasureActivitySerializer(many=True), summary="Åtgärdens aktiviteter")
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        return Response(MeasureActivitySerializer(measure.activities.all(), many=True).data)

    @extend_schema(
        request=MeasureActivitySerializer,
        responses={201: MeasureActivitySerializer, 409: CONFLICT},
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        data = self.parsed(MeasureActivitySerializer)
        activity = _ruled(
            lambda: services.activity_create(
                measure=measure, user=request.user, data=services.ActivityInput(**data)
            )
        )
        return Response(MeasureActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ActivityDetailView(_Base):
    def activity(self, pk: int, activity_pk: int) -> Activity:
        return get_object_or_404(Activity, measure=self.measure(pk), pk=activity_pk)

    @extend_schema(responses=MeasureActivitySerializer)
    def get(self, request: Request, municipality_slug: str, pk: int, activity_pk: int) -> Response:
        return Response(MeasureActivitySerializer(self.activity(pk, activity_pk)).data)

    @extend_schema(
        request=MeasureActivityUpdateSerializer,
        responses={200: MeasureActivitySerializer, 409: CONFLICT},
    )
    def patch(
        self, request: Request, municipality_slug: str, pk: int, activity_pk: int
    ) -> Response:
        activity = self.activity(pk, activity_pk)
        data = self.parsed(MeasureActivityUpdateSerializer, partial=True)
        fields = services.ActivityInput(
            **{
                name: getattr(activity, name)
                for name in (
                    "title",
                    "description",
                    "responsible_organisation",
                    "planned_start",
                    "planned_end",
                    "status",
                    "progress",
                    "weight",
                    "position",
                )
            }
        )
        for name, value in data.items():
            setattr(fields, name, value)
        _ruled(lambda: services.activity_update(activity=activity, user=request.user, data=fields))
        return Response(MeasureActivitySerializer(activity).data)


# ---- follow-ups -------------------------------------------------------------------------------


class FollowUpListView(_Base):
    permission_classes = [AnyRoleMayPost]

    @extend_schema(
        responses=MeasureFollowUpSerializer(many=True), summary="Åtgärdens uppföljningar"
    )
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        followups = measure.followups.order_by("-made_on", "-pk")
        return Response(MeasureFollowUpSerializer(followups, many=True).data)

    @extend_schema(
        request=MeasureFollowUpSerializer,
        responses={201: MeasureFollowUpSerializer, 409: CONFLICT},
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        measure = self.measure(pk)
        require_follow_up(self.access, measure)
        data = self.parsed(MeasureFollowUpSerializer)
        activity_id = data.pop("activity_id", None)
        activity = None
        if activity_id is not None:
            activity = Activity.objects.filter(measure=measure, pk=activity_id).first()
            if activity is None:
                raise Conflict(detail=f"Aktiviteten {activity_id} hör inte till åtgärden.")
        followup = _ruled(
            lambda: services.followup_record(
                measure=measure, user=request.user, activity=activity, **data
            )
        )
        return Response(MeasureFollowUpSerializer(followup).data, status=status.HTTP_201_CREATED)


class FollowUpDetailView(_Base):
    permission_classes = [AnyRoleMayPost]

    def followup(self, pk: int, followup_pk: int) -> FollowUp:
        return get_object_or_404(
            FollowUp.objects.select_related("measure"), measure=self.measure(pk), pk=followup_pk
        )

    @extend_schema(responses=MeasureFollowUpSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int, followup_pk: int) -> Response:
        return Response(MeasureFollowUpSerializer(self.followup(pk, followup_pk)).data)

    @extend_schema(
        request=MeasureFollowUpUpdateSerializer,
        responses={200: MeasureFollowUpSerializer, 409: CONFLICT},
    )
    def patch(
        self, request: Request, municipality_slug: str, pk: int, followup_pk: int
    ) -> Response:
        followup = self.followup(pk, followup_pk)
        require_follow_up(self.access, followup.measure)
        data = self.parsed(MeasureFollowUpUpdateSerializer, partial=True)
        _ruled(lambda: services.followup_update(followup=followup, user=request.user, **data))
        return Response(MeasureFollowUpSerializer(followup).data)


class OverdueView(_Base):
    @extend_schema(
        responses=OverdueMeasureSerializer(many=True), summary="Åtgärder med försenad uppföljning"
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        measures = services.overdue_measures(self.access.municipality)
        return Response(OverdueMeasureSerializer(measures, many=True).data)
