"""The goal and indicator pages: promoting a document's goals, the goal tree with traffic lights
in words, forms that answer bad input with 400 and a Swedish message, four-eyes approval, the
chart (accessible, deterministic) with its table, and the export."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.process.models import Goal, Indicator, IndicatorSource, IndicatorValue
from samverka.process.services import goals as services


def url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def alice(world: World, client: Client) -> Client:
    client.force_login(world.alice)
    return client


def _indicator(world: World, **extra: object) -> Indicator:
    goal = services.goal_create(municipality=world.testby, user=world.alice, title="Tryggare")
    fields: dict[str, object] = {
        "name": "Andel trygga",
        "unit": "procent",
        "source": IndicatorSource.MANUAL,
        "direction": "increase",
        "baseline_value": "50",
        "target_value": "70",
    }
    fields.update(extra)
    return services.indicator_create(goal=goal, user=world.alice, **fields)  # type: ignore[arg-type]


def test_the_list_offers_to_promote_a_documents_goals_and_promotion_keeps_the_text(
    world: World, alice: Client
) -> None:
    world.document.goals = "Ökad trygghet\nFler poliser som syns"
    world.document.save()
    page = alice.get(url("goal_list")).content.decode()
    assert "Gör målen i ”Samverkansöverenskommelse 2026” till egna rader" in page
    response = alice.post(url("goals_promote", pk=world.document.pk))
    assert response.status_code == 302
    assert list(Goal.objects.order_by("position").values_list("title", flat=True)) == [
        "Ökad trygghet",
        "Fler poliser som syns",
    ]
    world.document.refresh_from_db()
    assert world.document.goals == "Ökad trygghet\nFler poliser som syns"
    alice.post(url("goals_promote", pk=world.document.pk))  # again: nothing new
    assert Goal.objects.count() == 2
    page = alice.get(url("goal_list")).content.decode()
    assert "till egna rader" not in page
    assert "Ökad trygghet" in page


def test_the_list_shows_each_traffic_light_in_words(world: World, alice: Client) -> None:
    indicator = _indicator(world)
    services.value_enter(indicator=indicator, user=world.alice, year=2025, value="71")
    page = alice.get(url("goal_list")).content.decode()
    assert 'class="light light--green"' in page
    assert "Grönt: målet är nått" in page
    other = _indicator(world, name="Utan värden")
    assert other.pk
    assert (
        "Grått: inget värde eller inget målvärde ännu"
        in alice.get(url("goal_list")).content.decode()
    )


def test_a_reader_sees_but_may_not_write(world: World, client: Client) -> None:
    client.force_login(world.dave)
    assert client.get(url("goal_list")).status_code == 200
    assert (
        client.post(url("goal_create"), {"title": "x", "weight": 1, "position": 0}).status_code
        == 403
    )
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "weight": "1", "position": "0"}, "Det här fältet är obligatoriskt."),
        ({"title": "Mål", "weight": "0", "position": "0"}, "större än eller lika med 1"),
        (
            {"title": "Mål", "weight": "1", "position": "0", "parent": "99999999999999999999"},
            "Välj ett giltigt alternativ.",
        ),
        ({"title": "Två\nrader", "weight": "1", "position": "0"}, "rad"),
    ],
)
def test_a_bad_goal_form_is_400_in_swedish(
    world: World, alice: Client, data: dict[str, str], message: str
) -> None:
    response = alice.post(url("goal_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_fourth_level_is_refused_on_the_form(world: World, alice: Client) -> None:
    top = services.goal_create(municipality=world.testby, user=world.alice, title="Mål")
    sub = services.goal_create(municipality=world.testby, user=world.alice, title="D", parent=top)
    deep = services.goal_create(municipality=world.testby, user=world.alice, title="DD", parent=sub)
    response = alice.post(
        url("goal_create"),
        {"title": "För djupt", "weight": "1", "position": "0", "parent": deep.pk},
    )
    assert response.status_code == 400
    assert "högst 3 nivåer" in response.content.decode()


def test_an_incident_indicator_without_an_area_is_400(world: World, alice: Client) -> None:
    goal = services.goal_create(municipality=world.testby, user=world.alice, title="Mål")
    response = alice.post(
        url("indicator_create", pk=goal.pk),
        {
            "name": "Stölder",
            "unit": "antal",
            "source": "incidents",
            "period": "year",
            "direction": "decrease",
        },
    )
    assert response.status_code == 400
    assert "Välj det område vars händelserapporter ska räknas." in response.content.decode()
    response = alice.post(
        url("indicator_create", pk=goal.pk),
        {
            "name": "Stölder",
            "unit": "antal",
            "source": "incidents",
            "period": "year",
            "direction": "decrease",
            "area": world.area.pk,
            "target_value": "12,5",
        },
    )
    assert response.status_code == 302
    assert str(Indicator.objects.get(name="Stölder").target_value) == "12.500"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2025", "value": "mycket"}, "Ange ett tal"),
        ({"year": "99999999999999999999", "value": "1"}, "mindre än eller lika med 2100"),
        ({"year": "2025", "value": "1e400"}, "högst 11 siffror före decimaltecknet"),
        ({"year": "2025", "value": ""}, "Det här fältet är obligatoriskt."),
    ],
)
def test_a_bad_value_is_400_in_swedish(
    world: World, alice: Client, data: dict[str, str], message: str
) -> None:
    indicator = _indicator(world)
    response = alice.post(url("indicator_value_add", pk=indicator.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_second_value_for_a_period_is_refused_clearly(world: World, alice: Client) -> None:
    indicator = _indicator(world)
    data = {"year": "2025", "value": "61,5"}
    assert alice.post(url("indicator_value_add", pk=indicator.pk), data).status_code == 302
    response = alice.post(url("indicator_value_add", pk=indicator.pk), data)
    assert response.status_code == 400
    assert "Det finns redan ett värde för 2025." in response.content.decode()


def test_four_eyes_on_the_page(world: World, alice: Client) -> None:
    indicator = _indicator(world)
    value = services.value_enter(indicator=indicator, user=world.alice, year=2025, value="60")
    approve = url("indicator_value_approve", pk=indicator.pk, value_pk=value.pk)
    response = alice.post(approve, follow=True)
    assert "Ett värde godkänns av en annan samordnare" in response.content.decode()
    assert IndicatorValue.objects.get().approved_at is None
    bob = Client()
    bob.force_login(world.bob)
    assert bob.post(approve).status_code == 403
    root = Client()
    root.force_login(world.root)
    assert root.post(approve).status_code == 302
    assert IndicatorValue.objects.get().approved_by == world.root
    page = alice.get(url("indicator_detail", pk=indicator.pk)).content.decode()
    assert "Alice" in page and "root" in page  # who entered, who approved


def test_the_detail_has_an_accessible_chart_and_its_table(world: World, alice: Client) -> None:
    indicator = _indicator(world)
    services.value_enter(indicator=indicator, user=world.alice, year=2024, value="55")
    services.value_enter(indicator=indicator, user=world.alice, year=2025, value="60")
    page = alice.get(url("indicator_detail", pk=indicator.pk)).content.decode()
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert "Målvärde 70" in page and "Utgångsvärde 50" in page
    assert "<caption>Andel trygga per period (procent)</caption>" in page
    assert "Gult: på väg, i takt att nå målet i tid" in page
    assert "Ökar – bättre" in page
    svg = alice.get(url("indicator_chart_svg", pk=indicator.pk))
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content == alice.get(url("indicator_chart_svg", pk=indicator.pk)).content


def test_names_are_escaped_in_the_chart(world: World, alice: Client) -> None:
    indicator = _indicator(world, name="<script>x</script>")
    svg = alice.get(url("indicator_chart_svg", pk=indicator.pk)).content.decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_indicator_table_exports_as_csv_and_xlsx(world: World, alice: Client) -> None:
    indicator = _indicator(world, name="=HYPERLINK(1)")
    services.value_enter(indicator=indicator, user=world.alice, year=2025, value="60")
    csv = alice.get(url("indicator_export", fmt="csv")).content.decode("utf-8-sig")
    assert "Indikator" in csv and "'=HYPERLINK(1)" in csv and "Gult" in csv
    xlsx = alice.get(url("indicator_export", fmt="xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["B2"].value == "'=HYPERLINK(1)"
    assert alice.get(url("indicator_export", fmt="pdf")).status_code == 404
