"""Indicators: what each source needs, values per period with four-eyes approval, and the values
over time — stored, counted from the incident reports as the lägesbild counts them, or read from
a statistics series."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samverka.core.testing import World, make_area
from samverka.incidents.models import ReviewStatus
from samverka.process.indicators import indicator_status
from samverka.process.models import Goal, Indicator, IndicatorPeriod, IndicatorSource
from samverka.process.services import goals as services
from samverka.process.services.goals import indicator_values
from samverka.situation.testing import make_category, make_incident
from samverka.stats.models import Source, Unit
from samverka.stats.testing import make_geography, make_value


@pytest.fixture
def goal(world: World) -> Goal:
    return services.goal_create(municipality=world.testby, user=world.alice, title="Tryggare")


def _manual(goal: Goal, **extra: object) -> Indicator:
    fields: dict[str, object] = {
        "name": "Andel trygga",
        "unit": "procent",
        "source": IndicatorSource.MANUAL,
        "direction": "increase",
    }
    fields.update(extra)
    return services.indicator_create(goal=goal, user=None, **fields)  # type: ignore[arg-type]


def test_manual_needs_nothing_but_a_unit(goal: Goal) -> None:
    indicator = _manual(goal, baseline_value="55", target_value="70.125")
    assert indicator.target_value == Decimal("70.125")
    with pytest.raises(ValidationError, match="enheten"):
        _manual(goal, unit=" ")


def test_incidents_need_an_area_of_the_municipality(world: World, goal: Goal) -> None:
    with pytest.raises(ValidationError, match="område"):
        _manual(goal, source=IndicatorSource.INCIDENTS)
    with pytest.raises(ValidationError, match="Området finns inte"):
        _manual(goal, source=IndicatorSource.INCIDENTS, area=world.other_area)
    other_category = make_category(world.annanstad, "skadegorelse")
    with pytest.raises(ValidationError, match="Kategorin finns inte"):
        _manual(goal, source=IndicatorSource.INCIDENTS, area=world.area, category=other_category)


def test_statistics_need_a_visible_series_a_geography_and_years(world: World, goal: Goal) -> None:
    geography = make_geography("9999-x", "Testby stad")
    value = make_value(
        source=Source.BRA,
        category="misshandel",
        unit=Unit.PER_100K,
        year=2023,
        value=10,
        geography=geography,
    )
    with pytest.raises(ValidationError, match="statistikserie"):
        _manual(goal, source=IndicatorSource.STATISTICS, geography=geography)
    with pytest.raises(ValidationError, match="geografi"):
        _manual(goal, source=IndicatorSource.STATISTICS, series=value.series)
    with pytest.raises(ValidationError, match="per år"):
        _manual(
            goal,
            source=IndicatorSource.STATISTICS,
            series=value.series,
            geography=geography,
            period=IndicatorPeriod.QUARTER,
        )


def test_values_are_one_per_period_and_a_duplicate_is_refused_clearly(
    world: World, goal: Goal
) -> None:
    indicator = _manual(goal, period=IndicatorPeriod.QUARTER)
    row = services.value_enter(indicator=indicator, user=world.alice, year=2025, part=2, value="12")
    assert (row.period_start, row.period_end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert row.entered_by == world.alice
    with pytest.raises(ValidationError, match="redan ett värde för kvartal 2 2025"):
        services.value_enter(indicator=indicator, user=world.root, year=2025, part=2, value="13")
    with pytest.raises(ValidationError, match="1–4"):
        services.value_enter(indicator=indicator, user=world.alice, year=2025, part=5, value="1")


def test_period_bounds_of_every_kind() -> None:
    assert services.period_bounds("month", 2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert services.period_bounds("quarter", 2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert services.period_bounds("half_year", 2025, 2) == (date(2025, 7, 1), date(2025, 12, 31))
    assert services.period_bounds("year", 2025, None) == (date(2025, 1, 1), date(2025, 12, 31))


def test_four_eyes_a_coordinator_other_than_who_entered_it_approves(
    world: World, goal: Goal
) -> None:
    indicator = _manual(goal)
    row = services.value_enter(indicator=indicator, user=world.alice, year=2025, value="60")
    with pytest.raises(ValidationError, match="annan samordnare"):
        services.value_approve(value=row, user=world.alice)
    with pytest.raises(ValidationError, match="samordnare som godkänner"):
        services.value_approve(value=row, user=world.bob)  # a member, not a coordinator
    services.value_approve(value=row, user=world.root)
    row.refresh_from_db()
    assert row.approved_by == world.root and row.approved_at is not None
    with pytest.raises(ValidationError, match="redan godkänt"):
        services.value_approve(value=row, user=world.root)
    (point,) = indicator_values(indicator)
    assert point.entered_by and point.approved_by and not point.computed


def test_computed_indicators_take_no_values_by_hand(world: World, goal: Goal) -> None:
    indicator = _manual(goal, source=IndicatorSource.INCIDENTS, area=world.area)
    with pytest.raises(ValidationError, match="räknas fram"):
        services.value_enter(indicator=indicator, user=world.alice, year=2025, value="1")


def test_incident_counts_per_quarter_as_the_lagesbild_counts_them(world: World, goal: Goal) -> None:
    """Norra Testby and its sub-area count; the root area, duplicates and other categories do
    not; event_count is summed; the running quarter is left out."""
    theft = make_category(world.testby, "stold")
    damage = make_category(world.testby, "skadegorelse")
    bike = make_category(world.testby, "cykelstold", parent=theft)
    sub = make_area(world.testby, "Norra Testby centrum", parent=world.area)
    make_incident(world.area, theft, date(2025, 1, 10), events=2)
    make_incident(sub, theft, date(2025, 3, 31), subcategory=bike)
    make_incident(world.area, theft, date(2025, 2, 1), status=ReviewStatus.DUPLICATE)
    make_incident(world.area, damage, date(2025, 2, 1))  # another category
    make_incident(world.root_area, theft, date(2025, 2, 1))  # above the area
    make_incident(world.area, theft, date(2025, 7, 15), events=3)
    make_incident(world.area, theft, date(2025, 10, 2))  # the running quarter
    indicator = _manual(
        goal,
        name="Stölder",
        unit="antal",
        source=IndicatorSource.INCIDENTS,
        area=world.area,
        category=theft,
        period=IndicatorPeriod.QUARTER,
        direction="decrease",
        baseline_value="3",
        target_value="2",
    )
    points = list(indicator_values(indicator, today=date(2025, 11, 1)))
    assert [(p.label, p.value) for p in points] == [
        ("kvartal 1 2025", 3),
        ("kvartal 2 2025", 0),
        ("kvartal 3 2025", 3),
    ]
    assert all(p.computed and p.approved for p in points)
    by_subcategory = _manual(
        goal,
        name="Cykelstölder",
        unit="antal",
        source=IndicatorSource.INCIDENTS,
        area=world.area,
        category=bike,
        period=IndicatorPeriod.YEAR,
    )
    assert [
        (p.label, p.value) for p in indicator_values(by_subcategory, today=date(2026, 2, 1))
    ] == [("2025", 1)]


def test_statistics_values_own_before_shared_suppressed_left_out(world: World, goal: Goal) -> None:
    geography = make_geography("9999-y", "Testby")
    shared = make_value(
        source=Source.BRA,
        category="samtliga-brott",
        unit=Unit.PER_100K,
        year=2022,
        value=9000,
        geography=geography,
    )
    make_value(
        source=Source.BRA,
        category="samtliga-brott",
        unit=Unit.PER_100K,
        year=2023,
        value=8000,
        geography=geography,
    )
    make_value(
        source=Source.BRA,
        category="samtliga-brott",
        unit=Unit.PER_100K,
        year=2023,
        value=8100,
        geography=geography,
        municipality=world.testby,
    )
    make_value(
        source=Source.BRA,
        category="samtliga-brott",
        unit=Unit.PER_100K,
        year=2024,
        value=None,
        geography=geography,
    )
    indicator = _manual(
        goal,
        name="Anmälda brott",
        unit="per 100 000",
        source=IndicatorSource.STATISTICS,
        series=shared.series,
        geography=geography,
        direction="decrease",
        target_value="7000",
    )
    assert [(p.label, p.value) for p in indicator_values(indicator)] == [
        ("2022", Decimal("9000")),
        ("2023", Decimal("8100")),
    ]
    status = indicator_status(indicator, today=date(2025, 1, 1))
    assert status.latest is not None and status.latest.value == Decimal("8100")
    assert status.trend == "down" and status.trend_label == "Minskar – bättre"
    # Without a baseline the first value is the start: (8100 − 9000) / (7000 − 9000) = 45 %.
    assert status.progress_percent == 45
    # 9000 at 2022-12-31 → 8100 at 2023-12-31, no deadline: improving, so yellow.
    assert status.colour == "yellow"
