"""Rates and comparisons (samverka.lib.rates), checked against values computed by hand."""

from __future__ import annotations

import pytest

from samverka.lib import rates


def test_rate_per_100k_by_hand() -> None:
    # 250 crimes among 50 000 inhabitants: 250 / 50 000 × 100 000 = 500.
    assert rates.per_100k(250, 50_000) == 500
    # Göteborg 2024: 88 766 / 608 993 × 100 000 = 14 575,87 (by hand: 88 766 × 100 000 =
    # 8 876 600 000; / 608 993 = 14 575,865…).
    assert rates.per_100k(88_766, 608_993) == pytest.approx(14_575.865, abs=0.001)
    # Nordost 2024: 13 054 / 109 752 × 100 000 = 11 894,09.
    assert rates.per_100k(13_054, 109_752) == pytest.approx(11_894.088, abs=0.001)


def test_rate_uses_mean_population_when_both_year_ends_are_known_and_says_so() -> None:
    # Population 9 800 at the end of last year and 10 200 at the end of this: mean 10 000;
    # 30 crimes → 30 / 10 000 × 100 000 = 300.
    rate = rates.rate_per_100k(30, population_year_end=10_200, population_previous_year_end=9_800)
    assert rate.value == 300
    assert rate.population == 10_000
    assert rate.basis == rates.PopulationBasis.MEAN
    assert "medelfolkmängd" in rate.explain()
    # Only this year's end known: 30 / 10 200 × 100 000 = 294,12.
    rate = rates.rate_per_100k(30, population_year_end=10_200)
    assert rate.value == pytest.approx(294.1176, abs=0.0001)
    assert rate.basis == rates.PopulationBasis.YEAR_END
    assert "folkmängd 31 december" in rate.explain()


def test_rate_refuses_a_population_of_zero() -> None:
    with pytest.raises(rates.RateError):
        rates.per_100k(3, 0)


def test_wilson_interval_matches_the_textbook_values() -> None:
    # 5 of 10: p = 0,5; z² = 3,8415; centre 0,5; margin 1,96·√(0,025 + 0,0096)/1,3842 = 0,2634.
    interval = rates.wilson_interval(5, 10)
    assert interval.low == pytest.approx(0.2366, abs=1e-4)
    assert interval.high == pytest.approx(0.7634, abs=1e-4)
    # 0 of 10: the interval starts at zero and reaches z²/(n + z²) = 3,8415/13,8415 = 0,2775.
    interval = rates.wilson_interval(0, 10)
    assert interval.low == 0
    assert interval.high == pytest.approx(0.2775, abs=1e-4)


def test_a_survey_share_with_a_small_sample_has_a_wide_interval() -> None:
    # 20 of 48 answers (41,7 %): Wilson gives 28,8–55,7 %, about ±13 percentage points.
    small = rates.survey_share(41.7, 48)
    assert small.low == pytest.approx(28.88, abs=0.01)
    assert small.high == pytest.approx(55.75, abs=0.01)
    assert small.wide
    # The same share from 2 000 answers is known to within about ±2 points.
    large = rates.survey_share(41.7, 2_000)
    assert large.high - large.low < 4.5
    assert not large.wide


def test_middle_band_is_the_interquartile_range() -> None:
    # Type 7 quartiles of 1, 2, 3, 4: positions 0,75 and 2,25 → 1,75 and 3,25.
    band = rates.middle_band([4, 1, 3, 2])
    assert band == rates.Band(low=1.75, median=2.5, high=3.25, n=4)
    assert rates.middle_band([10, 20, 30]) == rates.Band(15, 20, 25, 3)
    assert rates.middle_band([10, 20]) is None  # two municipalities make no band
    assert rates.band_position(12, band) == rates.Position.ABOVE
    assert rates.band_position(2, band) == rates.Position.WITHIN
    assert rates.band_position(1, band) == rates.Position.BELOW


def test_comparison_gives_difference_and_ratio() -> None:
    comparison = rates.compare(11_219, 15_079)
    assert comparison.difference == -3_860
    assert comparison.ratio == pytest.approx(0.744, abs=0.001)
    assert rates.compare(5, 0).ratio is None


def test_warnings_for_small_numbers_and_breaks_in_a_series() -> None:
    assert rates.small_count_warning(12) is not None
    assert rates.small_count_warning(20) is None
    warnings = rates.series_warnings(
        [
            rates.Point(2019, 100.0),
            rates.Point(2020, 110.0),
            rates.Point(2022, 90.0, series_break=True),
            rates.Point(2023, None, preliminary=True),
        ]
    )
    assert "Uppgift saknas för 2021." in warnings
    assert any(w.startswith("Seriebrott 2022") for w in warnings)
    assert "Värdet för 2023 är skyddat eller saknas." in warnings
    assert "Preliminära värden: 2023." in warnings


def test_swedish_numbers() -> None:
    nbsp = "\u00a0"
    assert rates.format_number(53_758) == f"53{nbsp}758"
    assert rates.format_number(11_219.4) == f"11{nbsp}219"
    assert rates.format_number(27.25, 1) == "27,3"  # half up, as a person rounds
    assert rates.format_number(1_234_567.891, 2) == f"1{nbsp}234{nbsp}567,89"
    assert rates.format_number(-1_234) == f"−1{nbsp}234"
