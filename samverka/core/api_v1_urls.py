from django.urls import include, path

from samverka.core.extensions import api_url_modules

# The organisation's routes, then those every later app registers from its AppConfig.ready()
# (samverka.core.extensions.register_api_urls).
urlpatterns = [
    path("", include("samverka.organisation.api_urls")),
    *(path("", include(module.module)) for module in api_url_modules()),
]
