"""The medborgarlöfte life cycle: creating, signing by every party, the frozen text, renewal that
keeps the history, and the pages a coordinator uses for it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from samverka.accounts.access import Access
from samverka.core.testing import World
from samverka.organisation.models import DocumentKind, GoverningDocument
from samverka.process.models import CitizenPromise, Goal, PromiseActivity, PromiseStatus
from samverka.process.services import promises as services
from samverka.process.tests.promise_factories import make_measure, make_plan

pytestmark = pytest.mark.django_db


def _draft(world: World, **fields: object) -> CitizenPromise:
    access = Access.system(world.testby)
    values: dict[str, object] = {
        "title": "Tryggare torg 2026",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "public_text": "Vi lovar ett tryggare torg.",
        "parties": [world.police, world.administration],
        "goals": "Mindre otrygghet vid torget\nMer närvarande polis",
    }
    values.update(fields)
    promise = services.promise_create(access=access, **values)  # type: ignore[arg-type]
    services.promise_activity_add(access=access, promise=promise, title="Trygghetsvandringar")
    return promise


def _sign_all(world: World, promise: CitizenPromise) -> None:
    access = Access.system(world.testby)
    for n, party in enumerate(promise.document.parties.order_by("pk")):
        services.promise_sign(
            access=access,
            promise=promise,
            organisation=party,
            signed_by=f"Undertecknare {n}",
            signed_on=date(2026, 1, 10 + n),
        )
    promise.refresh_from_db()


def _url(name: str, promise: CitizenPromise, **extra: object) -> str:
    return reverse(
        f"process:{name}",
        kwargs={"municipality": promise.municipality.slug, "pk": promise.pk, **extra},
    )


def test_creating_a_promise_creates_its_governing_document(world: World) -> None:
    promise = _draft(world)
    document = promise.document
    assert document.kind == DocumentKind.CITIZEN_PROMISE
    assert document.title == "Tryggare torg 2026"
    assert set(document.parties.all()) == {world.police, world.administration}
    assert document.goal_list() == ["Mindre otrygghet vid torget", "Mer närvarande polis"]
    assert promise.public_slug == "tryggare-torg-2026"
    assert promise.status == PromiseStatus.DRAFT


def test_a_promise_can_link_an_existing_document_without_a_promise(world: World) -> None:
    access = Access.system(world.testby)
    document = GoverningDocument.objects.create(
        municipality=world.testby, title="Medborgarlöfte 2025", kind=DocumentKind.CITIZEN_PROMISE
    )
    promise = services.promise_create(
        access=access,
        title="Medborgarlöfte 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        document=document,
    )
    assert promise.document == document
    with pytest.raises(ValidationError, match="redan ett medborgarlöfte"):
        services.promise_create(
            access=access,
            title="En gång till",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            document=document,
        )
    with pytest.raises(ValidationError, match="inte ett medborgarlöfte"):
        services.promise_create(
            access=access,
            title="Fel dokument",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            document=world.document,
        )


def test_the_promise_is_signed_once_every_party_has_signed(world: World) -> None:
    promise = _draft(world)
    access = Access.system(world.testby)
    services.promise_sign(
        access=access,
        promise=promise,
        organisation=world.police,
        signed_by="Polischef",
        signed_on=date(2026, 1, 10),
    )
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.DRAFT  # the administration has not signed
    with pytest.raises(ValidationError, match="redan skrivit under"):
        services.promise_sign(
            access=access,
            promise=promise,
            organisation=world.police,
            signed_by="Polischef",
            signed_on=date(2026, 1, 11),
        )
    services.promise_sign(
        access=access,
        promise=promise,
        organisation=world.administration,
        signed_by="Förvaltningschef",
        signed_on=date(2026, 1, 12),
    )
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.SIGNED
    promise.document.refresh_from_db()
    assert promise.document.adopted_on == date(2026, 1, 12)


def test_only_a_party_signs_and_only_a_promise_with_activities(world: World) -> None:
    access = Access.system(world.testby)
    promise = _draft(world, parties=[world.police])
    with pytest.raises(ValidationError, match="inte part"):
        services.promise_sign(
            access=access,
            promise=promise,
            organisation=world.administration,
            signed_by="X",
            signed_on=date(2026, 1, 1),
        )
    empty = services.promise_create(
        access=access,
        title="Tomt löfte",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        parties=[world.police],
    )
    with pytest.raises(ValidationError, match="inga aktiviteter"):
        services.promise_sign(
            access=access,
            promise=empty,
            organisation=world.police,
            signed_by="X",
            signed_on=date(2026, 1, 1),
        )


def test_a_signed_promise_text_is_frozen_but_its_publication_and_progress_are_not(
    world: World,
) -> None:
    access = Access.system(world.testby)
    promise = _draft(world)
    _sign_all(world, promise)
    with pytest.raises(ValidationError, match="undertecknat"):
        services.promise_update(access=access, promise=promise, title="Ny rubrik")
    with pytest.raises(ValidationError, match="undertecknat"):
        services.promise_update(access=access, promise=promise, public_text="Ny text")
    with pytest.raises(ValidationError, match="undertecknat"):
        services.promise_activity_add(access=access, promise=promise, title="Ny aktivitet")
    activity = promise.activities.get()
    with pytest.raises(ValidationError, match="undertecknat"):
        services.promise_activity_update(access=access, activity=activity, title="Annat")
    services.promise_update(access=access, promise=promise, is_public=True)
    services.promise_activity_update(access=access, activity=activity, progress=30)
    promise.refresh_from_db()
    activity.refresh_from_db()
    assert promise.is_public and promise.title == "Tryggare torg 2026"
    assert activity.progress == 30


def test_editing_a_signed_promise_on_the_page_says_why_the_text_is_locked(
    client: Client, world: World
) -> None:
    promise = _draft(world)
    _sign_all(world, promise)
    client.force_login(world.alice)
    page = client.get(_url("promise_edit", promise)).content.decode()
    assert "kan inte längre ändras" in page
    response = client.post(
        _url("promise_edit", promise),
        {
            "title": "Försök att ändra",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "public_text": "Ändrad text",
            "is_public": "on",
            "public_slug": "tryggt-torg",
        },
    )
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.title == "Tryggare torg 2026"  # the locked fields kept their text
    assert promise.public_text == "Vi lovar ett tryggare torg."
    assert promise.is_public and promise.public_slug == "tryggt-torg"
    # Adding an activity to a signed promise is refused with the same reason.
    response = client.get(_url("promise_activity_add", promise), follow=True)
    assert "kan inte längre ändras" in response.content.decode()


def test_renewal_copies_goals_and_activities_and_keeps_the_old_promise(world: World) -> None:
    access = Access.system(world.testby)
    promise = _draft(world)
    goal = Goal.objects.create(
        municipality=world.testby, document=promise.document, title="Mindre otrygghet"
    )
    Goal.objects.create(
        municipality=world.testby, document=promise.document, title="Delmål", parent=goal
    )
    activity = promise.activities.get()
    services.promise_activity_update(access=access, activity=activity, goal=goal, progress=70)
    _sign_all(world, promise)
    renewal = services.promise_renew(access=access, promise=promise)
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.RENEWED
    assert renewal.previous == promise and renewal.status == PromiseStatus.DRAFT
    assert renewal.title == "Tryggare torg 2027"
    assert (renewal.period_start, renewal.period_end) == (date(2027, 1, 1), date(2027, 12, 31))
    assert set(renewal.document.parties.all()) == {world.police, world.administration}
    copied = {g.title: g for g in Goal.objects.filter(document=renewal.document)}
    assert set(copied) == {"Mindre otrygghet", "Delmål"}
    assert copied["Delmål"].parent == copied["Mindre otrygghet"]
    new_activity = PromiseActivity.objects.get(promise=renewal)
    assert new_activity.title == "Trygghetsvandringar"
    assert new_activity.goal == copied["Mindre otrygghet"]
    assert new_activity.progress == 0
    # The old promise and its activity are untouched history.
    activity.refresh_from_db()
    assert activity.progress == 70 and activity.goal == goal
    with pytest.raises(ValidationError, match="redan förnyat"):
        services.promise_renew(access=access, promise=promise)


def test_a_draft_cannot_be_renewed(world: World) -> None:
    with pytest.raises(ValidationError, match="undertecknat"):
        services.promise_renew(access=Access.system(world.testby), promise=_draft(world))


def test_the_detail_page_shows_progress_signatures_dialogues_and_history(
    client: Client, world: World
) -> None:
    access = Access.system(world.testby)
    promise = _draft(world)
    plan = make_plan(world.testby)
    measure = make_measure(plan, title="Belysning")
    from samverka.process.models import Activity

    Activity.objects.create(measure=measure, title="Lampor", progress=50)
    services.promise_activity_add(
        access=access, promise=promise, title="Bättre belysning", measure=measure
    )
    services.dialogue_create(
        access=access,
        kind="citizen",
        title="Dialog på torget",
        held_on=date(2025, 10, 1),
        summary="Mörkt på kvällarna.",
        promise=promise,
    )
    _sign_all(world, promise)
    renewal = services.promise_renew(access=access, promise=promise)
    client.force_login(world.dave)
    html = client.get(_url("promise_detail", promise)).content.decode()
    assert "Bättre belysning" in html and "50 %" in html  # from the measure's roll-up
    assert "Undertecknare 0" in html and "Dialog på torget" in html
    assert renewal.title in html  # the history chain
    assert "Gör målen till målrader" not in html  # dave only reads
    html = client.get(_url("promise_detail", renewal)).content.decode()
    assert promise.title in html


def test_a_reader_may_not_change_a_promise(client: Client, world: World) -> None:
    promise = _draft(world)
    client.force_login(world.dave)
    assert client.get(_url("promise_edit", promise)).status_code == 403
    assert client.post(_url("promise_sign", promise), {}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.promise_update(
            access=Access.for_user(world.dave, world.testby), promise=promise, title="X"
        )


def test_signing_on_the_page(client: Client, world: World) -> None:
    promise = _draft(world, parties=[world.police])
    client.force_login(world.alice)
    response = client.post(
        _url("promise_sign", promise),
        {"organisation": world.police.pk, "signed_by": "Polischef", "signed_on": "2026-01-10"},
    )
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.SIGNED
    # Another municipality's organisation is not offered nor accepted.
    other = _draft(world, title="Andra löftet", parties=[world.police])
    response = client.post(
        _url("promise_sign", other),
        {"organisation": world.other_organisation.pk, "signed_by": "X", "signed_on": "2026-01-10"},
    )
    assert response.status_code == 400


def test_creating_a_promise_on_the_page(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("process:promise_create", kwargs={"municipality": world.testby.slug}),
        {
            "title": "Löfte för Norra",
            "area": world.area.pk,
            "period_start": "2026-01-01",
            "period_end": "2025-12-31",
            "parties": [world.police.pk],
        },
    )
    assert response.status_code == 400
    assert "kan inte sluta innan det börjar" in response.content.decode()
    response = client.post(
        reverse("process:promise_create", kwargs={"municipality": world.testby.slug}),
        {
            "title": "Löfte för Norra",
            "area": world.area.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "parties": [world.police.pk],
            "goals": "Tryggare torg",
        },
    )
    assert response.status_code == 302
    promise = CitizenPromise.objects.get(title="Löfte för Norra")
    assert promise.document.goal_list() == ["Tryggare torg"]


def test_the_promise_offers_to_promote_its_goal_lines_to_rows(client: Client, world: World) -> None:
    promise = _draft(world)
    client.force_login(world.alice)
    html = client.get(_url("promise_detail", promise)).content.decode()
    assert "2 mål skrivna som text" in html
    promote = reverse(
        "process:goals_promote", kwargs={"municipality": "testby", "pk": promise.document_id}
    )
    assert f'action="{promote}"' in html
    assert client.post(promote).status_code == 302
    html = client.get(_url("promise_detail", promise)).content.decode()
    assert "mål skrivna som text" not in html
    assert "Mer närvarande polis" in html
