"""A meeting's page: facts, the numbered agenda with carried-over commitments, need-to-know for
the internal minutes, moving and cancelling, the agenda's items, and the printable document."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import make_group, make_membership
from samverka.meetings import services
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    MeetingStatus,
)
from samverka.organisation.models import GroupKind, Mandate
from tests.authz.rows_meetings import build_scenario

NOTE = "Intern anteckning om läget i Norra Testby"


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


@pytest.fixture
def scenario(world):
    return build_scenario(world)


def future_meeting(group, days: int = 5, **extra):
    start = timezone.now() + timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None, **extra
    )


def test_meeting_page_shows_time_place_and_the_numbered_agenda(client, world, scenario):
    client.force_login(world.dave)

    response = client.get(url("detail", pk=scenario.meeting.pk))

    assert response.status_code == 200
    entries = response.context["agenda"].entries
    assert [e.number for e in entries] == ["1", "2", "3", "4", "5"]
    # The proposal from Beredningsgruppen sits under "Förslag för beslut" as 3.1.
    assert entries[2].children[0].number == "3.1"
    assert entries[2].children[0].item.proposal == scenario.proposal
    page = response.content.decode()
    assert "Stadshuset, rum 3" in page
    assert "Mötets öppnande och val av justerare" in page


@pytest.mark.parametrize(
    ("username", "sees"),
    [("dave", False), ("carol", False), ("bob", True), ("alice", True), ("root", True)],
)
def test_internal_minutes_and_video_link_only_for_members_and_coordinators(
    client, world, scenario, username, sees
):
    client.force_login(world.user(username))

    detail = client.get(url("detail", pk=scenario.meeting.pk)).content.decode()
    document = client.get(url("document", pk=scenario.meeting.pk)).content.decode()

    for page in (detail, document):
        assert (NOTE in page) is sees
        assert ("Allmänt om läget." in page) is sees
    assert ("https://video.example.org/styrgruppen" in detail) is sees
    # Decisions and commitments are open to everyone in the municipality.
    assert "Nattvandring på torget" in detail
    assert "Samla nattvandrare" in detail
    if not sees:
        assert "interna för gruppens medlemmar" in detail


def test_a_minutes_version_is_403_for_those_outside_the_group(client, world, scenario):
    version = url("minutes_version", pk=scenario.meeting.pk, version=1)
    client.force_login(world.carol)
    assert client.get(version).status_code == 403
    client.force_login(world.bob)
    response = client.get(version)
    assert response.status_code == 200
    assert NOTE in response.content.decode()
    assert client.get(url("minutes_version", pk=scenario.meeting.pk, version=9)).status_code == 404


def test_sspf_meetings_are_404_for_non_members(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    meeting = future_meeting(sspf)
    for name in ("detail", "document", "meeting_edit", "decision_create"):
        client.force_login(world.dave)
        assert client.get(url(name, pk=meeting.pk)).status_code == 404, name
        client.force_login(world.carol)
        assert client.get(url(name, pk=meeting.pk)).status_code == 404, name
    client.force_login(world.alice)
    assert client.get(url("detail", pk=meeting.pk)).status_code == 200


def test_a_meeting_of_another_municipality_is_404(client, world):
    other = future_meeting(world.other_group)
    client.force_login(world.alice)

    assert client.get(url("detail", pk=other.pk)).status_code == 404
    assert client.get(url("detail", pk=999999)).status_code == 404


def test_the_follow_up_item_carries_over_open_commitments_and_flags_overdue(client, world):
    start = timezone.now() - timedelta(days=30)
    past = services.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )
    services.commitment_create(
        meeting=past,
        title="Åtgärda belysningen i tunneln",
        owner_organisation=world.administration,
        due_date=timezone.localdate() - timedelta(days=3),
        user=None,
    )
    services.commitment_create(
        meeting=past,
        title="Ta fram en kommunikationsplan",
        owner_person=world.bob_person,
        due_date=timezone.localdate() + timedelta(days=20),
        user=None,
    )
    done = services.commitment_create(
        meeting=past, title="Redan klart", owner_person=world.bob_person, user=None
    )
    services.commitment_update(commitment=done, status="done", user=None)
    upcoming = future_meeting(world.steering)
    client.force_login(world.dave)

    response = client.get(url("detail", pk=upcoming.pk))

    follow_up = next(e for e in response.context["agenda"].entries if e.commitments)
    assert [c.title for c in follow_up.commitments] == [
        "Åtgärda belysningen i tunneln",
        "Ta fram en kommunikationsplan",
    ]
    page = response.content.decode()
    assert page.count("Försenat") == 1
    assert "flag-overdue" in page
    assert "Redan klart" not in page


# --- Moving and cancelling --------------------------------------------------------------------


def test_chair_moves_the_meeting_and_the_sequence_rises(client, world):
    # A coming meeting: one that has minutes or decisions cannot move ahead of now.
    meeting = future_meeting(world.steering, title="Styrgruppen", location="Stadshuset, rum 3")
    client.force_login(world.bob)
    new_day = (timezone.localtime(meeting.starts_at) + timedelta(days=1)).date()

    form = client.get(url("meeting_edit", pk=meeting.pk))
    assert form.status_code == 200
    response = client.post(
        url("meeting_edit", pk=meeting.pk),
        {
            "title": meeting.title,
            "date": new_day.isoformat(),
            "start": "08:30",
            "end": "10:00",
            "location": "Polishuset",
            "video_url": "",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == new_day
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "08:30"
    assert (meeting.location, meeting.video_url, meeting.sequence) == ("Polishuset", "", 1)


@pytest.mark.parametrize("username", ["carol", "dave"])
def test_only_managers_move_a_meeting(client, world, scenario, username):
    client.force_login(world.user(username))

    response = client.post(url("meeting_edit", pk=scenario.meeting.pk), {"location": "X"})

    assert response.status_code == 403
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.location == "Stadshuset, rum 3"


def test_cancelling_asks_first_then_marks_the_meeting(client, world):
    meeting = future_meeting(world.steering)
    client.force_login(world.alice)

    assert client.get(url("meeting_cancel", pk=meeting.pk)).status_code == 200
    response = client.post(url("meeting_cancel", pk=meeting.pk), {"reason": "Krockar med val"})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED, "Krockar med val")
    page = client.get(url("detail", pk=meeting.pk)).content.decode()
    assert "Mötet är inställt." in page
    assert "Krockar med val" in page


def test_a_meeting_with_minutes_cannot_be_cancelled(client, world, scenario):
    client.force_login(world.alice)

    response = client.post(url("meeting_cancel", pk=scenario.meeting.pk), {"reason": ""})

    assert response.status_code == 400
    assert "Mötet har ett protokoll och kan inte ställas in." in response.content.decode()
    scenario.meeting.refresh_from_db()
    assert scenario.meeting.status == MeetingStatus.PLANNED


# --- The agenda -------------------------------------------------------------------------------


def test_chair_adds_a_sub_item(client, world):
    meeting = future_meeting(world.steering)
    parent = meeting.agenda_items.order_by("position").first()
    client.force_login(world.bob)

    response = client.post(
        url("agenda_add", pk=meeting.pk),
        {"ny-title": "Rapport från polisen", "ny-description": "", "ny-parent": parent.pk},
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Rapport från polisen")
    assert item.parent == parent
    agenda = client.get(url("detail", pk=meeting.pk)).context["agenda"]
    assert agenda.entries[0].children[0].number == "1.1"


def test_an_item_without_a_title_is_refused_on_the_page(client, world):
    meeting = future_meeting(world.steering)
    client.force_login(world.bob)
    count = meeting.agenda_items.count()

    response = client.post(url("agenda_add", pk=meeting.pk), {"ny-title": ""})

    assert response.status_code == 400
    assert response.context["item_form"].errors["title"]
    assert meeting.agenda_items.count() == count


def test_member_suggests_and_chair_accepts(client, world):
    meeting = future_meeting(world.steering)
    make_membership(world.steering, world.carol_person)
    client.force_login(world.carol)
    page = client.get(url("detail", pk=meeting.pk)).content.decode()
    assert url("agenda_suggest", pk=meeting.pk) in page
    assert url("agenda_add", pk=meeting.pk) not in page

    response = client.post(
        url("agenda_suggest", pk=meeting.pk),
        {"forslag-title": "Klotter vid skolan", "forslag-description": "Ökar sedan i våras"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Klotter vid skolan")
    assert item.status == AgendaItemStatus.SUGGESTED
    client.force_login(world.bob)
    page = client.get(url("detail", pk=meeting.pk)).content.decode()
    assert "Föreslagna punkter" in page

    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=item.pk), {"action": "accept"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == AgendaItemStatus.ACCEPTED


def test_a_non_member_cannot_suggest(client, world):
    meeting = future_meeting(world.steering)
    client.force_login(world.carol)

    response = client.post(url("agenda_suggest", pk=meeting.pk), {"forslag-title": "Något"})

    assert response.status_code == 403
    assert not AgendaItem.objects.filter(title="Något").exists()


def test_suggestions_are_internal(client, world):
    meeting = future_meeting(world.steering)
    services.agenda_item_suggest(meeting=meeting, title="Hemligt förslag", user=None)
    client.force_login(world.dave)

    assert "Hemligt förslag" not in client.get(url("detail", pk=meeting.pk)).content.decode()


def test_moving_an_item_with_htmx_returns_the_agenda_alone(client, world):
    meeting = future_meeting(world.steering)
    first, second = meeting.agenda_items.order_by("position")[:2]
    client.force_login(world.alice)

    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=second.pk),
        {"action": "up"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="agenda"')
    assert "<html" not in page
    assert "Punkten är flyttad uppåt." in page
    order = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]


def test_an_unknown_action_is_refused_with_a_message(client, world):
    meeting = future_meeting(world.steering)
    item = meeting.agenda_items.first()
    client.force_login(world.alice)

    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=item.pk), {"action": "explode"}
    )

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_chair_edits_and_deletes_an_item(client, world):
    meeting = future_meeting(world.steering)
    item = meeting.agenda_items.order_by("position").last()
    client.force_login(world.bob)

    response = client.post(
        url("agenda_item_edit", pk=meeting.pk, item_pk=item.pk),
        {"title": "Övrigt", "description": "Kort", "document": world.document.pk},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.document) == ("Övrigt", world.document)

    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=item.pk), {"action": "delete"}
    )
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_meeting_is_404(client, world):
    meeting = future_meeting(world.steering)
    other = future_meeting(world.preparation)
    item = other.agenda_items.first()
    client.force_login(world.alice)

    response = client.post(
        url("agenda_item_action", pk=meeting.pk, item_pk=item.pk), {"action": "delete"}
    )

    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- The document -------------------------------------------------------------------------------


def test_document_page_is_the_agenda_and_minutes_in_the_site(client, world, scenario):
    client.force_login(world.bob)

    response = client.get(url("document", pk=scenario.meeting.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dagordning och protokoll" in page
    assert "§ 1 Nattvandring på torget" in page
    assert "utkast, inte justerat" in page
    assert 'class="site-header"' in page  # the page version sits in the site


def test_print_version_of_the_document_stands_alone_with_absolute_links(world, scenario):
    from django.template.loader import render_to_string

    from samverka.accounts.access import Access
    from samverka.meetings.documents import document_context

    mv = Access.for_user(world.alice, world.testby)
    context = document_context(
        scenario.meeting, scenario.minutes, mv, for_print=True, base_url="https://s.example/"
    )
    html = render_to_string("meetings/meeting_document.html", context)

    assert "site-header" not in html
    assert "@page" in html
    assert NOTE in html
    assert f'href="https://s.example/k/testby/moten/forslag/{scenario.proposal.pk}/"' in html


def test_document_context_drops_the_minutes_for_outsiders(world, scenario):
    from samverka.accounts.access import Access
    from samverka.meetings.documents import document_context

    context = document_context(
        scenario.meeting, scenario.minutes, Access.for_user(world.carol, world.testby)
    )

    assert context["minutes"] is None
    assert context["notes"] == {}
    assert context["attendance"] == []
    assert [d.title for d in context["decisions"]] == ["Nattvandring på torget"]
