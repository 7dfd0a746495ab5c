"""Malformed input never crashes the lägesbild: garbage in the choice of area and period (page,
API, map data), in the form that starts a draft, and in the publishing switch — a 4xx or the form
again with a message, never a 500, and a refused write changes nothing.

(The generic sweep in test_malformed_input.py already sends garbage to every field of the
assessment form, and tampered ids to every URL with an id.)"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from tests.test_malformed_input import BAD_VALUES, _client, _Crashes

PERIODS = [
    "2026-W45/2026-W47",
    "2026-W54",
    "2026-W00/2026-W01",
    "1999-W01",
    "2026-13",
    "2026-T4",
    "99999",
    "2026-W45/",
    "/",
    "W45",
    "2026-02-31",
    "2026-W45/2026-W46" * 50,
]
AREAS = ["abc", "-1", "0", "999999", "2147483648", "99999999999999999999", "1.5", "nan", "\x00"]


def _get(client: Client, url: str, params: dict[str, Any]) -> Any:
    return client.get(url, params)


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data)


def test_choosing_area_and_period_never_crashes(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    live = reverse("situation:live", kwargs={"municipality": "testby"})
    api_live = reverse("api-situation-live", kwargs={"municipality_slug": "testby"})
    api_map = reverse("api-situation-map", kwargs={"municipality_slug": "testby"})
    area = str(world.area.pk)
    cases: list[tuple[str, dict[str, Any]]] = []
    for value in [*BAD_VALUES, *PERIODS]:
        cases.append((live, {"area": area, "period": value}))
    for value in PERIODS:
        cases.append((api_live, {"period": value}))
    for value in BAD_VALUES:
        cases += [(live, {"area": area, "kind": value, "period": "x"}), (api_map, {"cell": value})]
        cases += [(api_map, {"from": value}), (api_map, {"to": value, "area": area})]
    for value in [*AREAS, *(str(pk) for pk in foreign.values())]:
        cases += [(live, {"area": value}), (api_live, {"area": value}), (api_map, {"area": value})]
    for url, params in cases:
        response = crashes.check("GET", url, params, partial(_get, client, url, params))
        assert response.status_code in (200, 400), (url, params, response.status_code)
    crashes.assert_none()


def test_starting_a_draft_and_publishing_never_crash(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    create = reverse("situation:create", kwargs={"municipality": "testby"})
    valid = {"area": str(world.root_area.pk), "period": "2026-W45/2026-W46"}
    payloads: list[dict[str, Any]] = [{}]
    ids = [*AREAS, *(str(pk) for pk in foreign.values())]
    values = {"area": ids, "group": ids, "period": PERIODS, "kind": [], "mean_periods": AREAS}
    for field, extra in values.items():
        for value in [*BAD_VALUES, *extra]:
            payloads.append({**valid, field: value})
        payloads.append({**valid, field: ["1", "2"]})
    for data in payloads:
        crashes.check("POST", create, data, partial(_post, client, create, data))

    from samverka.situation.models import SituationReport

    adopted = SituationReport.objects.get(municipality=world.testby, status="adopted")
    publish = reverse("situation:publish", kwargs={"municipality": "testby", "pk": adopted.pk})
    publish_values: list[object] = [*BAD_VALUES, "1", "0", ["1", "0"]]
    for publish_value in publish_values:
        publish_data = {"publish": publish_value}
        crashes.check("POST", publish, publish_data, partial(_post, client, publish, publish_data))
    crashes.assert_none()


def test_a_wrong_period_is_explained_in_swedish(world: World) -> None:
    client = _client(world)
    response = client.post(
        reverse("situation:create", kwargs={"municipality": "testby"}),
        {"area": str(world.area.pk), "period": "2026-W45/2026-W47"},
    )
    assert response.status_code == 400
    assert "två veckor i följd" in response.content.decode()
    response = client.get(
        reverse("api-situation-map", kwargs={"municipality_slug": "testby"}), {"cell": "1"}
    )
    assert response.json() == {"cell": ["Ange rutstorleken i meter, 50–5000."]}
