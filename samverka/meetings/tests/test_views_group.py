"""A group's meetings page: the year's meetings, planning the series, extra meetings, the
standing agenda, the export."""

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import make_group
from samverka.meetings import services
from samverka.meetings.models import AgendaItemKind, AgendaTemplateItem, Meeting, MeetingKind
from samverka.organisation.models import Cadence, GroupKind, Mandate


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality": slug, **kwargs})


NEXT_YEAR = timezone.localdate().year + 1


def plan_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "year": str(NEXT_YEAR),
        "start": "13:00",
        "duration": "90",
        "location": "Stadshuset",
        "skip_summer": "",
        "skip_christmas": "on",
        "custom_dates": "",
    }
    data.update(overrides)
    return data


def test_group_page_lists_the_years_meetings_with_weeks(client, world):
    services.series_plan(group=world.steering, year=NEXT_YEAR, user=None)
    client.force_login(world.dave)

    response = client.get(url("group", group_pk=world.steering.pk), {"ar": NEXT_YEAR})

    assert response.status_code == 200
    assert len(response.context["meetings"]) == 6
    page = response.content.decode()
    assert "v. " in page
    assert "6 gånger per år" in page
    # A reader sees no planning buttons.
    assert url("series_plan", group_pk=world.steering.pk) not in page


def test_a_year_out_of_range_is_refused_on_the_form(client, world):
    client.force_login(world.dave)

    response = client.get(url("group", group_pk=world.steering.pk), {"ar": "99999"})

    assert response.status_code == 400
    assert response.context["year"] == timezone.localdate().year


def test_a_group_without_mandate_says_who_decides(client, world):
    client.force_login(world.carol)

    page = client.get(url("group", group_pk=world.safety_group.pk)).content.decode()

    assert "lägger fram förslag till Beredningsgruppen" not in page
    assert "Styrgruppen, som beslutar" in page


def test_group_page_of_another_municipality_is_404(client, world):
    client.force_login(world.alice)

    assert client.get(url("group", group_pk=world.other_group.pk)).status_code == 404


def test_sspf_group_meetings_are_404_for_non_members(client, world):
    sspf = make_group(world.testby, "SSPF Norra", kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    client.force_login(world.dave)
    assert client.get(url("group", group_pk=sspf.pk)).status_code == 404
    client.force_login(world.alice)
    assert client.get(url("group", group_pk=sspf.pk)).status_code == 200


def test_export_gives_the_years_meetings_as_xlsx(client, world):
    services.series_plan(group=world.preparation, year=NEXT_YEAR, user=None)
    client.force_login(world.dave)

    response = client.get(
        url("group_export", group_pk=world.preparation.pk, fmt="xlsx"), {"ar": NEXT_YEAR}
    )

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Datum"
    assert 24 <= len(rows) - 1 <= 27
    assert {row[4] for row in rows[1:]} == {"Beredningsgruppen"}


# --- Planning the series ------------------------------------------------------------------------


def test_chair_previews_then_plans_the_series_from_the_cadence(client, world):
    client.force_login(world.bob)
    plan = url("series_plan", group_pk=world.steering.pk)

    preview = client.post(plan, plan_data(preview="1"))

    assert preview.status_code == 200
    assert len(preview.context["preview"]) == 6
    assert not Meeting.objects.exists()

    response = client.post(plan, plan_data())

    assert response.status_code == 302
    assert response["Location"] == url("group", group_pk=world.steering.pk) + f"?ar={NEXT_YEAR}"
    meetings = list(Meeting.objects.filter(group=world.steering).order_by("starts_at"))
    assert len(meetings) == 6
    first = timezone.localtime(meetings[0].starts_at)
    assert (first.hour, first.minute) == (13, 0)
    assert meetings[0].ends_at - meetings[0].starts_at == timedelta(minutes=90)
    assert {m.location for m in meetings} == {"Stadshuset"}
    # No meeting in the Swedish summer weeks.
    assert not [m for m in meetings if 27 <= m.starts_at.isocalendar().week <= 32]


def test_a_second_series_for_the_same_year_is_refused_with_a_message(client, world):
    services.series_plan(group=world.steering, year=NEXT_YEAR, user=None)
    client.force_login(world.alice)

    response = client.post(url("series_plan", group_pk=world.steering.pk), plan_data())

    assert response.status_code == 400
    assert "har redan en planerad mötesserie" in response.content.decode()
    assert Meeting.objects.count() == 6


def test_a_custom_cadence_plans_the_dates_typed_in(client, world):
    client.force_login(world.alice)
    assert world.safety_group.cadence == Cadence.CUSTOM

    response = client.post(
        url("series_plan", group_pk=world.safety_group.pk),
        plan_data(custom_dates=f"{NEXT_YEAR}-03-10\n{NEXT_YEAR}-09-15, {NEXT_YEAR}-05-12"),
    )

    assert response.status_code == 302
    days = [
        timezone.localtime(m.starts_at).date()
        for m in Meeting.objects.filter(group=world.safety_group).order_by("starts_at")
    ]
    assert days == [date(NEXT_YEAR, 3, 10), date(NEXT_YEAR, 5, 12), date(NEXT_YEAR, 9, 15)]


def test_a_custom_cadence_without_dates_says_what_to_do(client, world):
    client.force_login(world.alice)

    response = client.post(url("series_plan", group_pk=world.safety_group.pk), plan_data())

    assert response.status_code == 400
    assert "Ange mötesdagarna själv" in response.content.decode()


def test_a_date_that_is_not_a_date_is_named_in_the_message(client, world):
    client.force_login(world.alice)

    response = client.post(
        url("series_plan", group_pk=world.safety_group.pk),
        plan_data(custom_dates=f"{NEXT_YEAR}-02-31"),
    )

    assert response.status_code == 400
    assert f"”{NEXT_YEAR}-02-31”, är inget datum" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("username", ["carol", "dave"])
def test_others_may_not_plan(client, world, username):
    client.force_login(world.user(username))
    plan = url("series_plan", group_pk=world.steering.pk)

    assert client.get(plan).status_code == 403
    assert client.post(plan, plan_data()).status_code == 403
    assert not Meeting.objects.exists()


# --- A single meeting ---------------------------------------------------------------------------


def test_chair_adds_an_extra_meeting(client, world):
    client.force_login(world.bob)
    day = timezone.localdate() + timedelta(days=10)

    response = client.post(
        url("meeting_create", group_pk=world.steering.pk),
        {
            "kind": MeetingKind.EXTRA,
            "title": "Extra möte om sommaren",
            "date": day.isoformat(),
            "start": "15:00",
            "end": "16:30",
            "location": "Medborgarhuset",
            "video_url": "https://video.example.org/extra",
        },
    )

    created = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", pk=created.pk)
    assert created.kind == MeetingKind.EXTRA
    assert timezone.localtime(created.starts_at) == timezone.make_aware(
        datetime.combine(day, datetime.min.time()).replace(hour=15)
    )
    assert created.agenda_items.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(client, world):
    client.force_login(world.bob)

    response = client.post(
        url("meeting_create", group_pk=world.steering.pk),
        {"kind": MeetingKind.EXTRA, "date": "2026-05-05", "start": "15:00", "end": "14:00"},
    )

    assert response.status_code == 400
    assert "Mötet måste sluta efter att det har börjat." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_in_year_one_is_refused(client, world):
    client.force_login(world.bob)

    response = client.post(
        url("meeting_create", group_pk=world.steering.pk),
        {"kind": MeetingKind.EXTRA, "date": "0001-01-01", "start": "09:00", "end": "10:00"},
    )

    assert response.status_code == 400
    assert "mellan år 2000 och 2100" in response.content.decode()


# --- The standing agenda ----------------------------------------------------------------------


def formset_data(rows: list[tuple[str, str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        "punkt-TOTAL_FORMS": str(len(rows)),
        "punkt-INITIAL_FORMS": str(initial),
        "punkt-MIN_NUM_FORMS": "0",
        "punkt-MAX_NUM_FORMS": "40",
    }
    for n, (order, title, kind) in enumerate(rows):
        data |= {f"punkt-{n}-ORDER": order, f"punkt-{n}-title": title, f"punkt-{n}-kind": kind}
    return data


def test_standing_agenda_starts_from_the_groups_default(client, world):
    client.force_login(world.alice)

    response = client.get(url("agenda_template", group_pk=world.preparation.pk))

    titles = [f.initial["title"] for f in response.context["formset"].initial_forms]
    assert "Senaste lägesbilden" in titles
    assert "Rapporter från arbetsgrupperna" in titles


def test_chair_reorders_and_extends_the_standing_agenda(client, world):
    client.force_login(world.bob)

    response = client.post(
        url("agenda_template", group_pk=world.steering.pk),
        formset_data(
            [
                ("2", "Lägesbild", AgendaItemKind.SITUATION),
                ("1", "Öppnande", AgendaItemKind.PLAIN),
                ("", "", AgendaItemKind.PLAIN),
                ("3", "Uppföljning", AgendaItemKind.COMMITMENTS),
            ]
        ),
    )

    assert response.status_code == 302
    items = list(
        AgendaTemplateItem.objects.filter(group=world.steering).values_list("title", "kind")
    )
    assert items == [
        ("Öppnande", AgendaItemKind.PLAIN),
        ("Lägesbild", AgendaItemKind.SITUATION),
        ("Uppföljning", AgendaItemKind.COMMITMENTS),
    ]
    # The next meeting planned gets it.
    start = timezone.now() + timedelta(days=3)
    new = services.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    assert [i.title for i in new.agenda_items.order_by("position")] == [
        "Öppnande",
        "Lägesbild",
        "Uppföljning",
    ]


def test_an_empty_standing_agenda_is_refused(client, world):
    client.force_login(world.alice)

    response = client.post(
        url("agenda_template", group_pk=world.steering.pk),
        formset_data([("", "", AgendaItemKind.PLAIN)]),
    )

    assert response.status_code == 400
    assert "minst en punkt" in response.content.decode()


def test_csv_export_has_the_meetings_of_the_year(client, world):
    services.series_plan(group=world.steering, year=NEXT_YEAR, user=None)
    client.force_login(world.carol)

    response = client.get(
        url("group_export", group_pk=world.steering.pk, fmt="csv"), {"ar": NEXT_YEAR}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 7
