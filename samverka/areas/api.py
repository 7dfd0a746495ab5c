"""REST endpoints for the areas of a municipality (``/api/v1/municipalities/<slug>/areas/``)."""

from __future__ import annotations

from django.db.models import QuerySet

from samverka.areas.models import Area
from samverka.areas.serializers import AreaSerializer
from samverka.areas.services import area_delete
from samverka.core.api_permissions import MunicipalityScopedViewSet


class AreaViewSet(MunicipalityScopedViewSet):
    """The municipality's areas with their population per year; coordinators may change them."""

    serializer_class = AreaSerializer

    def get_queryset(self) -> QuerySet[Area]:
        if self.is_schema_generation():
            return Area.objects.none()
        return (
            Area.objects.in_municipality(self.municipality)
            .prefetch_related("populations")
            .order_by("name")
        )

    def perform_destroy(self, instance: Area) -> None:
        area_delete(area=instance, user=self.request.user)
