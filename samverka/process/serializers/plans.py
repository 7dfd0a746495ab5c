"""Explicit shapes of the åtgärdsplan API, each write with its bounds (ids from 1, strings with
their maximum length, whole kronor, weights 1–100). A measure's status is never "adopted" by a
write: adoption is its own operation, which takes a decision."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.core.api_schema import MAX_ID
from samverka.core.validators import validate_single_line
from samverka.organisation.models import GoverningDocument, Group, Organisation
from samverka.process.models import (
    ActivityStatus,
    AsPlanned,
    Cause,
    Goal,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
)
from samverka.process.services.plans import MAX_INTERVAL_WEEKS, MAX_WEIGHT

TEXT_MAX = 10000
LOGIC_MAX = 4000
POSITION_MAX = 32767
MAX_BUDGET = 999_999_999_999
# A measure's status as a planner may set it (adopted only through .../adopt/).
WRITABLE_STATUSES = [(v, label) for v, label in MeasureStatus.choices if v != "adopted"]


def _title(**kwargs: Any) -> serializers.CharField:
    """A one-line title with something in it once trimmed. ``validate_single_line`` is what
    the schema's text pattern (core.api_fields) reads: the schema and the check cannot differ."""
    return serializers.CharField(max_length=200, validators=[validate_single_line], **kwargs)


def _budget(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=MAX_BUDGET, allow_null=True, help_text="Hela kronor.", **kwargs
    )


def _text(**kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("max_length", TEXT_MAX)
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


class AdoptingDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True, help_text="Paragraf (§).")
    title = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)
    outcome_label = serializers.CharField(read_only=True)
    meeting_id = serializers.IntegerField(read_only=True)
    meeting = serializers.CharField(read_only=True)
    group = serializers.CharField(read_only=True)
    date = serializers.CharField(read_only=True)


class PlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    decision = AdoptingDecisionSerializer(read_only=True, source="decision_dict")
    note = serializers.CharField(read_only=True)
    adopted_at = serializers.DateTimeField(read_only=True)


class PlanVersionDetailSerializer(PlanVersionSerializer):
    snapshot = serializers.JSONField(read_only=True, help_text="Planen som den antogs.")


class MeasureActivitySerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = _title()
    description = _text(default="")
    responsible_organisation = ScopedPrimaryKeyField(
        Organisation, required=False, allow_null=True, default=None
    )
    planned_start = SwedishDateField(required=False, allow_null=True, default=None)
    planned_end = SwedishDateField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    progress = serializers.IntegerField(min_value=0, max_value=100, default=0)
    weight = serializers.IntegerField(min_value=1, max_value=MAX_WEIGHT, default=1)
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, default=0)


class MeasureActivityUpdateSerializer(MeasureActivitySerializer):
    title = _title(required=False)
    description = _text()
    responsible_organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    planned_start = SwedishDateField(required=False, allow_null=True)
    planned_end = SwedishDateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    weight = serializers.IntegerField(min_value=1, max_value=MAX_WEIGHT, required=False)
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, required=False)


class MeasureSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    title = _title()
    description = _text(default="")
    causes = ScopedPrimaryKeyField(
        Cause,
        through="analysis__problem__municipality",
        many=True,
        required=False,
        default=list,
        help_text="Id of the causes (of the municipality's cause analyses) the measure aims at.",
    )
    goals = ScopedPrimaryKeyField(Goal, many=True, required=False, default=list)
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    term = serializers.ChoiceField(choices=MeasureTerm.choices)
    responsible_organisation = ScopedPrimaryKeyField(
        Organisation, required=False, allow_null=True, default=None
    )
    working_group = ScopedPrimaryKeyField(
        Group,
        required=False,
        allow_null=True,
        default=None,
        help_text="A group of the kind arbetsgrupp.",
    )
    start = SwedishDateField(required=False, allow_null=True, default=None)
    end = SwedishDateField(required=False, allow_null=True, default=None)
    budget = _budget(required=False, default=None)
    logic_activity = _text(max_length=LOGIC_MAX, default="")
    logic_output = _text(max_length=LOGIC_MAX, default="")
    logic_outcome = _text(max_length=LOGIC_MAX, default="")
    logic_goal = _text(max_length=LOGIC_MAX, default="")
    weight = serializers.IntegerField(min_value=1, max_value=MAX_WEIGHT, default=1)
    followup_every_weeks = serializers.IntegerField(
        min_value=1, max_value=MAX_INTERVAL_WEEKS, default=8
    )
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, default=0)
    status = serializers.ChoiceField(choices=MeasureStatus.choices, read_only=True)
    adopted_decision = serializers.IntegerField(
        source="adopted_decision_id", read_only=True, allow_null=True
    )
    next_followup_due = SwedishDateField(read_only=True, allow_null=True)
    followup_overdue = serializers.BooleanField(read_only=True)
    progress = serializers.FloatField(read_only=True, help_text="Vägt framsteg i procent.")


class MeasureUpdateSerializer(MeasureSerializer):
    title = _title(required=False)
    description = _text()
    causes = ScopedPrimaryKeyField(
        Cause, through="analysis__problem__municipality", many=True, required=False
    )
    goals = ScopedPrimaryKeyField(Goal, many=True, required=False)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    term = serializers.ChoiceField(choices=MeasureTerm.choices, required=False)
    responsible_organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    working_group = ScopedPrimaryKeyField(Group, required=False, allow_null=True)
    start = SwedishDateField(required=False, allow_null=True)
    end = SwedishDateField(required=False, allow_null=True)
    budget = _budget(required=False)
    logic_activity = _text(max_length=LOGIC_MAX)
    logic_output = _text(max_length=LOGIC_MAX)
    logic_outcome = _text(max_length=LOGIC_MAX)
    logic_goal = _text(max_length=LOGIC_MAX)
    weight = serializers.IntegerField(min_value=1, max_value=MAX_WEIGHT, required=False)
    followup_every_weeks = serializers.IntegerField(
        min_value=1, max_value=MAX_INTERVAL_WEEKS, required=False
    )
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX, required=False)
    status = serializers.ChoiceField(  # type: ignore[assignment]
        choices=WRITABLE_STATUSES,
        required=False,
        help_text="Beslutad (adopted) sätts bara genom POST …/adopt/ med ett beslut.",
        error_messages={
            "invalid_choice": _(
                "”{input}” är inget giltigt val. En åtgärd blir beslutad bara genom ett beslut "
                "av en grupp med mandat att besluta (POST …/adopt/)."
            )
        },
    )


class MeasureDetailSerializer(MeasureSerializer):
    activities = MeasureActivitySerializer(many=True, read_only=True)


class ActionPlanSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = _title()
    period_start = SwedishDateField()
    period_end = SwedishDateField()
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    prepared_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True, default=None)
    document = ScopedPrimaryKeyField(
        GoverningDocument, required=False, allow_null=True, default=None
    )
    summary = _text(default="")
    adopted_version = serializers.IntegerField(read_only=True, allow_null=True)
    progress = serializers.FloatField(read_only=True, help_text="Vägt framsteg i procent.")


class ActionPlanUpdateSerializer(ActionPlanSerializer):
    title = _title(required=False)
    period_start = SwedishDateField(required=False)
    period_end = SwedishDateField(required=False)
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    prepared_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True)
    document = ScopedPrimaryKeyField(GoverningDocument, required=False, allow_null=True)
    summary = _text()


class ActionPlanDetailSerializer(ActionPlanSerializer):
    measures = MeasureSerializer(many=True, read_only=True)
    versions = PlanVersionSerializer(many=True, read_only=True)


class AdoptByDecisionSerializer(JsonTypesMixin, serializers.Serializer):
    decision = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text=(
            "Id of a recorded decision of a group with the mandate to decide (same municipality), "
            "with the outcome approved or amended."
        ),
    )
    note = _text(max_length=300, default="")


class MeasureFollowUpSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    measure = serializers.IntegerField(source="measure_id", read_only=True)
    made_on = SwedishDateField(help_text="Inte i framtiden.")
    due_on = SwedishDateField(read_only=True, allow_null=True)
    as_planned = serializers.ChoiceField(choices=AsPlanned.choices)
    outputs = _text(default="")
    deviations = _text(default="")
    indicator_movement = _text(default="")
    lessons = _text(default="", help_text="Sparas också i lärdomsbiblioteket.")
    activity = serializers.IntegerField(
        source="activity_id",
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
    )
    progress = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )


class MeasureFollowUpUpdateSerializer(JsonTypesMixin, serializers.Serializer):
    outputs = _text()
    deviations = _text()
    indicator_movement = _text()


class OverdueMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    next_followup_due = SwedishDateField(read_only=True)
    responsible_organisation = serializers.CharField(
        source="responsible_organisation.name", read_only=True, allow_null=True, default=None
    )
    working_group = serializers.CharField(
        source="working_group.name", read_only=True, allow_null=True, default=None
    )
