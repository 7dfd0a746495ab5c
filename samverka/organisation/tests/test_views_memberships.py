import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from samverka.core.testing import make_group, make_membership, make_person
from samverka.organisation.models import GroupKind, Membership, MembershipRole


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


def test_coordinator_adds_a_member_who_represents_their_own_organisation(client, world):
    client.force_login(world.alice)
    form_page = client.get(url("membership_create", pk=world.preparation.pk))
    assert form_page.status_code == 200
    # Only this municipality's people are offered.
    people = list(form_page.context["form"].fields["person"].queryset)
    assert world.carol_person in people
    assert all(person.municipality == world.testby for person in people)

    response = client.post(
        url("membership_create", pk=world.preparation.pk),
        {"person": world.carol_person.pk, "role": MembershipRole.CONVENER},
    )

    assert response.status_code == 302
    assert response["Location"] == url("group_detail", pk=world.preparation.pk)
    membership = Membership.objects.get(group=world.preparation, person=world.carol_person)
    assert membership.organisation == world.administration
    assert membership.role == MembershipRole.CONVENER


def test_member_may_represent_another_organisation(client, world):
    client.force_login(world.alice)

    client.post(
        url("membership_create", pk=world.preparation.pk),
        {
            "person": world.carol_person.pk,
            "organisation": world.police.pk,
            "role": MembershipRole.MEMBER,
            "start_date": "2026-01-01",
        },
    )

    membership = Membership.objects.get(group=world.preparation, person=world.carol_person)
    assert membership.organisation == world.police


@pytest.mark.parametrize("username", ["dave", "bob"])
def test_non_coordinators_may_not_add_members(client, world, username):
    client.force_login(world.user(username))

    assert client.get(url("membership_create", pk=world.preparation.pk)).status_code == 403
    response = client.post(
        url("membership_create", pk=world.preparation.pk),
        {"person": world.carol_person.pk, "role": MembershipRole.MEMBER},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(group=world.preparation).exists()


def test_adding_members_in_another_municipality_is_404(client, world):
    client.force_login(world.olle)

    response = client.post(
        url("membership_create", pk=world.preparation.pk),
        {"person": world.carol_person.pk, "role": MembershipRole.MEMBER},
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(group=world.preparation).exists()


def test_adding_a_member_to_another_municipalitys_group_is_404(client, world):
    client.force_login(world.alice)

    response = client.get(url("membership_create", pk=world.other_group.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_person", "Välj ett giltigt alternativ"),
        ("other_organisation", "Välj ett giltigt alternativ"),
        ("already_member", "Carol Ek är redan med i gruppen."),
        ("public_contact", "är offentlig kontaktperson och kan inte vara medlem"),
        ("bad_date", "Fyll i ett giltigt datum."),
        ("end_before_start", "Till-datum kan inte vara före från-datum."),
    ],
)
def test_malformed_membership_is_400_and_changes_nothing(client, world, case, message):
    group = world.safety_group  # carol is already a member
    data: dict[str, object] = {"person": world.bob_person.pk, "role": MembershipRole.MEMBER}
    if case == "other_person":
        data["person"] = make_person(world.annanstad, "Främling").pk
    elif case == "other_organisation":
        data["organisation"] = world.other_organisation.pk
    elif case == "already_member":
        data["person"] = world.carol_person.pk
    elif case == "public_contact":
        data["person"] = make_person(world.testby, "Kontakt", is_public_contact=True).pk
    elif case == "bad_date":
        data["start_date"] = "31/02"
    else:
        data.update(start_date="2026-05-01", end_date="2026-04-01")
    before = list(Membership.objects.values_list("pk", "person_id", "group_id"))
    client.force_login(world.alice)

    response = client.post(url("membership_create", pk=group.pk), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Membership.objects.values_list("pk", "person_id", "group_id")) == before


def test_coordinator_edits_a_membership(client, world):
    membership = Membership.objects.get(group=world.steering, person=world.bob_person)
    client.force_login(world.alice)
    form_page = client.get(
        url("membership_edit", pk=world.steering.pk, membership_pk=membership.pk)
    )
    assert form_page.status_code == 200
    assert "person" not in form_page.context["form"].fields

    response = client.post(
        url("membership_edit", pk=world.steering.pk, membership_pk=membership.pk),
        {"role": MembershipRole.SECRETARY, "organisation": world.administration.pk},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MembershipRole.SECRETARY
    assert membership.organisation == world.administration
    assert membership.person == world.bob_person


def test_blank_organisation_on_edit_means_the_persons_own(client, world):
    membership = Membership.objects.get(group=world.steering, person=world.bob_person)
    membership.organisation = world.administration
    membership.save()
    client.force_login(world.alice)

    client.post(
        url("membership_edit", pk=world.steering.pk, membership_pk=membership.pk),
        {"role": MembershipRole.CHAIR, "organisation": ""},
    )

    membership.refresh_from_db()
    assert membership.organisation == world.police


def test_membership_is_found_only_through_its_own_group(client, world):
    membership = Membership.objects.get(group=world.steering, person=world.bob_person)
    client.force_login(world.alice)

    response = client.get(
        url("membership_edit", pk=world.preparation.pk, membership_pk=membership.pk)
    )

    assert response.status_code == 404


def test_reader_may_not_edit_or_remove_a_membership(client, world):
    membership = Membership.objects.get(group=world.steering, person=world.bob_person)
    client.force_login(world.dave)

    edit = client.post(
        url("membership_edit", pk=world.steering.pk, membership_pk=membership.pk),
        {"role": MembershipRole.MEMBER},
    )
    delete = client.post(
        url("membership_delete", pk=world.steering.pk, membership_pk=membership.pk)
    )

    assert (edit.status_code, delete.status_code) == (403, 403)
    membership.refresh_from_db()
    assert membership.role == MembershipRole.CHAIR


def test_coordinator_removes_a_member_after_confirming(client, world):
    membership = Membership.objects.get(group=world.steering, person=world.bob_person)
    client.force_login(world.alice)
    delete_url = url("membership_delete", pk=world.steering.pk, membership_pk=membership.pk)

    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Ta bort Bob Berg ur Styrgruppen?" in confirm.content.decode()

    response = client.post(delete_url, follow=True)

    assert response.redirect_chain[-1][0] == url("group_detail", pk=world.steering.pk)
    assert "Bob Berg är borttagen ur Styrgruppen." in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("username", ["alice", "bob"])
def test_member_export_has_contact_columns_for_members_and_coordinators(client, world, username):
    client.force_login(world.user(username))

    rows = csv_rows(client.get(url("membership_export", pk=world.steering.pk, fmt="csv")))

    assert rows[0][-2:] == ["E-post", "Telefon"]
    assert rows[1][0] == "Bob Berg"
    assert rows[1][2] == "Polisen LPO Testby"
    assert rows[1][3] == "Ordförande"
    assert "bob@example.org" in rows[1]


@pytest.mark.parametrize("username", ["carol", "dave"])
def test_member_export_has_no_contact_columns_for_others(client, world, username):
    client.force_login(world.user(username))

    response = client.get(url("membership_export", pk=world.steering.pk, fmt="csv"))

    rows = csv_rows(response)
    assert "E-post" not in rows[0]
    assert rows[1][0] == "Bob Berg"
    assert "bob@example.org" not in response.content.decode()


def test_member_export_as_xlsx(client, world):
    client.force_login(world.alice)

    response = client.get(url("membership_export", pk=world.steering.pk, fmt="xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Namn"
    assert values[1][0] == "Bob Berg"


def test_sspf_member_list_cannot_be_exported_by_outsiders(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF)
    make_membership(sspf, make_person(world.testby, "Hemlig Socialsekreterare"))
    client.force_login(world.dave)

    response = client.get(url("membership_export", pk=sspf.pk, fmt="csv"))

    assert response.status_code == 403
    assert b"Hemlig" not in response.content


def test_member_export_is_404_for_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("membership_export", pk=world.steering.pk, fmt="csv")).status_code == 404
