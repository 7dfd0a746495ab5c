"""The API's view of meetings: explicit fields, foreign keys as ids resolved within the
municipality (a meeting only among those the user may see), choices as their stable codes,
times as ISO 8601 with the offset. Every write goes through ``samverka.meetings.services``.

Need-to-know follows ``samverka.meetings.access``: video links and suggested agenda items only
for the group's members and the coordinators; the minutes only for them, by the views.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.models import Municipality
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField, SwedishDateTimeField
from samverka.core.api_permissions import ScopedPrimaryKeyField, SwedishModelSerializer
from samverka.meetings import services
from samverka.meetings.access import require_manager, sees_minutes_of
from samverka.meetings.models import (
    AcuteTrigger,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    MinutesItemNote,
    Proposal,
)
from samverka.meetings.selectors import proposal_goes_to, visible_meetings
from samverka.meetings.services.minutes import AttendanceRow
from samverka.organisation.models import GoverningDocument, Group, Organisation, Person

MAX_TEXT = 20_000


def _user(serializer: serializers.Field | serializers.BaseSerializer) -> AnyUser:
    return serializer.context["request"].user


def _municipality(serializer: serializers.Field | serializers.BaseSerializer) -> Municipality:
    return serializer.context["municipality"]


def _access(serializer: serializers.Field | serializers.BaseSerializer) -> Access:
    return serializer.context["access"]


def _choice(choices: type[models.TextChoices], **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices.choices,
        error_messages={"invalid_choice": _("”{input}” är inget giltigt val.")},
        **kwargs,
    )


def _refuse_change(
    serializer: serializers.BaseSerializer, attrs: dict[str, Any], name: str
) -> None:
    """A field that is set when the object is made and never moved (make a new one instead)."""
    instance = serializer.instance
    if instance is None or name not in attrs:
        return
    if attrs[name] != getattr(instance, name):
        raise serializers.ValidationError({name: _("Kan inte ändras. Skapa en ny i stället.")})
    attrs.pop(name)


class VisibleMeetingField(ScopedPrimaryKeyField):
    """A meeting id, resolved among the meetings the user may see (an SSPF group's meetings do
    not exist for others, exactly as on the pages)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Meeting, **kwargs)

    def get_queryset(self) -> models.QuerySet[Any]:
        municipality = self.context.get("municipality")
        access = self.context.get("access")
        if municipality is None or access is None:
            return Meeting.objects.none()
        return visible_meetings(access, municipality.pk)


class MeetingTimeField(SwedishDateTimeField):
    """A meeting's start or end: ISO 8601, in the local time zone unless an offset is given,
    between the years 2000 and 2100 (as the planning's years)."""

    min_year = 2000


def _page_url(serializer: serializers.BaseSerializer, name: str, **kwargs: Any) -> str:
    path = reverse(
        f"meetings:{name}", kwargs={"municipality": _municipality(serializer).slug, **kwargs}
    )
    return serializer.context["request"].build_absolute_uri(path)


# --- Meetings ---------------------------------------------------------------------------------


class MeetingKindField(serializers.ChoiceField):
    """A meeting's kind: ordinary or extra when one is made here, any kind when one is shown
    (acute meetings are convened through meetings/acute/)."""


class MeetingKindFieldSchema(OpenApiSerializerFieldExtension):
    target_class = MeetingKindField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> Any:
        if direction == "request":
            return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        # A pattern, not an enum: drf-spectacular's enum hook would merge it with the request's.
        return {"type": "string", "pattern": f"^(?:{'|'.join(MeetingKind.values)})$"}


class MeetingSerializer(SwedishModelSerializer):
    group = ScopedPrimaryKeyField(Group)
    group_name = serializers.CharField(source="group.name", read_only=True)
    display_title = serializers.CharField(read_only=True)
    # Blank for all but acute meetings (the schema says so: BlankEnum).
    trigger = serializers.ChoiceField(
        choices=AcuteTrigger.choices, allow_blank=True, read_only=True
    )
    kind = MeetingKindField(
        choices=[MeetingKind.ORDINARY, MeetingKind.EXTRA],
        default=MeetingKind.EXTRA,
        help_text="ordinary or extra; acute meetings are convened through meetings/acute/.",
        error_messages={"invalid_choice": _("”{input}” är inget giltigt val.")},
    )
    video_url = serializers.URLField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="Only in the output for the group's members and the coordinators.",
    )
    starts_at = MeetingTimeField()
    ends_at = MeetingTimeField()
    state = serializers.ChoiceField(
        choices=MeetingState.choices,
        read_only=True,
        help_text="What the meeting is now: held only once it has begun and its minutes are "
        "approved; a past meeting without approved minutes is not_minuted.",
    )
    state_display = serializers.CharField(read_only=True)
    page_url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    agenda_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "group",
            "group_name",
            "kind",
            "status",
            "state",
            "state_display",
            "title",
            "display_title",
            "starts_at",
            "ends_at",
            "location",
            "video_url",
            "trigger",
            "trigger_note",
            "cancel_reason",
            "series",
            "sequence",
            "notice_sent_at",
            "is_example",
            "page_url",
            "ics_url",
            "agenda_pdf_url",
        ]
        read_only_fields = [
            "status",
            "trigger",
            "trigger_note",
            "cancel_reason",
            "series",
            "sequence",
            "notice_sent_at",
            "is_example",
        ]

    def get_page_url(self, meeting: Meeting) -> str:
        return _page_url(self, "detail", pk=meeting.pk)

    def get_ics_url(self, meeting: Meeting) -> str:
        return _page_url(self, "ics_meeting", pk=meeting.pk)

    def get_agenda_pdf_url(self, meeting: Meeting) -> str:
        return _page_url(self, "agenda_pdf", pk=meeting.pk)

    def to_representation(self, instance: Meeting) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not sees_minutes_of(_access(self), instance.group_id):
            data.pop("video_url", None)
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_change(self, attrs, "group")
        _refuse_change(self, attrs, "kind")
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Meeting:
        return services.meeting_create(user=_user(self), **validated_data)

    def update(self, instance: Meeting, validated_data: dict[str, Any]) -> Meeting:
        # Moving the start alone keeps the meeting's length.
        if "starts_at" in validated_data and "ends_at" not in validated_data:
            length = instance.ends_at - instance.starts_at
            validated_data["ends_at"] = validated_data["starts_at"] + length
        return services.meeting_update(meeting=instance, user=_user(self), **validated_data)


class PlanSerializer(JsonTypesMixin, serializers.Serializer):
    """Plan a group's ordinary meetings for a year from its cadence (or from custom dates)."""

    group = ScopedPrimaryKeyField(Group)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    start = serializers.TimeField(required=False, help_text="Start time, default 09:00.")
    duration_minutes = serializers.IntegerField(min_value=15, max_value=720, default=120)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    skip_summer = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="null: the cadence's default."
    )
    skip_christmas = serializers.BooleanField(required=False, default=True)
    custom_dates = serializers.ListField(
        child=SwedishDateField(), required=False, default=list, max_length=400
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Only show the dates; plan nothing."
    )


class AcuteSerializer(JsonTypesMixin, serializers.Serializer):
    """Convene an acute meeting within hours; every member is notified at once."""

    group = ScopedPrimaryKeyField(Group)
    trigger = _choice(AcuteTrigger)
    trigger_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    starts_at = MeetingTimeField(
        required=False, allow_null=True, help_text="Default: two hours from now."
    )
    duration_minutes = serializers.IntegerField(min_value=15, max_value=1440, default=60)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    video_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    def create(self, validated_data: dict[str, Any]) -> Meeting:
        minutes = validated_data.pop("duration_minutes")
        return services.meeting_convene_acute(
            user=_user(self), duration=timedelta(minutes=minutes), **validated_data
        )


class CancelSerializer(JsonTypesMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- Agenda -----------------------------------------------------------------------------------


class AgendaItemSerializer(SwedishModelSerializer):
    meeting = VisibleMeetingField()
    # ``parent`` shadows Field.parent in the type stubs only; DRF binds fields by name.
    parent = ScopedPrimaryKeyField(  # type: ignore[assignment]
        AgendaItem, through="meeting__municipality", required=False, allow_null=True
    )
    document = ScopedPrimaryKeyField(GoverningDocument, required=False, allow_null=True)
    kind = _choice(AgendaItemKind, default=AgendaItemKind.PLAIN)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "parent",
            "position",
            "title",
            "description",
            "kind",
            "status",
            "document",
            "proposal",
            "commitment",
        ]
        read_only_fields = ["position", "status", "proposal", "commitment"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("meeting", "parent", "kind"):
            _refuse_change(self, attrs, name)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_add(user=_user(self), **validated_data)

    def update(self, instance: AgendaItem, validated_data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_update(
            item=instance,
            user=_user(self),
            title=validated_data.get("title", instance.title),
            description=validated_data.get("description", instance.description),
            document=validated_data.get("document", instance.document),
        )


class SuggestSerializer(JsonTypesMixin, serializers.Serializer):
    """A member suggests an agenda item; the convener accepts or declines it."""

    meeting = VisibleMeetingField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)

    def create(self, validated_data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_suggest(user=_user(self), **validated_data)


class CommitmentBriefSerializer(serializers.ModelSerializer):
    owner_person_name = serializers.CharField(
        source="owner_person.name", read_only=True, default=None
    )
    owner_organisation_name = serializers.CharField(
        source="owner_organisation.name", read_only=True, default=None
    )
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "title",
            "status",
            "due_date",
            "is_overdue",
            "owner_person_name",
            "owner_organisation_name",
        ]

    def get_is_overdue(self, commitment: Commitment) -> bool:
        # On an agenda: late on the meeting's day (set by agenda_for); elsewhere: today.
        then = getattr(commitment, "overdue_then", None)
        return commitment.is_overdue() if then is None else bool(then)


# --- Minutes ----------------------------------------------------------------------------------


class NoteSerializer(serializers.ModelSerializer):
    agenda_item = ScopedPrimaryKeyField(AgendaItem, through="meeting__municipality")
    text = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, trim_whitespace=False)

    class Meta:
        model = MinutesItemNote
        fields = ["agenda_item", "text"]


class AttendanceSerializer(serializers.ModelSerializer):
    organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    person = ScopedPrimaryKeyField(Person, required=False, allow_null=True)
    status = _choice(AttendanceStatus)
    substitute_name = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = Attendance
        fields = ["organisation", "person", "status", "substitute_name"]


class ApprovalSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.name")
    approved_at = serializers.DateTimeField(
        help_text="On paper: the day it was signed counts (the time of day means nothing)."
    )
    on_paper = serializers.BooleanField(
        help_text="Approved on paper and recorded afterwards by a coordinator."
    )
    recorded_at = serializers.DateTimeField()


class PaperApprovalSerializer(JsonTypesMixin, serializers.Serializer):
    """Named adjusters approved the minutes on paper on a given day (a coordinator records it)."""

    adjusters = ScopedPrimaryKeyField(
        Person, many=True, help_text="The adjusters who signed (named adjusters of the minutes)."
    )
    approved_on = SwedishDateField(help_text="The day they signed: not before the meeting.")


class MinutesSerializer(SwedishModelSerializer):
    """One version of the minutes. PATCH writes the draft: the general notes, the notes per
    agenda item (empty text removes one), the attendance and the adjusters (justerare)."""

    meeting = VisibleMeetingField()
    notes = NoteSerializer(many=True, required=False, source="item_notes")
    attendance = AttendanceSerializer(many=True, required=False)
    adjusters = ScopedPrimaryKeyField(Person, many=True, required=False)
    approvals = ApprovalSerializer(many=True, read_only=True)
    summary = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "version",
            "status",
            "summary",
            "notes",
            "attendance",
            "adjusters",
            "approvals",
            "change_reason",
            "approved_at",
            "created_at",
            "updated_at",
            "pdf_url",
        ]
        read_only_fields = [
            "version",
            "status",
            "change_reason",
            "approved_at",
            "created_at",
            "updated_at",
        ]

    def get_pdf_url(self, minutes: Minutes) -> str:
        return _page_url(self, "minutes_pdf", pk=minutes.meeting_id, version=minutes.version)

    # A PATCH is partial down into the rows too (DRF): say what a row lacks ourselves.
    def validate_notes(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            if "agenda_item" not in row or "text" not in row:
                raise serializers.ValidationError(
                    _("Varje anteckning behöver agenda_item (punktens id) och text.")
                )
        return rows

    def validate_attendance(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            if "status" not in row:
                raise serializers.ValidationError(
                    _("Varje närvarorad behöver status: present, absent eller substitute.")
                )
        return rows

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_change(self, attrs, "meeting")
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Minutes:
        minutes = services.minutes_start(meeting=validated_data["meeting"], user=_user(self))
        if len(validated_data) > 1:
            return self.update(minutes, validated_data)
        return minutes

    @transaction.atomic
    def update(self, instance: Minutes, validated_data: dict[str, Any]) -> Minutes:
        user = _user(self)
        notes = validated_data.get("item_notes")
        if "summary" in validated_data or notes:
            services.minutes_update(
                minutes=instance,
                user=user,
                summary=validated_data.get("summary"),
                notes={n["agenda_item"].pk: n["text"] for n in notes or []},
            )
        if "attendance" in validated_data:
            rows = [
                AttendanceRow(
                    status=row["status"],
                    organisation=row.get("organisation"),
                    person=row.get("person"),
                    substitute_name=row.get("substitute_name", ""),
                )
                for row in validated_data["attendance"]
            ]
            services.attendance_set(minutes=instance, rows=rows, user=user)
        if "adjusters" in validated_data:
            services.minutes_set_adjusters(
                minutes=instance, adjusters=validated_data["adjusters"], user=user
            )
        instance.refresh_from_db()
        return instance


class NewVersionSerializer(JsonTypesMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the approved minutes change.")


# --- Proposals and decisions ------------------------------------------------------------------


_GOES_TO = {
    "type": "object",
    "nullable": True,
    "properties": {
        "id": {"type": "integer"},
        "starts_at": {"type": "string", "format": "date-time"},
        "title": {"type": "string"},
    },
    "required": ["id", "starts_at", "title"],
}


class ProposalSerializer(SwedishModelSerializer):
    meeting = VisibleMeetingField(help_text="The preparing group's meeting that proposes.")
    to_group = ScopedPrimaryKeyField(
        Group,
        required=False,
        allow_null=True,
        help_text="The deciding group; default: the one up the preparing group's reporting line.",
    )
    from_group_name = serializers.CharField(source="from_group.name", read_only=True)
    to_group_name = serializers.CharField(source="to_group.name", read_only=True)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=MAX_TEXT)
    on_agendas = serializers.SerializerMethodField(
        help_text="The meetings whose agenda holds the proposal."
    )
    goes_to = serializers.SerializerMethodField(
        help_text="For a pending proposal: the deciding group's coming meeting that takes it "
        "up (id, starts_at, title); null when the group has no meeting ahead (plan one) or the "
        "proposal is settled."
    )
    decisions: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "meeting",
            "from_group",
            "from_group_name",
            "to_group",
            "to_group_name",
            "title",
            "text",
            "status",
            "on_agendas",
            "goes_to",
            "decisions",
            "is_example",
            "created_at",
        ]
        read_only_fields = ["from_group", "status", "is_example", "created_at"]

    def get_on_agendas(self, proposal: Proposal) -> list[int]:
        return sorted({item.meeting_id for item in proposal.agenda_items.all()})

    @extend_schema_field(_GOES_TO)
    def get_goes_to(self, proposal: Proposal) -> dict[str, Any] | None:
        meeting = proposal_goes_to(proposal)
        if meeting is None:
            return None
        return {
            "id": meeting.pk,
            "starts_at": serializers.DateTimeField().to_representation(meeting.starts_at),
            "title": meeting.display_title,
        }

    def create(self, validated_data: dict[str, Any]) -> Proposal:
        return services.proposal_create(user=_user(self), **validated_data)


class DecisionSerializer(SwedishModelSerializer):
    meeting = VisibleMeetingField()
    proposal = ScopedPrimaryKeyField(Proposal, required=False, allow_null=True)
    agenda_item = ScopedPrimaryKeyField(
        AgendaItem, through="meeting__municipality", required=False, allow_null=True
    )
    outcome = _choice(DecisionOutcome, default=DecisionOutcome.APPROVED)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=MAX_TEXT)
    group = serializers.IntegerField(source="meeting.group_id", read_only=True)
    group_name = serializers.CharField(source="meeting.group.name", read_only=True)
    commitments: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "group",
            "group_name",
            "number",
            "title",
            "text",
            "outcome",
            "proposal",
            "agenda_item",
            "commitments",
            "is_example",
            "created_at",
        ]
        read_only_fields = ["number", "is_example", "created_at"]

    def validate_meeting(self, meeting: Meeting) -> Meeting:
        # Who may record comes before the rest of the body and the mandate: a 403 at once
        # (``meeting`` is the first field validated).
        require_manager(_access(self), meeting.group)
        return meeting

    def create(self, validated_data: dict[str, Any]) -> Decision:
        return services.decision_record(user=_user(self), **validated_data)


# --- Commitments ------------------------------------------------------------------------------


class CommitmentUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentUpdate
        fields = ["status", "note", "meeting", "at"]


class CommitmentSerializer(SwedishModelSerializer):
    group = ScopedPrimaryKeyField(
        Group, required=False, help_text="Who follows it up; default: the meeting's group."
    )
    meeting = VisibleMeetingField(required=False, allow_null=True)
    decision = ScopedPrimaryKeyField(
        Decision, through="meeting__municipality", required=False, allow_null=True
    )
    origin_item = ScopedPrimaryKeyField(
        AgendaItem, through="meeting__municipality", required=False, allow_null=True
    )
    owner_person = ScopedPrimaryKeyField(Person, required=False, allow_null=True)
    owner_organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    owner_person_name = serializers.CharField(
        source="owner_person.name", read_only=True, default=None
    )
    owner_organisation_name = serializers.CharField(
        source="owner_organisation.name", read_only=True, default=None
    )
    is_overdue = serializers.SerializerMethodField()
    updates = CommitmentUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "title",
            "description",
            "group",
            "group_name",
            "meeting",
            "decision",
            "origin_item",
            "owner_person",
            "owner_person_name",
            "owner_organisation",
            "owner_organisation_name",
            "due_date",
            "status",
            "is_overdue",
            "done_at",
            "updates",
            "is_example",
            "created_at",
        ]
        read_only_fields = ["status", "done_at", "is_example", "created_at"]

    def get_is_overdue(self, commitment: Commitment) -> bool:
        return commitment.is_overdue()

    def create(self, validated_data: dict[str, Any]) -> Commitment:
        return services.commitment_create(user=_user(self), **validated_data)


class FollowUpSerializer(JsonTypesMixin, serializers.Serializer):
    """PATCH of a commitment: the follow-up (a new status, a new due date, a note), kept as
    history. What, who and the group are set when the commitment is made."""

    status = _choice(CommitmentStatus, required=False)
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    due_date = SwedishDateField(required=False)
    meeting = VisibleMeetingField(
        required=False, allow_null=True, help_text="The meeting that followed it up."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(k) for k in ("status", "note", "due_date")):
            raise serializers.ValidationError(
                _("Ange en ny status, ett nytt slutdatum eller en kommentar.")
            )
        return attrs

    def update(self, instance: Commitment, validated_data: dict[str, Any]) -> Commitment:
        return services.commitment_update(
            commitment=instance,
            user=_user(self),
            status=validated_data.get("status", instance.status),
            note=validated_data.get("note", ""),
            due_date=validated_data.get("due_date"),
            meeting=validated_data.get("meeting"),
        )
