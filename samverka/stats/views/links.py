"""Linking one of the municipality's areas to the geographies its public statistics are for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverka.accounts.access import access_of
from samverka.areas.access import area_for_user
from samverka.core.forms import add_service_errors
from samverka.stats.forms import AreaGeographyForm
from samverka.stats.models import AreaGeography
from samverka.stats.services import area_geography_set


@require_http_methods(["GET", "POST"])
def area_link(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    area = area_for_user(access, pk)
    link = AreaGeography.objects.filter(area=area).first()
    initial = {
        "geography": link.geography_id if link else None,
        "survey_geography": link.survey_geography_id if link else None,
    }
    status = 200
    if request.method == "POST":
        form = AreaGeographyForm(request.POST)
        if form.is_valid():
            try:
                area_geography_set(
                    area=area,
                    geography=form.cleaned_data["geography"],
                    survey_geography=form.cleaned_data["survey_geography"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Statistikkopplingen för %(area)s är sparad.") % {"area": area}
                )
                return redirect("stats:index", municipality=m.slug)
        status = 400
    else:
        form = AreaGeographyForm(initial=initial)
    return render(
        request,
        "stats/area_link.html",
        {"municipality": m, "nav": "stats", "area": area, "form": form},
        status=status,
    )
