"""Malformed input never crashes the places pages: garbage in the pasted GeoJSON, in the
latitude and longitude fields and in the list's filter — a 400 with a message on the form, never
a 500, and a refused write changes nothing.

(The generic sweep in test_malformed_input.py already sends garbage to every field of the place
form, create and edit, and tampered ids to every URL with an id.)"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from django.test import Client
from django.urls import reverse

from samverka.areas.models import Place
from samverka.core.testing import World
from tests.test_malformed_input import BAD_VALUES, DEEP, NUL, _client, _Crashes

# Text that is JSON or nearly, and objects that look like GeoJSON but are not a usable place.
GEOMETRIES: list[str] = [
    "{",
    "null",
    "[]",
    '"Point"',
    "1e400",
    "NaN",
    str(DEEP),
    "{" * 5_000 + "}" * 5_000,
    '{"type": "Point"}',
    '{"type": "Point", "coordinates": null}',
    '{"type": "Point", "coordinates": [1e400, 57]}',
    '{"type": "Point", "coordinates": [NaN, 57]}',
    '{"type": "Point", "coordinates": [Infinity, -Infinity]}',
    '{"type": "Point", "coordinates": ["12", "57"]}',
    '{"type": "Point", "coordinates": [true, false]}',
    '{"type": "Point", "coordinates": [12, 57, 30, 4]}',
    '{"type": "Point", "coordinates": {"lon": 12, "lat": 57}}',
    '{"type": "MultiPoint", "coordinates": []}',
    json.dumps({"type": "MultiPoint", "coordinates": [[12.0, 57.0]] * 10_001}),
    '{"type": "LineString", "coordinates": [[12, 57], "x"]}',
    '{"type": "MultiLineString", "coordinates": [[]]}',
    '{"type": "MultiLineString", "coordinates": 5}',
    '{"type": "Polygon", "coordinates": [[[12, 57], [13, 57]]]}',
    '{"type": "Polygon", "coordinates": [[["a\\u0000", null]]]}',
    '{"type": "Polygon", "coordinates": []}',
    '{"type": "MultiPolygon", "coordinates": [[[]]]}',
    '{"type": "Polygon", "coordinates": [[[12, 57], [13, 57], [13, 58]]], "crs": [1]}',
    '{"type": "Polygon", "coordinates": [[[400000, 6400000], [400100, 6400000], [400100, 1]]]}',
    '{"type": "GeometryCollection", "geometries": []}',
    '{"type": "Feature", "geometry": [1]}',
    '{"type": "Feature", "geometry": null}',
    '{"type": "FeatureCollection", "features": {"a": 1}}',
    '{"type": "FeatureCollection", "features": [[]]}',
    '{"type": "FeatureCollection", "features": []}',
    '{"type": "Point\\u0000", "coordinates": [12, 57]}',
    '{"type": "Point", "coordinates": [12, 57]}' * 2,
    "x" * 600_000,
    NUL,
]
DEGREES = [*BAD_VALUES, "57,7,8", "57.7.8", "57°46′", "1e400", "-0", "١٢", "12\u00a0000,5", " "]


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data)


def _get(client: Client, url: str, params: dict[str, Any]) -> Any:
    return client.get(url, params)


def _urls(world: World) -> list[str]:
    place = Place.objects.get(municipality=world.testby, name="Torget")
    m = {"municipality": "testby"}
    return [
        reverse("areas:place_create", kwargs=m),
        reverse("areas:place_edit", kwargs={**m, "pk": place.pk}),
    ]


def test_pasted_geojson_never_crashes_and_is_explained(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, _foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    for url in _urls(world):
        for n, text in enumerate(GEOMETRIES):
            data = {"name": f"Ny plats {n}", "kind": "torg", "geometry": text}
            response = crashes.check("POST", url, data, partial(_post, client, url, data))
            if response.status_code != 400:
                crashes.problems.append(
                    f"POST {url} geometry {text[:80]!r} → {response.status_code}"
                )
            elif not response.context["form"].errors.get("geometry"):
                crashes.problems.append(f"POST {url} geometry {text[:80]!r}: no message on it")
    crashes.assert_none()


def test_latitude_and_longitude_never_crash(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, _foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    for url in _urls(world):
        for n, value in enumerate(DEGREES):
            for field, other in (("latitude", "longitude"), ("longitude", "latitude")):
                data = {"name": f"Punkt {n}", "kind": "torg", field: value, other: "57,7"}
                crashes.check("POST", url, data, partial(_post, client, url, data))
    crashes.assert_none()


def test_the_list_filter_and_the_exports_never_crash(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    m = {"municipality": "testby"}
    urls = [
        reverse("areas:place_list", kwargs=m),
        reverse("areas:place_geojson", kwargs=m),
        reverse("areas:place_export", kwargs={**m, "fmt": "csv"}),
        reverse("areas:place_export", kwargs={**m, "fmt": "xlsx"}),
    ]
    values = [*BAD_VALUES, *(str(pk) for pk in foreign.values()), "1.5", ["1", "2"]]
    for url in urls:
        for value in values:
            for params in ({"area": value}, {"kind": value}, {"plats": value}):
                response = crashes.check("GET", url, params, partial(_get, client, url, params))
                assert response.status_code in (200, 400, 404), (url, params)
    crashes.assert_none()
