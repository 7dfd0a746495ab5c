from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
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
        # Swagger UI's page holds a <style> element: 'unsafe-inline' styles on this one view
        # only; its script comes from our own origin (the split view serves it as a file).
        csp_update({"style-src": [UNSAFE_INLINE]})(
            login_required(
                SpectacularSwaggerSplitView.as_view(
                    url_name="api-schema", permission_classes=[IsAuthenticated]
                )
            )
        ),
        name="api-docs",
    ),
    path("v1/", include("samverka.core.api_v1_urls")),
]
