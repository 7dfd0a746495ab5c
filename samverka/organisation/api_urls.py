"""Routes of /api/v1/: the municipalities, and every resource nested under one of them."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from rest_framework.viewsets import ViewSetMixin

from samverka.areas.api import AreaViewSet
from samverka.organisation import api

LIST: dict[str, Any] = {"get": "list", "post": "create"}
DETAIL: dict[str, Any] = {
    "get": "retrieve",
    "put": "update",
    "patch": "partial_update",
    "delete": "destroy",
}
READ_ONLY: dict[str, Any] = {"get": "list"}
MUNICIPALITY_DETAIL: dict[str, Any] = {"get": "retrieve", "patch": "partial_update"}
NESTED = "municipalities/<slug:municipality_slug>/"


def resource(prefix: str, viewset: type[ViewSetMixin], name: str) -> list[URLPattern]:
    """List/create and retrieve/update/delete routes for one resource of a municipality."""
    return [
        path(f"{NESTED}{prefix}/", viewset.as_view(LIST), name=f"api-{name}-list"),
        path(f"{NESTED}{prefix}/<int:pk>/", viewset.as_view(DETAIL), name=f"api-{name}-detail"),
    ]


urlpatterns = [
    path(
        "municipalities/",
        api.MunicipalityViewSet.as_view(READ_ONLY),
        name="api-municipality-list",
    ),
    path(
        "municipalities/<slug:slug>/",
        api.MunicipalityViewSet.as_view(MUNICIPALITY_DETAIL),
        name="api-municipality-detail",
    ),
    *resource("areas", AreaViewSet, "area"),
    *resource("organisations", api.OrganisationViewSet, "organisation"),
    *resource("groups", api.GroupViewSet, "group"),
    *resource("people", api.PersonViewSet, "person"),
    *resource("memberships", api.MembershipViewSet, "membership"),
    *resource("documents", api.GoverningDocumentViewSet, "document"),
    *resource("specialist-functions", api.SpecialistFunctionViewSet, "specialist-function"),
    path(
        f"{NESTED}setup-answers/",
        api.SetupAnswerViewSet.as_view(LIST),
        name="api-setup-answer-list",
    ),
    path(f"{NESTED}health/", api.HealthViewSet.as_view(READ_ONLY), name="api-health"),
]
