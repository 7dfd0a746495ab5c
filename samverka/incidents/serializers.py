"""The API's view of incidents: explicit fields, foreign keys as ids resolved within the
municipality, writes through the services (the same rules as the pages)."""

from __future__ import annotations

import math
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.api_permissions import ScopedPrimaryKeyField, SwedishModelSerializer
from samverka.core.api_schema import WEEK
from samverka.incidents import services
from samverka.incidents.access import may_set_status
from samverka.incidents.models import (
    Category,
    Incident,
    NothingToReport,
    ReviewStatus,
    RosterEntry,
)
from samverka.organisation.models import Organisation


def _user(serializer: serializers.Serializer) -> AnyUser:
    return serializer.context["request"].user


def _municipality(serializer: serializers.Serializer) -> Municipality:
    return serializer.context["municipality"]


class CategorySerializer(SwedishModelSerializer):
    parent = ScopedPrimaryKeyField(Category, required=False, allow_null=True)  # type: ignore[assignment]
    code = serializers.SlugField(
        max_length=60, required=False, help_text="Stable code; made from the name when omitted."
    )

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "order", "is_active"]

    def create(self, validated_data: dict[str, Any]) -> Category:
        return services.category_create(
            municipality=_municipality(self), user=_user(self), **validated_data
        )

    def update(self, instance: Category, validated_data: dict[str, Any]) -> Category:
        return services.category_update(category=instance, user=_user(self), **validated_data)


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise serializers.ValidationError(_("Ange ett tal."))
    return value


class IncidentSerializer(SwedishModelSerializer):
    category = ScopedPrimaryKeyField(
        Category, help_text="A top-level category, or a subcategory (its parent is then used)."
    )
    subcategory = ScopedPrimaryKeyField(Category, required=False, allow_null=True)
    area = ScopedPrimaryKeyField(
        Area,
        required=False,
        allow_null=True,
        help_text="Optional when latitude/longitude are given: the smallest area containing "
        "the point is chosen.",
    )
    organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=ReviewStatus.choices,
        required=False,
        help_text="Review status; only coordinators change it.",
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "category",
            "subcategory",
            "area",
            "latitude",
            "longitude",
            "place_name",
            "setting",
            "occurred_at",
            "occurred_until",
            "event_count",
            "description",
            "assessment",
            "police_reported",
            "organisation",
            "reporter",
            "status",
            "source",
            "external_id",
            # Set by the source, not by a client: how precisely the police placed the event
            # ("municipality": only the municipality, its point is the centre) and when the
            # stored version was published.
            "place_precision",
            "published_at",
            "created_at",
        ]
        read_only_fields = [
            "reporter",
            "source",
            "external_id",
            "place_precision",
            "published_at",
            "created_at",
        ]

    def validate_latitude(self, value: float | None) -> float | None:
        return _finite(value)

    def validate_longitude(self, value: float | None) -> float | None:
        return _finite(value)

    def _status(self, validated_data: dict[str, Any]) -> str | None:
        status = validated_data.pop("status", None)
        if status is not None and not may_set_status(self.context["access"]):
            raise serializers.ValidationError(
                {"status": _("Bara kommunens samordnare granskar rapporter.")}
            )
        return status

    def create(self, validated_data: dict[str, Any]) -> Incident:
        status = self._status(validated_data)
        incident = services.incident_create(
            municipality=_municipality(self), user=_user(self), **validated_data
        )
        if status and status != incident.status:
            services.incident_set_status(incident=incident, user=_user(self), status=status)
        return incident

    def update(self, instance: Incident, validated_data: dict[str, Any]) -> Incident:
        status = self._status(validated_data)
        if validated_data:
            instance = services.incident_update(
                incident=instance, user=_user(self), **validated_data
            )
        if status and status != instance.status:
            services.incident_set_status(incident=instance, user=_user(self), status=status)
        return instance


class RosterEntrySerializer(SwedishModelSerializer):
    area = ScopedPrimaryKeyField(Area)
    organisation = ScopedPrimaryKeyField(Organisation)

    class Meta:
        model = RosterEntry
        fields = ["id", "area", "organisation", "is_active"]

    def create(self, validated_data: dict[str, Any]) -> RosterEntry:
        return services.roster_entry_create(
            municipality=_municipality(self), user=_user(self), **validated_data
        )

    def update(self, instance: RosterEntry, validated_data: dict[str, Any]) -> RosterEntry:
        return services.roster_entry_update(entry=instance, user=_user(self), **validated_data)


@extend_schema_field({"type": "string", "pattern": f"^{WEEK}$"})
class IsoWeekField(serializers.CharField):
    """An ISO week of 2000–2100 that exists, "2026-W45" (checked by the service)."""


class NothingToReportSerializer(SwedishModelSerializer):
    area = ScopedPrimaryKeyField(Area)
    organisation = ScopedPrimaryKeyField(Organisation)
    week = IsoWeekField(max_length=8, trim_whitespace=False, help_text='ISO week, e.g. "2026-W45".')

    class Meta:
        model = NothingToReport
        fields = ["id", "area", "organisation", "week", "reporter", "created_at"]
        read_only_fields = ["reporter", "created_at"]

    def create(self, validated_data: dict[str, Any]) -> NothingToReport:
        return services.nothing_to_report_record(
            municipality=_municipality(self), user=_user(self), **validated_data
        )


class CoverageSerializer(serializers.Serializer):
    organisation = serializers.SerializerMethodField()
    by_week = serializers.DictField(child=serializers.CharField())

    def get_organisation(self, row: Any) -> dict[str, Any]:
        return {"id": row.organisation.pk, "name": row.organisation.name}
