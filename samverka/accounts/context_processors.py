from django.http import HttpRequest

from samverka.accounts.access import municipalities_for_user


def tenancy(request: HttpRequest) -> dict[str, object]:
    """The municipalities the user may switch between (for the navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_municipalities": municipalities_for_user(user)}
