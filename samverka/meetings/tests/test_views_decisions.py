"""Decisions within mandate, proposals to the deciding group, and the decision's link back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import make_group
from samverka.meetings import services
from samverka.meetings.models import Decision, Proposal, ProposalStatus
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.organisation.models import GroupKind, Mandate


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


def future_meeting(group, days: int = 5):
    start = timezone.now() + timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )


def test_proposal_from_the_preparation_group_reaches_the_steering_agenda(client, world):
    preparation = future_meeting(world.preparation, 2)
    steering = future_meeting(world.steering, 9)
    client.force_login(world.alice)

    form = client.get(url("proposal_create", pk=preparation.pk))
    assert form.context["form"].initial["to_group"] == world.steering.pk
    response = client.post(
        url("proposal_create", pk=preparation.pk),
        {
            "title": "Kameror vid torget",
            "text": "Beredningsgruppen föreslår kamerabevakning.",
            "to_group": world.steering.pk,
        },
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("proposal", pk=proposal.pk)
    agenda = client.get(url("detail", pk=steering.pk)).context["agenda"]
    placed = [c.item.proposal for e in agenda.entries for c in e.children]
    assert placed == [proposal]
    page = client.get(url("proposal", pk=proposal.pk)).content.decode()
    assert "Väntar på beslut" in page
    assert url("detail", pk=steering.pk) in page


def test_decision_on_the_proposal_links_back_to_it(client, world):
    preparation = future_meeting(world.preparation, 2)
    steering = future_meeting(world.steering, 9)
    proposal = services.proposal_create(
        meeting=preparation, title="Kameror vid torget", text="Förslag.", user=None
    )
    item = steering.agenda_items.get(proposal=proposal)
    the_meeting_begins(steering)  # decisions are recorded once the meeting is under way
    client.force_login(world.bob)

    detail = client.get(url("detail", pk=steering.pk)).content.decode()
    link = url("decision_create", pk=steering.pk) + f"?forslag={proposal.pk}&amp;punkt={item.pk}"
    assert link in detail
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert form.initial == {
        "title": "Kameror vid torget",
        "proposal": proposal.pk,
        "agenda_item": item.pk,
    }
    response = client.post(
        url("decision_create", pk=steering.pk),
        {
            "title": "Kameror vid torget",
            "text": "Styrgruppen bifaller förslaget.",
            "outcome": "approved",
            "proposal": proposal.pk,
            "agenda_item": item.pk,
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.number, decision.proposal, decision.agenda_item) == (1, proposal, item)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED
    detail = client.get(url("detail", pk=steering.pk)).content.decode()
    assert "§ 1" in detail
    assert "på förslag från" in detail
    assert url("proposal", pk=proposal.pk) in detail
    assert (
        url("detail", pk=steering.pk)
        in client.get(url("proposal", pk=proposal.pk)).content.decode()
    )


def test_a_group_without_mandate_is_offered_a_proposal_instead(client, world):
    meeting = future_meeting(world.preparation)
    client.force_login(world.alice)

    response = client.get(url("decision_create", pk=meeting.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Beredningsgruppen har inget mandat att fatta beslut" in page
    assert "Det är Styrgruppen som beslutar" in page
    assert url("proposal_create", pk=meeting.pk) in page
    assert 'name="text"' not in page  # no decision form


def test_a_decision_posted_by_a_group_without_mandate_is_refused_and_nothing_written(client, world):
    meeting = future_meeting(world.safety_group)
    client.force_login(world.alice)
    audit_before = AuditEvent.objects.count()

    response = client.post(
        url("decision_create", pk=meeting.pk),
        {"title": "Vi bestämmer själva", "text": "Beslut.", "outcome": "approved"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Trygghetsgruppen Norra har inget mandat att fatta beslut." in page
    assert "Det är Styrgruppen som beslutar" in page
    assert not Decision.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_decisions_are_numbered_per_meeting(client, world):
    meeting = the_meeting_begins(future_meeting(world.steering))
    client.force_login(world.alice)
    for title in ("Första", "Andra"):
        client.post(
            url("decision_create", pk=meeting.pk),
            {"title": title, "text": "Beslutat.", "outcome": "noted"},
        )

    assert list(meeting.decisions.values_list("number", "title")) == [(1, "Första"), (2, "Andra")]


def test_a_decision_without_text_is_refused(client, world):
    meeting = future_meeting(world.steering)
    client.force_login(world.bob)

    response = client.post(
        url("decision_create", pk=meeting.pk), {"title": "Tomt", "outcome": "approved"}
    )

    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_a_proposal_to_a_group_without_mandate_is_not_offered(client, world):
    meeting = future_meeting(world.safety_group)
    client.force_login(world.alice)

    response = client.post(
        url("proposal_create", pk=meeting.pk),
        {"title": "X", "text": "Y", "to_group": world.preparation.pk},
    )

    assert response.status_code == 400
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("username", ["carol", "dave"])
def test_only_managers_record_decisions(client, world, username):
    meeting = future_meeting(world.steering)
    client.force_login(world.user(username))

    response = client.post(
        url("decision_create", pk=meeting.pk),
        {"title": "X", "text": "Y", "outcome": "approved"},
    )

    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_proposing_group_withdraws_its_proposal(client, world):
    preparation = future_meeting(world.preparation, 2)
    steering = future_meeting(world.steering, 9)
    proposal = services.proposal_create(meeting=preparation, title="Ångrat", text="X", user=None)
    client.force_login(world.alice)

    response = client.post(url("proposal_withdraw", pk=proposal.pk))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert not steering.agenda_items.filter(proposal=proposal).exists()


def test_a_proposal_of_another_municipality_is_404(client, world):
    other_preparation = make_group(
        world.annanstad,
        "Annanstads beredning",
        kind=GroupKind.PREPARATION,
        mandate=Mandate.PREPARES,
        reports_to=world.other_group,
    )
    proposal = services.proposal_create(
        meeting=future_meeting(other_preparation), title="Annanstads förslag", text="X", user=None
    )
    client.force_login(world.alice)

    assert client.get(url("proposal", pk=proposal.pk)).status_code == 404
    assert client.post(url("proposal_withdraw", pk=proposal.pk)).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING


@pytest.mark.parametrize("username", ["carol", "bob", "dave"])
def test_who_may_not_record_hears_no_mandate(client, world, username):
    """carol is a plain member of the safety group, bob chairs another group, dave reads: the
    page refuses them (403) before it speaks of the mandate."""
    meeting = future_meeting(world.safety_group)
    client.force_login(world.user(username))

    for response in (
        client.get(url("decision_create", pk=meeting.pk)),
        client.post(
            url("decision_create", pk=meeting.pk),
            {"title": "Vi bestämmer själva", "text": "Beslut.", "outcome": "approved"},
        ),
    ):
        assert response.status_code == 403
        assert "mandat" not in response.content.decode()
    assert not Decision.objects.exists()
