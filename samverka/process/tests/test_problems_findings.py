"""The findings of a lägesbild version that a problem can cite, on a small hand-made world."""

from __future__ import annotations

import pytest

from samverka.core.testing import World
from samverka.process.findings import finding_anchor, finding_of, findings_of
from samverka.process.tests.problem_factories import make_adopted_report, make_rise

pytestmark = pytest.mark.django_db


def test_findings_name_the_total_the_category_and_the_subarea(world: World) -> None:
    assault = make_rise(world)
    report = make_adopted_report(world)
    found = {f.key: f for f in findings_of(report)}
    assert "total" in found
    assert "Alla händelser" in found["total"].label
    category = found[f"category:{assault.pk}"]
    assert "Misshandel" in category.label
    assert category.value.startswith("12 händelser")
    subarea = found[f"subarea:{world.area.pk}"]
    assert "Norra Testby" in subarea.label
    cell = found[f"subarea:{world.area.pk}/category:{assault.pk}"]
    assert "Misshandel" in cell.label and "Norra Testby" in cell.label
    assert cell.value.startswith("12 händelser")


def test_the_value_compares_with_the_previous_period(world: World) -> None:
    assault = make_rise(world)
    report = make_adopted_report(world)
    finding = finding_of(report, f"category:{assault.pk}")
    assert finding is not None
    # 12 now against 1 in September and a mean of 1: a rise the reader sees in numbers.
    assert "+" in finding.value


def test_an_unknown_key_is_no_finding(world: World) -> None:
    make_rise(world)
    report = make_adopted_report(world)
    assert finding_of(report, "category:0") is None
    assert finding_of(report, "nonsense") is None


def test_the_anchor_on_the_lagesbild_page() -> None:
    assert finding_anchor("subarea:7/category:3") == "finding-subarea-7-category-3"
    assert finding_anchor("total") == "finding-total"
