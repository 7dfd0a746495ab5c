from django.contrib import admin
from django.urls import include, path

from samverka.core import health_views, metrics
from samverka.core.extensions import page_url_modules

urlpatterns = [
    # Operations (docs/operations.md): liveness, readiness and the Prometheus figures.
    path("health/live", health_views.live, name="health-live"),
    path("health/ready", health_views.ready, name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("", include("samverka.core.urls")),
    path("konto/", include("samverka.accounts.urls")),
    path("konto/webauthn/", include("samverka.accounts.webauthn")),
    path("k/<slug:municipality>/", include("samverka.areas.urls")),
    path("k/<slug:municipality>/", include("samverka.accounts.municipality_urls")),
    path("k/<slug:municipality>/", include("samverka.organisation.urls")),
    # The pages of every later app (meetings, incidents, situation, stats, reports, sspf,
    # process …), each registered from its AppConfig.ready() (samverka.core.extensions).
    *(
        path(f"k/<slug:municipality>/{module.prefix}", include(module.module))
        for module in page_url_modules()
    ),
    # A new municipality and its invitation (samverka.onboarding): outside any municipality.
    path("", include("samverka.onboarding.urls")),
    # The platform administrator's page of the background work (samverka.background).
    path("", include("samverka.background.urls")),
    path("api/", include("samverka.core.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# JSON for an unknown URL under /api/ (as the schema documents), a Swedish page elsewhere.
handler404 = "samverka.core.errors.page_not_found"
# Swedish error pages that render without the database (samverka/core/errors.py): with the
# database down, every page ends in handler500.
handler400 = "samverka.core.errors.bad_request"
handler403 = "samverka.core.errors.permission_denied"
handler500 = "samverka.core.errors.server_error"
