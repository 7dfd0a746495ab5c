from django.urls import include, path

from samverka.core.extensions import api_url_modules

# Each app contributes its own API routes; a later app (meetings, situation …) adds a line here.
urlpatterns = [
    path("", include("samverka.organisation.api_urls")),
    path("", include("samverka.meetings.api_urls")),
    path("", include("samverka.incidents.api_urls")),
    path("", include("samverka.situation.api_urls")),
    path("", include("samverka.stats.api_urls")),
    path("", include("samverka.reports.api_urls")),
    path("", include("samverka.sspf.api_urls")),
    # Routes of apps that register them (samverka.core.extensions).
    *(path("", include(module.module)) for module in api_url_modules()),
]
