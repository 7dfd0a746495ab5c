"""/api/v1/municipalities/<slug>/groups/: fields, need-to-know, validation through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from samverka.core.testing import World, make_group
from samverka.organisation.models import Group

URL = "/api/v1/municipalities/testby/groups/"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _by_name(response: Any) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in response.json()["results"]}


def test_a_reader_gets_groups_with_ids_and_stable_codes(world: World) -> None:
    rows = _by_name(_client(world.dave).get(URL))
    safety = rows["Trygghetsgruppen Norra"]
    assert safety["kind"] == "trygghetsgrupp"
    assert safety["mandate"] == "carries_out"
    assert safety["area"] == world.area.pk
    assert safety["reports_to"] == world.preparation.pk
    steering = rows["Styrgruppen"]
    assert steering["cadence"] == "times_per_year"
    assert steering["meetings_per_year"] == 6
    assert steering["cadence_label"] == "6 gånger per år"
    assert "Annanstads styrgrupp" not in rows


@pytest.mark.parametrize(
    ("username", "sees_steering", "sees_safety"),
    [
        ("dave", False, False),  # reader, in no group
        ("bob", True, False),  # sits in Styrgruppen
        ("carol", False, True),  # sits in Trygghetsgruppen
        ("alice", True, True),  # coordinator
        ("root", True, True),  # platform admin
    ],
)
def test_internal_notes_only_reach_members_and_coordinators(
    world: World, username: str, sees_steering: bool, sees_safety: bool
) -> None:
    client = _client(world.user(username))
    rows = _by_name(client.get(URL))
    assert ("internal_notes" in rows["Styrgruppen"]) is sees_steering
    assert ("internal_notes" in rows["Trygghetsgruppen Norra"]) is sees_safety
    detail = client.get(f"{URL}{world.steering.pk}/").json()
    assert (detail.get("internal_notes") == "Hemlig anteckning för styrgruppen") is sees_steering
    assert ("Hemlig anteckning" in str(rows)) is sees_steering


def test_a_coordinator_creates_a_group_with_relations(world: World) -> None:
    body = {
        "name": "Arbetsgruppen Centrum",
        "kind": "arbetsgrupp",
        "mandate": "carries_out",
        "area": world.area.pk,
        "reports_to": world.preparation.pk,
        "appointed_by": world.preparation.pk,
        "coordinates": [world.safety_group.pk],
        "convening_organisation": world.administration.pk,
        "cadence": "every_n_weeks",
        "interval_weeks": 2,
        "meeting_weekday": 2,
        "start_date": "2026-02-01",
        "end_date": "2026-12-31",
        "internal_notes": "Bara för gruppen",
    }
    response = _client(world.alice).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    group = Group.objects.get(name="Arbetsgruppen Centrum")
    assert group.municipality == world.testby
    assert group.reports_to == world.preparation
    assert list(group.coordinates.all()) == [world.safety_group]
    assert group.end_date == date(2026, 12, 31)
    data = response.json()
    assert data["coordinates"] == [world.safety_group.pk]
    assert data["cadence_label"] == "varannan vecka (tisdag)"
    assert data["start_date"] == "2026-02-01"


def test_a_put_replaces_the_fields_and_keeps_the_municipality(world: World) -> None:
    body = {"name": "Beredningen", "kind": "beredningsgrupp", "mandate": "prepares"}
    response = _client(world.alice).put(f"{URL}{world.preparation.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    world.preparation.refresh_from_db()
    assert world.preparation.name == "Beredningen"
    assert world.preparation.municipality == world.testby


def test_a_coordinator_changes_coordinates_and_can_clear_them(world: World) -> None:
    client = _client(world.alice)
    url = f"{URL}{world.preparation.pk}/"
    assert client.patch(url, {"coordinates": [world.safety_group.pk]}, format="json").json()[
        "coordinates"
    ] == [world.safety_group.pk]
    assert client.patch(url, {"coordinates": []}, format="json").status_code == 200
    assert not world.preparation.coordinates.exists()


def test_a_group_of_another_municipality_as_reports_to_is_400(world: World) -> None:
    response = _client(world.alice).patch(
        f"{URL}{world.preparation.pk}/", {"reports_to": world.other_group.pk}, format="json"
    )
    assert response.status_code == 400
    assert "finns inte" in response.json()["reports_to"][0]
    world.preparation.refresh_from_db()
    assert world.preparation.reports_to == world.steering


def test_an_area_of_another_municipality_is_400_on_create(world: World) -> None:
    body = {
        "name": "Ny grupp",
        "kind": "arbetsgrupp",
        "mandate": "carries_out",
        "area": world.other_area.pk,
        "coordinates": [world.other_group.pk],
    }
    response = _client(world.alice).post(URL, body, format="json")
    assert response.status_code == 400
    assert "finns inte" in response.json()["area"][0]
    assert "finns inte" in str(response.json()["coordinates"])
    assert not Group.objects.filter(name="Ny grupp").exists()


def test_a_reporting_cycle_is_400_and_changes_nothing(world: World) -> None:
    # Beredningsgruppen reports to Styrgruppen; Styrgruppen may not report to Trygghetsgruppen,
    # which reports (through Beredningsgruppen) to Styrgruppen.
    response = _client(world.alice).patch(
        f"{URL}{world.steering.pk}/", {"reports_to": world.safety_group.pk}, format="json"
    )
    assert response.status_code == 400
    assert "cirkel" in response.json()["reports_to"][0]
    world.steering.refresh_from_db()
    assert world.steering.reports_to is None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"kind": "hemlig"}, "kind", "inget giltigt val"),
        ({"mandate": 3}, "mandate", "inget giltigt val"),
        ({"meeting_weekday": 7}, "meeting_weekday", "inget giltigt val"),
        ({"start_date": "1 mars"}, "start_date", "ÅÅÅÅ-MM-DD"),
        ({"start_date": "2026-02-30"}, "start_date", "ÅÅÅÅ-MM-DD"),
        ({"meetings_per_year": "sex"}, "meetings_per_year", "heltal"),
        ({"meetings_per_year": 100}, "meetings_per_year", "mellan 1 och 52"),
        ({"name": ["Lista"]}, "name", "Ange text"),
        ({"name": ""}, "name", "blankt"),
        ({"reports_to": "Styrgruppen"}, "reports_to", "heltal"),
        ({"reports_to": 10**30}, "reports_to", "finns inte"),
        ({"reports_to": True}, "reports_to", "heltal"),
        ({"coordinates": 5}, "coordinates", "lista"),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date", "före startdatum"),
        ({"cadence": "times_per_year", "meetings_per_year": None}, "meetings_per_year", "gånger"),
        # Unique per municipality: the model's constraint, reported without a field.
        ({"name": "Beredningsgruppen"}, "__all__", "finns redan"),
    ],
)
def test_malformed_input_is_400_with_a_swedish_message(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    before = Group.objects.values().get(pk=world.steering.pk)
    response = _client(world.alice).patch(f"{URL}{world.steering.pk}/", body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Group.objects.values().get(pk=world.steering.pk) == before


def test_an_id_beyond_any_row_in_the_url_is_404(world: World) -> None:
    assert _client(world.dave).get(f"{URL}{10**30}/").status_code == 404


def test_missing_required_fields_are_named(world: World) -> None:
    response = _client(world.alice).post(URL, {"name": "Utan typ"}, format="json")
    assert response.status_code == 400
    assert response.json()["kind"] == ["Det här fältet är obligatoriskt."]
    assert "mandate" in response.json()
    assert not Group.objects.filter(name="Utan typ").exists()


def test_deleting_a_group_others_report_to_leaves_them_without_it(world: World) -> None:
    response = _client(world.alice).delete(f"{URL}{world.steering.pk}/")
    assert response.status_code == 204
    world.preparation.refresh_from_db()
    assert world.preparation.reports_to is None


def test_the_list_costs_the_same_few_queries_for_many_groups(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        group = make_group(world.testby, f"Arbetsgrupp {number}", area=world.area)
        group.coordinates.add(world.steering, world.safety_group)
    client = _client(world.bob)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 33
