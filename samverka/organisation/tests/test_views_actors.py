import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import make_group, make_membership, make_organisation, make_person
from samverka.organisation.models import GroupKind, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(
        f"organisation:organisation_{name}", kwargs={"municipality": world.testby.slug, **kwargs}
    )


def actor_post(**overrides):
    data = {"name": "Bostadsbolaget", "kind": OrganisationKind.HOUSING_COMPANY}
    data.update(overrides)
    return data


def test_the_list_groups_actors_by_kind(client, world):
    client.force_login(world.dave)
    response = client.get(url("list", world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Polisen LPO Testby" in page and "Stadsdelsförvaltningen" in page
    assert [s["label"] for s in response.context["sections"]] == [
        "Kommunal förvaltning",
        "Polisen",
    ]
    assert "Styrgruppen" in page  # the police sit in the steering group through Bob
    assert "Annanstads förvaltning" not in page
    assert url("create", world) not in page  # no add button for a reader


def test_the_list_hides_sspf_groups_from_outsiders(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF)
    make_membership(sspf, make_person(world.testby, "Sara Skola"), organisation=world.police)
    client.force_login(world.dave)
    assert "SSPF Norra" not in client.get(url("list", world)).content.decode()
    client.force_login(world.alice)
    assert "SSPF Norra" in client.get(url("list", world)).content.decode()


def test_the_list_does_not_query_per_actor(client, world, django_assert_max_num_queries):
    for i in range(20):
        organisation = make_organisation(world.testby, f"Skola {i}", parent=world.administration)
        person = make_person(world.testby, f"Rektor {i}", organisation=organisation)
        make_membership(world.safety_group, person, organisation=organisation)
    client.force_login(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(url("list", world))
    assert response.status_code == 200


def test_the_user_of_another_municipality_gets_404(client, world):
    client.force_login(world.olle)
    assert client.get(url("list", world)).status_code == 404
    assert client.get(url("detail", world, pk=world.police.pk)).status_code == 404
    assert client.get(url("export", world, fmt="csv")).status_code == 404


def test_exports_are_csv_with_bom_and_loadable_xlsx(client, world):
    client.force_login(world.bob)
    text = client.get(url("export", world, fmt="csv")).content.decode("utf-8")
    assert text.startswith("\ufeffNamn;Kortnamn;Typ av aktör")
    assert "Polisen LPO Testby;;Polisen;;1;Styrgruppen;" in text
    sheet = load_workbook(io.BytesIO(client.get(url("export", world, fmt="xlsx")).content)).active
    assert sheet["A1"].value == "Namn"
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Polisen LPO Testby",
        "Stadsdelsförvaltningen",
    }


def test_the_detail_shows_people_representation_and_documents(client, world):
    world.document.parties.add(world.police)
    world.steering.convening_organisation = world.police
    world.steering.save()
    client.force_login(world.carol)
    response = client.get(url("detail", world, pk=world.police.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bob Berg" in page and "Ordförande" in page
    assert "Samverkansöverenskommelse 2026" in page
    assert page.count("Styrgruppen") >= 2  # represented in it, and convenes it
    # Carol shares no group with Bob, so his e-mail stays hidden from her.
    assert "bob@example.org" not in page
    client.force_login(world.alice)
    assert (
        "bob@example.org" in client.get(url("detail", world, pk=world.police.pk)).content.decode()
    )


def test_an_actor_of_another_municipality_is_404(client, world):
    client.force_login(world.alice)
    assert client.get(url("detail", world, pk=world.other_organisation.pk)).status_code == 404
    response = client.post(url("edit", world, pk=world.other_organisation.pk), actor_post())
    assert response.status_code == 404


def test_a_coordinator_creates_an_actor(client, world):
    client.force_login(world.alice)
    response = client.post(
        url("create", world), actor_post(parent=world.administration.pk, website="bolaget.se")
    )
    organisation = Organisation.objects.get(name="Bostadsbolaget")
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=organisation.pk)
    assert organisation.municipality == world.testby
    assert organisation.parent == world.administration
    assert organisation.website == "https://bolaget.se"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Det här fältet är obligatoriskt."),
        ({"name": "polisen lpo testby"}, "Det finns redan en aktör som heter"),
        ({"kind": "bank"}, "Välj ett giltigt alternativ"),
        ({"website": "inte en adress"}, "Ange en giltig URL"),
    ],
)
def test_malformed_actor_input_is_explained(client, world, overrides, message):
    client.force_login(world.alice)
    response = client.post(url("create", world), actor_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.filter(municipality=world.testby).count() == 2


def test_a_parent_from_another_municipality_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post(url("create", world), actor_post(parent=world.other_organisation.pk))
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Organisation.objects.filter(name="Bostadsbolaget").exists()


def test_a_parent_cycle_is_refused_with_the_services_message(client, world):
    school = make_organisation(world.testby, "Skolan", parent=world.administration)
    client.force_login(world.alice)
    data = actor_post(
        name="Stadsdelsförvaltningen",
        kind=OrganisationKind.MUNICIPAL_ADMINISTRATION,
        parent=school.pk,
    )
    response = client.post(url("edit", world, pk=world.administration.pk), data)
    assert response.status_code == 400
    assert "Det skulle bli en cirkel" in response.content.decode()
    world.administration.refresh_from_db()
    assert world.administration.parent is None


def test_a_coordinator_edits_an_actor(client, world):
    client.force_login(world.alice)
    assert client.get(url("edit", world, pk=world.police.pk)).status_code == 200
    data = actor_post(name="Polisen Nordost", kind=OrganisationKind.POLICE, short_name="LPO")
    response = client.post(url("edit", world, pk=world.police.pk), data)
    assert response.status_code == 302
    world.police.refresh_from_db()
    assert (world.police.name, world.police.short_name) == ("Polisen Nordost", "LPO")


def test_readers_and_members_cannot_write(client, world):
    for user in (world.dave, world.bob):
        client.force_login(user)
        assert client.get(url("create", world)).status_code == 403
        assert client.post(url("create", world), actor_post()).status_code == 403
        edit = client.post(url("edit", world, pk=world.police.pk), actor_post(name="Hack"))
        assert edit.status_code == 403
        assert client.post(url("delete", world, pk=world.administration.pk)).status_code == 403
    assert not Organisation.objects.filter(name__in=["Bostadsbolaget", "Hack"]).exists()
    assert Organisation.objects.filter(pk=world.administration.pk).exists()


def test_an_actor_still_represented_in_a_group_is_not_deleted(client, world):
    client.force_login(world.alice)
    response = client.post(url("delete", world, pk=world.police.pk))
    assert response.status_code == 400
    assert "används fortfarande av" in response.content.decode()
    assert Organisation.objects.filter(pk=world.police.pk).exists()


def test_a_coordinator_deletes_an_unused_actor(client, world):
    unused = make_organisation(world.testby, "Föreningen")
    client.force_login(world.alice)
    assert client.get(url("delete", world, pk=unused.pk)).status_code == 200
    response = client.post(url("delete", world, pk=unused.pk))
    assert response.status_code == 302
    assert response["Location"] == url("list", world)
    assert not Organisation.objects.filter(pk=unused.pk).exists()


def test_the_detail_does_not_query_per_person(client, world, django_assert_max_num_queries):
    for n in range(25):
        person = make_person(world.testby, f"Polis {n}", organisation=world.police)
        make_membership(world.safety_group, person, organisation=world.police)
    client.force_login(world.carol)
    with django_assert_max_num_queries(20):
        response = client.get(url("detail", world, pk=world.police.pk))
    page = response.content.decode()
    assert "Polis 24" in page
    assert "bob@example.org" not in page  # the need-to-know rule still holds in the batch
