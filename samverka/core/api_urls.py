from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

# The schema and its docs describe every endpoint, parameter and field of the municipalities'
# data: for signed-in users only. The schema answers 401/403 as JSON like the rest of the API;
# the docs, a page for people, send an anonymous visitor to the login page.
urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="api-schema",
    ),
    path(
        "docs/",
        login_required(
            SpectacularSwaggerView.as_view(
                url_name="api-schema", permission_classes=[IsAuthenticated]
            )
        ),
        name="api-docs",
    ),
    path("v1/", include("samverka.core.api_v1_urls")),
]
