"""Process and effect evaluations through their services: the counting follows the lägesbild's
rule, the result is stored, and the checks refuse what cannot be compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverka.accounts.models import AuditEvent
from samverka.areas.models import Area
from samverka.core.testing import World
from samverka.incidents.models import Category, ReviewStatus
from samverka.process.models import Evaluation, EvaluationKind, Measure
from samverka.process.services import evaluations as services
from samverka.process.services.evaluations import EffectInput
from samverka.process.tests.evaluation_factories import make_child, make_measure
from samverka.situation.testing import make_category, make_incident, spread

BEFORE = (date(2025, 1, 1), date(2025, 3, 31))  # 90 days
AFTER = (date(2025, 5, 1), date(2025, 7, 29))  # 90 days


@dataclass
class Places:
    target: Area
    centre: Area
    comparison: Area
    neighbour: Area
    crime: Category
    measure: Measure


@pytest.fixture
def places(world: World) -> Places:
    root = world.root_area
    target = make_child(root, "Hammarkullen")
    centre = make_child(target, "Hammarkullens centrum")
    comparison = make_child(root, "Kortedala")
    neighbour = make_child(root, "Hjällbo")
    crime = make_category(world.testby, "skadegorelse", "Skadegörelse")
    other = make_category(world.testby, "ovrigt", "Övrigt")
    # Target: 20 before (17 + one report of 3 events in the sub-area), 10 after.
    spread(target, crime, BEFORE[0], 17, 1)
    make_incident(centre, crime, date(2025, 2, 1), events=3)
    spread(target, crime, AFTER[0], 10, 1)
    # Left out: a duplicate, another category, a day between the periods.
    make_incident(target, crime, date(2025, 2, 2), status=ReviewStatus.DUPLICATE)
    make_incident(target, other, date(2025, 2, 3))
    make_incident(target, crime, date(2025, 4, 15))
    # Comparison: 20 → 20. Neighbour: 10 → 30 (a possible displacement).
    spread(comparison, crime, BEFORE[0], 20, 1)
    spread(comparison, crime, AFTER[0], 20, 1)
    spread(neighbour, crime, BEFORE[0], 10, 1)
    spread(neighbour, crime, AFTER[0], 30, 1)
    return Places(target, centre, comparison, neighbour, crime, make_measure(world.testby))


def _input(places: Places, **changes: object) -> EffectInput:
    values: dict[str, object] = {
        "target_area": places.target,
        "comparison_area": places.comparison,
        "category": places.crime,
        "before_start": BEFORE[0],
        "before_end": BEFORE[1],
        "after_start": AFTER[0],
        "after_end": AFTER[1],
    }
    values.update(changes)
    return EffectInput(**values)  # type: ignore[arg-type]


def _create(world: World, places: Places, **changes: object) -> Evaluation:
    return services.effect_evaluation_create(
        municipality=world.testby,
        user=world.alice,
        measure=places.measure,
        title="Effekt av belysningen",
        made_on=date(2025, 9, 1),
        data=_input(places, **changes),
    )


def _result(evaluation: Evaluation) -> dict[str, Any]:
    assert isinstance(evaluation.result, dict)
    return evaluation.result


def test_an_effect_evaluation_counts_like_the_lagesbild_and_stores_its_result(
    world: World, places: Places
) -> None:
    evaluation = _create(world, places)
    result = _result(evaluation)
    assert evaluation.kind == EvaluationKind.EFFECT
    assert result["method"] == "skillnad-i-skillnader"
    assert result["counts"] == {
        "target_before": 20,
        "target_after": 10,
        "comparison_before": 20,
        "comparison_after": 20,
        "before_days": 90,
        "after_days": 90,
    }
    # IRR = (10/20)/(20/20) = 0.5; se = sqrt(1/20 + 1/10 + 1/20 + 1/20) = sqrt(0.25) = 0.5;
    # 0.5 × exp(∓1.959964 × 0.5) = 0.5 × exp(∓0.979982) = 0.187656 … 1.332226.
    assert result["estimate"]["ratio"] == pytest.approx(0.5)
    assert result["estimate"]["low"] == pytest.approx(0.1877, abs=1e-4)
    assert result["estimate"]["high"] == pytest.approx(1.3322, abs=1e-4)
    assert result["estimate"]["significant"] is False
    assert result["reading"].startswith(
        "Antalet minskade med 50 % mer i Hammarkullen än i Kortedala"
    )
    assert "Skillnaden kan bero på slumpen." in result["reading"]
    assert any("för få händelser" in w for w in result["warnings"]) is False
    assert AuditEvent.objects.filter(action="evaluation_create").count() == 1


def test_the_neighbours_are_checked_for_displacement(world: World, places: Places) -> None:
    result = _result(_create(world, places))
    by_name = {row["name"]: row for row in result["displacement"]}
    assert result["neighbours_by"] == services.BY_TREE
    # Siblings of Hammarkullen under Testby, never the comparison area or the target's own parts.
    assert set(by_name) == {"Hjällbo", "Norra Testby"}
    # Hjällbo 10 → 30 against 20 → 20: ratio 3, se = sqrt(1/10 + 1/30 + 1/20 + 1/20) = 0.483046,
    # low = 3 × exp(−1.959964 × 0.483046) = 3 × 0.388076 = 1.164 > 1.
    assert by_name["Hjällbo"]["estimate"]["ratio"] == pytest.approx(3.0)
    assert by_name["Hjällbo"]["estimate"]["low"] == pytest.approx(1.1642, abs=1e-3)
    assert by_name["Hjällbo"]["flag_text"] == "möjlig förflyttning"
    assert any("Möjlig förflyttning" in w and "Hjällbo" in w for w in result["warnings"])
    # Norra Testby has no reports at all: no ratio, and the page says why.
    assert by_name["Norra Testby"]["estimate"]["ratio"] is None
    assert by_name["Norra Testby"]["flag_text"] == "kan inte bedömas"


def test_touching_boundaries_make_a_neighbour_too(world: World, places: Places) -> None:
    def square(x: float) -> dict[str, object]:
        ring = [[x, 57.0], [x + 0.01, 57.0], [x + 0.01, 57.01], [x, 57.01], [x, 57.0]]
        return {"type": "Polygon", "coordinates": [ring]}

    target = places.target
    target.boundary = square(12.0)
    target.save()
    elsewhere = make_child(world.area, "Angränsande", boundary=square(12.01), kind=target.kind)
    make_child(world.area, "Långt bort", boundary=square(13.0), kind=target.kind)
    neighbours, found_by = services.neighbours_of(target, places.comparison)
    # The touching area, though it sits elsewhere in the tree; the siblings no longer count.
    assert [a.name for a in neighbours] == ["Angränsande"]
    assert found_by == services.BY_BOUNDARY
    assert elsewhere.parent_id != target.parent_id


def test_without_a_category_every_category_counts(world: World, places: Places) -> None:
    result = _result(_create(world, places, category=None))
    assert result["counts"]["target_before"] == 21  # the report of "Övrigt" too
    assert result["category"] is None


def test_a_subcategory_counts_only_its_own_reports(world: World, places: Places) -> None:
    sub = make_category(world.testby, "klotter", "Klotter", parent=places.crime)
    make_incident(places.target, places.crime, date(2025, 1, 20), subcategory=sub)
    result = _result(_create(world, places, category=sub))
    assert result["counts"]["target_before"] == 1
    assert result["estimate"]["ratio"] is None  # zero reports of it elsewhere


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comparison_area": "target"}, "comparison_area", "ett annat område"),
        ({"comparison_area": "centre"}, "comparison_area", "får inte ligga i målområdet"),
        ({"after_start": date(2025, 3, 1)}, "after_start", "får inte överlappa"),
        ({"before_end": date(2024, 12, 1)}, "before_end", "slutar innan den börjar"),
        ({"before_end": date(2025, 1, 3)}, "before_end", "minst 7 dagar"),
        ({"before_start": date(1999, 1, 1)}, "before_start", "mellan år 2000 och 2100"),
    ],
)
def test_what_cannot_be_compared_is_refused_in_swedish(
    world: World, places: Places, changes: dict[str, object], field: str, message: str
) -> None:
    resolved = {k: getattr(places, v) if isinstance(v, str) else v for k, v in changes.items()}
    with pytest.raises(ValidationError) as refused:
        _create(world, places, **resolved)
    assert message in " ".join(refused.value.message_dict[field])


def test_an_after_period_that_has_not_ended_is_refused(world: World, places: Places) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        _create(
            world,
            places,
            after_start=today - timedelta(days=10),
            after_end=today,
            before_end=today - timedelta(days=30),
        )
    assert "after_end" in refused.value.message_dict


def test_an_area_of_another_municipality_is_refused(world: World, places: Places) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, places, comparison_area=world.other_area)
    assert "comparison_area" in refused.value.message_dict


def test_a_process_evaluation_is_stored_with_its_answers(world: World, places: Places) -> None:
    evaluation = services.process_evaluation_create(
        municipality=world.testby,
        user=world.alice,
        measure=places.measure,
        title="Hur gick belysningsarbetet?",
        made_on=date(2025, 9, 1),
        as_planned="Ja, alla armaturer byttes före oktober.",
        reached="Gångvägarna vid skolan fick ljus först.",
    )
    assert evaluation.kind == EvaluationKind.PROCESS
    assert evaluation.result is None
    assert evaluation.reached.startswith("Gångvägarna")


def test_a_process_evaluation_needs_both_answers(world: World, places: Places) -> None:
    with pytest.raises(ValidationError) as refused:
        services.process_evaluation_create(
            municipality=world.testby,
            user=world.alice,
            measure=places.measure,
            title="Tom",
            made_on=date(2025, 9, 1),
            as_planned=" ",
            reached="",
        )
    assert set(refused.value.message_dict) == {"as_planned", "reached"}


def test_a_measure_of_another_municipality_is_refused(world: World) -> None:
    measure = make_measure(world.annanstad)
    with pytest.raises(ValidationError):
        services.process_evaluation_create(
            municipality=world.testby,
            user=world.alice,
            measure=measure,
            title="Fel kommun",
            made_on=date(2025, 9, 1),
            as_planned="a",
            reached="b",
        )
