"""Explicit shapes of the evaluations and lessons API. Every field is bounded (lengths, years,
ids), so the schema says what the services accept."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.core.validators import validate_single_line
from samverka.incidents.models import Category
from samverka.process.models import (
    Evaluation,
    EvaluationKind,
    FollowUp,
    Indicator,
    Measure,
    MeasureKind,
    Problem,
)
from samverka.process.services.evaluations import MAX_QUERY_LENGTH, MAX_YEAR, MIN_YEAR, TEXT_MAX

MAX_ID = 2**63 - 1


class EvaluationSerializer(JsonTypesMixin, serializers.Serializer):
    """An evaluation as read; writing goes through ``EvaluationWriteSerializer``."""

    id = serializers.IntegerField(read_only=True)
    measure = serializers.IntegerField(source="measure_id", read_only=True)
    measure_title = serializers.CharField(source="measure.title", read_only=True)
    kind = serializers.ChoiceField(choices=EvaluationKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    made_on = serializers.DateField(read_only=True)
    made_by_name = serializers.CharField(read_only=True)
    as_planned = serializers.CharField(read_only=True)
    reached = serializers.CharField(read_only=True)
    target_area = serializers.IntegerField(source="target_area_id", read_only=True, allow_null=True)
    comparison_area = serializers.IntegerField(
        source="comparison_area_id", read_only=True, allow_null=True
    )
    category = serializers.IntegerField(source="category_id", read_only=True, allow_null=True)
    indicator = serializers.IntegerField(source="indicator_id", read_only=True, allow_null=True)
    before_start = serializers.DateField(read_only=True, allow_null=True)
    before_end = serializers.DateField(read_only=True, allow_null=True)
    after_start = serializers.DateField(read_only=True, allow_null=True)
    after_end = serializers.DateField(read_only=True, allow_null=True)
    result = serializers.SerializerMethodField(
        help_text=_(
            "Effektutvärderingens resultat (null för en processutvärdering): method "
            "(skillnad-i-skillnader), counts, estimate (ratio, low, high, p_value, percent, "
            "significant), warnings, displacement, reading."
        )
    )
    conclusions = serializers.CharField(read_only=True)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, evaluation: Evaluation) -> dict[str, Any] | None:
        return evaluation.result


class EvaluationWriteSerializer(JsonTypesMixin, serializers.Serializer):
    """A new evaluation: the measure and kind, then the process or the effect fields."""

    measure = ScopedPrimaryKeyField(Measure)
    kind = serializers.ChoiceField(choices=EvaluationKind.choices)
    title = serializers.CharField(max_length=200)
    made_on = SwedishDateField()
    made_by_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    conclusions = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    as_planned = serializers.CharField(
        max_length=TEXT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Processutvärdering: genomfördes den som planerat? (obligatoriskt där)"),
    )
    reached = serializers.CharField(
        max_length=TEXT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Processutvärdering: nådde den dem den var tänkt för? (obligatoriskt där)"),
    )
    target_area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    comparison_area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    category = ScopedPrimaryKeyField(Category, required=False, allow_null=True, default=None)
    indicator = ScopedPrimaryKeyField(Indicator, required=False, allow_null=True, default=None)
    before_start = SwedishDateField(required=False, allow_null=True, default=None)
    before_end = SwedishDateField(required=False, allow_null=True, default=None)
    after_start = SwedishDateField(required=False, allow_null=True, default=None)
    after_end = SwedishDateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == EvaluationKind.EFFECT:
            missing = {
                name: [_("Obligatoriskt för en effektutvärdering.")]
                for name in (
                    "target_area",
                    "comparison_area",
                    "before_start",
                    "before_end",
                    "after_start",
                    "after_end",
                )
                if attrs.get(name) is None
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class LessonSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    # One line each, as the service checks (the schema's text pattern reads the validator).
    title = serializers.CharField(max_length=200, validators=[validate_single_line])
    text = serializers.CharField(max_length=TEXT_MAX)
    year = serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, help_text="Högst nästa år."
    )
    measure = ScopedPrimaryKeyField(Measure, required=False, allow_null=True, default=None)
    # null when the lesson is of no measure.
    measure_title = serializers.CharField(
        source="measure.title", read_only=True, default=None, allow_null=True
    )
    problem = ScopedPrimaryKeyField(Problem, required=False, allow_null=True, default=None)
    followup = ScopedPrimaryKeyField(FollowUp, required=False, allow_null=True, default=None)
    evaluation = ScopedPrimaryKeyField(Evaluation, required=False, allow_null=True, default=None)
    measure_kind = serializers.ChoiceField(
        choices=[("", ""), *MeasureKind.choices],
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Med en åtgärd vald kopieras åtgärdens typ hit."),
    )
    tags = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_single_line],
    )


class LessonQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False)
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    problem = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
