"""Calendar subscriptions and downloads: the secret feed URL works without a login, stops the
moment it is revoked or its owner loses access, and every file passes the strict checker."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverka.accounts.models import MunicipalityRole
from samverka.core.testing import World, make_group, make_membership
from samverka.meetings import services
from samverka.meetings.models import CalendarFeed, Meeting
from samverka.meetings.tests.test_ics import assert_valid_ics
from samverka.organisation.models import GroupKind, Mandate, Membership


def _meeting(group, days: int = 7, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    starts = timezone.now().replace(microsecond=0) + timedelta(days=days)
    return services.meeting_create(
        group=group, starts_at=starts, ends_at=starts + timedelta(hours=2), user=None, **extra
    )


def _feed_url(world: World, user, group=None) -> str:  # type: ignore[no-untyped-def]
    _feed, token = services.feed_create(user=user, municipality=world.testby, group=group)
    return reverse("meetings:feed", kwargs={"municipality": "testby", "token": token})


def _uids(body: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}


class TestFeed:
    def test_a_group_feed_needs_no_login_and_is_valid(self, world: World) -> None:
        meeting = _meeting(world.steering)
        url = _feed_url(world, world.dave, world.steering)
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "no-cache" in response["Cache-Control"]
        assert_valid_ics(response.content)
        assert _uids(response.content) == {f"{meeting.uid}@samverka"}
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
        # The event links back to the meeting page, absolute.
        assert f"http://testserver/k/testby/moten/{meeting.pk}/".encode() in response.content
        assert CalendarFeed.objects.get().last_used_at is not None

    def test_my_meetings_are_those_of_every_group_my_person_sits_in(self, world: World) -> None:
        steering = _meeting(world.steering)
        safety = _meeting(world.safety_group)
        url = _feed_url(world, world.bob)
        assert _uids(Client().get(url).content) == {f"{steering.uid}@samverka"}
        make_membership(world.safety_group, world.bob_person)
        assert _uids(Client().get(url).content) == {
            f"{steering.uid}@samverka",
            f"{safety.uid}@samverka",
        }

    def test_my_meetings_leave_out_a_group_i_have_left(self, world: World) -> None:
        _meeting(world.steering)
        membership = Membership.objects.get(group=world.steering, person=world.bob_person)
        membership.end_date = timezone.localdate() - timedelta(days=1)
        membership.save()
        assert _uids(Client().get(_feed_url(world, world.bob)).content) == set()

    def test_a_calendar_program_may_ask_with_head_first(self, world: World) -> None:
        url = _feed_url(world, world.alice)
        assert Client().head(url).status_code == 200
        assert Client().post(url).status_code == 405

    def test_a_feed_holds_the_past_year_and_all_ahead(self, world: World) -> None:
        recent, old = _meeting(world.steering, -30), _meeting(world.steering, -400)
        ahead = _meeting(world.steering, 500)
        body = Client().get(_feed_url(world, world.alice, world.steering)).content
        assert _uids(body) == {f"{recent.uid}@samverka", f"{ahead.uid}@samverka"}
        assert f"{old.uid}@samverka" not in _uids(body)

    def test_the_video_link_follows_the_feed_owner(self, world: World) -> None:
        _meeting(world.steering, video_url="https://video.example.se/hemlig")
        client = Client()
        assert b"video.example.se/hemlig" in client.get(_feed_url(world, world.bob)).content
        carol_feed = _feed_url(world, world.carol, world.steering)
        assert b"video.example.se/hemlig" not in client.get(carol_feed).content

    @pytest.mark.parametrize("token", ["fel-token", "x" * 43, "a" * 500])
    def test_a_wrong_token_is_not_found(self, world: World, token: str) -> None:
        _feed_url(world, world.alice)
        url = f"/k/testby/moten/prenumeration/{token}.ics"
        assert Client().get(url).status_code == 404

    def test_a_nul_token_is_refused_before_any_lookup(self, world: World) -> None:
        _feed_url(world, world.alice)
        response = Client().get("/k/testby/moten/prenumeration/%00.ics")
        assert response.status_code == 400
        assert "otillåtet tecken (NUL)" in response.content.decode()

    def test_a_revoked_feed_is_not_found(self, world: World) -> None:
        _meeting(world.steering)
        url = _feed_url(world, world.bob, world.steering)
        client = Client()
        assert client.get(url).status_code == 200
        services.feed_revoke(feed=CalendarFeed.objects.get(), user=world.bob)
        assert client.get(url).status_code == 404

    def test_a_feed_stops_when_its_owner_leaves_the_municipality(self, world: World) -> None:
        url = _feed_url(world, world.carol)
        client = Client()
        assert client.get(url).status_code == 200
        MunicipalityRole.objects.filter(user=world.carol).delete()
        assert client.get(url).status_code == 404

    def test_a_feed_stops_when_its_owner_is_deactivated(self, world: World) -> None:
        url = _feed_url(world, world.carol)
        world.carol.is_active = False
        world.carol.save()
        assert Client().get(url).status_code == 404

    def test_an_sspf_feed_stops_when_its_owner_leaves_the_group(self, world: World) -> None:
        sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.ADVISES)
        make_membership(sspf, world.carol_person)
        _meeting(sspf)
        url = _feed_url(world, world.carol, sspf)
        client = Client()
        assert client.get(url).status_code == 200
        Membership.objects.filter(group=sspf, person=world.carol_person).delete()
        assert client.get(url).status_code == 404

    def test_a_token_under_another_municipality_is_not_found(self, world: World) -> None:
        url = _feed_url(world, world.alice)
        assert Client().get(url.replace("/k/testby/", "/k/annanstad/")).status_code == 404


class TestFeedsPage:
    def test_creating_a_feed_shows_its_url_once(self, world: World, client: Client) -> None:
        client.force_login(world.bob)
        url = reverse("meetings:feeds", kwargs={"municipality": "testby"})
        response = client.post(url, {"group": str(world.steering.pk)})
        assert response.status_code == 200
        html = response.content.decode()
        found = re.search(r'value="(http://testserver/k/testby/moten/prenumeration/[^"]+)"', html)
        assert found, html
        feed = CalendarFeed.objects.get()
        assert (feed.user, feed.group) == (world.bob, world.steering)
        assert Client().get(found.group(1)).status_code == 200
        # Only a hash is stored, and the page never shows the address again.
        token = found.group(1).rsplit("/", 1)[1].removesuffix(".ics")
        assert token not in feed.token_hash
        assert token not in client.get(url).content.decode()

    def test_an_empty_choice_is_my_meetings(self, world: World, client: Client) -> None:
        client.force_login(world.carol)
        url = reverse("meetings:feeds", kwargs={"municipality": "testby"})
        assert client.post(url, {"group": ""}).status_code == 200
        assert CalendarFeed.objects.get().group is None

    def test_an_sspf_group_of_others_cannot_be_chosen(self, world: World, client: Client) -> None:
        sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.ADVISES)
        client.force_login(world.carol)
        url = reverse("meetings:feeds", kwargs={"municipality": "testby"})
        assert "SSPF Norra" not in client.get(url).content.decode()
        response = client.post(url, {"group": str(sspf.pk)})
        assert response.status_code == 400
        assert not CalendarFeed.objects.exists()

    def test_revoking_my_feed(self, world: World, client: Client) -> None:
        feed_url = _feed_url(world, world.bob)
        feed = CalendarFeed.objects.get()
        client.force_login(world.bob)
        revoke = reverse("meetings:feed_revoke", kwargs={"municipality": "testby", "pk": feed.pk})
        response = client.post(revoke)
        assert response.status_code == 302
        feed.refresh_from_db()
        assert feed.revoked_at is not None
        assert Client().get(feed_url).status_code == 404

    def test_nobody_revokes_another_users_feed(self, world: World, client: Client) -> None:
        _feed_url(world, world.bob)
        feed = CalendarFeed.objects.get()
        client.force_login(world.alice)
        revoke = reverse("meetings:feed_revoke", kwargs={"municipality": "testby", "pk": feed.pk})
        assert client.post(revoke).status_code == 404
        feed.refresh_from_db()
        assert feed.revoked_at is None


class TestDownloads:
    def test_one_meeting_as_a_file(self, world: World, client: Client) -> None:
        meeting = _meeting(world.steering)
        client.force_login(world.dave)
        url = reverse("meetings:ics_meeting", kwargs={"municipality": "testby", "pk": meeting.pk})
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="styrgruppen-')
        assert _uids(assert_valid_ics(response.content).to_ical()) == {f"{meeting.uid}@samverka"}

    def test_a_groups_year(self, world: World, client: Client) -> None:
        this_year = _meeting(world.steering, 1)
        year = timezone.localtime(this_year.starts_at).year
        later = _meeting(world.steering, 400)
        client.force_login(world.carol)
        url = reverse(
            "meetings:ics_group", kwargs={"municipality": "testby", "group_pk": world.steering.pk}
        )
        response = client.get(url, {"ar": str(year)})
        assert response.status_code == 200
        uids = _uids(assert_valid_ics(response.content).to_ical())
        assert f"{this_year.uid}@samverka" in uids
        assert f"{later.uid}@samverka" not in uids
        assert f'-{year}.ics"' in response["Content-Disposition"]

    def test_an_sspf_groups_meetings_do_not_exist_for_others(
        self, world: World, client: Client
    ) -> None:
        sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.ADVISES)
        meeting = _meeting(sspf)
        client.force_login(world.carol)
        kwargs = {"municipality": "testby"}
        assert (
            client.get(reverse("meetings:ics_meeting", kwargs={**kwargs, "pk": meeting.pk}))
        ).status_code == 404
        assert (
            client.get(reverse("meetings:ics_group", kwargs={**kwargs, "group_pk": sspf.pk}))
        ).status_code == 404
