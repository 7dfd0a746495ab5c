"""The meetings API for the record: minutes (internal, approved by the named adjusters, then
locked with versions), decisions within mandate, proposals, and commitments with follow-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_membership
from samverka.meetings import services
from samverka.meetings.models import (
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    Meeting,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.tests._clock import the_meeting_begins
from samverka.meetings.tests.test_api_meetings import api, meeting, send, url
from samverka.organisation.models import Membership, MembershipRole


def _counts() -> dict[str, int]:
    return {
        "decisions": Decision.objects.count(),
        "proposals": Proposal.objects.count(),
        "commitments": Commitment.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


class TestMinutes:
    def _started(self, world: World) -> tuple[Meeting, Minutes]:
        m = meeting(world.steering, -1)
        return m, services.minutes_start(meeting=m, user=None)

    def test_the_chair_writes_notes_attendance_and_adjusters(self, world: World) -> None:
        m, minutes = self._started(world)
        item = m.agenda_items.first()
        assert item is not None
        present = {"organisation": world.police.pk, "person": world.bob_person.pk}
        substitute = {"organisation": world.administration.pk, "substitute_name": "Eva"}
        body: dict[str, Any] = {
            "summary": "Bra möte.",
            "notes": [{"agenda_item": item.pk, "text": "Alla var på plats."}],
            "attendance": [
                {**present, "status": "present"},
                {**substitute, "status": "substitute"},
            ],
            "adjusters": [world.bob_person.pk],
        }
        response = send(api(world, "bob"), "PATCH", url("minutes-detail", pk=minutes.pk), body)
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["summary"] == "Bra möte."
        assert data["notes"] == [{"agenda_item": item.pk, "text": "Alla var på plats."}]
        assert [a["status"] for a in data["attendance"]] == ["present", "substitute"]
        assert data["adjusters"] == [world.bob_person.pk]
        assert data["pdf_url"].endswith(f"/moten/{m.pk}/protokoll/version-1.pdf")

    @pytest.mark.parametrize("username", ["carol", "dave"])
    def test_the_minutes_are_internal(self, world: World, username: str) -> None:
        _m, minutes = self._started(world)
        client = api(world, username)
        assert client.get(url("minutes-detail", pk=minutes.pk)).status_code == 403
        assert client.get(url("minutes-list")).json()["results"] == []

    def test_a_substitute_needs_a_name(self, world: World) -> None:
        _m, minutes = self._started(world)
        body = {"attendance": [{"organisation": world.police.pk, "status": "substitute"}]}
        response = send(api(world, "alice"), "PATCH", url("minutes-detail", pk=minutes.pk), body)
        assert response.status_code == 400
        assert "ersättarens namn" in str(response.json())

    def test_a_note_on_another_meetings_item_is_refused(self, world: World) -> None:
        _m, minutes = self._started(world)
        other = meeting(world.steering, 30).agenda_items.first()
        assert other is not None
        body = {"notes": [{"agenda_item": other.pk, "text": "Fel möte"}]}
        response = send(api(world, "alice"), "PATCH", url("minutes-detail", pk=minutes.pk), body)
        assert response.status_code == 400
        assert not minutes.item_notes.exists()

    def test_approval_locks_and_a_new_version_keeps_the_old(self, world: World) -> None:
        _m, minutes = self._started(world)
        services.minutes_set_adjusters(minutes=minutes, adjusters=[world.bob_person], user=None)
        # Justering is personal: a coordinator has no person to approve as.
        assert (
            send(api(world, "alice"), "POST", url("minutes-approve", pk=minutes.pk)).status_code
            == 403
        )
        response = send(api(world, "bob"), "POST", url("minutes-approve", pk=minutes.pk))
        assert response.status_code == 200, response.content
        assert response.json()["status"] == MinutesStatus.APPROVED
        assert response.json()["approvals"][0]["person_name"] == "Bob Berg"
        response = send(
            api(world, "alice"),
            "PATCH",
            url("minutes-detail", pk=minutes.pk),
            {"summary": "Ändrat i efterhand"},
        )
        assert response.status_code == 400
        assert "justerad" in str(response.json())
        response = send(
            api(world, "alice"),
            "POST",
            url("minutes-new-version", pk=minutes.pk),
            {"reason": "Fel namn i närvaron"},
        )
        assert response.status_code == 201, response.content
        assert response.json()["version"] == 2
        minutes.refresh_from_db()
        assert minutes.status == MinutesStatus.APPROVED
        assert minutes.summary == ""

    def test_opening_minutes_by_api(self, world: World) -> None:
        m = meeting(world.steering, -1)
        response = send(api(world, "bob"), "POST", url("minutes-list"), {"meeting": m.pk})
        assert response.status_code == 201, response.content
        assert response.json()["version"] == 1
        assert len(response.json()["attendance"]) == 1  # bob, the one member
        again = send(api(world, "bob"), "POST", url("minutes-list"), {"meeting": m.pk})
        assert again.status_code == 400


class TestDecisions:
    def test_a_safety_group_cannot_decide_and_is_told_who_does(self, world: World) -> None:
        """Must show: a trygghetsgrupp cannot record a decision by API; the message names the
        deciding group; the database is unchanged."""
        m = meeting(world.safety_group)
        chair = Membership.objects.get(group=world.safety_group, person=world.carol_person)
        chair.role = MembershipRole.CHAIR
        chair.save()
        # Logged in first: a login writes (last_login), which is not what this test counts.
        clients = {username: api(world, username) for username in ("alice", "carol")}
        before = _counts()
        for username in ("alice", "carol"):  # a coordinator, the group's chair
            response = send(
                clients[username],
                "POST",
                url("decision-list"),
                {"meeting": m.pk, "title": "Belysning", "text": "Vi beslutar att…"},
            )
            assert response.status_code == 400
            data = response.json()
            assert "Trygghetsgruppen Norra har inget mandat att fatta beslut" in data["detail"]
            assert "Det är Styrgruppen som beslutar" in data["detail"]
            assert data["deciding_group"] == {"id": world.steering.pk, "name": "Styrgruppen"}
        assert _counts() == before

    @pytest.mark.parametrize("username", ["dave", "carol", "bob"])
    def test_who_may_not_record_is_refused_before_the_mandate(
        self, world: World, username: str
    ) -> None:
        """A reader, a plain member of the group, an officer of another group: 403, never the
        mandate's 400, even for a group that may not decide and a body that lacks the text."""
        m = meeting(world.safety_group)  # carol is a plain member; bob chairs Styrgruppen
        client = api(world, username)  # a login writes last_login: not what is counted here
        before = _counts()
        for body in (
            {"meeting": m.pk, "title": "Belysning", "text": "Vi beslutar att…"},
            {"meeting": m.pk},
        ):
            response = send(client, "POST", url("decision-list"), body)
            assert response.status_code == 403, response.content
            assert "mandat" not in response.json()["detail"]
        assert _counts() == before

    def test_the_chair_of_another_group_cannot_decide_for_the_steering_group(
        self, world: World
    ) -> None:
        m = meeting(world.steering)
        chair = Membership.objects.get(group=world.safety_group, person=world.carol_person)
        chair.role = MembershipRole.CHAIR
        chair.save()
        body = {"meeting": m.pk, "title": "Belysning", "text": "Vi beslutar att…"}
        response = send(api(world, "carol"), "POST", url("decision-list"), body)
        assert response.status_code == 403
        assert "Styrgruppen" in response.json()["detail"]
        assert not Decision.objects.exists()

    def test_the_steering_group_decides_on_a_proposal(self, world: World) -> None:
        prepared = meeting(world.preparation, 2)
        deciding = meeting(world.steering, 9)
        response = send(
            api(world, "alice"),
            "POST",
            url("proposal-list"),
            {"meeting": prepared.pk, "title": "Trygghetsvandring", "text": "Vi föreslår…"},
        )
        assert response.status_code == 201, response.content
        proposal = response.json()
        assert proposal["to_group"] == world.steering.pk  # up the reporting line
        assert proposal["on_agendas"] == [deciding.pk]
        the_meeting_begins(deciding)
        response = send(
            api(world, "bob"),
            "POST",
            url("decision-list"),
            {
                "meeting": deciding.pk,
                "title": "Trygghetsvandring i maj",
                "text": "Bifall.",
                "proposal": proposal["id"],
            },
        )
        assert response.status_code == 201, response.content
        decision = response.json()
        assert (decision["number"], decision["group_name"]) == (1, "Styrgruppen")
        assert decision["proposal"] == proposal["id"]
        assert decision["agenda_item"] is not None  # the proposal's item on the agenda
        detail = api(world, "dave").get(url("proposal-detail", pk=proposal["id"])).json()
        assert detail["status"] == ProposalStatus.DECIDED
        assert detail["decisions"] == [decision["id"]]
        listed = api(world, "dave").get(url("decision-list"), {"group": world.steering.pk})
        assert [d["id"] for d in listed.json()["results"]] == [decision["id"]]

    def test_a_proposal_is_withdrawn_by_the_preparing_group(self, world: World) -> None:
        prepared = meeting(world.preparation, 2)
        meeting(world.steering, 9)
        proposal = services.proposal_create(meeting=prepared, title="A", text="a", user=None)
        assert (
            send(api(world, "bob"), "POST", url("proposal-withdraw", pk=proposal.pk)).status_code
            == 403
        )
        response = send(api(world, "alice"), "POST", url("proposal-withdraw", pk=proposal.pk))
        assert response.status_code == 200
        assert response.json()["status"] == ProposalStatus.WITHDRAWN
        assert response.json()["on_agendas"] == []


class TestCommitments:
    def _commitment(self, world: World, **extra: Any) -> Commitment:
        m = meeting(world.steering, -10)
        extra.setdefault("owner_person", world.carol_person)
        return services.commitment_create(meeting=m, title="Inventera lamporna", user=None, **extra)

    def test_create_with_owner_and_due_date(self, world: World) -> None:
        m = meeting(world.steering, -1)
        due = (timezone.localdate() + timedelta(days=30)).isoformat()
        body = {
            "meeting": m.pk,
            "title": "Ny belysning",
            "owner_person": world.bob_person.pk,
            "due_date": due,
        }
        response = send(api(world, "bob"), "POST", url("commitment-list"), body)
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["group"] == world.steering.pk
        assert data["owner_organisation"] == world.police.pk  # the person's own actor
        assert (data["status"], data["is_overdue"]) == ("open", False)

    def test_an_owner_is_required(self, world: World) -> None:
        m = meeting(world.steering, -1)
        response = send(
            api(world, "alice"), "POST", url("commitment-list"), {"meeting": m.pk, "title": "X"}
        )
        assert response.status_code == 400
        assert "owner_person" in response.json()
        assert not Commitment.objects.exists()

    def test_filters_group_organisation_person_and_overdue(self, world: World) -> None:
        late = self._commitment(world, due_date=timezone.localdate() - timedelta(days=2))
        on_time = self._commitment(
            world,
            owner_person=world.bob_person,
            due_date=timezone.localdate() + timedelta(days=20),
        )
        client = api(world, "dave")

        def ids(**params: Any) -> list[int]:
            response = client.get(url("commitment-list"), params)
            assert response.status_code == 200, response.content
            return [c["id"] for c in response.json()["results"]]

        assert ids(overdue="true") == [late.pk]
        assert ids(overdue="false") == [on_time.pk]
        assert ids(person=world.bob_person.pk) == [on_time.pk]
        assert ids(organisation=world.administration.pk) == [late.pk]
        assert sorted(ids(group=world.steering.pk)) == sorted([late.pk, on_time.pk])
        assert ids(group=world.safety_group.pk) == []
        services.commitment_update(commitment=on_time, status=CommitmentStatus.DONE, user=None)
        assert ids(open="true") == [late.pk]
        detail = client.get(url("commitment-detail", pk=late.pk)).json()
        assert detail["is_overdue"] is True

    @pytest.mark.parametrize("params", [{"overdue": "kanske"}, {"person": "Bob"}, {"group": "-1"}])
    def test_bad_filters_are_a_400(self, world: World, params: dict[str, str]) -> None:
        assert api(world, "dave").get(url("commitment-list"), params).status_code == 400

    def test_the_owner_follows_up_and_the_history_is_kept(self, world: World) -> None:
        commitment = self._commitment(world)
        response = send(
            api(world, "carol"),
            "PATCH",
            url("commitment-detail", pk=commitment.pk),
            {"status": "in_progress", "note": "Hälften klart"},
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["status"] == "in_progress"
        assert [(u["status"], u["note"]) for u in data["updates"]] == [
            ("in_progress", "Hälften klart")
        ]

    def test_someone_else_may_not_follow_it_up(self, world: World) -> None:
        commitment = self._commitment(world, owner_person=world.bob_person)
        make_membership(world.safety_group, world.bob_person)
        response = send(
            api(world, "carol"),
            "PATCH",
            url("commitment-detail", pk=commitment.pk),
            {"status": "done"},
        )
        assert response.status_code == 403
        assert not CommitmentUpdate.objects.exists()

    def test_an_empty_follow_up_is_refused(self, world: World) -> None:
        commitment = self._commitment(world)
        response = send(
            api(world, "alice"), "PATCH", url("commitment-detail", pk=commitment.pk), {}
        )
        assert response.status_code == 400
        assert not CommitmentUpdate.objects.exists()
