import math

import pytest

from samverka.lib.significance import (
    ALPHA,
    DOWN,
    MIN_COUNT,
    UP,
    binomial_lower,
    binomial_upper,
    compare_counts,
)


def _exact_upper(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(max(k, 0), n + 1))


@pytest.mark.parametrize(
    ("k", "n", "p"),
    [(3, 4, 0.5), (40, 100, 1 / 7), (0, 5, 0.5), (5, 5, 0.5), (2, 30, 0.3), (25, 30, 0.3)],
)
def test_binomial_tails_match_the_sum_of_the_probabilities(k: int, n: int, p: float) -> None:
    assert binomial_upper(k, n, p) == pytest.approx(_exact_upper(k, n, p), rel=1e-9, abs=1e-15)
    assert binomial_lower(k, n, p) == pytest.approx(
        1 - _exact_upper(k + 1, n, p), rel=1e-9, abs=1e-15
    )


def test_an_increase_from_one_to_three_events_is_not_flagged() -> None:
    change = compare_counts(3, 1)
    assert change.direction == UP
    assert change.too_few
    assert not change.significant
    # Nor against the mean of six periods with one event each.
    assert not compare_counts(3, 6, reference_periods=6).significant


def test_a_planted_surge_is_flagged() -> None:
    """Ten events a fortnight for six fortnights, then forty."""
    change = compare_counts(40, 60, reference_periods=6)
    assert change.significant
    assert change.direction == UP
    assert change.reference == 10
    assert change.percent == 300
    assert change.p_value < 1e-6


def test_ordinary_noise_is_not_flagged() -> None:
    # 12 against a mean of 10 is well within what chance gives.
    assert not compare_counts(12, 60, reference_periods=6).significant
    assert not compare_counts(14, 11).significant


def test_a_decrease_needs_enough_events_in_the_reference() -> None:
    assert not compare_counts(0, 30, reference_periods=6).too_few  # a mean of 5 → 0: judged
    assert compare_counts(0, 24, reference_periods=6).too_few  # a mean of 4: too few
    big_drop = compare_counts(2, 120, reference_periods=6)
    assert big_drop.direction == DOWN and big_drop.significant


def test_the_rule_thresholds_are_the_documented_ones() -> None:
    assert ALPHA == 0.01
    assert MIN_COUNT == 5


def test_nothing_against_nothing_is_no_change() -> None:
    change = compare_counts(0, 0)
    assert not change.significant
    assert change.percent is None
    assert change.as_dict()["percent"] is None


def test_large_counts_are_fast_and_sensible() -> None:
    change = compare_counts(13_500, 78_000, reference_periods=6)
    assert change.significant  # +3.8 % on 13 000 events a period is more than chance
    assert not compare_counts(13_050, 78_000, reference_periods=6).significant
