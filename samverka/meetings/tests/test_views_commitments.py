"""Commitments: made at a meeting, listed with filters and exports, followed up by their owner."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import make_group
from samverka.meetings import services
from samverka.meetings.models import Commitment, CommitmentStatus, CommitmentUpdate
from samverka.organisation.models import GroupKind, Mandate
from tests.authz.rows_meetings import build_scenario


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


def meeting_at(group, days: int):
    start = timezone.now() + timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


@pytest.fixture
def commitments(world):
    """Three open commitments of two groups (one overdue), and one done."""
    past = meeting_at(world.steering, -40)
    safety = meeting_at(world.safety_group, -20)
    today = timezone.localdate()
    overdue = services.commitment_create(
        meeting=past,
        title="Belysning i tunneln",
        owner_organisation=world.administration,
        due_date=today - timedelta(days=5),
        user=None,
    )
    police = services.commitment_create(
        meeting=past,
        title="Fler polispatruller",
        owner_person=world.bob_person,
        due_date=today + timedelta(days=10),
        user=None,
    )
    walk = services.commitment_create(
        meeting=safety,
        title="Trygghetsvandring",
        owner_person=world.carol_person,
        due_date=today + timedelta(days=20),
        user=None,
    )
    done = services.commitment_create(
        meeting=past, title="Klart sedan länge", owner_person=world.bob_person, user=None
    )
    services.commitment_update(commitment=done, status=CommitmentStatus.DONE, user=None)
    return {"overdue": overdue, "police": police, "walk": walk, "done": done}


def titles(response) -> list[str]:
    return [c.title for c in response.context["commitments"]]


def test_the_list_shows_open_commitments_with_the_overdue_flagged(client, world, commitments):
    client.force_login(world.dave)

    response = client.get(url("commitments"))

    assert response.status_code == 200
    assert titles(response) == ["Belysning i tunneln", "Fler polispatruller", "Trygghetsvandring"]
    page = response.content.decode()
    assert page.count("Försenat") == 1
    assert "varav 1 försenat" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"grupp": "safety_group"}, ["Trygghetsvandring"]),
        ({"aktor": "police"}, ["Fler polispatruller"]),
        ({"person": "carol_person"}, ["Trygghetsvandring"]),
        ({"forsenade": "on"}, ["Belysning i tunneln"]),
        ({"status": "done"}, ["Klart sedan länge"]),
        (
            {"status": "alla", "grupp": "steering"},
            ["Belysning i tunneln", "Fler polispatruller", "Klart sedan länge"],
        ),
    ],
)
def test_the_list_filters_by_group_organisation_person_and_status(
    client, world, commitments, query, expected
):
    client.force_login(world.carol)
    params = {k: getattr(world, v).pk if hasattr(world, v) else v for k, v in query.items()}

    response = client.get(url("commitments"), params)

    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)


def test_a_filter_with_another_municipalitys_group_is_refused(client, world, commitments):
    client.force_login(world.alice)

    response = client.get(url("commitments"), {"grupp": world.other_group.pk})

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_sspf_commitments_are_hidden_from_outsiders(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    services.commitment_create(
        meeting=meeting_at(sspf, 2),
        title="Hemligt åtagande",
        owner_organisation=world.police,
        user=None,
    )
    client.force_login(world.dave)

    assert "Hemligt åtagande" not in client.get(url("commitments")).content.decode()
    assert (
        "Hemligt åtagande" not in client.get(url("commitments_export", fmt="csv")).content.decode()
    )


def test_export_follows_the_filters(client, world, commitments):
    client.force_login(world.dave)

    response = client.get(url("commitments_export", fmt="csv"), {"forsenade": "on"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Åtagande", "Ansvarig grupp", "Ansvarig person"]
    assert [r[0] for r in rows[1:]] == ["Belysning i tunneln"]
    assert rows[1][7] == "ja"  # "Försenat"

    xlsx = client.get(url("commitments_export", fmt="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4


def test_group_page_lists_its_open_commitments(client, world, commitments):
    client.force_login(world.dave)

    response = client.get(url("group", group_pk=world.steering.pk))

    assert [c.title for c in response.context["commitments"]] == [
        "Belysning i tunneln",
        "Fler polispatruller",
    ]


# --- Making and following up a commitment -----------------------------------------------------


def test_commitment_from_a_decision_defaults_to_the_meetings_group(client, world):
    scenario = build_scenario(world)
    client.force_login(world.bob)
    create = url("commitment_create", pk=scenario.meeting.pk)

    form = client.get(create, {"beslut": scenario.decision.pk}).context["form"]
    assert form.initial["group"] == world.steering.pk
    assert form.initial["decision"] == scenario.decision.pk
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(
        create,
        {
            "title": "Rekrytera fler nattvandrare",
            "owner_person": world.bob_person.pk,
            "due_date": due,
            "group": world.safety_group.pk,
            "decision": scenario.decision.pk,
        },
    )

    assert response.status_code == 302
    made = Commitment.objects.get(title="Rekrytera fler nattvandrare")
    # The owner's employer is the owning actor when none is named; a working group follows it up.
    assert (made.owner_organisation, made.group, made.decision, made.meeting) == (
        world.police,
        world.safety_group,
        scenario.decision,
        scenario.meeting,
    )


def test_a_commitment_needs_an_owner(client, world):
    scenario = build_scenario(world)
    client.force_login(world.alice)

    response = client.post(
        url("commitment_create", pk=scenario.meeting.pk),
        {"title": "Ingen ansvarar", "group": world.steering.pk},
    )

    assert response.status_code == 400
    assert "Ange vem som ansvarar" in response.content.decode()
    assert not Commitment.objects.filter(title="Ingen ansvarar").exists()


def test_the_owner_follows_up_her_commitment(client, world):
    scenario = build_scenario(world)
    client.force_login(world.carol)
    page = url("commitment", pk=scenario.commitment.pk)

    assert client.get(page).context["form"] is not None
    response = client.post(
        page, {"status": CommitmentStatus.DONE, "note": "Tolv nattvandrare anmälda."}
    )

    assert response.status_code == 302
    scenario.commitment.refresh_from_db()
    assert scenario.commitment.status == CommitmentStatus.DONE
    assert scenario.commitment.done_at is not None
    update = CommitmentUpdate.objects.get()
    assert (update.note, update.by) == ("Tolv nattvandrare anmälda.", world.carol)
    assert "Tolv nattvandrare anmälda." in client.get(page).content.decode()


def test_a_reader_sees_the_commitment_but_cannot_follow_it_up(client, world):
    scenario = build_scenario(world)
    client.force_login(world.dave)
    page = url("commitment", pk=scenario.commitment.pk)

    response = client.get(page)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(page, {"status": CommitmentStatus.DONE}).status_code == 403
    scenario.commitment.refresh_from_db()
    assert scenario.commitment.status == CommitmentStatus.OPEN


def test_an_unknown_status_is_refused(client, world):
    scenario = build_scenario(world)
    client.force_login(world.alice)

    response = client.post(url("commitment", pk=scenario.commitment.pk), {"status": "lost"})

    assert response.status_code == 400
    assert not CommitmentUpdate.objects.exists()
