"""The lägesbild's period from the browser's week and month pickers, and still from ISO text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.situation.forms import ChooseForm


def _form(world: World, **data: Any) -> ChooseForm:
    return ChooseForm({"area": str(world.area.pk), **data}, municipality=world.testby)


def _period_code(world: World, **data: Any) -> str:
    form = _form(world, **data)
    assert form.is_valid(), form.errors
    return str(form.cleaned_data["period"].code)


@pytest.mark.django_db
def test_two_week_pickers_make_a_two_week_period(world: World) -> None:
    code = _period_code(world, kind="biweek", week_from="2026-W45", week_to="2026-W46")
    assert code == "2026-W45/2026-W46"


@pytest.mark.django_db
def test_a_two_week_period_from_the_first_week_alone_takes_the_week_after(world: World) -> None:
    assert _period_code(world, kind="biweek", week_from="2026-W52") == "2026-W52/2026-W53"
    assert _period_code(world, kind="biweek", week_from="2027-W52") == "2027-W52/2028-W01"


@pytest.mark.django_db
def test_one_week_and_one_month(world: World) -> None:
    assert _period_code(world, kind="week", week_from="2026-W45", week_to="2026-W46") == "2026-W45"
    assert _period_code(world, kind="month", month="2026-11", week_from="2026-W45") == "2026-11"


@pytest.mark.django_db
def test_a_text_box_instead_of_a_picker_still_reads_the_iso_week(world: World) -> None:
    """Browsers without a week picker show a text box; the coordinator types the code."""
    assert _period_code(world, kind="week", week_from=" 2026w45 ") == "2026-W45"


@pytest.mark.django_db
def test_tertials_and_years_are_text_even_with_the_weeks_filled_in(world: World) -> None:
    """The index page fills the week pickers in; a tertial typed as text must win."""
    filled = {"week_from": "2026-W45", "week_to": "2026-W46"}
    assert _period_code(world, kind="tertial", period="2026-T3", **filled) == "2026-T3"
    assert _period_code(world, kind="year", period="2025", **filled) == "2025"


@pytest.mark.django_db
def test_the_old_iso_text_alone_still_works(world: World) -> None:
    """Links and bookmarks written as ?period=… keep working."""
    assert _period_code(world, kind="biweek", period="2026-W45/2026-W46") == "2026-W45/2026-W46"
    assert _period_code(world, period="2026-11") == "2026-11"


@pytest.mark.django_db
def test_a_malformed_week_is_a_swedish_message_on_its_field(world: World) -> None:
    form = _form(world, kind="biweek", week_from="vecka 45")
    assert not form.is_valid()
    assert form.errors["week_from"] == ["Ange veckan som 2026-W45."]
    month = _form(world, kind="month", month="november")
    assert not month.is_valid()
    assert month.errors["month"] == ["Ange månaden som 2026-11."]


@pytest.mark.django_db
def test_two_weeks_not_in_a_row_are_refused(world: World) -> None:
    form = _form(world, kind="biweek", week_from="2026-W45", week_to="2026-W48")
    assert not form.is_valid()
    assert "två veckor i följd" in form.errors["week_to"][0]


@pytest.mark.django_db
def test_the_index_page_offers_native_pickers_filled_with_the_default_period(
    client: Client, world: World
) -> None:
    client.force_login(world.alice)
    page = client.get(reverse("situation:index", kwargs={"municipality": "testby"}))
    html = page.content.decode()
    assert 'type="week" name="week_from"' in html
    assert 'type="week" name="week_to"' in html
    assert 'type="month" name="month"' in html
    # The format is said for browsers that show a text box.
    assert "2026-W45" in html and "2026-11" in html


@pytest.mark.django_db
def test_the_live_page_shows_the_picked_weeks(client: Client, world: World) -> None:
    client.force_login(world.alice)
    page = client.get(
        reverse("situation:live", kwargs={"municipality": "testby"}),
        {
            "area": str(world.area.pk),
            "kind": "biweek",
            "week_from": "2026-W45",
            "week_to": "2026-W46",
        },
    )
    assert page.status_code == 200
    assert "v. 45–46 2026" in page.content.decode()
    bad = client.get(
        reverse("situation:live", kwargs={"municipality": "testby"}),
        {"area": str(world.area.pk), "kind": "week", "week_from": "2026-W99"},
    )
    assert bad.status_code == 400
    assert "Ange veckan som 2026-W45." in bad.content.decode()
