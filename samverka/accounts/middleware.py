from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless its view is marked ``@login_not_required``.

    The API answers for itself (401/403 as JSON) instead of redirecting to the login page.
    """

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
