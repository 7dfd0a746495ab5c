"""The start page as each person sees it, the way there from "/", and the remembered visit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.accounts.models import Role
from samverka.areas.models import Area
from samverka.core.testing import World, grant
from samverka.incidents.models import RosterEntry
from samverka.workbench.models import LastVisit
from samverka.workbench.services import VISIT_GAP, visit_record
from samverka.workbench.tests.factories import (
    Work,
    seed_changes,
    seed_more_work_for_bob,
    seed_work,
)

START = reverse("workbench:start", kwargs={"municipality": "testby"})


@pytest.fixture
def work(world: World) -> Work:
    return seed_work(world)


def test_home_takes_a_one_municipality_user_to_the_start_page(world: World, client: Client) -> None:
    client.force_login(world.bob)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == START


def test_home_lets_a_user_of_several_municipalities_choose(world: World, client: Client) -> None:
    grant(world.bob, world.annanstad, Role.READER)
    client.force_login(world.bob)
    page = client.get("/")
    assert page.status_code == 200
    assert START in page.content.decode()


def test_the_organisation_overview_stays_where_it_was(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(reverse("organisation:municipality", kwargs={"municipality": "testby"}))
    assert page.status_code == 200
    assert "Nyckeltal" in page.content.decode()


def test_a_member_sees_his_own_work_with_links_to_where_it_is_done(
    world: World, work: Work, client: Client
) -> None:
    # bob looked a moment ago (after the seeding, which PostgreSQL's capture trigger records
    # as changes too); since then others changed a few things.
    LastVisit.objects.create(
        user=world.bob,
        municipality=world.testby,
        previous_at=timezone.now(),
        current_at=timezone.now(),
    )
    seed_changes(world, work)
    client.force_login(world.bob)
    page = client.get(START)
    assert page.status_code == 200
    html = page.content.decode()
    slug = "testby"
    meeting = reverse(
        "meetings:detail", kwargs={"municipality": slug, "pk": work.steering_meeting.pk}
    )
    assert f'href="{meeting}"' in html
    minutes_meeting = reverse(
        "meetings:detail", kwargs={"municipality": slug, "pk": work.bob_minutes.meeting_id}
    )
    assert f'href="{minutes_meeting}#protokoll"' in html
    commitment = reverse(
        "meetings:commitment", kwargs={"municipality": slug, "pk": work.bob_late.pk}
    )
    assert f'href="{commitment}"' in html
    assert "Försenat" in html
    measure = reverse(
        "process:measure_detail", kwargs={"municipality": slug, "pk": work.police_measure.pk}
    )
    assert f'href="{measure}"' in html
    assert reverse("incidents:round", kwargs={"municipality": slug}) + "?week=" in html
    # Week numbers beside the dates, Swedish style.
    assert "v. " in html
    # Never another group's, another person's, another municipality's.
    assert work.carol_commitment.title not in html
    assert work.other_commitment.title not in html
    assert "SSPF" not in html
    assert "Annanstad" not in html
    assert "Hemlig anteckning" not in html


def test_a_reader_without_work_reads_what_each_empty_list_means(
    world: World, client: Client
) -> None:
    client.force_login(world.dave)
    html = client.get(START).content.decode()
    for sentence in (
        "Ditt konto är inte kopplat till någon person",
        "Inga kommande möten i dina grupper.",
        "Inga protokoll väntar på din justering.",
        "Inga åtaganden att följa upp.",
        "Inga uppföljningar av åtgärder är försenade",
        "Du rapporterar inte händelser med din behörighet",
        "Inga lägesbilder väntar på att fastställas av dig.",
        "Inget har ändrats den senaste veckan.",
    ):
        assert sentence in html


def test_the_menu_marks_the_start_page(world: World, client: Client) -> None:
    client.force_login(world.carol)
    html = client.get(START).content.decode()
    assert f'<a href="{START}" aria-current="page">Mitt arbete</a>' in html


def test_another_municipalitys_user_gets_404_and_anonymous_the_login(
    world: World, client: Client
) -> None:
    assert client.get(START)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.olle)
    assert client.get(START).status_code == 404


def test_the_page_asks_no_more_of_the_database_for_more_work(
    world: World, work: Work, client: Client
) -> None:
    """One query per list, not per line: twice the work costs no more queries."""
    seed_changes(world, work)
    client.force_login(world.bob)
    client.get(START)  # the first visit creates the visit row

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(START).status_code == 200
        return len(context.captured_queries)

    before = queries()
    more = seed_more_work_for_bob(world)
    page = client.get(START).content.decode()
    assert all(title in page for title in more)
    assert queries() == before


def test_a_visit_is_remembered_and_a_reload_keeps_the_changes(world: World) -> None:
    access = Access.for_user(world.bob, world.testby)
    first = timezone.now()
    assert visit_record(access=access, now=first) is None
    # A reload soon after: still the first visit, the changes stay on the page.
    assert visit_record(access=access, now=first + timedelta(minutes=5)) is None
    # The next morning: the changes are those since yesterday's visit.
    morning = first + timedelta(hours=16)
    assert visit_record(access=access, now=morning) == first
    assert visit_record(access=access, now=morning + VISIT_GAP / 2) == first
    assert visit_record(access=access, now=morning + 2 * VISIT_GAP) == morning
    assert LastVisit.objects.filter(user=world.bob).count() == 1


def test_changes_since_the_previous_visit_are_listed(
    world: World, work: Work, client: Client
) -> None:
    client.force_login(world.bob)
    LastVisit.objects.create(
        user=world.bob,
        municipality=world.testby,
        current_at=timezone.now() - timedelta(hours=12),
    )
    seed_changes(world, work)
    html = client.get(START).content.decode()
    assert "Nytt sedan ditt förra besök" in html
    # Only in the changes: bob does not compile lägesbilder.
    assert str(work.safety_report) in html


def test_a_long_round_shows_its_first_lines_and_leads_to_the_whole_round(
    world: World, work: Work, client: Client
) -> None:
    for name in ("Södra Testby", "Västra Testby"):
        area = Area.objects.create(municipality=world.testby, name=name, parent=world.root_area)
        RosterEntry.objects.create(municipality=world.testby, area=area, organisation=world.police)
    client.force_login(world.alice)
    html = client.get(START).content.decode()
    # 2 organisations in Norra Testby and the police in two more areas, for 4 weeks.
    assert "Alla 16 rader som saknar svar finns i veckorapporteringen" in html
    assert (
        html.count(reverse("incidents:round", kwargs={"municipality": "testby"}) + "?week=") == 12
    )
