"""Pages for the municipality's named places (squares, terminals, tunnels, recycling stations):
the list with its exports and GeoJSON, one place, and the coordinators' create, edit, delete.

Built as the area pages are: readable by everyone with a role in the municipality, written by
coordinators, every write through ``samverka.areas.services`` (validated and audited)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.areas import selectors, services
from samverka.areas.access import place_for_user
from samverka.areas.forms import PlaceFilterForm, PlaceForm, place_initial
from samverka.areas.models import Area, Place
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none


def _filtered(request: HttpRequest, m: Municipality) -> tuple[PlaceFilterForm, list[Place]]:
    form = PlaceFilterForm(request.GET or None, municipality=m)
    kind: str | None = None
    area: Area | None = None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"] or None
        area = form.cleaned_data["area"]
    return form, selectors.places_for(m, kind=kind, area=area)


@require_GET
def place_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    form, places = _filtered(request, m)
    return render(
        request,
        "areas/place_list.html",
        {
            "municipality": m,
            "nav": "areas",
            "is_coordinator": access.is_coordinator,
            "filter_form": form,
            "rows": [(p, selectors.position_of(p)) for p in places],
            "query": request.GET.urlencode(),
        },
        # An invalid filter (an area of another municipality) is shown on the form, not a 500.
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def place_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    _form, places = _filtered(request, m)
    headers = [
        _("Namn"),
        _("Typ av plats"),
        _("Område"),
        _("Beskrivning"),
        _("Geometrityp"),
        _("Latitud"),
        _("Longitud"),
        _("Antal punkter"),
        _("Styrande dokument"),
    ]
    rows = []
    for place in places:
        position = selectors.position_of(place)
        rows.append(
            [
                place.name,
                place.get_kind_display(),
                place.area.name if place.area else "",
                place.description,
                position.kind if position else "",
                position.latitude if position else None,
                position.longitude if position else None,
                position.count if position else None,
                place.document_count,  # type: ignore[attr-defined]
            ]
        )
    return table_response(
        fmt, filename=_("Platser %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_GET
def place_geojson(request: HttpRequest, municipality: str) -> HttpResponse:
    """The places with a position as one RFC 7946 FeatureCollection (WGS84, longitude first);
    ``?plats=<id>`` gives just that place, the list's filter (kind, area) a part."""
    access = access_of(request)
    m = access.municipality
    filename = f"platser-{slugify(m.name)}" if slugify(m.name) else "platser"
    if request.GET.get("plats"):
        place = place_for_user(access, request.GET["plats"])
        places = [place]
        filename = slugify(place.name) or "plats"
    else:
        _form, places = _filtered(request, m)
    response = HttpResponse(
        json.dumps(selectors.places_geojson(places), ensure_ascii=False),
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.geojson"'
    return response


@require_GET
def place_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    place = place_for_user(access, pk)
    return render(
        request,
        "areas/place_detail.html",
        {
            "municipality": m,
            "nav": "areas",
            "place": place,
            "position": selectors.position_of(place),
            "svg": selectors.place_svg(place.geometry),
            "documents": place.governing_documents.order_by("title"),
            "is_coordinator": access.is_coordinator,
        },
    )


def _form_page(
    request: HttpRequest, m: Municipality, form: PlaceForm, place: Place | None, status: int
) -> HttpResponse:
    return render(
        request,
        "areas/place_form.html",
        {"municipality": m, "nav": "areas", "form": form, "place": place, "is_coordinator": True},
        status=status,
    )


def _detail_url(m: Municipality, place: Place) -> str:
    return reverse("areas:place_detail", kwargs={"municipality": m.slug, "pk": place.pk})


@require_http_methods(["GET", "POST"])
def place_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    if request.method != "POST":
        initial = {"area": request.GET["area"]} if request.GET.get("area") else None
        return _form_page(request, m, PlaceForm(municipality=m, initial=initial), None, 200)
    form = PlaceForm(request.POST, municipality=m)
    done = saved_or_none(
        request,
        form,
        lambda: services.place_create(municipality=m, user=request.user, **form.service_data()),
        message=lambda place: _("%(name)s är tillagd.") % {"name": place},
        to=lambda place: _detail_url(m, place),
    )
    return done or _form_page(request, m, form, None, 400)


@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    place = place_for_user(access, pk)
    if request.method != "POST":
        form = PlaceForm(municipality=m, instance=place, initial=place_initial(place))
        return _form_page(request, m, form, place, 200)
    form = PlaceForm(request.POST, municipality=m, instance=place)
    done = saved_or_none(
        request,
        form,
        lambda: services.place_update(place=place, user=request.user, **form.service_data()),
        message=lambda _result: _("Ändringarna är sparade."),
        to=lambda _result: _detail_url(m, place),
        refresh=place,
    )
    return done or _form_page(request, m, form, place, 400)


@require_http_methods(["GET", "POST"])
def place_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    place = place_for_user(access, pk)
    return delete_page(
        request,
        delete=lambda: services.place_delete(place=place, user=request.user),
        message=_("%(name)s är borttagen.") % {"name": place},
        to=reverse("areas:place_list", kwargs={"municipality": m.slug}),
        template="areas/place_confirm_delete.html",
        context={
            "municipality": m,
            "nav": "areas",
            "place": place,
            "documents": place.governing_documents.order_by("title"),
            "is_coordinator": True,
        },
    )
