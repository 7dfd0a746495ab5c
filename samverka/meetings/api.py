"""REST endpoints for meetings (``/api/v1/municipalities/<slug>/…``): meetings and their series,
acute meetings, agendas, minutes, proposals, decisions and commitments.

Thin, like the organisation API: each viewset picks the municipality's rows the user may see
(``samverka.meetings.access``), and every write goes through ``samverka.meetings.services``, so
the rules — decisions only within mandate, locked minutes, carry-over — hold here as on the
pages and in the CLI. Who may write is decided in two steps: ``MeetingAccess`` refuses readers
(and users who manage no group, for the officers' actions) before the body is read; the object
itself is then checked against the group it belongs to.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality, Role
from samverka.core.api import Conflict
from samverka.core.api_permissions import SwedishJSONParser
from samverka.core.api_schema import choice_parameter, id_parameter, integer_parameter, parse_id
from samverka.lib.meeting_dates import PlanOptions
from samverka.meetings import services
from samverka.meetings.access import (
    commitment_for_user,
    decision_for_user,
    may_update_commitment,
    meeting_for_user,
    proposal_for_user,
    require_manager,
    sees_minutes_of,
)
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    Approval,
    Commitment,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.notifications import send_notice
from samverka.meetings.selectors import (
    agenda_for,
    visible_commitments,
    visible_meetings,
)
from samverka.meetings.serializers import (
    AcuteSerializer,
    AgendaItemSerializer,
    CancelSerializer,
    CommitmentBriefSerializer,
    CommitmentSerializer,
    DecisionSerializer,
    FollowUpSerializer,
    MeetingSerializer,
    MinutesSerializer,
    NewVersionSerializer,
    PaperApprovalSerializer,
    PlanSerializer,
    ProposalSerializer,
    SuggestSerializer,
)
from samverka.meetings.services.planning import plan_dates

MANAGER, MEMBER, ANYONE = "manager", "member", "anyone"
NOT_YET = OpenApiResponse(
    description="Refused by the state of things (the reason in Swedish): minutes, attendance, "
    "approval or a decision for a meeting that has not begun; a meeting with minutes or "
    "decisions moved to a time still ahead; a notice for a meeting without a place, cancelled "
    "or over."
)
_MEETING_LIST = {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}}
YEARS = (2000, 2100)  # the years a meeting may be in (the ``year`` filter)


class MeetingAccess(BasePermission):
    """A role in the municipality to read. To write: not a reader, and for the officers' actions
    (plan, move, agenda, minutes …) an officer of some group or a coordinator; the group of the
    object itself is checked by the view."""

    message = _("Läsare kan inte ändra möten.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        # Raises Http404 (→ 404) when the user has no role in the municipality.
        access = Access.for_slug(request.user, view.kwargs["municipality_slug"])
        view.access = access  # type: ignore[attr-defined]
        view.municipality = access.municipality  # type: ignore[attr-defined]
        # On the HttpRequest under DRF's Request, which reads through to it.
        request._request.access = access  # type: ignore[attr-defined]
        if request.method in SAFE_METHODS:
            return True
        if access.role == Role.READER:
            return False
        level = view.write_level()  # type: ignore[attr-defined]
        if level == MANAGER and not (access.is_coordinator or access.officer_group_ids):
            self.message = _(
                "Bara kommunens samordnare och gruppernas ordförande, sammankallande eller "
                "sekreterare får ändra möten."
            )
            return False
        if level == MEMBER and not (access.is_coordinator or access.group_ids):
            self.message = _("Bara gruppernas medlemmar och kommunens samordnare kan göra detta.")
            return False
        return True


def _int_param(request: Request, name: str, label: str) -> int | None:
    # "?from_group=" is refused like any other text that is no id: the schema says integer.
    value = request.query_params.get(name)
    if value is None:
        return None
    number = parse_id(value)
    if number is None:
        raise ValidationError({name: _("Ange %(what)s som ett heltal.") % {"what": label}})
    return number


def _bool_param(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if value.lower() in ("true", "1", "ja"):
        return True
    if value.lower() in ("false", "0", "nej"):
        return False
    raise ValidationError({name: _("Ange true eller false.")})


class MeetingsScopedViewSet(viewsets.GenericViewSet):
    """Base of the meeting resources: tenancy, the viewer's need-to-know, Swedish JSON errors."""

    permission_classes = [IsAuthenticated, MeetingAccess]
    parser_classes = [SwedishJSONParser]
    access: Access
    municipality: Municipality
    # Who may write, per action: the officers (default), any member, or anyone but a reader
    # (the object decides, e.g. the owner of a commitment).
    write_levels: dict[str, str] = {}

    def write_level(self) -> str:
        return self.write_levels.get(self.action or "", MANAGER)

    # The plain actions, once; a resource overrides the ones whose rules differ and its URLs
    # (api_urls) decide which of them exist at all.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    def is_schema_generation(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def handle_exception(self, exc: Exception) -> Response:
        # A refusal by the state of things (a meeting not begun, a notice without a place):
        # the request is well formed and may pass later, so 409 with the reason, as in process.
        if isinstance(exc, services.StateConflict):
            exc = Conflict(detail=" ".join(exc.messages))
        return super().handle_exception(exc)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        municipality = getattr(self, "municipality", None)
        context["municipality"] = municipality
        context["access"] = getattr(self, "access", None)
        return context

    def writing(self) -> bool:
        return self.request.method not in SAFE_METHODS

    def _meeting(self, pk: Any) -> Meeting:
        return meeting_for_user(self.access, pk)

    def _created(self, serializer_class: type[serializers.BaseSerializer], obj: Any) -> Response:
        data = serializer_class(obj, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- Meetings ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            id_parameter("group", "Only this group's meetings."),
            integer_parameter("year", "Only meetings in this year.", low=YEARS[0], high=YEARS[1]),
        ]
    ),
    partial_update=extend_schema(responses={200: MeetingSerializer, 409: NOT_YET}),
)
class MeetingViewSet(MeetingsScopedViewSet):
    """Meetings: ordinary (planned from the cadence), extra and acute ones. PATCH moves a
    meeting (a new start alone keeps its length) or gives it a title, place or video link."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        if self.is_schema_generation():
            return Meeting.objects.none()
        meetings = visible_meetings(self.access, self.municipality.pk).select_related(
            "municipality"
        )
        group = _int_param(self.request, "group", _("gruppens id"))
        if group is not None:
            meetings = meetings.filter(group_id=group)
        year = _int_param(self.request, "year", _("året"))
        if year is not None:
            if not YEARS[0] <= year <= YEARS[1]:
                raise ValidationError({"year": _("Ange ett år mellan 2000 och 2100.")})
            meetings = meetings.filter(starts_at__year=year)
        return meetings.order_by("starts_at", "pk")

    def get_object(self) -> Meeting:
        meeting = self._meeting(self.kwargs["pk"])
        if self.writing():
            require_manager(self.access, meeting.group)
        return meeting

    @extend_schema(
        request=PlanSerializer,
        # The planned meetings, all of them: a plain list, not a page.
        responses={201: _MEETING_LIST, 200: OpenApiTypes.OBJECT},
        description="Plan a group's ordinary meetings for a year from its cadence (or from "
        "custom_dates). With dry_run, only the dates are returned (200).",
    )
    def plan(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PlanSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = data["group"]
        require_manager(self.access, group)
        start: time = data.get("start") or time(9, 0)
        if data["dry_run"]:
            options = PlanOptions(
                weekday=group.meeting_weekday or PlanOptions.weekday,
                skip_summer=data["skip_summer"],
                skip_christmas=data["skip_christmas"],
            )
            days = sorted(set(data["custom_dates"])) or plan_dates(group, data["year"], options)
            existing = MeetingSeries.objects.filter(group=group, year=data["year"]).exists()
            return Response(
                {
                    "group": group.pk,
                    "year": data["year"],
                    "dates": [day.isoformat() for day in days],
                    "series_exists": existing,
                }
            )
        series = services.series_plan(
            group=group,
            year=data["year"],
            user=request.user,
            start=start,
            duration=timedelta(minutes=data["duration_minutes"]),
            location=data["location"],
            skip_summer=data["skip_summer"],
            skip_christmas=data["skip_christmas"],
            custom_dates=data["custom_dates"],
        )
        meetings = series.meetings.select_related("group", "municipality").order_by("starts_at")
        return Response(
            MeetingSerializer(meetings, many=True, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AcuteSerializer, responses={201: MeetingSerializer})
    def acute(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Convene an acute meeting (shooting, explosion, social unrest, other); every member
        with an e-mail address is notified at once."""
        serializer = AcuteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        require_manager(self.access, serializer.validated_data["group"])
        return self._created(MeetingSerializer, serializer.save())

    @extend_schema(request=CancelSerializer, responses={200: MeetingSerializer})
    def cancel(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Cancel the meeting; its proposals move to the group's next meeting; members are
        told by e-mail."""
        meeting = self.get_object()
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = services.meeting_cancel(
            meeting=meeting, user=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 409: NOT_YET})
    def notice(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Send the notice (kallelse) by e-mail with the calendar file to every member. A
        meeting without a place (nor a video link), cancelled or over gets 409 and no mail."""
        meeting = self.get_object()
        sent = send_notice(meeting, reason="notice", user=request.user)
        return Response({"sent": sent})

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def agenda(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The numbered agenda (1, 2, 2.1 …); the follow-up item lists the commitments open at
        the meeting, flagged when overdue, and in ``from_sources`` what other apps bring to the
        follow-up (key, title, detail, url, due, overdue, source). Suggested items only for
        members and coordinators."""
        meeting = self._meeting(self.kwargs["pk"])
        internal = sees_minutes_of(self.access, meeting.group_id)
        agenda = agenda_for(meeting, include_suggested=internal)
        context = self.get_serializer_context()

        def entry(e: Any) -> dict[str, Any]:
            return {
                "number": e.number,
                "item": AgendaItemSerializer(e.item, context=context).data,
                "commitments": CommitmentBriefSerializer(e.commitments, many=True).data,
                "from_sources": [
                    {
                        "key": s.key,
                        "title": s.title,
                        "detail": s.detail,
                        "url": request.build_absolute_uri(s.url) if s.url else "",
                        "due": s.due.isoformat() if s.due else None,
                        "overdue": s.overdue,
                        "source": str(s.source),
                    }
                    for s in e.from_sources
                ],
                "children": [entry(child) for child in e.children],
            }

        return Response(
            {
                "meeting": meeting.pk,
                "entries": [entry(e) for e in agenda.entries],
                "suggested": AgendaItemSerializer(
                    agenda.suggested, many=True, context=context
                ).data,
            }
        )


# --- Agenda items -----------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[id_parameter("meeting", "One meeting.")]))
class AgendaItemViewSet(MeetingsScopedViewSet):
    """Agenda items. Members suggest (``suggest``); the officers add, change, accept, decline
    and delete. Suggested and declined items are internal to the group."""

    serializer_class = AgendaItemSerializer
    write_levels = {"suggest": MEMBER}

    def get_queryset(self) -> QuerySet[AgendaItem]:
        if self.is_schema_generation():
            return AgendaItem.objects.none()
        meetings = visible_meetings(self.access, self.municipality.pk)
        items = AgendaItem.objects.filter(meeting__in=meetings.values("pk"))
        if not self.access.is_coordinator:
            internal = Q(meeting__group_id__in=self.access.group_ids)
            items = items.filter(Q(status=AgendaItemStatus.ACCEPTED) | internal)
        meeting = _int_param(self.request, "meeting", _("mötets id"))
        if meeting is not None:
            items = items.filter(meeting_id=meeting)
        return items.order_by("meeting__starts_at", "meeting_id", "position", "pk")

    def get_object(self) -> AgendaItem:
        try:
            item = self.get_queryset().select_related("meeting__group").get(pk=self.kwargs["pk"])
        except (AgendaItem.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        if self.writing():
            require_manager(self.access, item.meeting.group)
        return item

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.agenda_item_delete(item=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=SuggestSerializer, responses={201: AgendaItemSerializer})
    def suggest(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SuggestSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._created(AgendaItemSerializer, serializer.save())

    @extend_schema(request=None, responses={200: AgendaItemSerializer})
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = services.agenda_item_accept(item=self.get_object(), user=request.user)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, responses={200: AgendaItemSerializer})
    def decline(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = services.agenda_item_decline(item=self.get_object(), user=request.user)
        return Response(self.get_serializer(item).data)


# --- Minutes ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(parameters=[id_parameter("meeting", "One meeting.")]),
    partial_update=extend_schema(responses={200: MinutesSerializer, 409: NOT_YET}),
)
class MinutesViewSet(MeetingsScopedViewSet):
    """Minutes (protokoll), every version: internal to the group's members and the coordinators.
    PATCH writes a draft; ``approve`` is the caller's own approval (justering) as a named
    adjuster; ``paper-approval`` is a coordinator's record of an approval signed on paper; an
    approved version is changed through ``new-version``. Nothing of it before the meeting has
    begun (409)."""

    serializer_class = MinutesSerializer
    write_levels = {"approve": ANYONE}

    def _visible(self) -> QuerySet[Minutes]:
        meetings = visible_meetings(self.access, self.municipality.pk)
        minutes = Minutes.objects.filter(meeting__in=meetings.values("pk"))
        if not self.access.is_coordinator:
            minutes = minutes.filter(meeting__group_id__in=self.access.group_ids)
        return minutes.select_related("meeting__group").prefetch_related(
            "item_notes",
            "attendance",
            "adjusters",
            Prefetch("approvals", queryset=Approval.objects.select_related("person")),
        )

    def get_queryset(self) -> QuerySet[Minutes]:
        if self.is_schema_generation():
            return Minutes.objects.none()
        minutes = self._visible()
        meeting = _int_param(self.request, "meeting", _("mötets id"))
        if meeting is not None:
            minutes = minutes.filter(meeting_id=meeting)
        return minutes.order_by("meeting__starts_at", "version")

    def get_object(self) -> Minutes:
        try:
            minutes = Minutes.objects.select_related("meeting").get(
                pk=self.kwargs["pk"], meeting__municipality=self.municipality
            )
        except (Minutes.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        meeting = self._meeting(minutes.meeting_id)  # 404 for an SSPF meeting of others
        if not sees_minutes_of(self.access, meeting.group_id):
            raise PermissionDenied(_("Protokollet är internt för gruppens medlemmar."))
        if self.writing() and self.action != "approve":
            require_manager(self.access, meeting.group)
        return self._visible().get(pk=minutes.pk)

    @extend_schema(
        responses={201: MinutesSerializer, 409: NOT_YET},
        description="Open the minutes of a meeting that has begun (one attendance row per "
        "member); 409 before it has.",
    )
    @transaction.atomic
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        require_manager(self.access, serializer.validated_data["meeting"].group)
        minutes = serializer.save()
        return self._created(MinutesSerializer, self._visible().get(pk=minutes.pk))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        minutes = serializer.save()
        return Response(self.get_serializer(self._visible().get(pk=minutes.pk)).data)

    @extend_schema(request=None, responses={200: MinutesSerializer, 409: NOT_YET})
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self.get_object()
        person = self.access.person
        if person is None:
            raise PermissionDenied(
                _("Ditt konto är inte kopplat till någon person, så du kan inte justera.")
            )
        services.minutes_approve(minutes=minutes, person=person, user=request.user)
        return Response(self.get_serializer(self._visible().get(pk=minutes.pk)).data)

    @extend_schema(request=NewVersionSerializer, responses={201: MinutesSerializer, 409: NOT_YET})
    def new_version(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self.get_object()
        serializer = NewVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = services.minutes_new_version(
            minutes=minutes, reason=serializer.validated_data["reason"], user=request.user
        )
        return self._created(MinutesSerializer, self._visible().get(pk=new.pk))

    @extend_schema(
        request=PaperApprovalSerializer,
        responses={200: MinutesSerializer, 409: NOT_YET},
        description="Record that named adjusters approved (justerade) the minutes on paper, and "
        "on which day: the coordinators only (403 for others). Kept as their approval, with who "
        "recorded it, and audited; the version locks when every adjuster has approved.",
    )
    def paper_approval(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        minutes = self.get_object()
        # Before the body: who may record it is the first answer (the service checks it too).
        if not self.access.is_coordinator:
            raise PermissionDenied(
                _("Bara kommunens samordnare kan registrera en justering som gjorts på papper.")
            )
        serializer = PaperApprovalSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.minutes_record_paper_approval(
            minutes=minutes,
            people=serializer.validated_data["adjusters"],
            approved_on=serializer.validated_data["approved_on"],
            user=request.user,
        )
        return Response(self.get_serializer(self._visible().get(pk=minutes.pk)).data)


# --- Proposals and decisions ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            id_parameter("to_group", "Addressed to a group."),
            id_parameter("from_group", "From a group."),
            choice_parameter("status", "Only proposals with this status.", ProposalStatus.values),
        ]
    )
)
class ProposalViewSet(MeetingsScopedViewSet):
    """Proposals (förslag till beslut) from a preparing group to a deciding group; each goes on
    the deciding group's next agenda."""

    serializer_class = ProposalSerializer

    def get_queryset(self) -> QuerySet[Proposal]:
        if self.is_schema_generation():
            return Proposal.objects.none()
        proposals = Proposal.objects.filter(municipality=self.municipality)
        if not self.access.is_coordinator:
            proposals = proposals.filter(
                ~Q(from_group__kind="sspf") | Q(from_group_id__in=self.access.group_ids)
            )
        for name, label in (("to_group", _("gruppens id")), ("from_group", _("gruppens id"))):
            value = _int_param(self.request, name, label)
            if value is not None:
                proposals = proposals.filter(**{f"{name}_id": value})
        wanted = self.request.query_params.get("status")
        if wanted is not None:  # "?status=" is refused too, as the schema's choices say
            if wanted not in ProposalStatus.values:
                raise ValidationError(
                    {"status": _("Ange status som en av: %s.") % ", ".join(ProposalStatus.values)}
                )
            proposals = proposals.filter(status=wanted)
        return (
            proposals.select_related("from_group", "to_group")
            .prefetch_related("agenda_items", "decisions")
            .order_by("-created_at", "-pk")
        )

    def get_object(self) -> Proposal:
        proposal = proposal_for_user(self.access, self.kwargs["pk"])
        if self.writing():
            require_manager(self.access, proposal.from_group)
        return proposal

    @extend_schema(request=None, responses={200: ProposalSerializer})
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = services.proposal_withdraw(proposal=self.get_object(), user=request.user)
        return Response(self.get_serializer(proposal).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            id_parameter("meeting", "One meeting."),
            id_parameter("group", "One group's decisions."),
        ]
    )
)
class DecisionViewSet(MeetingsScopedViewSet):
    """Decisions (beslut), recorded by the group's officers and the coordinators. Only a meeting
    of a group whose mandate is to decide records one; any other group gets a 400 that names the
    group that decides (``deciding_group``). Who may record is checked first (403), then the
    mandate."""

    serializer_class = DecisionSerializer

    def get_queryset(self) -> QuerySet[Decision]:
        if self.is_schema_generation():
            return Decision.objects.none()
        meetings = visible_meetings(self.access, self.municipality.pk)
        decisions = Decision.objects.filter(meeting__in=meetings.values("pk"))
        meeting = _int_param(self.request, "meeting", _("mötets id"))
        if meeting is not None:
            decisions = decisions.filter(meeting_id=meeting)
        group = _int_param(self.request, "group", _("gruppens id"))
        if group is not None:
            decisions = decisions.filter(meeting__group_id=group)
        return (
            decisions.select_related("meeting__group")
            .prefetch_related("commitments")
            .order_by("meeting__starts_at", "number")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = decision_for_user(self.access, self.kwargs["pk"])
        return Response(self.get_serializer(decision).data)

    @extend_schema(
        responses={201: DecisionSerializer, 400: OpenApiTypes.OBJECT, 409: NOT_YET},
        description="Record a decision (the group's officers and the coordinators; 403 for "
        "others). A group without the mandate to decide gets 400 with `detail` naming the "
        "deciding group and `deciding_group` {id, name}; a meeting that has not begun gets "
        "409; nothing is written.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting: Meeting = serializer.validated_data["meeting"]
        try:
            serializer.save()
        except services.DecisionRefused as refusal:
            decider = services.deciding_group_for(meeting.group)
            return Response(
                {
                    "detail": " ".join(refusal.messages),
                    "deciding_group": {"id": decider.pk, "name": decider.name}
                    if decider is not None
                    else None,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(serializer.data, status=status.HTTP_201_CREATED)


# --- Commitments ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            id_parameter("group", "The responsible group."),
            id_parameter("organisation", "The owning actor."),
            id_parameter("person", "The owning person."),
            OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Only overdue ones."),
            OpenApiParameter("open", OpenApiTypes.BOOL, description="Only open (or closed) ones."),
        ]
    ),
    partial_update=extend_schema(request=FollowUpSerializer, responses=CommitmentSerializer),
)
class CommitmentViewSet(MeetingsScopedViewSet):
    """Commitments (åtaganden). PATCH is the follow-up — a new status, a new due date, a note —
    by the owner, the group's officers or a coordinator, and is kept as history."""

    serializer_class = CommitmentSerializer
    write_levels = {"partial_update": ANYONE}

    def get_queryset(self) -> QuerySet[Commitment]:
        if self.is_schema_generation():
            return Commitment.objects.none()
        commitments = visible_commitments(self.access, self.municipality.pk)
        filters = (
            ("group", "group_id", _("gruppens id")),
            ("organisation", "owner_organisation_id", _("aktörens id")),
            ("person", "owner_person_id", _("personens id")),
        )
        for param, lookup, label in filters:
            value = _int_param(self.request, param, label)
            if value is not None:
                commitments = commitments.filter(**{lookup: value})
        is_open = _bool_param(self.request, "open")
        if is_open is not None:
            open_ids = Commitment.objects.open().values("pk")
            commitments = (
                commitments.filter(pk__in=open_ids)
                if is_open
                else commitments.exclude(pk__in=open_ids)
            )
        overdue = _bool_param(self.request, "overdue")
        if overdue is not None:
            late = Commitment.objects.overdue(timezone.localdate()).values("pk")
            commitments = (
                commitments.filter(pk__in=late) if overdue else commitments.exclude(pk__in=late)
            )
        return commitments.prefetch_related("updates")

    def get_object(self) -> Commitment:
        commitment = commitment_for_user(self.access, self.kwargs["pk"])
        if self.writing() and not may_update_commitment(self.access, commitment):
            raise PermissionDenied(
                _(
                    "Bara den ansvariga, gruppens ordförande, sammankallande eller sekreterare "
                    "och kommunens samordnare kan följa upp åtagandet."
                )
            )
        return commitment

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        commitment = self.get_object()
        serializer = FollowUpSerializer(
            commitment, data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)
