"""API routes of the process app: plans (see api_urls.py)."""

from django.urls import URLPattern, URLResolver, path

from samverka.process.api import plans as api

M = "municipalities/<slug:municipality_slug>/"
PLANS = f"{M}action-plans/"
MEASURES = f"{M}measures/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(PLANS, api.PlanListView.as_view(), name="api-process-plan-list"),
    path(f"{PLANS}<int:pk>/", api.PlanDetailView.as_view(), name="api-process-plan-detail"),
    path(f"{PLANS}<int:pk>/adopt/", api.PlanAdoptView.as_view(), name="api-process-plan-adopt"),
    path(
        f"{PLANS}<int:pk>/versions/<int:number>/",
        api.PlanVersionView.as_view(),
        name="api-process-plan-version",
    ),
    path(
        f"{PLANS}<int:pk>/measures/",
        api.MeasureListView.as_view(),
        name="api-process-measure-list",
    ),
    path(f"{MEASURES}overdue/", api.OverdueView.as_view(), name="api-process-followups-overdue"),
    path(
        f"{MEASURES}<int:pk>/", api.MeasureDetailView.as_view(), name="api-process-measure-detail"
    ),
    path(
        f"{MEASURES}<int:pk>/adopt/",
        api.MeasureAdoptView.as_view(),
        name="api-process-measure-adopt",
    ),
    path(
        f"{MEASURES}<int:pk>/activities/",
        api.ActivityListView.as_view(),
        name="api-process-activity-list",
    ),
    path(
        f"{MEASURES}<int:pk>/activities/<int:activity_pk>/",
        api.ActivityDetailView.as_view(),
        name="api-process-activity-detail",
    ),
    path(
        f"{MEASURES}<int:pk>/follow-ups/",
        api.FollowUpListView.as_view(),
        name="api-process-followup-list",
    ),
    path(
        f"{MEASURES}<int:pk>/follow-ups/<int:followup_pk>/",
        api.FollowUpDetailView.as_view(),
        name="api-process-followup-detail",
    ),
]
