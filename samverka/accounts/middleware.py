from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from samverka.accounts.access import Access


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless its view is marked ``@login_not_required``.

    The API answers for itself (401/403 as JSON) instead of redirecting to the login page.
    """

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class AccessMiddleware:
    """Puts ``request.access`` on every page under ``/k/<municipality>/``, resolved once.

    Lazily: the role is looked up when the view first asks, after its decorators, so that a
    wrong method still answers 405 and a user without a role in the municipality 404, exactly as
    when every view looked the municipality up itself. Public pages (``@login_not_required``)
    and the API (``MunicipalityAccess``) resolve their own.
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        slug = view_kwargs.get("municipality")
        if not isinstance(slug, str) or request.path.startswith("/api/"):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        request.access = SimpleLazyObject(lambda: Access.for_slug(user, slug))  # type: ignore[attr-defined]
        return None
