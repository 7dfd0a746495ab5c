"""Read-only representations of geographies, series and values (explicit fields only)."""

from __future__ import annotations

from rest_framework import serializers

from samverka.stats.models import Geography, Provenance, Series, StatValue


class GeographySerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    # A local police area's municipalities (SCB codes); empty for every other kind.
    municipalities = serializers.SlugRelatedField[Geography](
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Geography
        fields = ["id", "code", "name", "kind", "parent", "skr_group", "municipalities"]

    def get_parent(self, obj: Geography) -> str | None:
        return obj.parent.code if obj.parent else None


class SeriesSerializer(serializers.ModelSerializer):
    shared = serializers.SerializerMethodField()

    class Meta:
        model = Series
        fields = ["id", "source", "category", "name", "unit", "description", "shared"]

    def get_shared(self, obj: Series) -> bool:
        return obj.municipality_id is None


class ProvenanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provenance
        fields = [
            "publisher",
            "table",
            "url",
            "citation",
            "retrieved_on",
            "retrieved_by",
            "is_synthetic",
            "imported_at",
        ]


class StatValueSerializer(serializers.ModelSerializer):
    series = serializers.IntegerField(source="series_id", read_only=True)
    geography = serializers.SerializerMethodField()
    area = serializers.IntegerField(source="area_id", read_only=True, allow_null=True)
    value = serializers.SerializerMethodField(method_name="value_number")
    shared = serializers.SerializerMethodField()
    provenance = ProvenanceSerializer(read_only=True)

    class Meta:
        model = StatValue
        fields = [
            "id",
            "series",
            "geography",
            "area",
            "year",
            "survey_year",
            "value",
            "suppressed",
            "preliminary",
            "series_break",
            "sample_size",
            "population_basis",
            "shared",
            "provenance",
        ]

    def get_geography(self, obj: StatValue) -> str | None:
        return obj.geography.code if obj.geography else None

    def value_number(self, obj: StatValue) -> float | None:
        return float(obj.value) if obj.value is not None else None

    def get_shared(self, obj: StatValue) -> bool:
        return obj.municipality_id is None
