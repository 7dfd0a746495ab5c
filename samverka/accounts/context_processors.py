from django.http import HttpRequest

from samverka.accounts.access import municipalities_for_user


def tenancy(request: HttpRequest) -> dict[str, object]:
    """The municipalities the user may switch between (for the navigation).

    A callable, which the template calls only when it uses the list: a page that does not (an
    error page among them) asks the database nothing here, not even for the user."""

    def user_municipalities() -> object:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return municipalities_for_user(user)

    return {"user_municipalities": user_municipalities}
