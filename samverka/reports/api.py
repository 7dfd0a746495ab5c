"""The fact sheet as JSON: ``/api/v1/municipalities/<slug>/factsheets/<area id>/``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.areas.access import area_for_user
from samverka.core.api_permissions import MunicipalityAccess
from samverka.reports.factsheet import build_fact_sheet


class FactSheetViewSet(viewsets.ViewSet):
    """An area's fact sheet as data: the figures (with provenance and warnings), documents,
    groups, specialist functions, follow-up, contact and the text library."""

    permission_classes = [IsAuthenticated, MunicipalityAccess]
    access: Access  # set by MunicipalityAccess
    municipality: Municipality

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        area = area_for_user(self.access, kwargs["pk"])
        return Response(build_fact_sheet(area).as_dict())
