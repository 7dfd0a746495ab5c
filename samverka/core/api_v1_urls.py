from django.urls import include, path

# Each app contributes its own API routes; a later app (meetings, situation …) adds a line here.
urlpatterns = [
    path("", include("samverka.organisation.api_urls")),
]
