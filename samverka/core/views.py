from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from samverka.accounts.access import municipalities_for_user


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Start: straight to the user's municipality when there is only one."""
    municipalities = list(municipalities_for_user(request.user))
    if len(municipalities) == 1:
        return redirect("organisation:municipality", municipality=municipalities[0].slug)
    return render(request, "core/home.html", {"municipalities": municipalities})


@login_not_required
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
