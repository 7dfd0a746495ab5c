"""The example's lägesbilder: the last six two-week periods of Angered, adopted, marked as example,
written once however often the loader runs."""

from __future__ import annotations

from django.utils import timezone

from samverka.core.examples import example_loaders
from samverka.core.progress import no_progress
from samverka.core.testing import World, make_area
from samverka.situation.examples import load_example
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.periods import default_period
from samverka.situation.testing import make_category, make_incident


def test_the_example_adopts_six_fortnights_of_angered_once(world: World) -> None:
    angered = make_area(world.testby, "Angered", parent=world.root_area)
    make_area(world.testby, "Hammarkullen", parent=angered)
    category = make_category(world.testby, "skadegorelse", "Skadegörelse")
    make_incident(angered, category, default_period(timezone.localdate()).start)

    summary = load_example(world.testby, no_progress)

    reports = SituationReport.objects.filter(area=angered).order_by("period_start")
    assert reports.count() == 6 and "6 fastställda lägesbilder" in summary
    assert all(r.status == ReportStatus.ADOPTED and r.is_example for r in reports)
    assert all(r.assessment.startswith("Exempel") and r.snapshot for r in reports)
    assert reports.last().period == default_period(timezone.localdate())  # type: ignore[union-attr]
    assert load_example(world.testby, no_progress) == ""
    assert SituationReport.objects.count() == 6
    # It runs after the incidents' loader.
    orders = {loader.name: loader.order for loader in example_loaders()}
    assert orders["situation"] == 30 and orders.get("incidents", 20) < 30
