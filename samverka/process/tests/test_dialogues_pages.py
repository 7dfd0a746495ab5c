"""Dialogues: notes from citizen and staff dialogues, surveys and safety walks, as input to
problems and to the medborgarlöfte; pages and API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from samverka.accounts.access import Access
from samverka.core.testing import World
from samverka.process.models import DialogueNote, ProblemEvidence
from samverka.process.services import promises as services
from samverka.process.tests.promise_factories import make_problem, make_promise

pytestmark = pytest.mark.django_db


def _dialogue(world: World, **fields: object) -> DialogueNote:
    values: dict[str, object] = {
        "kind": "citizen",
        "title": "Dialog i Norra",
        "held_on": date(2026, 2, 1),
        "summary": "Otryggt vid busshållplatsen.",
        "area": world.area,
        "participants": 35,
    }
    values.update(fields)
    return services.dialogue_create(access=Access.system(world.testby), **values)  # type: ignore[arg-type]


def _page(name: str, pk: int) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", "pk": pk})


def test_a_coordinator_records_a_dialogue_on_the_page(client: Client, world: World) -> None:
    promise = make_promise(world.testby)
    client.force_login(world.alice)
    url = reverse("process:dialogue_create", kwargs={"municipality": "testby"})
    response = client.post(
        url,
        {
            "kind": "walk",
            "title": "Trygghetsvandring vid torget",
            "held_on": "2026-03-04",
            "area": world.area.pk,
            "participants": "12",
            "summary": "Trasig belysning vid gångtunneln.",
            "promise": promise.pk,
        },
    )
    assert response.status_code == 302
    dialogue = DialogueNote.objects.get(title="Trygghetsvandring vid torget")
    assert dialogue.promise == promise and dialogue.created_by == world.alice
    detail = client.get(response["Location"]).content.decode()
    assert "Trasig belysning vid gångtunneln." in detail
    listing = client.get(reverse("process:dialogue_list", kwargs={"municipality": "testby"}))
    assert "Trygghetsvandring vid torget" in listing.content.decode()


def test_malformed_dialogue_input_is_refused_in_swedish(client: Client, world: World) -> None:
    client.force_login(world.alice)
    url = reverse("process:dialogue_create", kwargs={"municipality": "testby"})
    response = client.post(
        url,
        {
            "kind": "nonsense",
            "title": "",
            "held_on": "igår",
            "participants": "-3",
            "summary": "",
            "area": world.other_area.pk,
        },
    )
    assert response.status_code == 400
    assert not DialogueNote.objects.exists()
    errors = response.context["form"].errors
    assert {"kind", "title", "held_on", "participants", "summary", "area"} <= set(errors)
    assert "Välj ett giltigt alternativ" in str(errors["kind"])


def test_editing_a_dialogue(client: Client, world: World) -> None:
    dialogue = _dialogue(world)
    client.force_login(world.alice)
    url = reverse("process:dialogue_edit", kwargs={"municipality": "testby", "pk": dialogue.pk})
    response = client.post(
        url,
        {
            "kind": "staff",
            "title": "Medarbetardialog",
            "held_on": "2026-02-02",
            "summary": "Personalen oroar sig för kvällarna.",
        },
    )
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.kind == "staff" and dialogue.area is None


def test_readers_read_and_planners_write(client: Client, world: World) -> None:
    dialogue = _dialogue(world)
    client.force_login(world.dave)
    detail = reverse(
        "process:dialogue_detail", kwargs={"municipality": "testby", "pk": dialogue.pk}
    )
    assert client.get(detail).status_code == 200
    edit = _page("dialogue_edit", dialogue.pk)
    assert client.get(edit).status_code == 403
    client.force_login(world.olle)
    assert client.get(detail).status_code == 404


def test_the_dialogue_shows_the_problems_it_is_evidence_of(client: Client, world: World) -> None:
    dialogue = _dialogue(world)
    problem = make_problem(world.testby, title="Otrygg busshållplats")
    ProblemEvidence.objects.create(
        problem=problem, kind="dialogue", title="Dialogen", dialogue=dialogue
    )
    client.force_login(world.dave)
    detail = reverse(
        "process:dialogue_detail", kwargs={"municipality": "testby", "pk": dialogue.pk}
    )
    assert "Otrygg busshållplats" in client.get(detail).content.decode()


def test_a_dialogue_of_another_municipalitys_promise_is_refused(world: World) -> None:
    foreign = make_promise(world.annanstad, title="Annanstads löfte")
    with pytest.raises(ValidationError):
        _dialogue(world, promise=foreign)


def test_the_dialogue_api(client: Client, world: World) -> None:
    client.force_login(world.alice)
    url = reverse("api-process-dialogue-list", kwargs={"municipality_slug": "testby"})
    response = client.post(
        url,
        {
            "kind": "survey",
            "title": "Trygghetsenkät",
            "held_on": "2026-04-01",
            "summary": "62 % känner sig trygga.",
            "area": world.area.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    detail = reverse(
        "api-process-dialogue-detail", kwargs={"municipality_slug": "testby", "pk": pk}
    )
    response = client.patch(detail, {"participants": 400}, content_type="application/json")
    assert response.status_code == 200 and response.json()["participants"] == 400
    bad = client.post(url, {"kind": "citizen", "title": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "held_on" in bad.json()
    client.force_login(world.dave)
    assert client.get(url).json()[0]["title"] == "Trygghetsenkät"
    assert client.patch(detail, {"title": "x"}, content_type="application/json").status_code == 403
