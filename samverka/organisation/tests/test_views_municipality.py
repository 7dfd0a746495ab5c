import json

import pytest
from django.urls import reverse

from samverka.accounts.models import Municipality
from samverka.core.testing import make_person


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def test_start_page_shows_facts_figures_and_status(client, world):
    world.testby.county = "Testlän"
    world.testby.save()
    client.force_login(world.dave)

    response = client.get(url("municipality"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Testby kommun" in page
    assert "9999" in page
    assert "Testlän" in page
    figures = response.context["figures"]
    assert (figures.areas, figures.actors, figures.groups, figures.people, figures.documents) == (
        2,
        2,
        3,
        2,
        1,
    )
    assert [(row.label, row.count) for row in figures.groups_by_kind] == [
        ("Styrgrupp/ledningsgrupp", 1),
        ("Beredningsgrupp", 1),
        ("Trygghetsgrupp", 1),
    ]
    # Three warnings, no errors (one sub-area: no advice per sub-area); no question answered.
    assert "0 fel" in page
    assert "3 varningar" in page
    assert url("health") in page
    assert "0 av 17 frågor besvarade" in page
    assert '<progress id="setup-progress" max="17" value="0">' in page
    assert "<svg" in page
    assert url("chart") in page


def test_start_page_lists_my_groups(client, world):
    client.force_login(world.bob)

    response = client.get(url("municipality"))

    assert [m.group for m in response.context["my_memberships"]] == [world.steering]
    assert url("group_detail", pk=world.steering.pk) in response.content.decode()


def test_start_page_shows_public_contact_and_no_edit_link_for_readers(client, world):
    make_person(world.testby, "Sara Samordnare", is_public_contact=True, email="trygg@testby.se")
    client.force_login(world.dave)

    page = client.get(url("municipality")).content.decode()

    assert "Sara Samordnare" in page
    assert "mailto:trygg@testby.se" in page
    assert url("municipality_edit") not in page


def test_start_page_is_404_for_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("municipality")).status_code == 404


def test_coordinator_edits_the_municipality(client, world):
    client.force_login(world.alice)
    assert client.get(url("municipality_edit")).status_code == 200

    response = client.post(
        url("municipality_edit"),
        {"name": "Testby stad", "scb_code": "1480", "county": "Västra Götalands län"},
    )

    assert response.status_code == 302
    world.testby.refresh_from_db()
    assert (world.testby.name, world.testby.scb_code, world.testby.county) == (
        "Testby stad",
        "1480",
        "Västra Götalands län",
    )
    assert world.testby.slug == "testby"


@pytest.mark.parametrize("username", ["dave", "bob"])
def test_non_coordinators_may_not_edit_the_municipality(client, world, username):
    client.force_login(world.user(username))

    assert client.get(url("municipality_edit")).status_code == 403
    response = client.post(url("municipality_edit"), {"name": "Kapat namn", "scb_code": "1234"})

    assert response.status_code == 403
    world.testby.refresh_from_db()
    assert world.testby.name == "Testby kommun"


def test_editing_another_municipality_is_404(client, world):
    client.force_login(world.olle)

    response = client.post(url("municipality_edit"), {"name": "Kapat namn"})

    assert response.status_code == 404
    assert Municipality.objects.get(slug="testby").name == "Testby kommun"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Testby", "scb_code": "14a0"}, "Kommunkoden ska vara fyra siffror"),
        ({"name": "Testby", "scb_code": "14801"}, "Kommunkoden ska vara fyra siffror"),
        ({"name": "", "scb_code": "1480"}, "Det här fältet är obligatoriskt."),
        # Another municipality's name: the model's uniqueness check, reported by the service.
        ({"name": "Annanstad kommun", "scb_code": "1480"}, "Kommun med detta Namn finns redan."),
    ],
)
def test_malformed_municipality_edit_is_400_and_changes_nothing(client, world, data, message):
    client.force_login(world.alice)

    response = client.post(url("municipality_edit"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    world.testby.refresh_from_db()
    assert (world.testby.name, world.testby.scb_code) == ("Testby kommun", "9999")


def test_coordinator_downloads_the_organisation_file(client, world):
    client.force_login(world.alice)

    yaml_response = client.get(url("orgfile_download", fmt="yaml"))
    json_response = client.get(url("orgfile_download", fmt="json"))

    assert yaml_response.status_code == 200
    assert yaml_response["Content-Disposition"] == 'attachment; filename="organisationsfil.yaml"'
    assert "Styrgruppen" in yaml_response.content.decode()
    assert json_response["Content-Disposition"] == 'attachment; filename="organisationsfil.json"'
    data = json.loads(json_response.content)
    assert "Annanstads styrgrupp" not in json.dumps(data, ensure_ascii=False)
    assert "Styrgruppen" in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("username", ["bob", "dave"])
def test_only_coordinators_download_the_organisation_file(client, world, username):
    client.force_login(world.user(username))

    assert client.get(url("orgfile_download", fmt="yaml")).status_code == 403


def test_organisation_file_of_another_municipality_is_404(client, world):
    client.force_login(world.olle)

    assert client.get(url("orgfile_download", fmt="yaml")).status_code == 404


def test_unknown_organisation_file_format_is_404(client, world):
    client.force_login(world.alice)

    assert client.get(url("orgfile_download", fmt="xml")).status_code == 404
