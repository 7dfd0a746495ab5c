"""Synthetic incidents: realistic enough to exercise the lägesbild, deterministic from a seed.

``generate(municipality, n, seed)`` writes ``n`` incidents (``source=synthetic``) spread over
the municipality's smallest areas for three years up to ``end``:

- seasons: more in late spring and summer evenings and around New Year, fewer in February;
- weekdays: Friday and Saturday about 1.5 × a Tuesday;
- hours: a peak in the evening (18–01), few in the morning;
- categories: vandalism (klotter first) and unsafe places most often, serious violence rarely;
- places: points inside each area's boundary (or around its centroid), plus optional
  ``Hotspot``s — fixed coordinates that draw a share of the incidents within a few tens of
  metres — and an optional ``Surge`` that multiplies chosen categories in one area and period.

The same arguments give the same rows. Rows go in through ``COPY`` on PostgreSQL (a million in
well under a minute), ``bulk_create`` elsewhere, in chunks so memory stays flat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import Progress, no_progress
from samverka.incidents.imports.run import insert_rows, lock_references
from samverka.incidents.models import Category, ReviewStatus, RosterEntry, Setting, Source
from samverka.incidents.services.taxonomy import ensure_taxonomy
from samverka.lib.pointinpolygon import Locator

CHUNK = 50_000
POOL = 400  # candidate points per area
STOCKHOLM = ZoneInfo("Europe/Stockholm")
METRES_PER_DEGREE = 111_320.0

# (category code, subcategory code or None, relative frequency, setting, description)
MIX: list[tuple[str, str | None, float, str, str]] = [
    ("skadegorelse", "klotter", 18, Setting.OUTDOOR, "Klotter på fasad eller tunnel."),
    ("skadegorelse", "glaskross", 8, Setting.SEMI_PUBLIC, "Krossad ruta i entrédörr."),
    (
        "skadegorelse",
        "skadegorelse-brand",
        3,
        Setting.SEMI_PUBLIC,
        "Brand i papperskorg eller soprum.",
    ),
    (
        "otrygghetsskapande-samling",
        "samling-trapphus",
        6,
        Setting.SEMI_PUBLIC,
        "Grupp som uppehåller sig i trapphus.",
    ),
    ("otrygghetsskapande-samling", "samling-kallare", 2, Setting.INDOOR, "Samling i källarförråd."),
    (
        "otrygghetsskapande-samling",
        "samling-centrum",
        5,
        Setting.OUTDOOR,
        "Samling vid centrumets entré.",
    ),
    ("otrygghetsskapande-samling", "samling-garage", 2, Setting.SEMI_PUBLIC, "Samling i garage."),
    (
        "otrygghetsskapande-samling",
        "samling-utomhus",
        4,
        Setting.OUTDOOR,
        "Samling på lekplats kvällstid.",
    ),
    ("ordningsstorning", "brak", 4, Setting.OUTDOOR, "Högljutt bråk på gården."),
    ("ordningsstorning", "vald", 2, Setting.OUTDOOR, "Slagsmål vid hållplatsen."),
    ("ordningsstorning", "inbrott", 3, Setting.INDOOR, "Inbrott i förråd."),
    ("ordningsstorning", "ran", 1, Setting.OUTDOOR, "Rån vid gångväg."),
    (
        "ordningsstorning",
        "droghantering",
        3,
        Setting.OUTDOOR,
        "Misstänkt droghandel vid parkeringen.",
    ),
    (
        "ordningsstorning",
        "olovligt-boende",
        1,
        Setting.INDOOR,
        "Tecken på olovligt boende i lokal.",
    ),
    ("ordningsstorning", "olovlig-trafik", 3, Setting.OUTDOOR, "Mopedåkning på gångväg."),
    ("ordningsstorning", "vapen-stenhogar", 1, Setting.OUTDOOR, "Stenhög uppbyggd vid vägen."),
    ("otrygg-plats", "belysning", 5, Setting.OUTDOOR, "Trasig belysning på gångväg."),
    ("otrygg-plats", "insyn", 2, Setting.OUTDOOR, "Buskage skymmer sikten."),
    ("otrygg-plats", "nedskrapning", 6, Setting.OUTDOOR, "Nedskräpning och dumpat avfall."),
    ("otrygg-plats", "odslig-plats", 2, Setting.OUTDOOR, "Ödslig passage kvällstid."),
    ("brand", "anlagd-brand", 1.5, Setting.OUTDOOR, "Anlagd brand i buskage."),
    ("brand", "bilbrand", 1.5, Setting.OUTDOOR, "Brand i parkerad bil."),
    ("brand", "containerbrand", 2, Setting.OUTDOOR, "Brand i container."),
    ("allvarligt-vald", "skottlossning", 0.3, Setting.OUTDOOR, ""),
    ("allvarligt-vald", "explosion", 0.2, Setting.OUTDOOR, ""),
    ("ovrigt", None, 3, "", ""),
]
# Month 1–12, Monday–Sunday, hour 0–23: relative weights.
MONTHS = np.array([1.0, 0.75, 0.85, 0.95, 1.1, 1.2, 1.15, 1.1, 1.05, 1.0, 0.95, 1.1])
WEEKDAYS = np.array([0.9, 0.85, 0.9, 1.0, 1.3, 1.35, 1.05])
HOURS = np.array(
    [5, 4, 3, 2, 1, 1, 1, 1.5, 2, 2, 2.5, 3, 3, 3, 3.5, 4, 5, 6, 7, 8, 8.5, 8, 7, 6],
    dtype=float,
)


@dataclass(frozen=True)
class Hotspot:
    """A fixed place that draws ``share`` of all incidents, within ``radius_m`` metres."""

    area_id: int
    latitude: float
    longitude: float
    share: float = 0.03
    radius_m: float = 40.0


@dataclass(frozen=True)
class Surge:
    """``factor`` × the usual number of incidents of ``categories`` in one area, [start, end)."""

    area_id: int
    start: date
    end: date
    categories: tuple[str, ...] = ("skadegorelse", "brand")
    factor: float = 3.0


@dataclass
class Generated:
    rows: int = 0
    by_area: dict[int, int] = field(default_factory=dict)


def _leaf_areas(municipality: Municipality) -> list[Area]:
    areas = list(Area.objects.filter(municipality=municipality))
    parents = {a.parent_id for a in areas if a.parent_id}
    leaves = [a for a in areas if a.pk not in parents]
    return sorted(leaves or areas, key=lambda a: a.pk)


def _point_pool(area: Area, rng: np.random.Generator) -> np.ndarray:
    """Up to POOL points (lat, lon) inside the area's boundary, or around its centroid."""
    if area.boundary:
        locator = Locator([(area.pk, area.boundary)])
        ring = np.array([pt for part in _outer_rings(area.boundary) for pt in part], dtype=float)
        lon0, lat0 = ring.min(axis=0)
        lon1, lat1 = ring.max(axis=0)
        found: list[tuple[float, float]] = []
        for _attempt in range(40):
            lons = rng.uniform(lon0, lon1, POOL)
            lats = rng.uniform(lat0, lat1, POOL)
            found += [(la, lo) for la, lo in zip(lats, lons, strict=True) if locator.locate(lo, la)]
            if len(found) >= POOL:
                break
        if found:
            return np.array(found[:POOL])
    if area.centroid_lat is not None and area.centroid_lon is not None:
        spread = 400 / METRES_PER_DEGREE
        lats = area.centroid_lat + rng.normal(0, spread, POOL)
        lons = area.centroid_lon + rng.normal(
            0, spread / math.cos(math.radians(area.centroid_lat)), POOL
        )
        return np.column_stack([lats, lons])
    return np.empty((0, 2))


def _outer_rings(geometry: dict) -> list[list[list[float]]]:  # type: ignore[type-arg]
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"][0]]
    if kind == "MultiPolygon":
        return [p[0] for p in geometry["coordinates"]]
    return []


def _day_weights(days: list[date]) -> np.ndarray:
    weights = np.array([MONTHS[d.month - 1] * WEEKDAYS[d.weekday()] for d in days])
    for i, d in enumerate(days):  # New Year's fireworks and bonfires
        if (d.month, d.day) in ((12, 31), (1, 1)):
            weights[i] *= 3
    return weights / weights.sum()


def generate(
    municipality: Municipality,
    n: int,
    seed: int = 2026,
    *,
    end: date | None = None,
    years: int = 3,
    hotspots: list[Hotspot] | None = None,
    surge: Surge | None = None,
    area_weights: dict[int, float] | None = None,
    progress: Progress = no_progress,
) -> Generated:
    """Write ``n`` synthetic incidents (plus the surge's extra ones); see the module docstring."""
    ensure_taxonomy(municipality)
    rng = np.random.default_rng(seed)
    end = end or timezone.localdate()
    start = end - timedelta(days=365 * years)
    days = [start + timedelta(days=i) for i in range((end - start).days)]

    areas = _leaf_areas(municipality)
    if not areas:
        return Generated()
    pools = {a.pk: _point_pool(a, rng) for a in areas}
    weights = np.array([(area_weights or {}).get(a.pk, 1.0) for a in areas], dtype=float)
    weights /= weights.sum()

    codes = {c.code: c.pk for c in Category.objects.filter(municipality=municipality)}
    mix = [m for m in MIX if m[0] in codes and (m[1] is None or m[1] in codes)]
    mix_p = np.array([m[2] for m in mix], dtype=float)
    mix_p /= mix_p.sum()
    reporters = _reporting_organisations(municipality)

    result = Generated()
    rows_done = 0
    total = n
    surge_rows = _surge_plan(surge, areas, mix, mix_p, n, days, rng) if surge else None
    if surge_rows is not None:
        total += len(surge_rows[0])
    day_p = _day_weights(days)
    with transaction.atomic():
        lock_references(
            municipality,
            category_ids=set(codes.values()),
            area_ids={a.pk for a in areas},
            organisation_ids={org for orgs in reporters.values() for org in orgs},
        )
        for offset in range(0, n, CHUNK):
            size = min(CHUNK, n - offset)
            day_idx = rng.choice(len(days), size=size, p=day_p)
            area_idx = rng.choice(len(areas), size=size, p=weights)
            kinds = rng.choice(len(mix), size=size, p=mix_p)
            rows = _rows(
                municipality,
                size,
                days,
                day_idx,
                areas,
                area_idx,
                mix,
                kinds,
                codes,
                pools,
                reporters,
                hotspots or [],
                rng,
            )
            insert_rows(rows, progress=no_progress)
            rows_done += size
            progress("syntetiska händelser", rows_done, total)
            for a in area_idx:
                result.by_area[areas[a].pk] = result.by_area.get(areas[a].pk, 0) + 1
        if surge_rows is not None:
            day_idx, area_idx, kinds = surge_rows
            rows = _rows(
                municipality,
                len(day_idx),
                days,
                day_idx,
                areas,
                area_idx,
                mix,
                kinds,
                codes,
                pools,
                reporters,
                [],
                rng,
            )
            insert_rows(rows, progress=no_progress)
            rows_done += len(day_idx)
            progress("syntetiska händelser", rows_done, total)
    result.rows = rows_done
    return result


def _surge_plan(
    surge: Surge,
    areas: list[Area],
    mix: list[tuple[str, str | None, float, str, str]],
    mix_p: np.ndarray,
    n: int,
    days: list[date],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Extra incidents making the surge: (factor − 1) × the expected count in the period."""
    index = {a.pk: i for i, a in enumerate(areas)}
    if surge.area_id not in index:
        return None
    period = [i for i, d in enumerate(days) if surge.start <= d < surge.end]
    if not period:
        return None
    chosen = [i for i, m in enumerate(mix) if m[0] in surge.categories]
    share_days = len(period) / len(days)
    share_kinds = float(mix_p[chosen].sum())
    expected = n / len(areas) * share_days * share_kinds
    extra = max(round(expected * (surge.factor - 1)), 3)
    kind_p = mix_p[chosen] / mix_p[chosen].sum()
    return (
        rng.choice(period, size=extra),
        np.full(extra, index[surge.area_id]),
        rng.choice(chosen, size=extra, p=kind_p),
    )


def _reporting_organisations(municipality: Municipality) -> dict[int, list[int]]:
    by_area: dict[int, list[int]] = {}
    for area_id, org_id in RosterEntry.objects.filter(
        municipality=municipality, is_active=True
    ).values_list("area_id", "organisation_id"):
        by_area.setdefault(area_id, []).append(org_id)
    return by_area


def _rows(
    municipality: Municipality,
    size: int,
    days: list[date],
    day_idx: np.ndarray,
    areas: list[Area],
    area_idx: np.ndarray,
    mix: list[tuple[str, str | None, float, str, str]],
    kinds: np.ndarray,
    codes: dict[str, int],
    pools: dict[int, np.ndarray],
    reporters: dict[int, list[int]],
    hotspots: list[Hotspot],
    rng: np.random.Generator,
) -> list[tuple[object, ...]]:
    hours = rng.choice(24, size=size, p=HOURS / HOURS.sum())
    minutes = rng.integers(0, 60, size=size)
    counts = rng.choice([1, 1, 1, 1, 1, 1, 1, 2, 2, 3], size=size)
    picks = rng.random(size)
    pool_idx = rng.integers(0, POOL, size=size)
    org_pick = rng.random(size)
    jitter = rng.normal(0, 1, size=(size, 2))
    police = rng.random(size) < 0.3
    hotspot_at = np.full(size, -1)
    if hotspots:
        edges = np.cumsum([h.share for h in hotspots])
        for i, edge in enumerate(edges):
            low = edges[i - 1] if i else 0.0
            hotspot_at[(picks >= low) & (picks < edge)] = i
    area_index = {a.pk: i for i, a in enumerate(areas)}
    now = timezone.now()
    rows: list[tuple[object, ...]] = []
    for i in range(size):
        spot = hotspot_at[i]
        if spot >= 0:
            h = hotspots[spot]
            a = area_index.get(h.area_id, int(area_idx[i]))
            spread = h.radius_m / METRES_PER_DEGREE
            lat = h.latitude + jitter[i, 0] * spread / 2
            lon = h.longitude + jitter[i, 1] * spread / 2 / math.cos(math.radians(h.latitude))
        else:
            a = int(area_idx[i])
            pool = pools[areas[a].pk]
            if len(pool):
                lat, lon = pool[pool_idx[i] % len(pool)]
            else:
                lat = lon = None  # type: ignore[assignment]
        area = areas[a]
        code, sub, _weight, setting, text = mix[int(kinds[i])]
        day = days[int(day_idx[i])]
        when = datetime(
            day.year, day.month, day.day, int(hours[i]), int(minutes[i]), tzinfo=STOCKHOLM
        )
        orgs = reporters.get(area.pk)
        org = orgs[int(org_pick[i] * len(orgs))] if orgs else None
        rows.append(
            (
                municipality.pk,
                codes[code],
                codes[sub] if sub else None,
                area.pk,
                None if lat is None else round(float(lat), 6),
                None if lon is None else round(float(lon), 6),
                "",
                str(setting),
                when,
                None,
                int(counts[i]),
                text,
                "",
                bool(police[i]),
                None,
                org,
                ReviewStatus.NEW.value,
                Source.SYNTHETIC.value,
                "",
                None,
                now,
                None,  # published_at: no source published it
                "",  # place_precision: as generated
            )
        )
    return rows
