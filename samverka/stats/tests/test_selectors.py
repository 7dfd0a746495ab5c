"""reference_values and the comparisons: computed rates, county and country, SKR group band,
survey intervals, missing figures and tenancy."""

from __future__ import annotations

from typing import Any

import pytest

from samverka.core.testing import World, make_area
from samverka.stats.models import AreaGeography, Geography, GeographyKind, PopulationBasis
from samverka.stats.selectors import crime_comparison, reference_values
from samverka.stats.testing import make_geography, make_value


@pytest.fixture
def places(world: World) -> dict[str, Geography]:
    testby = make_geography("9999", "Testby", parent="14", skr_group="B6")  # the county first
    county = Geography.objects.get(code="14")
    north = make_geography("9999-norr", "Norra Testby", GeographyKind.DISTRICT, parent=testby)
    lpo = make_geography("lpo-testby", "Testby", GeographyKind.LOCAL_POLICE_AREA, parent=county)
    AreaGeography.objects.create(
        municipality=world.testby, area=world.area, geography=north, survey_geography=lpo
    )
    return {"county": county, "testby": testby, "north": north, "lpo": lpo}


def _brå(
    geography: Geography, year: int, value: float | None, unit: str = "per_100k", **kw: Any
) -> None:
    make_value(
        source="bra",
        category="samtliga-brott",
        unit=unit,
        year=year,
        value=value,
        geography=geography,
        name="Samtliga brott",
        **kw,
    )


def _population(geography: Geography, year: int, value: int) -> None:
    make_value(
        source="scb",
        category="folkmangd",
        unit="count",
        year=year,
        value=value,
        geography=geography,
    )


def test_rate_is_computed_from_the_count_and_the_mean_population(
    world: World, places: dict[str, Geography]
) -> None:
    _brå(places["north"], 2024, 150, unit="count")
    _population(places["north"], 2023, 9_800)
    _population(places["north"], 2024, 10_200)
    _brå(Geography.objects.get(code="00"), 2024, 14_300, preliminary=True)
    values = reference_values(world.area)
    # 150 / ((9 800 + 10 200) / 2) × 100 000 = 150 / 10 000 × 100 000 = 1 500.
    assert values.crime_rate.display() == "1\u00a0500"
    assert values.crime_rate.year == 2024
    assert values.crime_rate.rate is not None
    assert values.crime_rate.rate.basis == PopulationBasis.MEAN
    assert any("medelfolkmängd" in w for w in values.crime_rate.warnings)
    assert values.crime_rate_country.display() == "14\u00a0300"
    assert values.crime_rate_country.preliminary
    assert values.crime_rate_county.display() == "uppgift saknas"
    # The population shown is SCB's newest for the area's geography.
    assert (values.population.display(), values.population.year) == ("10\u00a0200", 2024)


def test_a_small_count_is_flagged(world: World, places: dict[str, Geography]) -> None:
    _brå(places["north"], 2024, 12, unit="count")
    _population(places["north"], 2024, 10_000)
    values = reference_values(world.area)
    assert values.crime_rate.display() == "120"
    assert any("färre än 20" in w for w in values.warnings)


def test_ntu_share_with_a_small_sample_shows_its_wide_interval(
    world: World, places: dict[str, Geography]
) -> None:
    make_value(
        source="ntu",
        category="utsatthet-for-brott-mot-enskild-person",
        unit="percent",
        year=2023,
        value=30,
        geography=places["lpo"],
        sample_size=40,
        survey_year=2024,
    )
    values = reference_values(world.area)
    figure = values.victimisation
    assert figure.display() == "30,0"
    assert figure.place == "lokalpolisområde Testby"
    assert figure.share is not None
    # Wilson, 12 of 40: centre (0,3 + 0,048)/1,096 = 0,3175, margin 1,96·0,0765/1,096 = 0,1368.
    assert figure.share.low == pytest.approx(18.07, abs=0.01)
    assert figure.share.high == pytest.approx(45.43, abs=0.01)
    assert any("Osäker siffra: 40 svarande" in w for w in values.warnings)
    assert values.victimisation_country.missing


def test_the_municipality_is_placed_in_the_middle_half_of_its_skr_group(
    world: World, places: dict[str, Geography]
) -> None:
    for code, rate in (("9990", 4_000), ("9991", 6_000), ("9992", 7_000)):
        _brå(make_geography(code, f"Kommun {code}", skr_group="B6"), 2024, rate)
    _brå(places["testby"], 2024, 5_000)
    make_geography("9993", "Annan grupp", skr_group="A1")
    values = reference_values(world.root_area)  # the municipality level, linked by its SCB code
    band = values.crime_rate_group
    assert band is not None
    # 4 000, 5 000, 6 000, 7 000: quartiles 4 750 and 6 250 (type 7), median 5 500.
    assert (band.band.low, band.band.median, band.band.high, band.band.n) == (4750, 5500, 6250, 4)
    assert band.position is not None and band.position.value == "within"


def test_an_area_without_statistics_says_so_and_never_guesses(world: World) -> None:
    lonely = make_area(world.testby, "Ensamt område", parent=world.root_area)
    values = reference_values(lonely)
    assert values.population.display() == "uppgift saknas"
    assert values.crime_rate.display() == "uppgift saknas"
    assert values.victimisation.display() == "uppgift saknas"
    assert any("inte kopplat" in w for w in values.warnings)
    # The population recorded on an area is used when SCB has none.
    assert reference_values(world.area).population.display() == "12\u00a0345"


def test_own_values_win_and_other_municipalities_values_stay_hidden(
    world: World, places: dict[str, Geography]
) -> None:
    _brå(places["north"], 2024, 1_000)
    _brå(places["north"], 2024, 2_000, municipality=world.annanstad)
    assert reference_values(world.area).crime_rate.display() == "1\u00a0000"
    _brå(places["north"], 2024, 3_000, municipality=world.testby)
    assert reference_values(world.area).crime_rate.display() == "3\u00a0000"


def test_comparison_over_the_years_warns_about_gaps_and_breaks(
    world: World, places: dict[str, Geography]
) -> None:
    _brå(places["north"], 2020, 1_000)
    _brå(places["north"], 2022, 1_100, series_break=True)
    _brå(places["north"], 2023, 1_200, preliminary=True)
    comparison = crime_comparison(world.area)
    assert [row.year for row in comparison.rows] == [2020, 2022, 2023]
    assert "Uppgift saknas för 2021." in comparison.warnings
    assert any(w.startswith("Seriebrott 2022") for w in comparison.warnings)
    assert "Preliminära värden: 2023." in comparison.warnings
