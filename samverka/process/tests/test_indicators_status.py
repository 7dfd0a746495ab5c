"""The traffic light, the trend and the progress of an indicator, against values worked out by
hand (the arithmetic is pure: no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from samverka.process.indicators import (
    GREEN,
    GREY,
    RED,
    YELLOW,
    Observation,
    progress_percent,
    traffic_light,
    trend_label,
    trend_of,
)

YEAR_2025 = Observation(date(2025, 1, 1), date(2025, 12, 31), D(90))
TODAY = date(2026, 6, 1)


def light(obs: list[Observation], **kwargs: object) -> str:
    args: dict[str, object] = {
        "baseline": D(100),
        "target": D(80),
        "deadline": date(2027, 12, 31),
        "direction": "decrease",
        "today": TODAY,
    }
    args.update(kwargs)
    return traffic_light(obs, **args)  # type: ignore[arg-type]


def test_green_when_the_latest_value_has_reached_the_target_lower_is_better() -> None:
    reached = Observation(date(2025, 1, 1), date(2025, 12, 31), D(80))
    assert light([reached]) == GREEN  # 80 ≤ 80
    assert light([Observation(date(2025, 1, 1), date(2025, 12, 31), D(79))]) == GREEN


def test_green_when_higher_is_better_and_the_value_is_at_or_above_the_target() -> None:
    value = Observation(date(2025, 1, 1), date(2025, 12, 31), D(71))
    assert light([value], baseline=D(50), target=D(70), direction="increase") == GREEN


def test_yellow_when_the_pace_from_the_baseline_reaches_the_target_by_the_deadline() -> None:
    # 100 on 2025-01-01 → 90 on 2025-12-31: −10 in 364 days. 730 more days to 2027-12-31:
    # 90 − 10 × 730 / 364 = 69.95 ≤ 80.
    assert light([YEAR_2025]) == YELLOW


def test_red_when_the_pace_is_too_slow_for_the_deadline() -> None:
    # 90 days to 2026-03-31: 90 − 10 × 90 / 364 = 87.53 > 80.
    assert light([YEAR_2025], deadline=date(2026, 3, 31), today=date(2026, 1, 15)) == RED


def test_red_when_moving_away_from_the_target() -> None:
    worse = Observation(date(2025, 1, 1), date(2025, 12, 31), D(45))
    assert light([worse], baseline=D(50), target=D(70), direction="increase") == RED


def test_red_when_the_deadline_has_passed_without_reaching_the_target() -> None:
    assert light([YEAR_2025], today=date(2028, 1, 1)) == RED


def test_yellow_without_a_deadline_when_improving() -> None:
    assert light([YEAR_2025], deadline=None) == YELLOW


def test_without_a_baseline_the_first_value_is_the_start() -> None:
    first = Observation(date(2024, 1, 1), date(2024, 12, 31), D(100))
    # 100 at 2024-12-31 → 90 at 2025-12-31: −10 a year; two more years → 70 ≤ 80.
    assert light([first, YEAR_2025], baseline=None) == YELLOW
    assert light([YEAR_2025], baseline=None) == RED  # one value: no pace


def test_grey_without_values_or_without_a_target() -> None:
    assert light([]) == GREY
    assert light([YEAR_2025], target=None) == GREY


def test_trend_from_the_last_three_values() -> None:
    assert trend_of([D(10), D(12), D(15)]) == "up"
    assert trend_of([D(1), D(50), D(40), D(30)]) == "down"  # 50 → 30; the 1 is older
    assert trend_of([D(100), D(100), D(101)]) == "flat"  # +1 is within 2 % of 100
    assert trend_of([D(100), D(103)]) == "up"
    assert trend_of([D(5)]) == ""


def test_trend_words_say_better_or_worse_by_direction() -> None:
    assert trend_label("up", "decrease") == "Ökar – sämre"
    assert trend_label("up", "increase") == "Ökar – bättre"
    assert trend_label("down", "decrease") == "Minskar – bättre"
    assert trend_label("down", "increase") == "Minskar – sämre"
    assert trend_label("flat", "decrease") == "Oförändrad"


def test_progress_from_baseline_to_target_clamped() -> None:
    # (90 − 100) / (80 − 100) = 0.5
    assert progress_percent(D(90), baseline=D(100), target=D(80), direction="decrease") == 50
    assert progress_percent(D(110), baseline=D(100), target=D(80), direction="decrease") == 0
    assert progress_percent(D(70), baseline=D(100), target=D(80), direction="decrease") == 100
    # (57 − 50) / (70 − 50) = 0.35
    assert progress_percent(D(57), baseline=D(50), target=D(70), direction="increase") == 35
    assert progress_percent(None, baseline=D(50), target=D(70), direction="increase") is None
    assert progress_percent(D(5), baseline=D(5), target=D(5), direction="increase") == 100
