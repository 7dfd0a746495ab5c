from datetime import date

import pytest

from samverka.lib.dates import WeekError, iso_week, week_bounds, week_code, week_label


def test_week_numbers_follow_iso_8601_as_swedish_calendars_do() -> None:
    assert week_label(date(2026, 11, 25)) == "v. 48"
    # The year's first Thursday decides: 2027-01-01 (a Friday) is still in 2026's week 53.
    assert iso_week(date(2027, 1, 1)) == (2026, 53)
    assert week_code(date(2027, 1, 4)) == "2027-W01"
    # A Sunday belongs to the week that began on Monday (not the next one, as in the US).
    assert week_label(date(2026, 11, 29)) == "v. 48"


def test_week_bounds_give_monday_to_sunday() -> None:
    assert week_bounds("2026-W45") == (date(2026, 11, 2), date(2026, 11, 8))
    assert week_bounds("2026W01") == (date(2025, 12, 29), date(2026, 1, 4))


@pytest.mark.parametrize("code", ["2026-45", "vecka 45", "2026-W54", "2025-W53", "2026-W00"])
def test_a_week_that_does_not_exist_is_explained(code: str) -> None:
    with pytest.raises(WeekError, match=r"vecka|veckorna"):
        week_bounds(code)
