"""The difference-in-differences arithmetic against values computed by hand for small cases.

Hand computation, case A (same period lengths): target 100 → 70, comparison 100 → 100.
    IRR = (70/100) / (100/100) = 0.7
    se  = sqrt(1/100 + 1/70 + 1/100 + 1/100) = sqrt(0.0442857) = 0.210442
    ln(0.7) = −0.356675;  1.959964 × 0.210442 = 0.412458
    95 % interval = exp(−0.769133) … exp(0.055783) = 0.46341 … 1.05737   (crosses 1)

Case B: target 400 → 200, comparison 400 → 400.
    IRR = 0.5;  se = sqrt(3/400 + 1/200) = sqrt(0.0125) = 0.111803
    1.959964 × 0.111803 = 0.219131;  0.5 × exp(∓0.219131) = 0.401612 … 0.622490   (below 1)

Case C (different lengths): target 20 in 100 days → 5 in 50 days, comparison 40 → 30.
    rates per day: target 0.2 → 0.1, comparison 0.4 → 0.6
    IRR = (0.1/0.2) / (0.6/0.4) = 0.5 / 1.5 = 1/3  (= (5/20)/(30/40): the lengths cancel)
    difference-in-differences per day = (0.1 − 0.2) − (0.6 − 0.4) = −0.3; × 50 days = −15
    expected after = 20 × 30 / 40 = 15
    se = sqrt(1/20 + 1/5 + 1/40 + 1/30) = sqrt(0.308333) = 0.555278
    1.959964 × 0.555278 = 1.088325;  ln(1/3) = −1.098612
    95 % interval = exp(−2.186937) … exp(−0.010287) = 0.112264 … 0.989766
"""

from __future__ import annotations

import pytest

from samverka.process import effect
from samverka.process.effect import Cells, difference_in_differences, ratio_of_ratios


def test_the_ratio_and_interval_match_the_hand_computation_when_the_interval_crosses_one() -> None:
    ratio = ratio_of_ratios(100, 70, 100, 100)
    assert ratio.ratio == pytest.approx(0.7)
    assert ratio.low == pytest.approx(0.46341, abs=1e-5)
    assert ratio.high == pytest.approx(1.05737, abs=1e-5)
    assert not ratio.significant


def test_the_ratio_and_interval_match_the_hand_computation_for_a_clear_decrease() -> None:
    ratio = ratio_of_ratios(400, 200, 400, 400)
    assert ratio.ratio == pytest.approx(0.5)
    assert ratio.low == pytest.approx(0.401612, abs=1e-5)
    assert ratio.high == pytest.approx(0.622490, abs=1e-5)
    assert ratio.significant
    assert ratio.percent == pytest.approx(-50.0)


def test_periods_of_different_lengths_give_the_ratio_of_rates_and_the_difference_per_day() -> None:
    estimate = difference_in_differences(Cells(20, 5, 40, 30, before_days=100, after_days=50))
    assert estimate.ratio.ratio == pytest.approx(1 / 3)
    assert estimate.ratio.low == pytest.approx(0.112264, abs=1e-5)
    assert estimate.ratio.high == pytest.approx(0.989766, abs=1e-5)
    assert estimate.did_per_day == pytest.approx(-0.3)
    assert estimate.did_per_after_period == pytest.approx(-15.0)
    assert estimate.expected_after == pytest.approx(15.0)
    data = estimate.as_dict()
    assert data["per_30_days"] == {
        "target_before": 6.0,
        "target_after": 3.0,
        "comparison_before": 12.0,
        "comparison_after": 18.0,
    }


def test_a_count_below_ten_warns_that_the_numbers_are_too_few() -> None:
    estimate = difference_in_differences(Cells(20, 5, 40, 30, before_days=100, after_days=50))
    assert any("för få händelser för en säker slutsats" in w for w in estimate.warnings)
    plenty = difference_in_differences(Cells(400, 200, 400, 400, before_days=90, after_days=90))
    assert plenty.warnings == []


def test_a_zero_before_gives_no_ratio_and_says_why() -> None:
    estimate = difference_in_differences(Cells(0, 12, 30, 30, before_days=90, after_days=90))
    assert estimate.ratio.ratio is None
    assert estimate.ratio.low is None and estimate.ratio.high is None
    assert "målområdet före" in estimate.ratio.reason
    assert estimate.ratio.reason in estimate.warnings
    text = effect.reading(estimate, target="Hammarkullen", comparison="Kortedala")
    assert "noll" in text


def test_a_zero_after_gives_the_ratio_but_no_interval() -> None:
    estimate = difference_in_differences(Cells(12, 0, 30, 30, before_days=90, after_days=90))
    assert estimate.ratio.ratio == 0
    assert estimate.ratio.low is None
    assert not estimate.ratio.significant
    assert "Inget konfidensintervall" in estimate.ratio.reason


def test_the_reading_is_plain_swedish_with_the_interval_and_the_verdict() -> None:
    estimate = difference_in_differences(Cells(400, 200, 400, 400, before_days=90, after_days=90))
    text = effect.reading(estimate, target="Hammarkullen", comparison="jämförelseområdet")
    assert text.startswith(
        "Antalet minskade med 50 % mer i Hammarkullen än i jämförelseområdet "
        "(95 % konfidensintervall 38–60 %). Skillnaden är statistiskt säker."
    )
    assert "väntat sig ungefär 400 händelser efter; det blev 200" in text


def test_the_reading_says_chance_when_the_interval_holds_decrease_and_increase() -> None:
    estimate = difference_in_differences(Cells(100, 70, 100, 100, before_days=90, after_days=90))
    text = effect.reading(estimate, target="Hammarkullen", comparison="Kortedala")
    assert "från en minskning med 54 % till en ökning med 6 %" in text
    assert "Skillnaden kan bero på slumpen." in text


def test_an_increase_reads_as_an_increase() -> None:
    estimate = difference_in_differences(Cells(100, 200, 100, 100, before_days=90, after_days=90))
    text = effect.reading(estimate, target="Hammarkullen", comparison="Kortedala")
    assert text.startswith("Antalet ökade med 100 % mer i Hammarkullen än i Kortedala")


def test_a_neighbour_whose_count_rose_significantly_is_a_possible_displacement() -> None:
    # 50 → 100 against 100 → 100: ratio 2, se = sqrt(1/50 + 3/100) = 0.223607,
    # low = 2 × exp(−1.959964 × 0.223607) = 2 × exp(−0.438264) = 2 × 0.645157 = 1.290314 > 1.
    rose = effect.neighbour_check(
        area_id=1, name="Hjällbo", before=50, after=100, comparison_before=100, comparison_after=100
    )
    assert rose.ratio.ratio == pytest.approx(2.0)
    assert rose.ratio.low == pytest.approx(1.290314, abs=1e-5)
    assert rose.flag == effect.DISPLACEMENT
    assert rose.flag_text == "möjlig förflyttning"
    steady = effect.neighbour_check(
        area_id=2, name="Lövgärde", before=50, after=45, comparison_before=100, comparison_after=100
    )
    assert steady.flag == effect.NONE


def test_a_neighbour_that_fell_significantly_is_a_possible_spread_of_the_benefit() -> None:
    fell = effect.neighbour_check(
        area_id=1, name="Hjällbo", before=200, after=50, comparison_before=100, comparison_after=100
    )
    assert fell.flag == effect.DIFFUSION


def _square(x: float, y: float, size: float = 1.0) -> dict[str, object]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_boundaries_that_share_an_edge_or_a_corner_touch() -> None:
    assert effect.boundaries_touch(_square(0, 0), _square(1, 0))
    assert effect.boundaries_touch(_square(0, 0), _square(1, 1))  # a corner
    assert effect.boundaries_touch(_square(0, 0), _square(0.5, 1, 2))  # part of an edge
    multi = {"type": "MultiPolygon", "coordinates": [_square(5, 5)["coordinates"]]}
    assert effect.boundaries_touch(multi, _square(6, 5))


def test_boundaries_apart_do_not_touch() -> None:
    assert not effect.boundaries_touch(_square(0, 0), _square(1.001, 0))
    assert not effect.boundaries_touch(_square(0, 0), _square(10, 10))
    assert not effect.boundaries_touch(None, _square(0, 0))
    assert not effect.boundaries_touch({"type": "Point", "coordinates": [0, 0]}, _square(0, 0))


def test_negative_counts_and_empty_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        Cells(-1, 0, 0, 0, before_days=10, after_days=10)
    with pytest.raises(ValueError):
        Cells(1, 1, 1, 1, before_days=0, after_days=10)
