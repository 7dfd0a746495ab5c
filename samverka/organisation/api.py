"""REST endpoints for the municipality and its organisation (``/api/v1/municipalities/…``).

Thin: each viewset picks the municipality's rows (tenancy through ``MunicipalityAccess``),
hides what the viewer may not see and leaves writes to the serializers, which call the
services. Lists load their relations up front so a page costs the same few queries at any size.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from samverka.accounts.access import Access, municipalities_for_user
from samverka.accounts.models import Municipality, MunicipalityRole, Role
from samverka.core.api_permissions import (
    CoordinatorMayChange,
    MunicipalityAccess,
    MunicipalityScopedViewSet,
    SwedishJSONParser,
)
from samverka.core.api_schema import id_parameter, parse_id
from samverka.organisation.access import may_answer
from samverka.organisation.health import run_health_check
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    Organisation,
    Person,
    SpecialistFunction,
)
from samverka.organisation.selectors import current_setup_answers
from samverka.organisation.serializers import (
    FindingSerializer,
    GoverningDocumentSerializer,
    GroupSerializer,
    MembershipSerializer,
    MunicipalitySerializer,
    OrganisationSerializer,
    PersonSerializer,
    SetupAnswerRequestSerializer,
    SetupAnswerSerializer,
    SpecialistFunctionSerializer,
)
from samverka.organisation.services import (
    document_delete,
    group_delete,
    membership_delete,
    organisation_delete,
    person_delete,
    setup_answer_record,
    specialist_function_delete,
)
from samverka.organisation.setup_questions import QUESTIONS, QUESTIONS_BY_KEY

# The checklist page's rule, imported so that page and API cannot drift apart.


class MunicipalityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The user's municipalities (all of them for platform admins); coordinators may edit one."""

    serializer_class = MunicipalitySerializer
    permission_classes = [IsAuthenticated, CoordinatorMayChange]
    parser_classes = [SwedishJSONParser]
    lookup_field = "slug"
    # The slug is part of every URL, and there is no creating or deleting tenants here.
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Municipality]:
        if getattr(self, "swagger_fake_view", False):
            return Municipality.objects.none()
        return municipalities_for_user(self.request.user).order_by("name")

    def get_object(self) -> Municipality:
        municipality = Access.for_slug(self.request.user, self.kwargs["slug"]).municipality
        self.check_object_permissions(self.request, municipality)
        return municipality

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not user.is_authenticated:
            return context
        if user.is_platform_admin:
            context["roles"] = dict.fromkeys(
                Municipality.objects.values_list("pk", flat=True), Role.COORDINATOR.value
            )
        else:
            context["roles"] = dict(
                MunicipalityRole.objects.filter(user=user).values_list("municipality_id", "role")
            )
        return context


class OrganisationScopedViewSet(MunicipalityScopedViewSet):
    """The request's ``Access`` (in the serializer context as ``access``) decides need-to-know."""


class OrganisationViewSet(OrganisationScopedViewSet):
    """Actors (aktörer) of the municipality."""

    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.is_schema_generation():
            return Organisation.objects.none()
        return Organisation.objects.filter(municipality=self.municipality).order_by("name")

    def perform_destroy(self, instance: Organisation) -> None:
        organisation_delete(organisation=instance, user=self.request.user)


class GroupViewSet(OrganisationScopedViewSet):
    """Groups with mandate and cadence; ``internal_notes`` only for members and coordinators."""

    serializer_class = GroupSerializer

    def get_queryset(self) -> QuerySet[Group]:
        if self.is_schema_generation():
            return Group.objects.none()
        return (
            Group.objects.in_municipality(self.municipality)
            .prefetch_related(Prefetch("coordinates", queryset=Group.objects.only("pk")))
            .order_by("name")
        )

    def perform_destroy(self, instance: Group) -> None:
        group_delete(group=instance, user=self.request.user)


class PersonViewSet(OrganisationScopedViewSet):
    """People in the organisation; e-mail and phone only for those who may see them."""

    serializer_class = PersonSerializer

    def get_queryset(self) -> QuerySet[Person]:
        if self.is_schema_generation():
            return Person.objects.none()
        return (
            Person.objects.filter(municipality=self.municipality)
            .prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.only("pk", "group", "person"))
            )
            .order_by("name")
        )

    def perform_destroy(self, instance: Person) -> None:
        person_delete(person=instance, user=self.request.user)


@extend_schema_view(
    list=extend_schema(parameters=[id_parameter("group", "Only this group's members.")])
)
class MembershipViewSet(OrganisationScopedViewSet):
    """Who sits in which group; an SSPF group's members only for its members and coordinators."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        if self.is_schema_generation():
            return Membership.objects.none()
        memberships = Membership.objects.filter(group__municipality=self.municipality)
        if not self.access.is_coordinator:
            memberships = memberships.exclude(
                Q(group__kind=GroupKind.SSPF) & ~Q(group_id__in=self.access.group_ids)
            )
        group = self.request.query_params.get("group")
        if group is not None and self.action == "list":
            group_id = parse_id(group)
            if group_id is None:
                raise ValidationError({"group": _("Ange gruppens id som ett heltal.")})
            memberships = memberships.filter(group_id=group_id)
        return memberships.select_related("group", "person").order_by(
            "group__name", "role", "person__name"
        )

    def perform_destroy(self, instance: Membership) -> None:
        membership_delete(membership=instance, user=self.request.user)


class SpecialistFunctionViewSet(OrganisationScopedViewSet):
    """The coordination unit's specialist functions (ungdomskriminalitet, avhopparverksamhet …)."""

    serializer_class = SpecialistFunctionSerializer

    def get_queryset(self) -> QuerySet[SpecialistFunction]:
        if self.is_schema_generation():
            return SpecialistFunction.objects.none()
        return SpecialistFunction.objects.filter(group__municipality=self.municipality).order_by(
            "group__name", "name"
        )

    def perform_destroy(self, instance: SpecialistFunction) -> None:
        specialist_function_delete(function=instance, user=self.request.user)


class GoverningDocumentViewSet(OrganisationScopedViewSet):
    """Governing documents; the file itself is downloaded through ``file_url`` (the page view)."""

    serializer_class = GoverningDocumentSerializer

    def get_queryset(self) -> QuerySet[GoverningDocument]:
        if self.is_schema_generation():
            return GoverningDocument.objects.none()
        return (
            GoverningDocument.objects.filter(municipality=self.municipality)
            .prefetch_related(Prefetch("parties", queryset=Organisation.objects.only("pk")))
            .order_by("-valid_from", "title")
        )

    def perform_destroy(self, instance: GoverningDocument) -> None:
        document_delete(document=instance, user=self.request.user)


class MayAnswerSetupQuestions(MunicipalityAccess):
    """As on the checklist page: coordinators and members answer, readers only read."""

    message = _lazy("Läsare kan inte svara på frågorna.")

    def may_write(self, access: Access) -> bool:
        return may_answer(access)


# Plain ViewSets (not generic): these lists are computed, not a queryset to filter or page.
class SetupAnswerViewSet(viewsets.ViewSet):
    """Brå's set-up questions, each with its current answer; members and coordinators answer."""

    serializer_class = SetupAnswerSerializer
    permission_classes = [IsAuthenticated, MayAnswerSetupQuestions]
    parser_classes = [SwedishJSONParser]
    municipality: Municipality

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer:
        kwargs.setdefault("context", {"request": self.request})
        return SetupAnswerSerializer(*args, **kwargs)

    def _row(self, key: str, current: Any) -> dict[str, Any]:
        question = QUESTIONS_BY_KEY[key]
        return {
            "question_key": key,
            "section": question.section,
            "question": question.text,
            "answer": current.answer if current else None,
            "answered_by_name": current.answered_by_name if current else None,
            "answered_at": current.answered_at if current else None,
        }

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        current = current_setup_answers(municipality=self.municipality)
        rows = [self._row(question.key, current.get(question.key)) for question in QUESTIONS]
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        description="Record an answer. 201 when it is new; 200 when it equals the current "
        "answer (no new row: the history shows real changes only).",
        request=SetupAnswerRequestSerializer,
        responses={201: SetupAnswerSerializer, 200: SetupAnswerSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = serializer.validated_data["question_key"]
        recorded = setup_answer_record(
            municipality=self.municipality,
            question_key=key,
            answer=serializer.validated_data["answer"],
            user=request.user,
        )
        current = current_setup_answers(municipality=self.municipality).get(key)
        return Response(
            self.get_serializer(self._row(key, current)).data,
            status=status.HTTP_201_CREATED if recorded is not None else status.HTTP_200_OK,
        )


class HealthViewSet(viewsets.ViewSet):
    """The findings of the organisation's health check, most serious first."""

    serializer_class = FindingSerializer
    permission_classes = [IsAuthenticated, MunicipalityAccess]
    municipality: Municipality

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        findings = run_health_check(self.municipality)
        return Response(FindingSerializer(findings, many=True).data)
