"""Pages for the municipality's areas: the tree, one area with its population and boundary,
and the boundaries as GeoJSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import (
    access_of,
)
from samverka.accounts.models import Municipality
from samverka.areas import services
from samverka.areas.access import area_for_user
from samverka.areas.forms import AreaForm, PopulationForm, area_initial, descendant_ids
from samverka.areas.models import Area, AreaPopulation
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation.models import Group

SVG_BOX = 320.0  # the outline is drawn inside a square of this many user units
SVG_PAD = 8.0


@dataclass
class AreaNode:
    area: Area
    depth: int
    population: AreaPopulation | None = None
    group_count: int = 0
    children: list[AreaNode] = field(default_factory=list)


def area_tree(municipality: Municipality) -> list[AreaNode]:
    """Every area in tree order (parents before children, siblings by name) with its depth,
    latest population and the number of groups active in it or below it. A fixed number of
    queries, however many areas there are."""
    areas = list(Area.objects.filter(municipality=municipality).order_by("name"))
    latest: dict[int, AreaPopulation] = {}
    for row in AreaPopulation.objects.filter(area__municipality=municipality).order_by("year"):
        latest[row.area_id] = row  # ordered by year, so the last one wins
    direct = dict(
        Group.objects.filter(municipality=municipality, area__isnull=False)
        .values_list("area")
        .annotate(n=Count("pk"))
        .values_list("area", "n")
    )
    nodes = {a.pk: AreaNode(area=a, depth=0, population=latest.get(a.pk)) for a in areas}
    roots: list[AreaNode] = []
    for a in areas:
        parent = nodes.get(a.parent_id) if a.parent_id else None
        (parent.children if parent is not None else roots).append(nodes[a.pk])

    ordered: list[AreaNode] = []
    seen: set[int] = set()

    def walk(node: AreaNode, depth: int) -> int:
        if node.area.pk in seen:
            return 0
        seen.add(node.area.pk)
        node.depth = depth
        ordered.append(node)
        total = direct.get(node.area.pk, 0)
        for child in node.children:
            total += walk(child, depth + 1)
        node.group_count = total
        return total

    for root in roots:
        walk(root, 0)
    # Areas caught in a parent cycle (only possible through bad imports) still get listed.
    for a in areas:
        if a.pk not in seen:
            walk(nodes[a.pk], 0)
    return ordered


def boundary_svg(geometry: dict[str, Any] | None) -> dict[str, str] | None:
    """An SVG path of a WGS84 Polygon/MultiPolygon in a square box.

    Equirectangular: longitude is shrunk by cos(mid-latitude) so that a Swedish area keeps its
    shape; good enough for an outline, and no map tiles are fetched."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    points = [pt for poly in polygons for ring in poly for pt in ring]
    if not points:
        return None
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = (max(lons) - min(lons)) * scale_x or 1e-9
    height = (max(lats) - min(lats)) or 1e-9
    scale = (SVG_BOX - 2 * SVG_PAD) / max(width, height)
    box_w = width * scale + 2 * SVG_PAD
    box_h = height * scale + 2 * SVG_PAD

    def xy(pt: list[float]) -> str:
        x = SVG_PAD + (float(pt[0]) - min(lons)) * scale_x * scale
        y = SVG_PAD + (max(lats) - float(pt[1])) * scale
        return f"{x:.1f},{y:.1f}"

    path = " ".join(
        "M" + " L".join(xy(pt) for pt in ring) + " Z" for poly in polygons for ring in poly if ring
    )
    return {"path": path, "view_box": f"0 0 {box_w:.1f} {box_h:.1f}"}


def _feature(area: Area, population: AreaPopulation | None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": area.pk,
        "geometry": area.boundary,
        "properties": {
            "id": area.pk,
            "name": area.name,
            "kind": area.kind,
            "scb_code": area.scb_code,
            "deso_code": area.deso_code,
            "regso_code": area.regso_code,
            "local_code": area.local_code,
            "parent_id": area.parent_id,
            "population": population.population if population else None,
            "population_year": population.year if population else None,
        },
    }


@require_GET
def area_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    return render(
        request,
        "areas/area_list.html",
        {
            "municipality": m,
            "nav": "areas",
            "nodes": area_tree(m),
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def area_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    nodes = area_tree(m)
    names = {n.area.pk: n.area.name for n in nodes}
    headers = [
        _("Namn"),
        _("Nivå"),
        _("Typ"),
        _("Ingår i"),
        _("Kommunkod (SCB)"),
        _("DeSO-kod"),
        _("RegSO-kod"),
        _("Kommunens egen kod"),
        _("Folkmängd"),
        _("År"),
        _("Grupper"),
        _("Mittpunkt, latitud"),
        _("Mittpunkt, longitud"),
        _("Har gräns"),
    ]
    rows = [
        [
            n.area.name,
            n.depth + 1,
            n.area.get_kind_display(),
            names.get(n.area.parent_id, "") if n.area.parent_id else "",
            n.area.scb_code,
            n.area.deso_code,
            n.area.regso_code,
            n.area.local_code,
            n.population.population if n.population else None,
            n.population.year if n.population else None,
            n.group_count,
            n.area.centroid_lat,
            n.area.centroid_lon,
            bool(n.area.boundary),
        ]
        for n in nodes
    ]
    return table_response(
        fmt, filename=_("Områden %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_GET
def area_geojson(request: HttpRequest, municipality: str) -> HttpResponse:
    """All boundaries as one FeatureCollection; ``?area=<id>`` gives just that area's."""
    access = access_of(request)
    m = access.municipality
    areas = Area.objects.filter(municipality=m, boundary__isnull=False).order_by("name")
    filename = slugify(m.name) or "omraden"
    if request.GET.get("area"):
        area = area_for_user(access, request.GET["area"])
        areas = areas.filter(pk=area.pk)
        filename = slugify(area.name) or "omrade"
    latest: dict[int, AreaPopulation] = {}
    for row in AreaPopulation.objects.filter(area__municipality=m).order_by("year"):
        latest[row.area_id] = row
    collection = {
        "type": "FeatureCollection",
        "features": [_feature(a, latest.get(a.pk)) for a in areas if a.boundary],
    }
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.geojson"'
    return response


def _detail_page(
    request: HttpRequest,
    m: Municipality,
    area: Area,
    population_form: PopulationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    below = descendant_ids(area)
    groups = (
        Group.objects.filter(municipality=m, area_id__in={area.pk, *below})
        .select_related("area")
        .order_by("name")
    )
    return render(
        request,
        "areas/area_detail.html",
        {
            "municipality": m,
            "nav": "areas",
            "area": area,
            "ancestors": area.ancestors(),
            "children": area.children.order_by("name"),
            "populations": area.populations.order_by("-year"),
            "groups": groups,
            "places": area.places.order_by("name"),
            "svg": boundary_svg(area.boundary),
            "population_form": population_form or PopulationForm(),
            "is_coordinator": access_of(request).is_coordinator,
        },
        status=status,
    )


@require_GET
def area_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    return _detail_page(request, m, area_for_user(access, pk))


def _service_errors(form: BaseForm, exc: ValidationError) -> None:
    # The service reports a bad boundary on "boundary"; the form's field is the upload.
    if hasattr(exc, "error_dict") and "boundary" in exc.error_dict:
        exc = ValidationError(
            {("boundary_file" if k == "boundary" else k): v for k, v in exc.error_dict.items()}
        )
    add_service_errors(form, exc)


def _form_page(
    request: HttpRequest, m: Municipality, form: AreaForm, area: Area | None, status: int
) -> HttpResponse:
    return render(
        request,
        "areas/area_form.html",
        {"municipality": m, "nav": "areas", "form": form, "area": area, "is_coordinator": True},
        status=status,
    )


def _detail_url(m: Municipality, area: Area) -> str:
    return reverse("areas:detail", kwargs={"municipality": m.slug, "pk": area.pk})


@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    if request.method != "POST":
        initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
        return _form_page(request, m, AreaForm(municipality=m, initial=initial), None, 200)
    form = AreaForm(request.POST, request.FILES, municipality=m)
    done = saved_or_none(
        request,
        form,
        lambda: services.area_create(municipality=m, user=request.user, **form.service_data()),
        message=lambda area: _("%(name)s är tillagt.") % {"name": area},
        to=lambda area: _detail_url(m, area),
        refused=_service_errors,
    )
    return done or _form_page(request, m, form, None, 400)


@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    area = area_for_user(access, pk)
    if request.method != "POST":
        form = AreaForm(municipality=m, instance=area, initial=area_initial(area))
        return _form_page(request, m, form, area, 200)
    form = AreaForm(request.POST, request.FILES, municipality=m, instance=area)
    done = saved_or_none(
        request,
        form,
        lambda: services.area_update(area=area, user=request.user, **form.service_data()),
        message=lambda _result: _("Ändringarna är sparade."),
        to=lambda _result: _detail_url(m, area),
        refused=_service_errors,
        refresh=area,
    )
    return done or _form_page(request, m, form, area, 400)


@require_http_methods(["GET", "POST"])
def area_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    area = area_for_user(access, pk)
    return delete_page(
        request,
        delete=lambda: services.area_delete(area=area, user=request.user),
        message=_("%(name)s är borttaget.") % {"name": area},
        to=reverse("areas:list", kwargs={"municipality": m.slug}),
        template="areas/area_confirm_delete.html",
        context={
            "municipality": m,
            "nav": "areas",
            "area": area,
            "children": area.children.order_by("name"),
            "groups": area.groups.order_by("name"),
            "places": area.places.order_by("name"),
            "is_coordinator": True,
        },
    )


@require_POST
def population_set(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    area = area_for_user(access, pk)
    form = PopulationForm(request.POST)
    done = saved_or_none(
        request,
        form,
        lambda: services.population_set(area=area, user=request.user, **form.cleaned_data),
        message=lambda row: (
            _("Folkmängden för %(year)s är sparad: %(n)s.")
            % {"year": row.year, "n": row.population}
        ),
        to=lambda _row: _detail_url(m, area),
    )
    return done or _detail_page(request, m, area, population_form=form, status=400)


@require_POST
def population_delete(request: HttpRequest, municipality: str, pk: int, year: int) -> HttpResponse:
    """Delete one year's figure; a POST from the button in the population table (the figure is
    easily typed in again, so no confirmation page)."""
    access = access_of(request).require_coordinator()
    m = access.municipality
    area = area_for_user(access, pk)
    if not area.populations.filter(year=year).exists():
        raise Http404("No population for that year")
    services.population_delete(area=area, year=year, user=request.user)
    messages.success(request, _("Folkmängden för %(year)s är borttagen.") % {"year": year})
    return redirect("areas:detail", municipality=m.slug, pk=area.pk)
