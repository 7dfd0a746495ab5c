"""The law's two requirements in the health check give a new municipality time: the missing
lägesbild and åtgärdsplan are the next step (information, with a link) during its first year in
samverka, and errors after that — or at once when one it had here has run out."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.organisation.health import Basis, Severity
from samverka.process import law
from samverka.situation.models import ReportStatus, SituationReport

RULES = (law.rule_no_current_situation_report, law.rule_no_decided_action_plan)


def _findings(world: World, days_from_now: int = 0) -> dict[str, law.Finding]:
    today = timezone.localdate() + timedelta(days=days_from_now)
    return {f.rule: f for rule in RULES for f in rule(world.testby, today)}


def _start_on_the_platform(world: World) -> None:
    AuditEvent.objects.create(municipality=world.testby, action="create", object_type="test")


def test_a_new_municipality_is_told_the_next_step_not_an_error(world: World) -> None:
    _start_on_the_platform(world)

    found = _findings(world)

    assert set(found) == {"process_no_current_situation_report", "process_no_decided_action_plan"}
    for finding in found.values():
        assert finding.severity == Severity.INFO
        assert finding.basis == Basis.LAW
        assert "Nästa steg" in finding.explanation
        assert "12 månader" in finding.explanation
        assert finding.url.startswith("/k/testby/")
        assert finding.source.startswith("Lag (2023:196)")


def test_after_a_year_on_the_platform_they_are_errors(world: World) -> None:
    _start_on_the_platform(world)

    found = _findings(world, days_from_now=400)

    assert {f.severity for f in found.values()} == {Severity.ERROR}
    assert not any("Nästa steg" in f.explanation for f in found.values())


def test_a_lägesbild_that_has_run_out_is_an_error_at_once(world: World) -> None:
    _start_on_the_platform(world)
    ended = timezone.localdate() - timedelta(days=500)
    SituationReport.objects.create(
        municipality=world.testby,
        area=world.area,
        period_kind="year",
        period_start=ended - timedelta(days=365),
        period_end=ended,
        status=ReportStatus.ADOPTED,
        adopted_at=timezone.now(),
    )

    found = _findings(world)

    assert found["process_no_current_situation_report"].severity == Severity.ERROR
    # The plan was never made here: still the next step.
    assert found["process_no_decided_action_plan"].severity == Severity.INFO
