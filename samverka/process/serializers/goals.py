"""Explicit shapes of the goals and indicators API, each with its bounds: ids from 1, strings
with their maximum length, decimals as text with at most 11 digits and 3 decimals, years
1990–2100."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.core.api_schema import ID_SCHEMA
from samverka.incidents.models import Category
from samverka.organisation.models import GoverningDocument
from samverka.process.models import (
    Direction,
    Goal,
    IndicatorPeriod,
    IndicatorSource,
    Problem,
)
from samverka.process.services.goals import MAX_YEAR, MIN_YEAR
from samverka.stats.models import Geography, Series

TEXT_MAX = 4000
# A decimal as text: at most 11 digits before the point and 3 after (the model's 14 digits).
DECIMAL_PATTERN = r"^-?[0-9]{1,11}(\.[0-9]{1,3})?$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": DECIMAL_PATTERN,
        "maxLength": 16,
        "example": "12.5",
        "description": "Ett tal som text med punkt som decimaltecken, t.ex. ”12.5”.",
    }
)
class DecimalTextField(serializers.CharField):
    """A decimal given as text ("12.5"): the exact value, whatever the client's floats do."""

    default_error_messages = {
        "invalid": _("Ange talet som text, t.ex. ”12.5” (högst 11 siffror och 3 decimaler)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(DECIMAL_PATTERN, message=self.error_messages["invalid"])
        )


@extend_schema_field(ID_SCHEMA)
class RefField(ScopedPrimaryKeyField):
    """A row of the municipality given by its id (1 up to the largest bigint)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool) and not 1 <= data < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field(ID_SCHEMA)
class SeriesField(RefField):
    """A statistics series the municipality sees: its own or shared reference data."""

    def get_queryset(self) -> QuerySet[Any]:
        municipality = self.context.get("municipality")
        if municipality is None:
            return Series.objects.none()
        return Series.objects.visible_to(municipality)


@extend_schema_field(ID_SCHEMA)
class GeographyField(RefField):
    """A geography (shared reference data: the country, counties, municipalities, districts)."""

    def get_queryset(self) -> QuerySet[Any]:
        return Geography.objects.all()


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


# --- Goals ---------------------------------------------------------------------------------------


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True, allow_null=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)  # type: ignore[assignment]
    source_line = serializers.CharField(
        read_only=True, help_text=_("Raden i dokumentet som målet lyftes ur (tom: eget mål).")
    )
    weight = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    problems = serializers.SerializerMethodField()
    subgoals = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    def get_problems(self, goal: Goal) -> list[int]:
        return sorted(p.pk for p in goal.problems.all())

    def get_subgoals(self, goal: Goal) -> list[int]:
        return sorted(g.pk for g in goal.subgoals.all())

    def get_indicators(self, goal: Goal) -> list[int]:
        return sorted(i.pk for i in goal.indicators.all())


class GoalWriteSerializer(JsonTypesMixin, serializers.Serializer):
    title = _text(300, min_length=1)
    description = _optional_text(TEXT_MAX)
    document = RefField(GoverningDocument, required=False, allow_null=True, default=None)
    parent = RefField(Goal, required=False, allow_null=True, default=None)  # type: ignore[assignment]
    problems = RefField(Problem, many=True, required=False, default=list)
    weight = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    position = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)


class GoalUpdateSerializer(GoalWriteSerializer):
    pass


# --- Indicators ---------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="value_id",
        read_only=True,
        allow_null=True,
        help_text=_("Tomt för beräknade värden."),
    )
    period_start = SwedishDateField(read_only=True)
    period_end = SwedishDateField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    value = serializers.CharField(read_only=True)
    computed = serializers.BooleanField(
        read_only=True, help_text=_("Räknat ur händelserapporterna eller statistiken.")
    )
    note = serializers.CharField(read_only=True)
    entered_by = serializers.CharField(read_only=True)
    approved_by = serializers.CharField(read_only=True)
    approved = serializers.BooleanField(read_only=True)


class IndicatorStatusSerializer(serializers.Serializer):
    colour = serializers.ChoiceField(
        choices=[("green", "green"), ("yellow", "yellow"), ("red", "red"), ("grey", "grey")],
        read_only=True,
    )
    colour_label = serializers.CharField(read_only=True)
    trend = serializers.ChoiceField(
        choices=[("up", "up"), ("down", "down"), ("flat", "flat"), ("", "")], read_only=True
    )
    trend_label = serializers.CharField(read_only=True)
    progress_percent = serializers.IntegerField(read_only=True, allow_null=True)
    latest_value = serializers.CharField(read_only=True, allow_null=True)
    latest_period = serializers.CharField(read_only=True, allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    goal = serializers.IntegerField(source="goal_id", read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    source = serializers.ChoiceField(choices=IndicatorSource.choices, read_only=True)  # type: ignore[assignment]
    period = serializers.ChoiceField(choices=IndicatorPeriod.choices, read_only=True)
    direction = serializers.ChoiceField(choices=Direction.choices, read_only=True)
    area = serializers.IntegerField(source="area_id", read_only=True, allow_null=True)
    category = serializers.IntegerField(source="category_id", read_only=True, allow_null=True)
    series = serializers.IntegerField(source="series_id", read_only=True, allow_null=True)
    geography = serializers.IntegerField(source="geography_id", read_only=True, allow_null=True)
    baseline_value = serializers.CharField(read_only=True, allow_null=True)
    baseline_label = serializers.CharField(read_only=True)
    target_value = serializers.CharField(read_only=True, allow_null=True)
    deadline = SwedishDateField(read_only=True, allow_null=True)


class IndicatorDetailSerializer(IndicatorSerializer):
    status = IndicatorStatusSerializer(read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)


class IndicatorWriteSerializer(JsonTypesMixin, serializers.Serializer):
    goal = RefField(Goal)
    name = _text(200, min_length=1)
    description = _optional_text(TEXT_MAX)
    unit = _text(60, min_length=1)
    source = serializers.ChoiceField(choices=IndicatorSource.choices)  # type: ignore[assignment]
    period = serializers.ChoiceField(
        choices=IndicatorPeriod.choices, required=False, default=IndicatorPeriod.YEAR
    )
    direction = serializers.ChoiceField(
        choices=Direction.choices, required=False, default=Direction.DECREASE
    )
    area = RefField(Area, required=False, allow_null=True, default=None)
    category = RefField(Category, required=False, allow_null=True, default=None)
    series = SeriesField(Series, required=False, allow_null=True, default=None)
    geography = GeographyField(Geography, required=False, allow_null=True, default=None)
    baseline_value = DecimalTextField(required=False, allow_null=True, default=None)
    baseline_label = _optional_text(60)
    target_value = DecimalTextField(required=False, allow_null=True, default=None)
    deadline = SwedishDateField(required=False, allow_null=True, default=None)


class ValueWriteSerializer(JsonTypesMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    part = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Månad 1–12, kvartal 1–4 eller halvår 1–2 efter indikatorns period; tomt för år."
        ),
    )
    value = DecimalTextField()
    note = _optional_text(300)
