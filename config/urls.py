from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samverka.core.urls")),
    path("konto/", include("samverka.accounts.urls")),
    path("konto/webauthn/", include("samverka.accounts.webauthn")),
    path("k/<slug:municipality>/", include("samverka.areas.urls")),
    path("k/<slug:municipality>/", include("samverka.accounts.municipality_urls")),
    path("k/<slug:municipality>/", include("samverka.organisation.urls")),
    path("k/<slug:municipality>/moten/", include("samverka.meetings.urls")),
    path("k/<slug:municipality>/handelser/", include("samverka.incidents.urls")),
    path("k/<slug:municipality>/lagesbild/", include("samverka.situation.urls")),
    path("k/<slug:municipality>/statistik/", include("samverka.stats.urls")),
    path("k/<slug:municipality>/rapporter/", include("samverka.reports.urls")),
    path("k/<slug:municipality>/sspf/", include("samverka.sspf.urls")),
    path("api/", include("samverka.core.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
