"""Rows of the process app's evaluations and lessons library: everyone with a role in the
municipality reads them; the coordinators and the beredningsgrupp write evaluations (nobody sits
in Testby's beredningsgrupp, so alice and root). Lessons are written by the same planners and,
for a measure, by its working group; the prepared measure has none, so the profile is the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    API_WRITE,
    EDIT,
    PAGE,
    M,
    Row,
    _api,
    _with,
)


def _measure(w: World) -> int:
    from samverka.process.models import Measure

    return Measure.objects.filter(municipality=w.testby).values_list("pk", flat=True).first()  # type: ignore[return-value]


def _evaluation(w: World) -> int:
    from samverka.process.models import Evaluation

    return Evaluation.objects.filter(municipality=w.testby).values_list("pk", flat=True).first()  # type: ignore[return-value]


def _lesson(w: World) -> int:
    from samverka.process.models import Lesson

    return Lesson.objects.filter(municipality=w.testby).values_list("pk", flat=True).first()  # type: ignore[return-value]


MEASURE = _with(pk=_measure)
EVALUATION = _with(pk=_evaluation)
LESSON = _with(pk=_lesson)

ROWS: list[Row] = [
    Row("process:evaluation_list", M, PAGE),
    Row("process:evaluation_create", MEASURE, EDIT, note="the planners evaluate"),
    Row("process:evaluation_detail", EVALUATION, PAGE),
    Row("process:lesson_list", M, PAGE, note="search and CSV/XLSX export for every reader"),
    Row("process:lesson_create", M, EDIT),
    Row("process:lesson_detail", LESSON, PAGE),
    Row("process:lesson_edit", LESSON, EDIT),
    Row(
        "api-process-evaluation-list",
        _api(),
        {"GET": API_READ, "POST": API_WRITE},
    ),
    Row("api-process-evaluation-detail", _api(pk=_evaluation), {"GET": API_READ}),
    Row("api-process-lesson-list", _api(), {"GET": API_READ, "POST": API_WRITE}),
    Row("api-process-lesson-detail", _api(pk=_lesson), {"GET": API_READ, "PATCH": API_WRITE}),
]


def _scenario(w: World, municipality: Any, user: Any) -> tuple[Any, Any]:
    from samverka.process.models import ActionPlan, Measure, MeasureKind, MeasureTerm
    from samverka.process.services import evaluations as services

    plan = ActionPlan.objects.create(
        municipality=municipality,
        title="Åtgärdsplan (matrisen)",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    measure = Measure.objects.create(
        municipality=municipality,
        plan=plan,
        title="Belysning (matrisen)",
        kind=MeasureKind.SITUATIONAL,
        term=MeasureTerm.SHORT,
    )
    evaluation = services.process_evaluation_create(
        municipality=municipality,
        user=user,
        measure=measure,
        title="Processutvärdering (matrisen)",
        made_on=date(2026, 1, 15),
        as_planned="Ja.",
        reached="Ja.",
    )
    lesson = services.lesson_create(
        municipality=municipality,
        user=user,
        data=services.LessonInput(
            title="Lärdom (matrisen)", text="Belys gångvägarna först.", year=2026, measure=measure
        ),
    )
    return evaluation, lesson


def prepare(world: World) -> None:
    """A measure in Testby with a process evaluation and a lesson."""
    _scenario(world, world.testby, world.alice)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's evaluation, measure and lesson under Testby's URLs: 404 even for alice."""
    evaluation, lesson = _scenario(w, w.annanstad, w.olle)
    return {
        "process:evaluation_create": {"municipality": "testby", "pk": evaluation.measure_id},
        "process:evaluation_detail": {"municipality": "testby", "pk": evaluation.pk},
        "process:lesson_detail": {"municipality": "testby", "pk": lesson.pk},
        "process:lesson_edit": {"municipality": "testby", "pk": lesson.pk},
    }
