"""The evaluations API: the same services as the pages, with Swedish 400s for what they refuse."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from samverka.core.testing import World
from samverka.process.models import Evaluation
from samverka.process.tests.evaluation_factories import make_child, make_measure
from samverka.situation.testing import make_category, spread

URL = "/api/v1/municipalities/testby/evaluations/"


@pytest.fixture
def setup(world: World) -> dict[str, int]:
    target = make_child(world.root_area, "Hammarkullen")
    comparison = make_child(world.root_area, "Kortedala")
    crime = make_category(world.testby, "rån", "Rån")
    spread(target, crime, date(2025, 1, 1), 30, 1)
    spread(target, crime, date(2025, 5, 1), 15, 1)
    spread(comparison, crime, date(2025, 1, 1), 30, 1)
    spread(comparison, crime, date(2025, 5, 1), 30, 1)
    return {
        "measure": make_measure(world.testby).pk,
        "target": target.pk,
        "comparison": comparison.pk,
    }


def _effect(setup: dict[str, int], **extra: object) -> dict[str, object]:
    return {
        "measure": setup["measure"],
        "kind": "effect",
        "title": "Effekt",
        "made_on": "2025-09-01",
        "target_area": setup["target"],
        "comparison_area": setup["comparison"],
        "before_start": "2025-01-01",
        "before_end": "2025-03-31",
        "after_start": "2025-05-01",
        "after_end": "2025-07-29",
        **extra,
    }


def test_an_effect_evaluation_is_computed_stored_and_read_back(
    client: Client, world: World, setup: dict[str, int]
) -> None:
    client.force_login(world.alice)
    response = client.post(URL, _effect(setup), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "effect"
    assert body["result"]["method"] == "skillnad-i-skillnader"
    assert body["result"]["counts"]["target_before"] == 30
    assert body["result"]["estimate"]["ratio"] == pytest.approx(0.5)

    client.force_login(world.dave)  # a reader reads
    listed = client.get(URL).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    detail = client.get(f"{URL}{body['id']}/").json()
    assert detail["result"]["reading"].startswith("Antalet minskade med 50 %")


def test_a_process_evaluation_through_the_api(
    client: Client, world: World, setup: dict[str, int]
) -> None:
    client.force_login(world.alice)
    response = client.post(
        URL,
        {
            "measure": setup["measure"],
            "kind": "process",
            "title": "Genomförandet",
            "made_on": "2025-09-01",
            "as_planned": "Ja",
            "reached": "Delvis",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["result"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_area": None}, "target_area"),
        ({"after_start": "2025-02-01"}, "after_start"),
        ({"comparison_area": "tre"}, "comparison_area"),
        ({"made_on": "9999-01-01"}, "made_on"),
        ({"kind": "magic"}, "kind"),
        ({"measure": 10**30}, "measure"),
    ],
)
def test_what_the_services_refuse_is_a_400_in_swedish(
    client: Client, world: World, setup: dict[str, int], changes: dict[str, object], field: str
) -> None:
    client.force_login(world.alice)
    response = client.post(URL, _effect(setup, **changes), content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Evaluation.objects.exists()


def test_a_reader_may_not_create_and_another_municipality_sees_nothing(
    client: Client, world: World, setup: dict[str, int]
) -> None:
    client.force_login(world.dave)
    response = client.post(URL, _effect(setup), content_type="application/json")
    assert response.status_code == 403
    client.force_login(world.olle)
    assert client.get(URL).status_code == 404
