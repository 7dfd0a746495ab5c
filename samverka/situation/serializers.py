"""The API's representation of a lägesbild version (its figures are added by the view)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from samverka.situation.models import FindingAction, SituationReport


class FindingActionSerializer(serializers.ModelSerializer):
    """A proposal or commitment made from one of the lägesbild's findings."""

    class Meta:
        model = FindingAction
        fields = ["id", "finding_key", "finding_label", "proposal", "commitment", "created_at"]
        read_only_fields = fields


class SituationReportSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    period_code = serializers.SerializerMethodField()
    period_label = serializers.SerializerMethodField()
    period_last_day = serializers.DateField(source="period.last_day", read_only=True)
    group_name = serializers.SerializerMethodField()
    adopted_by_name = serializers.SerializerMethodField()
    statuses = serializers.SerializerMethodField()
    finding_actions = FindingActionSerializer(many=True, read_only=True)

    class Meta:
        model = SituationReport
        fields = [
            "id",
            "area",
            "area_name",
            "period_kind",
            "period_code",
            "period_label",
            "period_start",
            "period_last_day",
            "version",
            "status",
            "group",
            "group_name",
            "assessment",
            "sources_note",
            "statuses",
            "mean_periods",
            "is_published",
            "is_example",
            "adopted_at",
            "adopted_by_name",
            "adopted_at_meeting",
            "finding_actions",
            "created_at",
        ]
        read_only_fields = fields

    def get_period_code(self, report: SituationReport) -> str:
        return report.period.code

    def get_period_label(self, report: SituationReport) -> str:
        return report.period.label

    def get_group_name(self, report: SituationReport) -> str | None:
        return report.group.name if report.group else None

    def get_adopted_by_name(self, report: SituationReport) -> str | None:
        return str(report.adopted_by) if report.adopted_by else None

    def get_statuses(self, report: SituationReport) -> list[dict[str, Any]]:
        return [s.as_dict() for s in report.area_statuses.all()]
