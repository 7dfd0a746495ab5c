import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse

from samverka.core.testing import make_area, make_group, make_membership, make_person
from samverka.organisation.models import Cadence, Group, GroupKind, Mandate


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def valid_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Arbetsgrupp Centrum",
        "kind": GroupKind.WORKING,
        "mandate": Mandate.CARRIES_OUT,
        "cadence": Cadence.EVERY_N_WEEKS,
        "interval_weeks": "2",
        "meeting_weekday": "2",
        "acute_triggers": "skjutning\nexplosion",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    }
    data.update(overrides)
    return data


# --- list and export ---------------------------------------------------------------------


def test_group_list_is_grouped_by_kind_with_member_counts(client, world):
    client.force_login(world.dave)

    response = client.get(url("group_list"))

    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s.label for s in sections] == [
        "Styrgrupp/ledningsgrupp",
        "Beredningsgrupp",
        "Trygghetsgrupp",
    ]
    steering = sections[0].groups[0]
    assert (steering.name, steering.member_count) == ("Styrgruppen", 1)
    page = response.content.decode()
    assert "6 gånger per år" in page
    assert "varannan vecka" in page
    assert "Annanstads styrgrupp" not in page
    # Readers get no "new group" button.
    assert url("group_create") not in page


def test_group_list_filters_by_kind_and_area(client, world):
    client.force_login(world.alice)

    by_kind = client.get(url("group_list"), {"kind": GroupKind.PREPARATION})
    by_area = client.get(url("group_list"), {"area": world.area.pk})

    assert by_kind.context["group_count"] == 1
    assert by_kind.context["sections"][0].groups[0] == world.preparation
    assert by_area.context["group_count"] == 1
    assert by_area.context["sections"][0].groups[0] == world.safety_group


def test_group_list_filter_with_another_municipalitys_area_is_400(client, world):
    client.force_login(world.alice)

    response = client.get(url("group_list"), {"area": world.other_area.pk})

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_group_list_does_not_query_per_group(client, world, django_assert_max_num_queries):
    for index in range(30):
        group = make_group(world.testby, f"Arbetsgrupp {index}", area=world.area)
        group.reports_to = world.preparation
        group.save()
        make_membership(group, make_person(world.testby, f"Medlem {index}"))
    client.force_login(world.alice)

    with django_assert_max_num_queries(12):
        response = client.get(url("group_list"))

    assert response.context["group_count"] == 33


def test_group_list_is_404_for_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("group_list")).status_code == 404
    assert client.get(url("group_export", fmt="csv")).status_code == 404


def test_group_export_csv(client, world):
    client.force_login(world.dave)

    response = client.get(url("group_export", fmt="csv"))

    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Namn", "Typ", "Mandat"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Styrgruppen", "Beredningsgruppen", "Trygghetsgruppen Norra"}
    assert by_name["Beredningsgruppen"][5] == "Styrgruppen"
    assert by_name["Styrgruppen"][6] == "1"


def test_group_export_xlsx_follows_the_filter(client, world):
    client.force_login(world.alice)

    response = client.get(url("group_export", fmt="xlsx"), {"kind": GroupKind.STEERING})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Namn"
    assert [row[0] for row in values[1:]] == ["Styrgruppen"]


def test_group_export_of_unknown_format_is_404(client, world):
    client.force_login(world.alice)

    assert client.get(url("group_export", fmt="pdf")).status_code == 404


# --- detail ------------------------------------------------------------------------------


def test_group_page_explains_mandate_and_shows_relations(client, world):
    client.force_login(world.dave)

    response = client.get(url("group_detail", pk=world.steering.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Beslutar = fattar beslut om vad som ska göras" in page
    assert "6 gånger per år" in page
    # Chair from the memberships, members grouped by the organisation they represent.
    assert "Bob Berg (ordförande)" in page
    assert "<caption>Polisen LPO Testby</caption>" in page
    # Groups reporting here are linked.
    assert url("group_detail", pk=world.preparation.pk) in page


def test_internal_notes_are_shown_only_to_members_and_coordinators(client, world):
    pages = {}
    for name in ("alice", "bob", "carol", "dave"):
        client.force_login(world.user(name))
        pages[name] = client.get(url("group_detail", pk=world.steering.pk)).content.decode()

    assert "Hemlig anteckning för styrgruppen" in pages["alice"]
    assert "Hemlig anteckning för styrgruppen" in pages["bob"]
    assert "Hemlig anteckning för styrgruppen" not in pages["carol"]
    assert "Hemlig anteckning för styrgruppen" not in pages["dave"]


def test_contact_details_are_shown_only_per_need_to_know(client, world):
    client.force_login(world.alice)
    coordinator_page = client.get(url("group_detail", pk=world.steering.pk)).content.decode()
    client.force_login(world.dave)
    reader_page = client.get(url("group_detail", pk=world.steering.pk)).content.decode()

    assert "bob@example.org" in coordinator_page
    assert "bob@example.org" not in reader_page
    assert "Visas för gruppens medlemmar" in reader_page


def test_sspf_members_are_hidden_from_non_members(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, area=world.area)
    make_membership(sspf, make_person(world.testby, "Hemlig Socialsekreterare"))

    client.force_login(world.dave)
    reader_page = client.get(url("group_detail", pk=sspf.pk)).content.decode()
    client.force_login(world.alice)
    coordinator_page = client.get(url("group_detail", pk=sspf.pk)).content.decode()

    assert "Hemlig Socialsekreterare" not in reader_page
    assert "visas bara för gruppens medlemmar" in reader_page
    assert "Hemlig Socialsekreterare" in coordinator_page


def test_working_group_past_its_end_date_is_flagged(client, world):
    ended = make_group(world.testby, "Gammal arbetsgrupp", end_date=date.today() - timedelta(1))
    running = make_group(world.testby, "Pågående arbetsgrupp", end_date=date.today() + timedelta(9))
    client.force_login(world.dave)

    assert "har passerat" in client.get(url("group_detail", pk=ended.pk)).content.decode()
    assert "har passerat" not in client.get(url("group_detail", pk=running.pk)).content.decode()


def test_group_of_another_municipality_is_404(client, world):
    client.force_login(world.alice)

    assert client.get(url("group_detail", pk=world.other_group.pk)).status_code == 404
    assert client.get(url("group_edit", pk=world.other_group.pk)).status_code == 404
    assert client.post(url("group_delete", pk=world.other_group.pk)).status_code == 404
    assert Group.objects.filter(pk=world.other_group.pk).exists()


def test_group_page_is_404_for_a_user_of_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("group_detail", pk=world.steering.pk)).status_code == 404


# --- create, edit, delete ----------------------------------------------------------------


def test_coordinator_creates_a_group_with_all_fields(client, world):
    client.force_login(world.alice)
    assert client.get(url("group_create")).status_code == 200

    response = client.post(
        url("group_create"),
        valid_data(
            area=world.area.pk,
            reports_to=world.preparation.pk,
            appointed_by=world.preparation.pk,
            coordinates=[world.safety_group.pk],
            convening_organisation=world.administration.pk,
            # A value for another cadence is dropped rather than kept.
            meetings_per_year="4",
        ),
    )

    group = Group.objects.get(name="Arbetsgrupp Centrum")
    assert response.status_code == 302
    assert response["Location"] == url("group_detail", pk=group.pk)
    assert group.municipality == world.testby
    assert (group.reports_to, group.appointed_by, group.area) == (
        world.preparation,
        world.preparation,
        world.area,
    )
    assert list(group.coordinates.all()) == [world.safety_group]
    assert group.cadence_label() == "varannan vecka (tisdag)"
    assert group.meetings_per_year is None
    assert group.acute_trigger_list() == ["skjutning", "explosion"]
    assert group.end_date == date(2026, 12, 31)


@pytest.mark.parametrize("username", ["dave", "bob"])
def test_non_coordinators_may_not_create_groups(client, world, username):
    client.force_login(world.user(username))

    assert client.get(url("group_create")).status_code == 403
    assert client.post(url("group_create"), valid_data()).status_code == 403
    assert not Group.objects.filter(name="Arbetsgrupp Centrum").exists()


def test_creating_a_group_in_another_municipality_is_404(client, world):
    client.force_login(world.olle)

    assert client.post(url("group_create"), valid_data()).status_code == 404
    assert not Group.objects.filter(name="Arbetsgrupp Centrum").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Det här fältet är obligatoriskt."),
        ({"start_date": "31/02"}, "Fyll i ett giltigt datum."),
        ({"end_date": "2025-01-01"}, "Slutdatum kan inte vara före startdatum."),
        (
            {"cadence": Cadence.TIMES_PER_YEAR, "meetings_per_year": ""},
            "Ange hur många gånger per år gruppen möts.",
        ),
        ({"name": "styrgruppen"}, "Det finns redan en grupp som heter styrgruppen i kommunen."),
    ],
)
def test_malformed_group_is_400_with_the_message(client, world, overrides, message):
    client.force_login(world.alice)
    before = Group.objects.count()

    response = client.post(url("group_create"), valid_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Group.objects.count() == before


@pytest.mark.parametrize("field", ["area", "reports_to", "coordinates", "convening_organisation"])
def test_ids_of_another_municipality_are_refused(client, world, field):
    other = {
        "area": world.other_area.pk,
        "reports_to": world.other_group.pk,
        "coordinates": [world.other_group.pk],
        "convening_organisation": world.other_organisation.pk,
    }[field]
    client.force_login(world.alice)

    response = client.post(url("group_create"), valid_data(**{field: other}))

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Group.objects.filter(name="Arbetsgrupp Centrum").exists()


def test_coordinator_edits_a_group(client, world):
    client.force_login(world.alice)
    form_page = client.get(url("group_edit", pk=world.preparation.pk))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["reports_to"] == world.steering

    response = client.post(
        url("group_edit", pk=world.preparation.pk),
        valid_data(
            name="Beredningsgruppen",
            kind=GroupKind.PREPARATION,
            mandate=Mandate.PREPARES,
            reports_to=world.steering.pk,
            purpose="Bereder ärenden till styrgruppen.",
        ),
    )

    assert response.status_code == 302
    world.preparation.refresh_from_db()
    assert world.preparation.purpose == "Bereder ärenden till styrgruppen."


def test_reports_to_that_would_make_a_cycle_is_400(client, world):
    client.force_login(world.alice)

    response = client.post(
        url("group_edit", pk=world.steering.pk),
        valid_data(
            name="Styrgruppen",
            kind=GroupKind.STEERING,
            mandate=Mandate.DECIDES,
            reports_to=world.safety_group.pk,
        ),
    )

    assert response.status_code == 400
    assert "Det skulle bli en cirkel" in response.content.decode()
    world.steering.refresh_from_db()
    assert world.steering.reports_to is None
    assert world.steering.kind == GroupKind.STEERING


def test_reader_may_not_edit_a_group(client, world):
    client.force_login(world.dave)

    response = client.post(
        url("group_edit", pk=world.steering.pk), valid_data(name="Kapad", kind=GroupKind.STEERING)
    )

    assert response.status_code == 403
    world.steering.refresh_from_db()
    assert world.steering.name == "Styrgruppen"


def test_coordinator_deletes_a_group_after_confirming(client, world):
    client.force_login(world.alice)

    confirm = client.get(url("group_delete", pk=world.safety_group.pk))
    assert confirm.status_code == 200
    assert "Ta bort Trygghetsgruppen Norra?" in confirm.content.decode()
    assert Group.objects.filter(pk=world.safety_group.pk).exists()

    response = client.post(url("group_delete", pk=world.safety_group.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("group_list")
    assert "Gruppen Trygghetsgruppen Norra är borttagen." in response.content.decode()
    assert not Group.objects.filter(pk=world.safety_group.pk).exists()


def test_reader_may_not_delete_a_group(client, world):
    client.force_login(world.dave)

    assert client.get(url("group_delete", pk=world.steering.pk)).status_code == 403
    assert client.post(url("group_delete", pk=world.steering.pk)).status_code == 403
    assert Group.objects.filter(pk=world.steering.pk).exists()


def test_area_filter_lists_only_this_municipalitys_areas(client, world):
    make_area(world.annanstad, "Främmande område")
    client.force_login(world.alice)

    page = client.get(url("group_list")).content.decode()

    assert "Norra Testby" in page
    assert "Främmande område" not in page
