import pytest
from django.urls import reverse

from samverka.core.testing import make_group, make_person
from samverka.organisation.models import GroupKind, Mandate, SpecialistFunction


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


@pytest.fixture
def unit(world):
    return make_group(
        world.testby,
        "Samordningsenheten",
        kind=GroupKind.COORDINATION_UNIT,
        mandate=Mandate.CARRIES_OUT,
    )


@pytest.fixture
def function(unit, world):
    return SpecialistFunction.objects.create(
        group=unit, name="Ungdomskriminalitet", coordinator=world.carol_person
    )


def test_coordination_unit_page_lists_its_specialist_functions(client, world, function):
    client.force_login(world.dave)

    page = client.get(url("group_detail", pk=function.group.pk)).content.decode()

    assert "Specialistfunktioner" in page
    assert "Ungdomskriminalitet" in page
    assert "Carol Ek" in page
    assert url("specialist_create", pk=function.group.pk) not in page


def test_coordinator_adds_a_specialist_function(client, world, unit):
    client.force_login(world.alice)
    assert client.get(url("specialist_create", pk=unit.pk)).status_code == 200

    response = client.post(
        url("specialist_create", pk=unit.pk),
        {
            "name": "Våld i nära relationer",
            "description": "Stöd till skolor och socialtjänst.",
            "coordinator": world.bob_person.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("group_detail", pk=unit.pk)
    function = SpecialistFunction.objects.get(group=unit)
    assert (function.name, function.coordinator) == ("Våld i nära relationer", world.bob_person)


def test_coordinator_edits_a_specialist_function(client, world, function):
    client.force_login(world.alice)
    edit_url = url("specialist_edit", pk=function.group.pk, function_pk=function.pk)
    assert client.get(edit_url).context["form"].initial["name"] == "Ungdomskriminalitet"

    response = client.post(edit_url, {"name": "Unga i riskzon", "coordinator": ""})

    assert response.status_code == 302
    function.refresh_from_db()
    assert (function.name, function.coordinator) == ("Unga i riskzon", None)


def test_coordinator_deletes_a_specialist_function_after_confirming(client, world, function):
    client.force_login(world.alice)
    delete_url = url("specialist_delete", pk=function.group.pk, function_pk=function.pk)

    assert client.get(delete_url).status_code == 200
    assert SpecialistFunction.objects.filter(pk=function.pk).exists()
    response = client.post(delete_url, follow=True)

    assert "Specialistfunktionen Ungdomskriminalitet är borttagen." in response.content.decode()
    assert not SpecialistFunction.objects.filter(pk=function.pk).exists()


@pytest.mark.parametrize("username", ["dave", "bob"])
def test_non_coordinators_may_not_change_specialist_functions(client, world, function, username):
    client.force_login(world.user(username))
    group = function.group

    create = client.post(url("specialist_create", pk=group.pk), {"name": "Ny"})
    edit = client.post(
        url("specialist_edit", pk=group.pk, function_pk=function.pk), {"name": "Ändrad"}
    )
    delete = client.post(url("specialist_delete", pk=group.pk, function_pk=function.pk))

    assert (create.status_code, edit.status_code, delete.status_code) == (403, 403, 403)
    assert list(SpecialistFunction.objects.values_list("name", flat=True)) == [
        "Ungdomskriminalitet"
    ]


def test_specialist_functions_of_another_municipality_are_404(client, world, function):
    client.force_login(world.olle)

    response = client.post(url("specialist_create", pk=function.group.pk), {"name": "Ny"})

    assert response.status_code == 404
    assert SpecialistFunction.objects.count() == 1


def test_specialist_function_is_found_only_through_its_own_unit(client, world, function):
    other_unit = make_group(world.testby, "Annan enhet", kind=GroupKind.COORDINATION_UNIT)
    client.force_login(world.alice)

    response = client.get(url("specialist_edit", pk=other_unit.pk, function_pk=function.pk))

    assert response.status_code == 404


def test_only_a_coordination_unit_has_specialist_functions(client, world):
    client.force_login(world.alice)

    response = client.post(url("specialist_create", pk=world.steering.pk), {"name": "Ny"})

    assert response.status_code == 400
    assert "Specialistfunktioner hör till en samordningsenhet" in response.content.decode()
    assert not SpecialistFunction.objects.exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty_name", "Det här fältet är obligatoriskt."),
        ("other_coordinator", "Välj ett giltigt alternativ"),
    ],
)
def test_malformed_specialist_function_is_400(client, world, unit, case, message):
    data: dict[str, object] = {"name": "Ny funktion"}
    if case == "empty_name":
        data["name"] = ""
    else:
        data["coordinator"] = make_person(world.annanstad, "Främling").pk
    client.force_login(world.alice)

    response = client.post(url("specialist_create", pk=unit.pk), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SpecialistFunction.objects.exists()
