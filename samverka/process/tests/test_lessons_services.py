"""The lessons library: writing lessons (the kind copied from the measure), searching them in
Swedish (stemmed full text on PostgreSQL, words with their endings trimmed on SQLite) and
offering them when a new measure is planned."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World
from samverka.process.models import Lesson, MeasureKind
from samverka.process.services import evaluations as services
from samverka.process.services.evaluations import LessonInput
from samverka.process.tests.evaluation_factories import make_measure, make_problem


def _lesson(world: World, title: str, text: str = "", **extra: object) -> Lesson:
    values: dict[str, object] = {"title": title, "text": text or title, "year": 2025}
    values.update(extra)
    return services.lesson_create(
        municipality=world.testby,
        user=world.alice,
        data=LessonInput(**values),  # type: ignore[arg-type]
    )


def test_a_lesson_takes_its_kind_and_problem_from_its_measure(world: World) -> None:
    problem = make_problem(world.testby)
    measure = make_measure(world.testby, kind=MeasureKind.SOCIAL, problem=problem)
    lesson = _lesson(world, "Fritidsgården behövde fler vuxna", measure=measure)
    assert lesson.measure_kind == MeasureKind.SOCIAL
    assert lesson.problem == problem
    assert AuditEvent.objects.filter(action="lesson_create", object_id=str(lesson.pk)).exists()


def test_the_measure_kind_follows_the_measure_even_when_another_is_given(world: World) -> None:
    measure = make_measure(world.testby, kind=MeasureKind.SITUATIONAL)
    lesson = _lesson(world, "Belysning", measure=measure, measure_kind=MeasureKind.SOCIAL)
    assert lesson.measure_kind == MeasureKind.SITUATIONAL


def test_a_lesson_from_an_evaluation_gets_the_evaluations_measure(world: World) -> None:
    from datetime import date

    measure = make_measure(world.testby)
    evaluation = services.process_evaluation_create(
        municipality=world.testby,
        user=world.alice,
        measure=measure,
        title="Utvärdering",
        made_on=date(2025, 6, 1),
        as_planned="Ja",
        reached="Ja",
    )
    lesson = _lesson(world, "Från utvärderingen", evaluation=evaluation)
    assert lesson.measure == measure
    other = make_measure(world.testby, title="En annan åtgärd")
    with pytest.raises(ValidationError) as refused:
        _lesson(world, "Fel åtgärd", evaluation=evaluation, measure=other)
    assert "evaluation" in refused.value.message_dict


def test_an_update_is_audited_with_what_changed(world: World) -> None:
    lesson = _lesson(world, "Första versionen")
    data = services.lesson_input_of(lesson)
    services.lesson_update(
        lesson=lesson,
        user=world.alice,
        data=LessonInput(**{**data.__dict__, "title": "Andra versionen"}),
    )
    lesson.refresh_from_db()
    assert lesson.title == "Andra versionen"
    event = AuditEvent.objects.get(action="lesson_update")
    assert event.changes["title"] == ["Första versionen", "Andra versionen"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "två\nrader"}, "title"),
        ({"text": " "}, "text"),
        ({"year": 1999}, "year"),
        ({"year": 2300}, "year"),
        ({"measure_kind": "magic"}, "measure_kind"),
    ],
)
def test_a_lesson_that_cannot_be_used_is_refused_in_swedish(
    world: World, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"title": "Lärdom", "text": "Text", "year": 2025, **changes}
    with pytest.raises(ValidationError) as refused:
        services.lesson_create(
            municipality=world.testby,
            user=world.alice,
            data=LessonInput(**values),  # type: ignore[arg-type]
        )
    assert field in refused.value.message_dict


def test_a_measure_of_another_municipality_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _lesson(world, "Fel kommun", measure=make_measure(world.annanstad))
    assert "measure" in refused.value.message_dict


# ---- search -----------------------------------------------------------------------------------


def test_an_inflected_swedish_word_finds_the_lesson(world: World) -> None:
    school = _lesson(
        world,
        "Samarbetet med skola och fritid",
        "Rektorn var med från början, och det gjorde skillnad.",
    )
    square = _lesson(world, "Belysning på torget", "Fastighetsägaren bytte armaturer.")
    found = list(services.lessons_search(world.testby, "skolorna"))
    assert found == [school]
    # "skolorna" → "skol" in PostgreSQL's Swedish stemmer and in the trimmed SQLite search alike.
    assert list(services.lessons_search(world.testby, "fastighetsägarens")) == [square]


def test_the_search_on_postgresql_ranks_the_title_above_the_text(world: World) -> None:
    in_text = _lesson(world, "Nattvandring", "Föräldrarna gick förbi skolan varje fredag.")
    in_title = _lesson(world, "Skolans rastvakter", "Fler vuxna på rasterna.")
    found = list(services.lessons_search(world.testby, "skolans"))
    if connection.vendor == "postgresql":
        assert found == [in_title, in_text]  # ranked: the title weighs more
    else:
        assert set(found) == {in_title, in_text}  # the simple search: every match, newest first


def test_every_word_must_match(world: World) -> None:
    both = _lesson(world, "Belysning vid skolan", "Gångvägen blev tryggare.")
    _lesson(world, "Belysning på torget", "Torget blev ljusare.")
    assert list(services.lessons_search(world.testby, "belysning skolan")) == [both]


def test_the_search_filters_by_kind_year_and_problem(world: World) -> None:
    problem = make_problem(world.testby)
    social = make_measure(world.testby, "Fritidsledare", kind=MeasureKind.SOCIAL, problem=problem)
    a = _lesson(world, "Fritid på kvällen", measure=social, year=2024)
    b = _lesson(world, "Fritid på helgen", measure=make_measure(world.testby), year=2025)
    assert list(services.lessons_search(world.testby, "fritid", kind=MeasureKind.SOCIAL)) == [a]
    assert list(services.lessons_search(world.testby, "", year=2025)) == [b]
    assert list(services.lessons_search(world.testby, "", problem=problem)) == [a]
    assert list(services.lessons_search(world.testby, "", problem=problem.pk)) == [a]


def test_the_search_never_shows_another_municipalitys_lessons(world: World) -> None:
    services.lesson_create(
        municipality=world.annanstad,
        user=world.olle,
        data=LessonInput(title="Skolan i Annanstad", text="Hemlig", year=2025),
    )
    assert list(services.lessons_search(world.testby, "skolan")) == []
    assert list(services.lessons_search(world.testby, "")) == []


def test_a_too_long_query_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.lessons_search(world.testby, "skola " * 50)
    assert "högst 200 tecken" in refused.value.message_dict["q"][0]


def test_operators_and_punctuation_in_the_query_do_not_break_it(world: World) -> None:
    lesson = _lesson(world, "Skolans rastvakter")
    for query in ('"skolans rastvakter"', "skolans -torget", "skolans OR & | ! ( :*", "'"):
        list(services.lessons_search(world.testby, query))  # no error
    assert lesson in list(services.lessons_search(world.testby, '"skolans rastvakter"'))


# ---- offered for a new measure ------------------------------------------------------------------


def test_lessons_of_the_same_problem_come_first_then_the_same_kind(world: World) -> None:
    problem = make_problem(world.testby)
    other_problem = make_problem(world.testby, "Inbrott i förråd")
    same_problem = _lesson(
        world,
        "Samma problem",
        measure=make_measure(world.testby, "Fritidsledare", kind="social", problem=problem),
        year=2023,
    )
    same_kind = _lesson(
        world,
        "Samma typ",
        measure=make_measure(world.testby, "Lås", kind="situational", problem=other_problem),
        year=2025,
    )
    _lesson(
        world,
        "Inget gemensamt",
        measure=make_measure(world.testby, "Föräldrar", kind="social", problem=other_problem),
    )
    suggested = services.lessons_for_new_measure("situational", problem)
    assert [s.lesson for s in suggested] == [same_problem, same_kind]
    assert suggested[0].because == "samma problem"
    assert suggested[1].because == "samma typ av åtgärd"


def test_an_existing_measure_is_offered_others_lessons_not_its_own(world: World) -> None:
    problem = make_problem(world.testby)
    measure = make_measure(world.testby, "Kameror", problem=problem)
    _lesson(world, "Egen lärdom", measure=measure)
    earlier = _lesson(
        world, "Från förra planen", measure=make_measure(world.testby, "Belysning", problem=problem)
    )
    suggested = services.lessons_for_new_measure(measure)
    assert [s.lesson for s in suggested] == [earlier]
    assert suggested[0].because == "samma problem och samma typ av åtgärd"


def test_a_kind_alone_needs_the_municipality(world: World) -> None:
    with pytest.raises(ValueError):
        services.lessons_for_new_measure("social")
    assert services.lessons_for_new_measure("social", municipality=world.testby) == []
