"""Explicit shapes of the problems API: the problem with its evidence and cause analysis (read,
nested), and the writes, each with its bounds (ids from 1, strings with their maximum length)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.core.api_schema import MAX_ID
from samverka.core.validators import validate_single_line
from samverka.organisation.models import Group
from samverka.process.models import Certainty, EvidenceKind, ProblemStatus, TriangleSide
from samverka.situation.models import SituationReport

TEXT_MAX = 10000
TRIANGLE_MAX = 4000


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class AreaIdsField(serializers.ListField):
    """The problem's areas as ids (one at least), each of the municipality's areas."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=_id(), min_length=1, max_length=100, **kwargs)

    def to_internal_value(self, data: Any) -> list[Area]:
        given = super().to_internal_value(data)
        # DRF checks the length after this method, i.e. of the list without repeats: the
        # schema's maxItems counts what was sent.
        if self.max_length is not None and len(given) > self.max_length:
            raise serializers.ValidationError(
                _("Välj högst %(n)s områden.") % {"n": self.max_length}
            )
        ids = list(dict.fromkeys(given))
        municipality = self.context.get("municipality")
        found = {a.pk: a for a in Area.objects.filter(municipality=municipality, pk__in=ids)}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                [_("Id %(pk)s finns inte i den här kommunen.") % {"pk": pk} for pk in missing]
            )
        return [found[pk] for pk in ids]

    def to_representation(self, data: Any) -> list[int]:
        return [area.pk for area in data.all()]


def _title(**kwargs: Any) -> serializers.CharField:
    """A one-line title with something in it once trimmed. ``validate_single_line`` is what
    the schema's text pattern (core.api_fields) reads: the schema and the check cannot differ."""
    return serializers.CharField(max_length=200, validators=[validate_single_line], **kwargs)


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    situation_report = serializers.IntegerField(
        source="situation_report_id", read_only=True, allow_null=True
    )
    figure_key = serializers.CharField(read_only=True)
    figure_label = serializers.CharField(read_only=True)
    figure_value = serializers.CharField(read_only=True)
    area_status = serializers.IntegerField(source="area_status_id", read_only=True, allow_null=True)
    series = serializers.IntegerField(source="series_id", read_only=True, allow_null=True)
    dialogue = serializers.IntegerField(source="dialogue_id", read_only=True, allow_null=True)
    source_url = serializers.CharField(read_only=True)
    observed_on = SwedishDateField(read_only=True, allow_null=True)


class EvidenceWriteSerializer(JsonTypesMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    situation_report = ScopedPrimaryKeyField(
        SituationReport, required=False, allow_null=True, default=None
    )
    figure_key = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    area_status = _id(required=False, allow_null=True, default=None)
    series = _id(required=False, allow_null=True, default=None)
    dialogue = _id(required=False, allow_null=True, default=None)
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    observed_on = SwedishDateField(required=False, allow_null=True, default=None)


class CauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        source="parent_id", read_only=True, allow_null=True
    )
    side = serializers.ChoiceField(choices=TriangleSide.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    evidence = serializers.CharField(read_only=True)
    certainty = serializers.ChoiceField(choices=Certainty.choices, read_only=True)
    position = serializers.IntegerField(read_only=True)


class CauseWriteSerializer(JsonTypesMixin, serializers.Serializer):
    title = _title()
    side = serializers.ChoiceField(choices=TriangleSide.choices)
    certainty = serializers.ChoiceField(choices=Certainty.choices, default=Certainty.LIKELY)
    description = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    evidence = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    parent = _id(  # type: ignore[assignment]
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of the cause this one explains (same analysis); null: a main cause.",
    )


class CauseUpdateSerializer(CauseWriteSerializer):
    title = _title(required=False)
    side = serializers.ChoiceField(choices=TriangleSide.choices, required=False)
    certainty = serializers.ChoiceField(choices=Certainty.choices, required=False)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    evidence = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    parent = _id(required=False, allow_null=True)  # type: ignore[assignment]


class AnalysisSerializer(JsonTypesMixin, serializers.Serializer):
    offender = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    target = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    place = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    handler = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    guardian = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    place_manager = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=TRIANGLE_MAX, required=False, allow_blank=True)


class AnalysisReadSerializer(AnalysisSerializer):
    causes = CauseSerializer(many=True, read_only=True)


class ProblemSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = _title()
    description = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    areas = AreaIdsField()
    since = SwedishDateField(required=False, allow_null=True, default=None)
    prepared_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ProblemStatus.choices, read_only=True)
    priority = serializers.IntegerField(read_only=True, allow_null=True)
    priority_decision = serializers.IntegerField(
        source="priority_decision_id", read_only=True, allow_null=True
    )
    closed_on = SwedishDateField(read_only=True, allow_null=True)


class ProblemUpdateSerializer(ProblemSerializer):
    title = _title(required=False)
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    areas = AreaIdsField(required=False)
    since = SwedishDateField(required=False, allow_null=True)
    prepared_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True)
    close = serializers.BooleanField(
        required=False, default=False, write_only=True, help_text="true: close the problem."
    )


class ProblemDetailSerializer(ProblemSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    cause_analysis = serializers.SerializerMethodField()

    @extend_schema_field(AnalysisReadSerializer(allow_null=True))
    def get_cause_analysis(self, problem: Any) -> dict[str, Any] | None:
        analysis = self.context.get("analysis")
        if analysis is None or analysis.pk is None:
            return None
        data = AnalysisReadSerializer(analysis).data
        data["causes"] = CauseSerializer(analysis.causes.order_by("position", "pk"), many=True).data
        return data  # type: ignore[return-value]


class PrioritySerializer(JsonTypesMixin, serializers.Serializer):
    problem = _id()
    priority = serializers.IntegerField(min_value=1, max_value=999, allow_null=True)


class PrioritiseSerializer(JsonTypesMixin, serializers.Serializer):
    priorities = serializers.ListField(child=PrioritySerializer(), min_length=1, max_length=500)
    prepared_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True, default=None)


class ConfirmSerializer(JsonTypesMixin, serializers.Serializer):
    decision = _id(help_text="Id of the decision that confirms the priority.")
