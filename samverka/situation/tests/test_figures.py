"""The lägesbild's figures: counts, comparisons with their significance flags, places, coverage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from samverka.core.testing import World, make_area, make_organisation
from samverka.incidents.models import NothingToReport, ReviewStatus, RosterEntry
from samverka.situation.figures import compute_situation
from samverka.situation.periods import parse_period
from samverka.situation.testing import at, make_category, make_incident, spread

PERIOD = parse_period("2026-W45/2026-W46")  # Monday 2 November – Sunday 15 November 2026


@pytest.fixture
def setup(world: World) -> dict:
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    graffiti = make_category(world.testby, "klotter", "Klotter", parent=vandalism)
    gathering = make_category(world.testby, "samling", "Otrygghetsskapande samling")
    south = make_area(world.testby, "Södra Testby", parent=world.root_area)
    block = make_area(world.testby, "Kvarteret Eken", parent=world.area)
    return {
        "vandalism": vandalism,
        "graffiti": graffiti,
        "gathering": gathering,
        "south": south,
        "block": block,
    }


def test_a_planted_surge_is_flagged_and_one_to_three_is_not(world: World, setup: dict) -> None:
    # Twelve weeks before the period: about five events of vandalism a fortnight in Norra Testby.
    for fortnight in range(1, 7):
        start = PERIOD.start - timedelta(days=14 * fortnight)
        spread(world.area, setup["vandalism"], start, days=5, per_day=1)
    # The period: a surge to thirty, half of it in a block below Norra Testby.
    spread(world.area, setup["vandalism"], PERIOD.start, days=5, per_day=3)
    spread(
        setup["block"],
        setup["vandalism"],
        PERIOD.start,
        days=5,
        per_day=3,
        subcategory=setup["graffiti"],
    )
    # Södra Testby: one gathering the fortnight before, three now.
    make_incident(setup["south"], setup["gathering"], PERIOD.start - timedelta(days=3))
    for d in range(3):
        make_incident(setup["south"], setup["gathering"], PERIOD.start + timedelta(days=d))

    figures = compute_situation(world.root_area, PERIOD)

    vandalism = next(c for c in figures.categories if c.code == "skadegorelse")
    assert vandalism.current == 30
    assert vandalism.mean.reference == 5
    assert vandalism.mean.significant and vandalism.mean.direction == "up"
    assert vandalism.subcategories[0].to_json() == {
        "id": setup["graffiti"].pk,
        "code": "klotter",
        "name": "Klotter",
        "current": 15,
        "previous": 0,
    }
    gathering = next(c for c in figures.categories if c.code == "samling")
    assert (gathering.current, gathering.previous.reference) == (3, 1)
    assert not gathering.previous.significant
    assert gathering.previous.too_few

    by_name = {s.name: s for s in figures.subareas}
    # The block's reports count for Norra Testby, its parent among Testby's sub-areas.
    assert by_name["Norra Testby"].current == 30
    assert by_name["Norra Testby"].mean.significant
    assert by_name["Södra Testby"].current == 3
    assert not by_name["Södra Testby"].previous.significant
    suggestions = {s.area: s for s in figures.status_suggestions}
    assert suggestions["Norra Testby"].colour in ("yellow", "red")
    assert suggestions["Södra Testby"].colour == "green"
    assert figures.total.current == 33
    assert figures.trend[-1].to_json() == {
        "code": "2026-W45/2026-W46",
        "label": "v. 45–46 2026",
        "start": "2026-11-02",
        "count": 33,
    }
    assert [t.count for t in figures.trend[-7:-1]] == [5 + (t == 5) for t in range(6)]


def test_duplicates_and_other_periods_are_not_counted(world: World, setup: dict) -> None:
    make_incident(world.area, setup["vandalism"], at(PERIOD.start, 0))  # Monday 00:00: inside
    make_incident(world.area, setup["vandalism"], at(PERIOD.end, 0))  # the next Monday: outside
    make_incident(world.area, setup["vandalism"], PERIOD.start, status=ReviewStatus.DUPLICATE)
    make_incident(world.other_area, make_category(world.annanstad, "x"), PERIOD.start)
    make_incident(world.area, setup["vandalism"], date(2025, 11, 3), events=4)
    make_incident(world.area, setup["vandalism"], date(2025, 11, 2), events=9)  # a Sunday, v. 44

    figures = compute_situation(world.area, PERIOD)

    assert figures.total.current == 1
    assert figures.sources.left_out.duplicates == 1
    # 2025-11-03 is in week 45 of 2025: the same period last year.
    assert figures.total.last_year.reference == 4


def test_weekday_hour_repeat_places_and_map(world: World, setup: dict) -> None:
    for hour in (22, 23, 23):
        make_incident(
            world.area,
            setup["vandalism"],
            at(date(2026, 11, 6), hour),  # a Friday
            place_name=" Torget ",
            latitude=57.70001,
            longitude=11.97001,
        )
    make_incident(
        world.area,
        setup["gathering"],
        at(date(2026, 11, 7), 1),
        place_name="torget",
        latitude=57.8,
        longitude=12.1,
    )

    figures = compute_situation(world.area, PERIOD)

    assert figures.weekday_hour.rows[4][23] == 2
    assert figures.weekday_hour.rows[5][1] == 1
    assert [p.to_json() for p in figures.repeat_places.by_name] == [
        {"name": "Torget", "reports": 4, "events": 4}
    ]
    assert [c.reports for c in figures.repeat_places.by_cell] == [3]
    assert sum(n for _r, _c, n in figures.map.cells) == 4
    assert figures.map.points is not None and len(figures.map.points) == 4


def test_coverage_shows_the_organisations_that_did_not_report(world: World, setup: dict) -> None:
    housing = make_organisation(world.testby, "Bostadsbolaget")
    school = make_organisation(world.testby, "Skolan")
    for organisation in (world.police, housing, school):
        RosterEntry.objects.create(
            municipality=world.testby, area=world.area, organisation=organisation
        )
    make_incident(world.area, setup["vandalism"], PERIOD.start, organisation=world.police)
    NothingToReport.objects.create(
        municipality=world.testby, area=world.area, organisation=housing, week="2026-W45"
    )

    coverage = compute_situation(world.area, PERIOD).coverage

    assert coverage.weeks == ("2026-W45", "2026-W46")
    rows = {r.organisation: r for r in coverage.rows}
    assert rows["Polisen LPO Testby"].by_week == {"2026-W45": "reported", "2026-W46": "missing"}
    assert rows["Bostadsbolaget"].by_week["2026-W45"] == "nothing_to_report"
    assert rows["Skolan"].missing == 2
    assert coverage.missing_organisations == ("Bostadsbolaget", "Polisen LPO Testby", "Skolan")
    assert coverage.share == pytest.approx(2 / 6, abs=0.001)


def test_touching_hot_cells_are_one_hot_spot() -> None:
    from samverka.lib.hotspots import Grid, HotSpot
    from samverka.situation.figures.places import _clusters

    def spot(row: int, col: int, count: int, z: float) -> HotSpot:
        return HotSpot((row, col), count, 9, z, 0.001, 99)

    spots = [spot(10, 10, 6, 5.0), spot(11, 11, 2, 4.0), spot(20, 20, 9, 6.0), spot(30, 30, 1, 3.0)]
    clusters = _clusters(spots, Grid(250))
    assert [(c["cells"], c["events"], c["z"]) for c in clusters] == [(1, 9, 6.0), (2, 8, 5.0)]
