import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import make_membership, make_person, make_user
from samverka.organisation.models import Person, PersonKind

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(
        f"organisation:person_{name}", kwargs={"municipality": world.testby.slug, **kwargs}
    )


def person_post(**overrides):
    data = {"name": "Dina Dahl", "kind": PersonKind.POLITICIAN, "title": "Ordförande KS"}
    data.update(overrides)
    return data


def test_the_list_shows_people_with_organisation_and_groups(client, world):
    client.force_login(world.dave)
    response = client.get(url("list", world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bob Berg" in page and "Polisen LPO Testby" in page and "Styrgruppen" in page
    assert "Carol Ek" in page and "Trygghetsgruppen Norra" in page
    assert "bob@example.org" not in page
    assert url("create", world) not in page


def test_the_list_does_not_query_per_person(client, world, django_assert_max_num_queries):
    for i in range(20):
        person = make_person(world.testby, f"Person {i}", organisation=world.police)
        make_membership(world.preparation, person)
    client.force_login(world.bob)
    with django_assert_max_num_queries(12):
        assert client.get(url("list", world)).status_code == 200


def test_the_user_of_another_municipality_gets_404(client, world):
    client.force_login(world.olle)
    assert client.get(url("list", world)).status_code == 404
    assert client.get(url("detail", world, pk=world.bob_person.pk)).status_code == 404
    assert client.get(url("export", world, fmt="csv")).status_code == 404


def test_contact_columns_are_exported_only_to_coordinators(client, world):
    client.force_login(world.dave)
    text = client.get(url("export", world, fmt="csv")).content.decode("utf-8")
    assert text.startswith("\ufeffNamn;Befattning;Arbetsgivare/aktör;Politiker/tjänsteperson;")
    assert "E-post" not in text and "bob@example.org" not in text
    client.force_login(world.alice)
    text = client.get(url("export", world, fmt="csv")).content.decode("utf-8")
    assert "E-post;Telefon" in text and "bob@example.org" in text


def test_xlsx_export_opens_in_openpyxl(client, world):
    client.force_login(world.alice)
    sheet = load_workbook(io.BytesIO(client.get(url("export", world, fmt="xlsx")).content)).active
    assert [c.value for c in sheet[1]][:2] == ["Namn", "Befattning"]
    assert sheet.max_row == 3


def test_the_detail_shows_contact_details_only_to_those_allowed(client, world):
    target = url("detail", world, pk=world.bob_person.pk)
    client.force_login(world.carol)  # shares no group with Bob
    page = client.get(target).content.decode()
    assert "Styrgruppen" in page and "Ordförande" in page
    assert "bob@example.org" not in page
    for allowed in (world.alice, world.bob):
        client.force_login(allowed)
        assert "bob@example.org" in client.get(target).content.decode()


def test_a_person_of_another_municipality_is_404(client, world):
    other = make_person(world.annanstad, "Otto Annan")
    client.force_login(world.alice)
    assert client.get(url("detail", world, pk=other.pk)).status_code == 404
    assert client.post(url("edit", world, pk=other.pk), person_post()).status_code == 404
    assert client.post(url("delete", world, pk=other.pk)).status_code == 404
    assert Person.objects.filter(pk=other.pk).exists()


def test_a_coordinator_creates_a_person_linked_to_an_account(client, world):
    client.force_login(world.alice)
    response = client.post(
        url("create", world),
        person_post(
            organisation=world.administration.pk,
            email="dina@example.org",
            is_public_contact="on",
            user=world.dave.pk,
        ),
    )
    person = Person.objects.get(name="Dina Dahl")
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=person.pk)
    assert person.user == world.dave
    assert person.is_public_contact
    assert person.organisation == world.administration


def test_only_accounts_with_a_role_here_can_be_linked(client, world):
    outsider = make_user("utomstaende")
    client.force_login(world.alice)
    form = client.get(url("create", world)).context["form"]
    choices = set(form.fields["user"].queryset)
    assert world.dave in choices and world.alice in choices
    assert world.bob not in choices  # already linked to Bob Berg
    assert outsider not in choices and world.olle not in choices
    response = client.post(url("create", world), person_post(user=world.olle.pk))
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Person.objects.filter(name="Dina Dahl").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Det här fältet är obligatoriskt."),
        ({"name": "bob berg"}, "Det finns redan en person som heter"),
        ({"email": "inte-en-adress"}, "Ange en giltig mejladress."),
        ({"kind": "kung"}, "Välj ett giltigt alternativ"),
    ],
)
def test_malformed_person_input_is_explained(client, world, overrides, message):
    client.force_login(world.alice)
    response = client.post(url("create", world), person_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.filter(municipality=world.testby).count() == 2


def test_an_organisation_of_another_municipality_is_refused(client, world):
    client.force_login(world.alice)
    data = person_post(name="Carol Ek", organisation=world.other_organisation.pk)
    response = client.post(url("edit", world, pk=world.carol_person.pk), data)
    assert response.status_code == 400
    world.carol_person.refresh_from_db()
    assert world.carol_person.organisation == world.administration


def test_a_coordinator_edits_a_person(client, world):
    client.force_login(world.alice)
    assert client.get(url("edit", world, pk=world.carol_person.pk)).status_code == 200
    data = person_post(name="Carol Ek", title="Trygghetssamordnare", user=world.carol.pk)
    response = client.post(url("edit", world, pk=world.carol_person.pk), data)
    assert response.status_code == 302
    world.carol_person.refresh_from_db()
    assert world.carol_person.title == "Trygghetssamordnare"
    assert world.carol_person.user == world.carol


def test_readers_and_members_cannot_write(client, world):
    for user in (world.dave, world.bob):
        client.force_login(user)
        assert client.get(url("create", world)).status_code == 403
        assert client.post(url("create", world), person_post()).status_code == 403
        target = url("edit", world, pk=world.bob_person.pk)
        assert client.post(target, person_post(name="Hack")).status_code == 403
        assert client.post(url("delete", world, pk=world.carol_person.pk)).status_code == 403
    assert set(Person.objects.filter(municipality=world.testby).values_list("name", flat=True)) == {
        "Bob Berg",
        "Carol Ek",
    }


def test_a_coordinator_deletes_a_person_and_their_memberships(client, world):
    client.force_login(world.alice)
    confirm = client.get(url("delete", world, pk=world.carol_person.pk))
    assert "Trygghetsgruppen Norra" in confirm.content.decode()
    response = client.post(url("delete", world, pk=world.carol_person.pk))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=world.carol_person.pk).exists()
    assert not world.safety_group.memberships.exists()
    world.carol.refresh_from_db()  # the account stays
