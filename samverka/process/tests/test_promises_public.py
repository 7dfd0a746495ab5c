"""The public medborgarlöfte page: progress without login, and nothing internal.

Every internal field around a published promise is filled with its own marker string; a
logged-out client reads the public page, which must show the public fields and the progress and
none of the markers."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.access import Access
from samverka.core.testing import World, make_group, make_organisation
from samverka.organisation.models import GroupKind, Mandate
from samverka.process.models import (
    Activity,
    CitizenPromise,
    DialogueKind,
    FollowUp,
    Goal,
    PromiseStatus,
)
from samverka.process.services import promises as services
from samverka.process.tests.promise_factories import make_measure, make_plan

pytestmark = pytest.mark.django_db

INTERNAL = {
    "measure title": "XMEASURETITLEX",
    "measure description": "XMEASUREDESCX",
    "measure budget": "987654321",
    "measure logic": "XLOGICOUTCOMEX",
    "working group": "XWORKINGGROUPX",
    "responsible organisation": "XRESPONSIBLEORGX",
    "plan title": "XPLANTITLEX",
    "plan summary": "XPLANSUMMARYX",
    "measure activity title": "XINTERNALACTIVITYX",
    "measure activity description": "XINTERNALACTDESCX",
    "follow-up outputs": "XFOLLOWOUTPUTSX",
    "follow-up deviations": "XFOLLOWDEVIATIONSX",
    "follow-up indicators": "XFOLLOWINDICATORSX",
    "follow-up lessons": "XFOLLOWLESSONSX",
    "dialogue title": "XDIALOGUETITLEX",
    "dialogue summary": "XDIALOGUESUMMARYX",
    "goal description": "XGOALDESCX",
    "document summary": "XDOCSUMMARYX",
    "signer name": "XSIGNERNAMEX",
    "second signer name": "XSECONDSIGNERX",
    "person name": "Carol Ek",
    "person name 2": "Bob Berg",
    "user name": "alice",
    "group internal notes": "Hemlig anteckning",
    "unsigned party": "XNOTAPARTYX",
}


def _published(world: World) -> CitizenPromise:
    access = Access.system(world.testby)
    working_group = make_group(
        world.testby, INTERNAL["working group"], kind=GroupKind.WORKING, mandate=Mandate.CARRIES_OUT
    )
    responsible = make_organisation(world.testby, INTERNAL["responsible organisation"])
    make_organisation(world.testby, INTERNAL["unsigned party"])
    plan = make_plan(world.testby, title=INTERNAL["plan title"])
    plan.summary = INTERNAL["plan summary"]
    plan.save()
    measure = make_measure(
        plan,
        title=INTERNAL["measure title"],
        description=INTERNAL["measure description"],
        budget=Decimal(INTERNAL["measure budget"]),
        logic_outcome=INTERNAL["measure logic"],
        working_group=working_group,
        responsible_organisation=responsible,
    )
    Activity.objects.create(
        measure=measure,
        title=INTERNAL["measure activity title"],
        description=INTERNAL["measure activity description"],
        progress=40,
    )
    FollowUp.objects.create(
        municipality=world.testby,
        measure=measure,
        made_on=date(2026, 3, 1),
        as_planned="partly",
        outputs=INTERNAL["follow-up outputs"],
        deviations=INTERNAL["follow-up deviations"],
        indicator_movement=INTERNAL["follow-up indicators"],
        lessons=INTERNAL["follow-up lessons"],
        created_by=world.alice,
    )
    promise = services.promise_create(
        access=access,
        title="Tryggare Norra Testby 2026",
        area=world.area,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        public_text="Vi lovar att torget ska kännas tryggare.",
        is_public=True,
        public_slug="tryggare-norra",
        parties=[world.police, world.administration],
    )
    promise.document.summary = INTERNAL["document summary"]
    promise.document.save()
    goal = Goal.objects.create(
        municipality=world.testby,
        document=promise.document,
        title="Mindre otrygghet vid torget",
        description=INTERNAL["goal description"],
    )
    services.dialogue_create(
        access=access,
        kind=DialogueKind.CITIZEN,
        title=INTERNAL["dialogue title"],
        held_on=date(2025, 11, 1),
        summary=INTERNAL["dialogue summary"],
        promise=promise,
    )
    services.promise_activity_add(
        access=access,
        promise=promise,
        title="Fler trygghetsvandringar",
        public_text="Vi går runt torget varje månad.",
        goal=goal,
        measure=measure,
    )
    services.promise_activity_add(
        access=access, promise=promise, title="Bättre belysning", progress=80
    )
    services.promise_sign(
        access=access,
        promise=promise,
        organisation=world.police,
        signed_by=INTERNAL["signer name"],
        signed_on=date(2026, 1, 10),
    )
    services.promise_sign(
        access=access,
        promise=promise,
        organisation=world.administration,
        signed_by=INTERNAL["second signer name"],
        signed_on=date(2026, 1, 12),
    )
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.SIGNED
    return promise


def _public_url(promise: CitizenPromise) -> str:
    return reverse(
        "process:promise_public",
        kwargs={"municipality": promise.municipality.slug, "public_slug": promise.public_slug},
    )


def test_public_page_shows_progress_without_login_and_leaks_nothing_internal(
    world: World,
) -> None:
    promise = _published(world)
    response = Client().get(_public_url(promise))
    assert response.status_code == 200
    html = response.content.decode()
    # The public fields and the progress.
    for shown in (
        "Tryggare Norra Testby 2026",
        "Norra Testby",
        "Vi lovar att torget ska kännas tryggare.",
        "Mindre otrygghet vid torget",
        "Fler trygghetsvandringar",
        "Vi går runt torget varje månad.",
        "Bättre belysning",
        "Polisen LPO Testby",
        "Stadsdelsförvaltningen",
        "10 januari 2026",
        "12 januari 2026",
    ):
        assert shown in html, shown
    # The measure's activity is 40 % done: the linked activity shows 40, the other 80, the mean 60.
    assert 'value="40"' in html and "Pågår: 40 procent" in html
    assert 'value="80"' in html
    assert "60 procent genomfört" in html
    # Nothing internal, whatever field it sits in.
    for what, marker in INTERNAL.items():
        assert marker not in html, f"the public page shows the {what}"
    # No link into the internal pages: only to other public promise pages.
    for href in re.findall(r'href="([^"]+)"', html):
        assert "/arbete/" not in href or "/offentlig/" in href, href
    # No login link clutter.
    assert "Logga in" not in html


def test_public_page_is_404_unless_published_and_signed(world: World) -> None:
    promise = _published(world)
    url = _public_url(promise)
    client = Client()
    promise.is_public = False
    promise.save()
    assert client.get(url).status_code == 404
    promise.is_public = True
    promise.status = PromiseStatus.DRAFT
    promise.save()
    assert client.get(url).status_code == 404
    promise.status = PromiseStatus.SIGNED
    promise.save()
    assert client.get(url).status_code == 200
    other = reverse(
        "process:promise_public",
        kwargs={"municipality": world.annanstad.slug, "public_slug": promise.public_slug},
    )
    assert client.get(other).status_code == 404
    unknown = reverse(
        "process:promise_public",
        kwargs={"municipality": world.testby.slug, "public_slug": "finns-inte"},
    )
    assert client.get(unknown).status_code == 404


def test_a_renewed_promise_stays_public_as_history_linked_to_the_next(world: World) -> None:
    promise = _published(world)
    renewal = services.promise_renew(access=Access.system(world.testby), promise=promise)
    renewal.is_public = True
    renewal.save()
    client = Client()
    old = client.get(_public_url(promise)).content.decode()
    assert "visas som historik" in old
    # The next one is a draft: not linked, not public.
    assert renewal.public_slug not in old
    assert client.get(_public_url(renewal)).status_code == 404


def test_a_logged_in_member_sees_the_same_public_page(client: Client, world: World) -> None:
    promise = _published(world)
    client.force_login(world.dave)
    html = client.get(_public_url(promise)).content.decode()
    assert "Fler trygghetsvandringar" in html
    assert INTERNAL["measure title"] not in html
