"""The statistics API: what a municipality sees, filters, and the reference values."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.stats.models import Geography
from samverka.stats.testing import make_geography, make_value


def _setup(world: World) -> Geography:
    testby = make_geography("9999", "Testby", parent="14")
    make_value(
        source="bra",
        category="samtliga-brott",
        unit="per_100k",
        year=2024,
        value=5300,
        geography=testby,
        name="Samtliga brott",
    )
    make_value(
        source="bra",
        category="samtliga-brott",
        unit="per_100k",
        year=2024,
        value=1,
        geography=testby,
        municipality=world.annanstad,
    )
    make_value(
        source="survey",
        category="otrygg",
        unit="percent",
        year=2024,
        value=30,
        area=world.area,
        sample_size=50,
    )
    return testby


def test_values_are_the_shared_ones_and_the_municipalitys_own(world: World, client: Client) -> None:
    _setup(world)
    client.force_login(world.dave)
    url = reverse("api-stats-value-list", kwargs={"municipality_slug": "testby"})
    body = client.get(url).json()
    values = sorted(
        ((v["value"], v["geography"], v["area"], v["shared"]) for v in body["results"]),
        key=lambda v: v[0],
    )
    assert values == [(30.0, None, world.area.pk, False), (5300.0, "9999", None, True)]
    only = client.get(url, {"geography": "9999", "year": "2024"}).json()["results"]
    assert [v["value"] for v in only] == [5300.0]
    assert only[0]["provenance"]["publisher"] == "Testkälla"
    assert only[0]["provenance"]["is_synthetic"] is True
    # Olle (Annanstad) sees his own value and the shared one, never Testby's survey.
    client.force_login(world.olle)
    other = client.get(
        reverse("api-stats-value-list", kwargs={"municipality_slug": "annanstad"})
    ).json()["results"]
    assert sorted(v["value"] for v in other) == [1.0, 5300.0]


def test_reference_values_of_an_area(world: World, client: Client) -> None:
    _setup(world)
    client.force_login(world.dave)
    url = reverse(
        "api-stats-reference", kwargs={"municipality_slug": "testby", "pk": world.root_area.pk}
    )
    body = client.get(url).json()
    assert body["crime_rate"]["value"] == 5300.0
    assert body["crime_rate"]["display"] == "5\u00a0300"
    assert body["crime_rate_country"]["display"] == "uppgift saknas"
    assert body["population"]["year"] is None


def test_shared_reference_data_for_any_signed_in_user(world: World, client: Client) -> None:
    _setup(world)
    client.force_login(world.olle)
    codes: list[str] = []
    url: str | None = reverse("api-stats-geography-list")
    while url:  # the shipped reference geography fills several pages
        page = client.get(url).json()
        codes += [g["code"] for g in page["results"]]
        url = page["next"]
    assert "00" in codes and "14" in codes and "9999" in codes
    values = client.get(reverse("api-stats-shared-value-list")).json()["results"]
    assert [v["value"] for v in values] == [5300.0]
    series = client.get(reverse("api-stats-shared-series-list")).json()["results"]
    assert {s["category"] for s in series} >= {"samtliga-brott"}


def test_a_police_officer_finds_the_local_police_areas_of_a_municipality(
    world: World, client: Client
) -> None:
    client.force_login(world.dave)
    url = reverse("api-stats-geography-list")
    serving = client.get(url, {"serves": "0187"}).json()["results"]  # Vaxholm
    assert [(g["code"], g["kind"]) for g in serving] == [("lpo-taby", "local_police_area")]
    assert set(serving[0]["municipalities"]) == {"0160", "0162", "0115", "0117", "0187"}
    counties = client.get(url, {"kind": "county"}).json()
    assert counties["count"] == 21 and all(g["municipalities"] == [] for g in counties["results"])
    assert client.get(url, {"serves": "0114"}).json()["results"] == []  # none listed yet

    for bad in ({"kind": "planet"}, {"kind": ""}, {"serves": "187"}, {"serves": "Vaxholm"}):
        answer = client.get(url, bad)
        assert answer.status_code == 400, bad
        assert next(iter(answer.json().values()))  # a message, not a crash
