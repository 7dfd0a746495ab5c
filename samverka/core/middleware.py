"""Refuse a NUL byte in a request's path or query string before it can reach the database.

PostgreSQL cannot compare or store a NUL character in text ("A string literal cannot contain NUL
(0x00) characters"), so ``?kategori=%00`` on a list page was a 500. Query strings reach filters,
lookups and ``get()`` calls in dozens of places (pages and API alike); one check at the door
covers all of them, today's and tomorrow's, on every database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def has_nul(request: HttpRequest) -> bool:
    """Whether the path or the query string (keys or values) holds a NUL.

    Bodies are left to the forms and serializers: their character fields already refuse a NUL
    with a message on the field itself ("Null-tecken är inte tillåtna."), which is more helpful
    than one refusal of the whole request.
    """
    if NUL in request.path_info:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class RefuseNulBytesMiddleware:
    """A Swedish 400 (JSON under /api/) for a NUL byte in the path or the query string."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        message = _("Förfrågan innehåller ett otillåtet tecken (NUL). Ta bort det och försök igen.")
        if _wants_json(request):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
