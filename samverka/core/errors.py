"""The error pages: Swedish, in the site's look, and rendered without the database.

With the database down every page ends here (the session, the user and the access layer all need
it), so ``server_error`` renders ``500.html`` without a request context: no context processor
runs, nothing asks for the user, the page needs only the template and the stylesheet's address.
The other handlers do the same, so an error page never fails for the reason it is shown.
Under ``/api/`` the answer is JSON, as every other API answer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _page(template: str, status: int) -> HttpResponse:
    return HttpResponse(loader.get_template(template).render(), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Felaktig begäran.")}, status=400)
    return _page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Du har inte behörighet till detta.")}, status=403)
    return _page("403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Sidan finns inte.")}, status=404)
    return _page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Ett fel uppstod på servern.")}, status=500)
    return _page("500.html", 500)
