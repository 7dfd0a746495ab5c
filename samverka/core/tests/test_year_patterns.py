"""The schema's compact year patterns match exactly the years they name: every four-digit
string is tried against each range, so a year just outside a bound is refused too."""

from __future__ import annotations

import re

import pytest

from samverka.core.year_patterns import leap_years, year_list, year_range

RANGES = [(2000, 2100), (1900, 2100), (1990, 2099), (2024, 2031), (1999, 2000), (2026, 2026)]
ALL_YEARS = [f"{n:04d}" for n in range(0, 10000)]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@pytest.mark.parametrize(("first", "last"), RANGES)
def test_a_year_range_matches_its_years_and_no_other(first: int, last: int) -> None:
    pattern = re.compile(rf"^{year_range(first, last)}$")
    matched = [y for y in ALL_YEARS if pattern.match(y)]
    assert matched == [str(y) for y in range(first, last + 1)]


@pytest.mark.parametrize(("first", "last"), RANGES)
def test_leap_years_match_the_leap_years_of_the_range_only(first: int, last: int) -> None:
    pattern = re.compile(rf"^{leap_years(first, last)}$")
    matched = [y for y in ALL_YEARS if pattern.match(y)]
    assert matched == [str(y) for y in range(first, last + 1) if _leap(y)]


def test_a_range_is_far_shorter_than_the_list_of_its_years() -> None:
    assert len(year_range(1900, 2100)) < 40
    assert len(leap_years(1900, 2100)) < 120


def test_a_listed_year_set_matches_those_years_and_an_empty_one_nothing() -> None:
    pattern = re.compile(rf"^{year_list([2026, 2020, 2026])}$")
    assert [y for y in ALL_YEARS if pattern.match(y)] == ["2020", "2026"]
    assert not re.match(rf"^{year_list([])}$", "2026")


def test_years_that_are_not_four_digits_are_refused() -> None:
    with pytest.raises(ValueError):
        year_range(999, 2000)
    with pytest.raises(ValueError):
        leap_years(2100, 2000)
