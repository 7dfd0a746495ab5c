import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverka.accounts.models import AuditEvent, MunicipalityRole, Role, User
from samverka.core.testing import PASSWORD, grant, make_person, make_user

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"users:{name}", kwargs={"municipality": world.testby.slug, **kwargs})


def create_post(**overrides):
    data = {
        "username": "erik",
        "first_name": "Erik",
        "last_name": "Lund",
        "email": "erik@example.org",
        "role": Role.MEMBER,
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


def edit_post(user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": MunicipalityRole.objects.get(user=user, municipality__slug="testby").role,
    }
    data.update(overrides)
    return data


def test_a_coordinator_sees_the_municipalitys_accounts(client, world):
    client.force_login(world.alice)
    response = client.get(url("list", world))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("alice", "bob", "carol", "dave"):
        assert name in page
    assert "olle" not in page and "root" not in page
    assert "Bob Berg" in page  # the linked person


def test_the_list_does_not_query_per_account(client, world, django_assert_max_num_queries):
    for i in range(20):
        grant(make_user(f"user{i}"), world.testby, Role.READER)
    client.force_login(world.alice)
    with django_assert_max_num_queries(10):
        assert client.get(url("list", world)).status_code == 200


def test_everybody_but_coordinators_gets_403(client, world):
    for user in (world.bob, world.carol, world.dave):
        client.force_login(user)
        assert client.get(url("list", world)).status_code == 403
        assert client.get(url("export", world, fmt="csv")).status_code == 403
        assert client.post(url("create", world), create_post()).status_code == 403
        assert client.post(url("remove", world, pk=world.dave.pk)).status_code == 403
    assert not User.objects.filter(username="erik@testby").exists()
    assert MunicipalityRole.objects.filter(user=world.dave).exists()


def test_the_coordinator_of_another_municipality_gets_404(client, world):
    client.force_login(world.olle)
    assert client.get(url("list", world)).status_code == 404
    assert client.post(url("create", world), create_post()).status_code == 404


def test_an_account_without_a_role_here_is_404(client, world):
    client.force_login(world.alice)
    assert client.get(url("edit", world, pk=world.olle.pk)).status_code == 404
    assert client.post(url("remove", world, pk=world.olle.pk)).status_code == 404
    assert client.get(url("edit", world, pk=world.root.pk)).status_code == 404
    assert MunicipalityRole.objects.filter(user=world.olle).exists()


def test_exports_are_csv_with_bom_and_loadable_xlsx(client, world):
    client.force_login(world.alice)
    text = client.get(url("export", world, fmt="csv")).content.decode("utf-8")
    assert text.startswith("\ufeffAnvändarnamn;Namn;E-post;Roll")
    assert "bob;Bob;;Medlem;Bob Berg;" in text
    sheet = load_workbook(io.BytesIO(client.get(url("export", world, fmt="xlsx")).content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "alice",
        "bob",
        "carol",
        "dave",
    ]


def test_a_coordinator_creates_an_account_with_a_password_and_a_person(client, world):
    person = make_person(world.testby, "Erik Lund")
    client.force_login(world.alice)
    response = client.post(url("create", world), create_post(person=person.pk))
    assert response.status_code == 302
    erik = User.objects.get(username="erik@testby")
    assert erik.check_password(PASSWORD)
    assert MunicipalityRole.objects.get(user=erik).municipality == world.testby
    assert MunicipalityRole.objects.get(user=erik).role == Role.MEMBER
    person.refresh_from_db()
    assert person.user == erik
    assert AuditEvent.objects.filter(action="create", object_type="user").exists()
    assert client.login(username="erik@testby", password=PASSWORD)


def test_without_a_password_the_account_cannot_log_in_and_a_message_says_so(client, world):
    client.force_login(world.alice)
    response = client.post(
        url("create", world), create_post(password="", password_again=""), follow=True
    )
    assert "Kontot har inget lösenord" in response.content.decode()
    assert not User.objects.get(username="erik@testby").has_usable_password()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": ""}, "Det här fältet är obligatoriskt."),
        ({"username": "med mellanslag"}, "Fyll i ett giltigt användarnamn"),
        ({"username": "a@b"}, "Fyll i ett giltigt användarnamn"),
        ({"password": "123", "password_again": "123"}, "lösenordet är för kort"),
        ({"password_again": "något annat"}, "Lösenorden är inte lika."),
        ({"role": "kung"}, "Välj ett giltigt alternativ"),
        ({"email": "inte-en-adress"}, "Ange en giltig mejladress."),
    ],
)
def test_malformed_account_input_is_explained(client, world, overrides, message):
    client.force_login(world.alice)
    before = User.objects.count()
    response = client.post(url("create", world), create_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_a_person_of_another_municipality_cannot_be_linked(client, world):
    other = make_person(world.annanstad, "Otto Annan")
    client.force_login(world.alice)
    response = client.post(url("create", world), create_post(person=other.pk))
    assert response.status_code == 400
    assert not User.objects.filter(username="erik@testby").exists()


def test_a_coordinator_changes_role_name_and_person(client, world):
    person = make_person(world.testby, "Dave Dal")
    client.force_login(world.alice)
    assert client.get(url("edit", world, pk=world.dave.pk)).status_code == 200
    data = edit_post(world.dave, role=Role.MEMBER, last_name="Dal", person=person.pk)
    response = client.post(url("edit", world, pk=world.dave.pk), data)
    assert response.status_code == 302
    world.dave.refresh_from_db()
    person.refresh_from_db()
    assert MunicipalityRole.objects.get(user=world.dave).role == Role.MEMBER
    assert world.dave.last_name == "Dal"
    assert person.user == world.dave


def test_changing_the_person_link_moves_it(client, world):
    person = make_person(world.testby, "Bob Bergström")
    client.force_login(world.alice)
    data = edit_post(world.bob, person=person.pk)
    assert client.post(url("edit", world, pk=world.bob.pk), data).status_code == 302
    world.bob_person.refresh_from_db()
    person.refresh_from_db()
    assert world.bob_person.user is None
    assert person.user == world.bob


def test_a_coordinator_cannot_demote_themself(client, world):
    client.force_login(world.alice)
    response = client.post(
        url("edit", world, pk=world.alice.pk), edit_post(world.alice, role="reader")
    )
    assert response.status_code == 400
    assert "Du kan inte ta bort din egen samordnarroll" in response.content.decode()
    assert MunicipalityRole.objects.get(user=world.alice).role == Role.COORDINATOR


def test_the_name_of_an_account_used_elsewhere_is_not_changed_from_here(client, world):
    grant(world.dave, world.annanstad, Role.READER)
    client.force_login(world.alice)
    response = client.post(
        url("edit", world, pk=world.dave.pk), edit_post(world.dave, email="x@y.se")
    )
    assert response.status_code == 400
    assert "Kontot används även i en annan kommun" in response.content.decode()
    world.dave.refresh_from_db()
    assert world.dave.email == ""


def test_a_coordinator_cannot_remove_themself(client, world):
    client.force_login(world.alice)
    response = client.post(url("remove", world, pk=world.alice.pk))
    assert response.status_code == 400
    assert "Du kan inte ta bort dig själv" in response.content.decode()
    assert MunicipalityRole.objects.filter(user=world.alice).exists()


def test_removing_a_user_only_used_here_closes_the_account_and_unlinks_the_person(client, world):
    client.force_login(world.alice)
    assert client.get(url("remove", world, pk=world.bob.pk)).status_code == 200
    response = client.post(url("remove", world, pk=world.bob.pk))
    assert response.status_code == 302
    # Closed, not deleted: the audit trail still names who did what.
    bob = User.objects.get(username="bob")
    assert not bob.is_active and not bob.has_usable_password()
    assert not MunicipalityRole.objects.filter(user=bob).exists()
    assert client.login(username="bob", password=PASSWORD) is False
    world.bob_person.refresh_from_db()
    assert world.bob_person.user is None


def test_removing_a_user_with_roles_elsewhere_keeps_the_account(client, world):
    grant(world.carol, world.annanstad, Role.MEMBER)
    client.force_login(world.alice)
    assert client.post(url("remove", world, pk=world.carol.pk)).status_code == 302
    assert User.objects.filter(username="carol").exists()
    assert list(
        MunicipalityRole.objects.filter(user=world.carol).values_list("municipality", flat=True)
    ) == [world.annanstad.pk]
    world.carol_person.refresh_from_db()
    assert world.carol_person.user is None


def test_a_name_taken_in_the_municipality_is_refused(client, world):
    client.force_login(world.alice)
    assert client.post(url("create", world), create_post()).status_code == 302
    response = client.post(url("create", world), create_post(username="ERIK"))
    assert response.status_code == 400
    assert "Användarnamnet ERIK@testby är upptaget" in response.content.decode()


def test_a_username_of_another_municipality_is_not_revealed(client, world):
    """Names are namespaced by municipality, so olle's or bob's plain name is not "taken"."""
    client.force_login(world.alice)
    response = client.post(url("create", world), create_post(username="olle"))
    assert response.status_code == 302
    assert User.objects.filter(username="olle@testby").exists()
    assert "olle@testby" in client.get(url("list", world)).content.decode()
