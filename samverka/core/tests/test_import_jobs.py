"""The job rows of every import share their progress and their end (core.ImportJobBase)."""

from __future__ import annotations

import pytest

from samverka.incidents.models import ImportJob
from samverka.incidents.models import ImportStatus as IncidentStatus
from samverka.stats.models import ImportStatus as StatisticsStatus
from samverka.stats.models import StatisticsImport


@pytest.mark.parametrize(
    ("processed", "total", "status", "percent"),
    [
        (0, 0, IncidentStatus.RUNNING, 0),
        (1, 3, IncidentStatus.RUNNING, 33),
        (3, 3, IncidentStatus.DONE, 100),
        (0, 0, IncidentStatus.INVALID, 100),
    ],
)
def test_an_incident_import_shows_how_far_it_has_come(
    processed: int, total: int, status: str, percent: int
) -> None:
    job = ImportJob(processed_rows=processed, total_rows=total, status=status)
    assert job.percent == percent
    assert job.is_finished == (status != IncidentStatus.RUNNING)


def test_a_statistics_import_is_finished_when_done_or_failed() -> None:
    running = StatisticsImport(processed_rows=5, total_rows=10)
    assert (running.status, running.percent, running.is_finished) == ("running", 50, False)
    for status in (StatisticsStatus.DONE, StatisticsStatus.FAILED):
        assert StatisticsImport(status=status).is_finished
    assert StatisticsImport(status=StatisticsStatus.DONE).percent == 100  # nothing to do: done


def test_a_validated_incident_import_awaits_confirmation_neither_finished_nor_active() -> None:
    job = ImportJob()
    assert (job.status, job.is_finished, job.is_active) == (IncidentStatus.VALIDATED, False, False)
