"""The meetings API: listing and filtering, creating and moving meetings, planning a series,
convening an acute meeting, cancelling, the notice, the agenda and its items."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World, make_group, make_membership
from samverka.meetings import services
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from samverka.organisation.models import GroupKind, Mandate


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"api-{name}", kwargs={"municipality_slug": "testby", **kwargs})


def api(world: World, username: str) -> Client:
    client = Client()
    client.force_login(getattr(world, username))
    return client


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return client.generic(method, path, json.dumps(body or {}), content_type="application/json")


def soon(days: int = 7, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def meeting(group, days: int = 7, **extra: Any) -> Meeting:  # type: ignore[no-untyped-def]
    return services.meeting_create(
        group=group, starts_at=soon(days), ends_at=soon(days, 11), user=None, **extra
    )


class TestMeetingList:
    def test_filters_by_group_and_year(self, world: World) -> None:
        steering = meeting(world.steering, 3)
        meeting(world.preparation, 3)
        later = meeting(world.steering, 400)
        client = api(world, "dave")
        response = client.get(url("meeting-list"), {"group": world.steering.pk})
        assert response.status_code == 200
        assert [m["id"] for m in response.json()["results"]] == [steering.pk, later.pk]
        year = timezone.localtime(later.starts_at).year
        response = client.get(url("meeting-list"), {"group": world.steering.pk, "year": year})
        assert [m["id"] for m in response.json()["results"]] == [later.pk]

    @pytest.mark.parametrize(
        ("params", "field"),
        [({"group": "abc"}, "group"), ({"year": "1999"}, "year"), ({"year": "2026x"}, "year")],
    )
    def test_bad_filters_are_a_400_in_swedish(
        self, world: World, params: dict[str, str], field: str
    ) -> None:
        response = api(world, "dave").get(url("meeting-list"), params)
        assert response.status_code == 400
        assert field in response.json()

    def test_an_sspf_groups_meetings_only_for_its_members(self, world: World) -> None:
        sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.ADVISES)
        secret = meeting(sspf)
        ids = [m["id"] for m in api(world, "carol").get(url("meeting-list")).json()["results"]]
        assert secret.pk not in ids
        assert api(world, "carol").get(url("meeting-detail", pk=secret.pk)).status_code == 404
        make_membership(sspf, world.carol_person)
        assert api(world, "carol").get(url("meeting-detail", pk=secret.pk)).status_code == 200

    def test_the_video_link_only_for_members_and_coordinators(self, world: World) -> None:
        m = meeting(world.steering, video_url="https://video.example.se/hemlig")
        for username, sees in [("bob", True), ("alice", True), ("carol", False), ("dave", False)]:
            data = api(world, username).get(url("meeting-detail", pk=m.pk)).json()
            assert ("video_url" in data) is sees, username

    def test_a_meeting_of_another_municipality_is_not_found(self, world: World) -> None:
        other = meeting(world.other_group)
        assert api(world, "alice").get(url("meeting-detail", pk=other.pk)).status_code == 404


class TestMeetingWrites:
    def test_the_chair_creates_an_extra_meeting(self, world: World) -> None:
        body = {
            "group": world.steering.pk,
            "starts_at": soon(10).isoformat(),
            "ends_at": soon(10, 12).isoformat(),
            "title": "Extra om sommarlovet",
            "location": "Stadshuset",
        }
        response = send(api(world, "bob"), "POST", url("meeting-list"), body)
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["kind"] == MeetingKind.EXTRA
        assert data["page_url"] == f"http://testserver/k/testby/moten/{data['id']}/"
        assert data["ics_url"].endswith(f"/k/testby/moten/{data['id']}/kalender.ics")
        created = Meeting.objects.get(pk=data["id"])
        assert created.agenda_items.exists()  # the standing agenda

    def test_a_meeting_must_end_after_it_starts(self, world: World) -> None:
        body = {
            "group": world.steering.pk,
            "starts_at": soon(10, 12).isoformat(),
            "ends_at": soon(10, 9).isoformat(),
        }
        response = send(api(world, "alice"), "POST", url("meeting-list"), body)
        assert response.status_code == 400
        assert "sluta efter" in response.json()["ends_at"][0]
        assert not Meeting.objects.exists()

    def test_an_acute_meeting_is_not_created_as_a_plain_one(self, world: World) -> None:
        body = {
            "group": world.steering.pk,
            "kind": "acute",
            "starts_at": soon(1).isoformat(),
            "ends_at": soon(1, 10).isoformat(),
        }
        response = send(api(world, "alice"), "POST", url("meeting-list"), body)
        assert response.status_code == 400
        assert "kind" in response.json()

    @pytest.mark.parametrize("username", ["carol", "dave"])
    def test_others_may_not_create(self, world: World, username: str) -> None:
        body = {
            "group": world.steering.pk,
            "starts_at": soon(10).isoformat(),
            "ends_at": soon(10, 12).isoformat(),
        }
        assert send(api(world, username), "POST", url("meeting-list"), body).status_code == 403
        assert not Meeting.objects.exists()

    def test_the_chair_of_another_group_may_not_create_in_this_one(self, world: World) -> None:
        body = {
            "group": world.preparation.pk,
            "starts_at": soon(10).isoformat(),
            "ends_at": soon(10, 12).isoformat(),
        }
        response = send(api(world, "bob"), "POST", url("meeting-list"), body)
        assert response.status_code == 403
        assert "Beredningsgruppen" in response.json()["detail"]

    def test_moving_the_start_keeps_the_length_and_raises_the_sequence(self, world: World) -> None:
        m = meeting(world.steering)
        new_start = soon(8, 13)
        response = send(
            api(world, "bob"),
            "PATCH",
            url("meeting-detail", pk=m.pk),
            {"starts_at": new_start.isoformat(), "location": "Medborgarhuset"},
        )
        assert response.status_code == 200, response.content
        m.refresh_from_db()
        assert m.starts_at == new_start
        assert m.ends_at == new_start + timedelta(hours=2)
        assert m.location == "Medborgarhuset"
        assert m.sequence == 1
        assert response.json()["sequence"] == 1

    def test_a_meeting_does_not_move_to_another_group(self, world: World) -> None:
        m = meeting(world.steering)
        response = send(
            api(world, "alice"),
            "PATCH",
            url("meeting-detail", pk=m.pk),
            {"group": world.preparation.pk},
        )
        assert response.status_code == 400
        m.refresh_from_db()
        assert m.group == world.steering

    def test_a_member_who_is_no_officer_may_not_move_it(self, world: World) -> None:
        m = meeting(world.steering)
        make_membership(world.steering, world.carol_person)
        response = send(
            api(world, "carol"), "PATCH", url("meeting-detail", pk=m.pk), {"location": "x"}
        )
        assert response.status_code == 403


class TestPlan:
    def test_plan_a_year_from_the_cadence(self, world: World) -> None:
        body = {"group": world.steering.pk, "year": 2027, "start": "13:00", "location": "Sal 3"}
        response = send(api(world, "bob"), "POST", url("meeting-plan"), body)
        assert response.status_code == 201, response.content
        meetings = response.json()
        assert len(meetings) == 6
        assert {m["location"] for m in meetings} == {"Sal 3"}
        assert all("T13:00:00" in m["starts_at"] for m in meetings)

    def test_a_dry_run_returns_the_dates_only(self, world: World) -> None:
        body = {"group": world.preparation.pk, "year": 2027, "dry_run": True}
        response = send(api(world, "alice"), "POST", url("meeting-plan"), body)
        assert response.status_code == 200
        assert 24 <= len(response.json()["dates"]) <= 27
        assert response.json()["series_exists"] is False
        assert not Meeting.objects.exists()

    def test_planning_twice_is_a_400(self, world: World) -> None:
        body = {"group": world.steering.pk, "year": 2027}
        send(api(world, "alice"), "POST", url("meeting-plan"), body)
        response = send(api(world, "alice"), "POST", url("meeting-plan"), body)
        assert response.status_code == 400
        assert "redan en planerad mötesserie" in json.dumps(response.json(), ensure_ascii=False)
        assert Meeting.objects.count() == 6

    def test_the_chair_of_one_group_does_not_plan_another(self, world: World) -> None:
        body = {"group": world.preparation.pk, "year": 2027}
        assert send(api(world, "bob"), "POST", url("meeting-plan"), body).status_code == 403
        assert not Meeting.objects.exists()


class TestAcuteAndCancel:
    def test_convening_an_acute_meeting_notifies_the_members(
        self, world: World, settings, django_capture_on_commit_callbacks
    ) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        body = {"group": world.steering.pk, "trigger": "shooting", "trigger_note": "Vid torget"}
        with django_capture_on_commit_callbacks(execute=True):
            response = send(api(world, "bob"), "POST", url("meeting-acute"), body)
        assert response.status_code == 201, response.content
        data = response.json()
        assert (data["kind"], data["trigger"]) == ("acute", "shooting")
        assert [m.subject[:5] for m in mail.outbox] == ["AKUT:"]

    def test_other_needs_a_description(self, world: World) -> None:
        body = {"group": world.steering.pk, "trigger": "other"}
        response = send(api(world, "alice"), "POST", url("meeting-acute"), body)
        assert response.status_code == 400
        assert "trigger_note" in response.json()
        assert not Meeting.objects.exists()

    def test_cancel_with_a_reason(self, world: World) -> None:
        m = meeting(world.steering)
        response = send(
            api(world, "bob"), "POST", url("meeting-cancel", pk=m.pk), {"reason": "Sjukdom"}
        )
        assert response.status_code == 200
        assert response.json()["status"] == MeetingStatus.CANCELLED
        assert response.json()["cancel_reason"] == "Sjukdom"

    def test_a_cancelled_meeting_is_not_cancelled_again(self, world: World) -> None:
        m = meeting(world.steering)
        services.meeting_cancel(meeting=m, user=None)
        response = send(api(world, "bob"), "POST", url("meeting-cancel", pk=m.pk))
        assert response.status_code == 400

    def test_the_notice_by_api(self, world: World, settings) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        m = meeting(world.steering, location="Stadshuset")
        response = send(api(world, "alice"), "POST", url("meeting-notice", pk=m.pk))
        assert response.status_code == 200
        assert response.json() == {"sent": 1}
        assert send(api(world, "carol"), "POST", url("meeting-notice", pk=m.pk)).status_code == 403


class TestAgenda:
    def test_the_numbered_agenda_with_open_commitments(self, world: World) -> None:
        first = meeting(world.steering, 3)
        item = services.agenda_item_add(meeting=first, title="Belysning", user=None)
        services.agenda_item_add(meeting=first, title="Gångvägen", parent=item, user=None)
        services.commitment_create(
            meeting=first,
            title="Inventera lamporna",
            owner_organisation=world.administration,
            due_date=timezone.localdate() + timedelta(days=5),
            user=None,
        )
        second = meeting(world.steering, 20)
        data = api(world, "dave").get(url("meeting-agenda", pk=second.pk)).json()
        numbers = [e["number"] for e in data["entries"]]
        assert numbers == ["1", "2", "3", "4", "5"]
        follow_up = next(e for e in data["entries"] if e["item"]["kind"] == "commitments")
        assert [c["title"] for c in follow_up["commitments"]] == ["Inventera lamporna"]
        assert follow_up["commitments"][0]["is_overdue"] is False
        first_data = api(world, "dave").get(url("meeting-agenda", pk=first.pk)).json()
        belysning = next(e for e in first_data["entries"] if e["item"]["title"] == "Belysning")
        assert [c["number"] for c in belysning["children"]] == [f"{belysning['number']}.1"]

    def test_members_suggest_and_the_chair_accepts(self, world: World) -> None:
        m = meeting(world.steering)
        make_membership(world.steering, world.carol_person)
        response = send(
            api(world, "carol"),
            "POST",
            url("agenda-item-suggest"),
            {"meeting": m.pk, "title": "Klotter vid skolan"},
        )
        assert response.status_code == 201, response.content
        item_id = response.json()["id"]
        assert response.json()["status"] == AgendaItemStatus.SUGGESTED
        # Suggested items are internal to the group.
        agenda = api(world, "dave").get(url("meeting-agenda", pk=m.pk)).json()
        assert agenda["suggested"] == []
        listed = api(world, "dave").get(url("agenda-item-list"), {"meeting": m.pk}).json()
        assert item_id not in [i["id"] for i in listed["results"]]
        assert (
            send(api(world, "carol"), "POST", url("agenda-item-accept", pk=item_id)).status_code
            == 403
        )
        response = send(api(world, "bob"), "POST", url("agenda-item-accept", pk=item_id))
        assert response.status_code == 200
        assert AgendaItem.objects.get(pk=item_id).status == AgendaItemStatus.ACCEPTED

    def test_only_members_suggest(self, world: World) -> None:
        m = meeting(world.steering)
        response = send(
            api(world, "carol"), "POST", url("agenda-item-suggest"), {"meeting": m.pk, "title": "X"}
        )
        assert response.status_code == 403
        assert "Styrgruppen" in response.json()["detail"]

    def test_the_chair_adds_changes_and_deletes_items(self, world: World) -> None:
        m = meeting(world.steering)
        client = api(world, "bob")
        response = send(
            client,
            "POST",
            url("agenda-item-list"),
            {"meeting": m.pk, "title": "Skolstarten", "document": world.document.pk},
        )
        assert response.status_code == 201, response.content
        item_id = response.json()["id"]
        response = send(
            client, "PATCH", url("agenda-item-detail", pk=item_id), {"title": "Skolstarten 2027"}
        )
        assert response.json()["title"] == "Skolstarten 2027"
        assert response.json()["document"] == world.document.pk
        assert send(client, "DELETE", url("agenda-item-detail", pk=item_id)).status_code == 204
        assert not AgendaItem.objects.filter(pk=item_id).exists()

    def test_an_item_of_another_meeting_is_no_parent(self, world: World) -> None:
        a, b = meeting(world.steering, 3), meeting(world.steering, 9)
        parent = a.agenda_items.first()
        assert parent is not None
        response = send(
            api(world, "alice"),
            "POST",
            url("agenda-item-list"),
            {"meeting": b.pk, "title": "Under", "parent": parent.pk},
        )
        assert response.status_code == 400
        assert "parent" in response.json()
