"""Pages of the knowledge-based process under /k/<municipality>/arbete/.

Each part of the process keeps its own routes in ``urls_<part>.py``; they share the ``process``
namespace."""

from django.urls import include, path

app_name = "process"

urlpatterns = [
    path("", include("samverka.process.urls_overview")),
    path("problem/", include("samverka.process.urls_problems")),
    path("mal/", include("samverka.process.urls_goals")),
    path("atgardsplaner/", include("samverka.process.urls_plans")),
    path("utvardering/", include("samverka.process.urls_evaluations")),
    path("medborgarloften/", include("samverka.process.urls_promises")),
]
