"""The API's view of areas: explicit fields, parent as an id, kind as its stable code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.areas.models import Area, AreaPopulation
from samverka.areas.services import area_create, area_update
from samverka.core.api_permissions import ScopedPrimaryKeyField, SwedishModelSerializer


class AreaPopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AreaPopulation
        fields = ["year", "population", "source"]
        read_only_fields = fields


@extend_schema_field({"type": "object", "additionalProperties": {}})
class GeoJSONField(serializers.JSONField):
    """A GeoJSON object (its geometry is checked by ``samverka.lib.geo``)."""


class AreaSerializer(SwedishModelSerializer):
    # ``parent`` shadows Field.parent in the type stubs only; DRF binds fields by name.
    parent = ScopedPrimaryKeyField(Area, required=False, allow_null=True)  # type: ignore[assignment]
    boundary = GeoJSONField(
        required=False,
        allow_null=True,
        help_text="GeoJSON Polygon or MultiPolygon (or a Feature with one); stored as WGS84.",
    )
    boundary_crs = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Coordinate system of the boundary sent, e.g. EPSG:3006 (SWEREF 99 TM). "
        "Without it the system is read from the GeoJSON or guessed from the numbers.",
    )
    populations = AreaPopulationSerializer(many=True, read_only=True)

    class Meta:
        model = Area
        fields = [
            "id",
            "name",
            "kind",
            "parent",
            "scb_code",
            "deso_code",
            "regso_code",
            "local_code",
            "description",
            "boundary",
            "boundary_crs",
            "centroid_lat",
            "centroid_lon",
            "populations",
        ]

    def validate_boundary(self, value: Any) -> Any:
        # The geometry service expects an object; a list or a string would fail deep inside it.
        if value in (None, {}):
            return None
        if not isinstance(value, dict):
            raise serializers.ValidationError(
                _("Gränsen ska vara ett GeoJSON-objekt (Polygon eller MultiPolygon).")
            )
        return value

    def create(self, validated_data: dict[str, Any]) -> Area:
        return area_create(
            municipality=self.context["municipality"],
            user=self.context["request"].user,
            **validated_data,
        )

    def update(self, instance: Area, validated_data: dict[str, Any]) -> Area:
        return area_update(area=instance, user=self.context["request"].user, **validated_data)
