"""Routes of /api/v1/ for SSPF (see samverka.core.api_v1_urls)."""

from django.urls import URLPattern, path

from samverka.sspf import api

NESTED = "municipalities/<slug:municipality_slug>/sspf/"

urlpatterns: list[URLPattern] = [
    path(f"{NESTED}cases/", api.CaseListView.as_view(), name="api-sspf-case-list"),
    path(f"{NESTED}cases/<int:pk>/", api.CaseDetailView.as_view(), name="api-sspf-case-detail"),
    path(
        f"{NESTED}cases/<int:pk>/persons/",
        api.PersonListView.as_view(),
        name="api-sspf-person-list",
    ),
    path(
        f"{NESTED}cases/<int:pk>/actions/",
        api.ActionListView.as_view(),
        name="api-sspf-action-list",
    ),
    path(
        f"{NESTED}cases/<int:pk>/follow-ups/",
        api.FollowUpListView.as_view(),
        name="api-sspf-follow-up-list",
    ),
    path(f"{NESTED}counts/", api.CountsView.as_view(), name="api-sspf-counts"),
]
