"""The incidents part of the built-in Angered example (registered in ``IncidentsConfig``).

For the primärområden of the example (examples/angered.yaml has approximate centroids only):

- approximate boundaries: Voronoi cells around the centroids, clipped to a box around
  them, marked in each area's description as approximate and made for the example; the box
  becomes the boundary of the district Angered;
- a reporting roster from the example's actors: the local police, a housing company, social
  services and schools for every area, public transport where the tram stops;
- three years of synthetic incidents (``samverka.incidents.synthetic``, seed 4), with hotspots
  at fixed places and one surge: 3 × vandalism and fires in Hammarkullen during the two ISO
  weeks that ended two weeks before the load (``surge_weeks``);
- "nothing to report" for most weeks in which a roster actor had nothing, so the coverage
  page shows all three states.
See examples/incidents/README.md.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.core.progress import Progress
from samverka.incidents.models import Incident, NothingToReport, RosterEntry, Source
from samverka.incidents.services.taxonomy import ensure_taxonomy
from samverka.incidents.synthetic import Hotspot, Surge, generate
from samverka.lib.dates import week_code
from samverka.organisation.models import Organisation

DISTRICT = "Angered"
SEED = 4
INCIDENTS = 24_000
MARGIN_M = 1500.0
APPROXIMATE = (
    "Gränsen är ungefärlig och gjord för exemplet: en Voronoi-cell kring mittpunkten, "
    "avgränsad av en ruta runt stadsdelen."
)
SURGE_AREA = "Hammarkullen"
# (area, latitude, longitude, share): fixed places near the areas' centres.
HOTSPOTS = [
    ("Angereds Centrum", 57.7968, 12.0496, 0.03),
    ("Hjällbo", 57.7702, 12.0221, 0.025),
    ("Hammarkullen", 57.7812, 12.0372, 0.02),
    ("Lövgärdet", 57.7849, 12.0788, 0.015),
]
POLICE = "Lokalpolisområde Nordöstra Göteborg"
SOCIAL = "Socialförvaltningen Nordost"
SCHOOLS = "Grundskoleförvaltningen"
TRANSIT = "Västtrafik"
HOUSING_NORTH = "Bostadsbolag Norr (påhittat namn)"
HOUSING_EAST = "Bostadsbolag Öster (påhittat namn)"
NORTH = {"Gårdstensberget", "Rannebergen", "Linnarhult", "Angereds Centrum", "Eriksbo", "Gunnilse"}
TRAM = {"Angereds Centrum", "Hjällbo", "Hammarkullen"}
QUIET_REPORTED_SHARE = 0.7  # of the quiet weeks, how many got an explicit "nothing to report"


def surge_weeks(today: date) -> tuple[str, str]:
    """The ISO weeks of the planted surge: the two weeks ending two weeks before ``today``'s."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=4)
    return week_code(first), week_code(first + timedelta(weeks=1))


def _local_xy(lat0: float) -> tuple[float, float]:
    """Metres per degree of longitude and latitude around ``lat0``."""
    return 111_320.0 * math.cos(math.radians(lat0)), 111_320.0


def _clip(polygon: list[tuple[float, float]], a: tuple[float, float], b: tuple[float, float]):  # type: ignore[no-untyped-def]
    """The part of a convex polygon nearer to ``a`` than to ``b`` (Sutherland–Hodgman)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def inside(p: tuple[float, float]) -> bool:
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    def cross(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
        dp = (p[0] - mx) * nx + (p[1] - my) * ny
        dq = (q[0] - mx) * nx + (q[1] - my) * ny
        t = dp / (dp - dq)
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))

    result = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        if inside(current):
            if not inside(previous):
                result.append(cross(previous, current))
            result.append(current)
        elif inside(previous):
            result.append(cross(previous, current))
    return result


def voronoi_cells(
    centres: dict[str, tuple[float, float]], margin_m: float = MARGIN_M
) -> tuple[dict[str, dict], dict]:  # type: ignore[type-arg]
    """GeoJSON polygons (WGS84) of the Voronoi cells around ``centres`` (lat, lon), clipped to
    their bounding box grown by ``margin_m``; and that box."""
    lat0 = sum(lat for lat, _lon in centres.values()) / len(centres)
    kx, ky = _local_xy(lat0)
    points = {name: (lon * kx, lat * ky) for name, (lat, lon) in centres.items()}
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    box = [
        (min(xs) - margin_m, min(ys) - margin_m),
        (max(xs) + margin_m, min(ys) - margin_m),
        (max(xs) + margin_m, max(ys) + margin_m),
        (min(xs) - margin_m, max(ys) + margin_m),
    ]

    def geojson(polygon: list[tuple[float, float]]) -> dict:  # type: ignore[type-arg]
        ring = [[round(x / kx, 6), round(y / ky, 6)] for x, y in polygon]
        return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}

    cells = {}
    for name, point in points.items():
        cell = list(box)
        for other, other_point in points.items():
            if other != name and cell:
                cell = _clip(cell, point, other_point)
        cells[name] = geojson(cell)
    return cells, geojson(box)


def _roster(municipality: Municipality, areas: list[Area]) -> int:
    orgs = {o.name: o for o in Organisation.objects.filter(municipality=municipality)}
    created = 0
    for area in areas:
        names = [POLICE, SOCIAL, SCHOOLS, HOUSING_NORTH if area.name in NORTH else HOUSING_EAST]
        if area.name in TRAM:
            names.append(TRANSIT)
        for name in names:
            org = orgs.get(name)
            if org is not None:
                _entry, new = RosterEntry.objects.get_or_create(
                    municipality=municipality, area=area, organisation=org
                )
                created += int(new)
    return created


def _nothing_to_report(municipality: Municipality, areas: list[Area], today: date) -> int:
    """Explicit quiet weeks for most (not all) weeks a roster actor reported nothing."""
    rng = np.random.default_rng(SEED)
    reported: set[tuple[int, int, str]] = set()
    for area_id, org_id, when in Incident.objects.filter(
        municipality=municipality, organisation__isnull=False
    ).values_list("area_id", "organisation_id", "occurred_at"):
        reported.add((area_id, org_id, week_code(timezone.localtime(when).date())))
    first = today - timedelta(weeks=26)  # the last half year is enough for the rounds page
    weeks = [week_code(first + timedelta(weeks=i)) for i in range(26)]
    rows = []
    for entry in RosterEntry.objects.filter(municipality=municipality, area__in=areas):
        for week in weeks:
            key = (entry.area_id, entry.organisation_id, week)
            if key not in reported and rng.random() < QUIET_REPORTED_SHARE:
                rows.append(
                    NothingToReport(
                        municipality=municipality,
                        area_id=entry.area_id,
                        organisation_id=entry.organisation_id,
                        week=week,
                    )
                )
    NothingToReport.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def load_example(municipality: Municipality, progress: Progress) -> str:
    """The incidents of the Angered example (see the module docstring); a no-op elsewhere or
    when the municipality already has synthetic incidents."""
    district = Area.objects.filter(municipality=municipality, name=DISTRICT).first()
    if district is None:
        return ""
    ensure_taxonomy(municipality)
    if Incident.objects.filter(municipality=municipality, source=Source.SYNTHETIC).exists():
        return "Händelser: exemplet finns redan."
    areas = list(
        Area.objects.filter(
            municipality=municipality,
            parent=district,
            kind=AreaKind.PRIMARY_AREA,
            centroid_lat__isnull=False,
            centroid_lon__isnull=False,
        ).order_by("name")
    )
    if not areas:
        return ""
    cells, box = voronoi_cells({a.name: (a.centroid_lat, a.centroid_lon) for a in areas})  # type: ignore[misc]
    for area in areas:
        if not area.boundary:
            area.boundary = cells[area.name]
            if APPROXIMATE not in area.description:
                area.description = f"{area.description}\n\n{APPROXIMATE}".strip()
            area.save(update_fields=["boundary", "description"])
    if not district.boundary:
        district.boundary = box
        district.save(update_fields=["boundary"])
    roster = _roster(municipality, areas)
    by_name = {a.name: a for a in areas}
    today = timezone.localdate()
    first_week, _second = surge_weeks(today)
    surge_start = date.fromisocalendar(int(first_week[:4]), int(first_week[6:]), 1)
    surge = (
        Surge(by_name[SURGE_AREA].pk, surge_start, surge_start + timedelta(weeks=2))
        if SURGE_AREA in by_name
        else None
    )
    hotspots = [
        Hotspot(by_name[name].pk, lat, lon, share)
        for name, lat, lon, share in HOTSPOTS
        if name in by_name
    ]
    weights = {a.pk: 1.0 for a in areas}
    for name in TRAM:  # the centres see more
        if name in by_name:
            weights[by_name[name].pk] = 1.6
    generated = generate(
        municipality,
        INCIDENTS,
        SEED,
        end=today,
        hotspots=hotspots,
        surge=surge,
        area_weights=weights,
        progress=progress,
    )
    quiet = _nothing_to_report(municipality, areas, today)
    return (
        f"Händelser: {generated.rows} syntetiska rapporter i {len(areas)} primärområden, "
        f"{roster} rader på rapporteringslistan, {quiet} ”inget att rapportera”."
    )
