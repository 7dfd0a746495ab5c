"""Evaluations of measures and the lessons-learned library: every write, the counting behind an
effect evaluation, and the library's search.

- ``process_evaluation_create``: was the measure done as planned, did it reach whom it should.
- ``effect_evaluation_create``: incidents in a target and a comparison area, before and after,
  counted with the lägesbild's own rule of which reports count
  (``situation.figures.base.counted``: the area's subtree, duplicates left out, ``event_count``
  summed), then ``process.effect`` computes the difference-in-differences. The result (estimate,
  interval, counts, warnings, the neighbours' displacement check, the method's name) is stored
  with the evaluation, so it reads the same later even when reports are added or corrected.
- ``lesson_create`` / ``lesson_update``: a lesson with its year and measure; the kind of measure
  is copied from the measure, so the library filters on it and a lesson outlives its measure.
- ``lessons_search``: full-text search in Swedish on PostgreSQL (stemmed: "skolorna" finds
  "skola"), ranked; on SQLite every word must appear in the title, text, keywords or measure,
  with common Swedish endings trimmed.
- ``lessons_for_new_measure``: lessons of the same problem or of the same kind of measure,
  offered when a new measure is planned.

Who may write is checked by the callers through ``process.access`` (planners; for a lesson of a
measure also the measure's working group).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit, changes_between
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import has_control_characters
from samverka.incidents.models import Category
from samverka.process import effect
from samverka.process.models import (
    Evaluation,
    EvaluationKind,
    FollowUp,
    Indicator,
    Lesson,
    Measure,
    MeasureKind,
    Problem,
)
from samverka.situation.figures.base import counted

MIN_YEAR = 2000
MAX_YEAR = 2100
MIN_PERIOD_DAYS = 7
MAX_PERIOD_DAYS = 3 * 366 + 1  # three years: longer periods hide what changed
MAX_NEIGHBOURS = 20
MAX_QUERY_LENGTH = 200
TEXT_MAX = 20_000


def _user(user: AnyUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def _text(errors: dict[str, str], field: str, value: str, *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("Fältet får inte vara tomt.")
    elif len(value) > limit:
        errors[field] = _("Texten får vara högst %(n)s tecken.") % {"n": limit}
    return value


def _title(errors: dict[str, str], field: str, value: str) -> str:
    value = _text(errors, field, value, required=True, limit=200)
    if field not in errors and has_control_characters(value):
        errors[field] = _("Skriv rubriken på en rad, utan tabbar eller andra styrtecken.")
    return value


def _check_made_on(errors: dict[str, str], made_on: date) -> None:
    today = timezone.localdate()
    if made_on > today:
        errors["made_on"] = _("Datumet kan inte vara i framtiden.")
    elif made_on.year < MIN_YEAR:
        errors["made_on"] = _("Datumet ligger före år %(y)s.") % {"y": MIN_YEAR}


def _check_measure(municipality: Municipality, measure: Measure) -> None:
    if measure.municipality_id != municipality.pk:
        raise ValidationError({"measure": _("Åtgärden finns inte i kommunen.")})


def _result_for_audit(evaluation: Evaluation) -> str:
    result = evaluation.result or {}
    estimate = (result.get("estimate") or {}).get("ratio")
    return f"{evaluation.title}: kvot {estimate}" if estimate is not None else evaluation.title


# ---- process evaluation -----------------------------------------------------------------------


@transaction.atomic
def process_evaluation_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    measure: Measure,
    title: str,
    made_on: date,
    made_by_name: str = "",
    as_planned: str,
    reached: str,
    conclusions: str = "",
) -> Evaluation:
    """A process evaluation: was the measure carried out as planned, did it reach whom it was
    meant for, and what follows."""
    _check_measure(municipality, measure)
    errors: dict[str, str] = {}
    title = _title(errors, "title", title)
    made_by_name = _text(errors, "made_by_name", made_by_name, required=False, limit=200)
    if "made_by_name" not in errors and has_control_characters(made_by_name):
        errors["made_by_name"] = _("Skriv namnet på en rad.")
    as_planned = _text(errors, "as_planned", as_planned, required=True, limit=TEXT_MAX)
    reached = _text(errors, "reached", reached, required=True, limit=TEXT_MAX)
    conclusions = _text(errors, "conclusions", conclusions, required=False, limit=TEXT_MAX)
    _check_made_on(errors, made_on)
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        municipality=municipality,
        measure=measure,
        kind=EvaluationKind.PROCESS,
        title=title,
        made_on=made_on,
        made_by_name=made_by_name,
        as_planned=as_planned,
        reached=reached,
        conclusions=conclusions,
        created_by=_user(user),
    )
    audit(
        municipality=municipality,
        user=user,
        action="evaluation_create",
        obj=evaluation,
        summary=f"processutvärdering av {measure.title}: {title}",
    )
    return evaluation


# ---- effect evaluation ------------------------------------------------------------------------


def _subtree_ids(area: Area, children: dict[int, list[int]]) -> list[int]:
    ids, stack, seen = [], [area.pk], set()
    while stack:  # cycle-safe
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        ids.append(pk)
        stack.extend(children.get(pk, []))
    return ids


def _children(municipality: Municipality) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pk, parent in Area.objects.filter(municipality=municipality).values_list("pk", "parent"):
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    return children


def _nested(first: Area, second: Area, children: dict[int, list[int]]) -> bool:
    return second.pk in _subtree_ids(first, children) or first.pk in _subtree_ids(second, children)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in the Swedish time zone."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def count_before_after(
    *,
    municipality: Municipality,
    groups: dict[int, list[int]],
    category: Category | None,
    before: tuple[date, date],
    after: tuple[date, date],
) -> dict[int, tuple[int, int]]:
    """Events (``event_count`` summed) before and after per group of areas, in ONE query.

    ``groups`` maps a key (an area id) to the ids of its subtree; a report is counted in every
    group whose subtree holds its area, as the lägesbild counts it in the area and its
    ancestors."""
    owner: dict[int, list[int]] = {}
    for key, ids in groups.items():
        for pk in ids:
            owner.setdefault(pk, []).append(key)
    b0, b1 = _bounds(*before)
    a0, a1 = _bounds(*after)
    bucket = Case(
        When(occurred_at__gte=b0, occurred_at__lt=b1, then=Value(0)),
        When(occurred_at__gte=a0, occurred_at__lt=a1, then=Value(1)),
        default=Value(-1),
        output_field=IntegerField(),
    )
    reports = counted(municipality, list(owner)).filter(
        Q(occurred_at__gte=b0, occurred_at__lt=b1) | Q(occurred_at__gte=a0, occurred_at__lt=a1)
    )
    if category is not None:
        reports = reports.filter(
            Q(category=category) if category.parent_id is None else Q(subcategory=category)
        )
    rows = (
        reports.annotate(bucket=bucket)
        .values_list("area_id", "bucket")
        .annotate(n=Sum("event_count"))
        .order_by()
    )
    totals = {key: [0, 0] for key in groups}
    for area_id, b, n in rows:
        if b in (0, 1):
            for key in owner.get(area_id, []):
                totals[key][b] += int(n or 0)
    return {key: (v[0], v[1]) for key, v in totals.items()}


BY_BOUNDARY = "boundary"
BY_TREE = "tree"


def neighbours_of(
    target: Area, comparison: Area, *, limit: int = MAX_NEIGHBOURS
) -> tuple[list[Area], str]:
    """The target area's neighbours and how they were found.

    Where the target has a boundary and other areas of its kind have boundaries that touch it,
    those are the neighbours (``BY_BOUNDARY``); otherwise its siblings in the area tree, the
    areas with the same parent (``BY_TREE``). Never the comparison area, nor an area inside or
    around the target or the comparison."""
    municipality = target.municipality
    children = _children(municipality)
    excluded = set(_subtree_ids(target, children)) | set(_subtree_ids(comparison, children))
    excluded |= {a.pk for a in target.ancestors()} | {a.pk for a in comparison.ancestors()}
    areas = Area.objects.filter(municipality=municipality).exclude(pk__in=excluded)
    if target.boundary:
        touching = [
            area
            for area in areas.filter(kind=target.kind, boundary__isnull=False).order_by("name")
            if effect.boundaries_touch(target.boundary, area.boundary)
        ]
        if touching:
            return touching[:limit], BY_BOUNDARY
    if target.parent_id is None:
        return [], BY_TREE
    siblings = list(areas.filter(parent_id=target.parent_id).order_by("name")[:limit])
    return siblings, BY_TREE


@dataclass(frozen=True)
class EffectInput:
    target_area: Area
    comparison_area: Area
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    category: Category | None = None


def _check_effect(municipality: Municipality, data: EffectInput) -> None:
    errors: dict[str, str] = {}
    for field in ("target_area", "comparison_area"):
        if getattr(data, field).municipality_id != municipality.pk:
            errors[field] = _("Området finns inte i kommunen.")
    if data.category is not None and data.category.municipality_id != municipality.pk:
        errors["category"] = _("Kategorin finns inte i kommunen.")
    if errors:
        raise ValidationError(errors)
    if data.target_area.pk == data.comparison_area.pk:
        raise ValidationError(
            {"comparison_area": _("Jämförelseområdet måste vara ett annat område än målområdet.")}
        )
    if _nested(data.target_area, data.comparison_area, _children(municipality)):
        raise ValidationError(
            {
                "comparison_area": _(
                    "Jämförelseområdet får inte ligga i målområdet eller omfatta det: då räknas "
                    "samma händelser i båda."
                )
            }
        )
    today = timezone.localdate()
    for field in ("before_start", "before_end", "after_start", "after_end"):
        day: date = getattr(data, field)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            errors[field] = _("Ange ett datum mellan år %(a)s och %(b)s.") % {
                "a": MIN_YEAR,
                "b": MAX_YEAR,
            }
    if errors:
        raise ValidationError(errors)
    if data.before_end < data.before_start:
        errors["before_end"] = _("Föreperioden slutar innan den börjar.")
    if data.after_end < data.after_start:
        errors["after_end"] = _("Efterperioden slutar innan den börjar.")
    if data.after_start <= data.before_end:
        errors["after_start"] = _(
            "Efterperioden måste börja efter att föreperioden slutat; perioderna får inte "
            "överlappa."
        )
    if data.after_end >= today:
        errors["after_end"] = _(
            "Efterperioden måste ha slutat (senast i går): händelserna efter den är inte "
            "rapporterade än."
        )
    for name, start, end in (
        ("before_end", data.before_start, data.before_end),
        ("after_end", data.after_start, data.after_end),
    ):
        days = (end - start).days + 1
        if name not in errors and days < MIN_PERIOD_DAYS:
            errors[name] = _("En period ska vara minst %(n)s dagar.") % {"n": MIN_PERIOD_DAYS}
        elif name not in errors and days > MAX_PERIOD_DAYS:
            errors[name] = _("En period får vara högst tre år.")
    if errors:
        raise ValidationError(errors)


def effect_compute(*, municipality: Municipality, data: EffectInput) -> dict[str, Any]:
    """The result of an effect evaluation (as stored in ``Evaluation.result``), computed now."""
    _check_effect(municipality, data)
    children = _children(municipality)
    neighbours, neighbours_by = neighbours_of(data.target_area, data.comparison_area)
    groups = {
        area.pk: _subtree_ids(area, children)
        for area in (data.target_area, data.comparison_area, *neighbours)
    }
    before = (data.before_start, data.before_end)
    after = (data.after_start, data.after_end)
    counts = count_before_after(
        municipality=municipality,
        groups=groups,
        category=data.category,
        before=before,
        after=after,
    )
    t0, t1 = counts[data.target_area.pk]
    c0, c1 = counts[data.comparison_area.pk]
    cells = effect.Cells(
        target_before=t0,
        target_after=t1,
        comparison_before=c0,
        comparison_after=c1,
        before_days=(data.before_end - data.before_start).days + 1,
        after_days=(data.after_end - data.after_start).days + 1,
    )
    estimate = effect.difference_in_differences(cells)
    checks = [
        effect.neighbour_check(
            area_id=area.pk,
            name=area.name,
            before=counts[area.pk][0],
            after=counts[area.pk][1],
            comparison_before=c0,
            comparison_after=c1,
        )
        for area in neighbours
    ]
    result = estimate.as_dict()
    displaced = [c.name for c in checks if c.flag == effect.DISPLACEMENT]
    if displaced:
        result["warnings"].append(
            _(
                "Möjlig förflyttning: antalet ökade säkert mer än i jämförelseområdet i "
                "%(areas)s. Händelserna kan ha flyttat dit i stället för att minska."
            )
            % {"areas": ", ".join(displaced)}
        )
    result.update(
        method=effect.METHOD,
        method_text=effect.method_text(),
        target_area={"id": data.target_area.pk, "name": data.target_area.name},
        comparison_area={"id": data.comparison_area.pk, "name": data.comparison_area.name},
        category=None
        if data.category is None
        else {"id": data.category.pk, "name": data.category.name},
        periods={
            "before": [data.before_start.isoformat(), data.before_end.isoformat()],
            "after": [data.after_start.isoformat(), data.after_end.isoformat()],
        },
        reading=effect.reading(
            estimate, target=data.target_area.name, comparison=data.comparison_area.name
        ),
        displacement=[c.as_dict() for c in checks],
        neighbours_by=neighbours_by,
        counted=_(
            "Händelserapporterna räknas som i lägesbilden: områdets alla delområden, utan "
            "dubbletter, med antalet händelser i varje rapport."
        ),
        computed_at=timezone.now().isoformat(timespec="seconds"),
    )
    return result


@transaction.atomic
def effect_evaluation_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    measure: Measure,
    title: str,
    made_on: date,
    data: EffectInput,
    made_by_name: str = "",
    indicator: Indicator | None = None,
    conclusions: str = "",
) -> Evaluation:
    """An effect evaluation by difference-in-differences, counted from the incident reports and
    stored with its result."""
    _check_measure(municipality, measure)
    errors: dict[str, str] = {}
    title = _title(errors, "title", title)
    made_by_name = _text(errors, "made_by_name", made_by_name, required=False, limit=200)
    if "made_by_name" not in errors and has_control_characters(made_by_name):
        errors["made_by_name"] = _("Skriv namnet på en rad.")
    conclusions = _text(errors, "conclusions", conclusions, required=False, limit=TEXT_MAX)
    _check_made_on(errors, made_on)
    if indicator is not None and indicator.municipality_id != municipality.pk:
        errors["indicator"] = _("Indikatorn finns inte i kommunen.")
    if errors:
        raise ValidationError(errors)
    result = effect_compute(municipality=municipality, data=data)
    evaluation = Evaluation.objects.create(
        municipality=municipality,
        measure=measure,
        kind=EvaluationKind.EFFECT,
        title=title,
        made_on=made_on,
        made_by_name=made_by_name,
        target_area=data.target_area,
        comparison_area=data.comparison_area,
        category=data.category,
        indicator=indicator,
        before_start=data.before_start,
        before_end=data.before_end,
        after_start=data.after_start,
        after_end=data.after_end,
        result=result,
        conclusions=conclusions,
        created_by=_user(user),
    )
    audit(
        municipality=municipality,
        user=user,
        action="evaluation_create",
        obj=evaluation,
        summary=f"effektutvärdering av {measure.title}: {_result_for_audit(evaluation)}",
    )
    return evaluation


# ---- lessons ---------------------------------------------------------------------------------


def problems_of(measure: Measure) -> QuerySet[Problem]:
    """The problems a measure is aimed at (through the causes it addresses)."""
    return Problem.objects.filter(cause_analysis__causes__measures=measure).distinct()


@dataclass(frozen=True)
class LessonInput:
    title: str
    text: str
    year: int
    measure: Measure | None = None
    problem: Problem | None = None
    followup: FollowUp | None = None
    evaluation: Evaluation | None = None
    measure_kind: str = ""
    tags: str = ""


def _check_lesson(municipality: Municipality, data: LessonInput) -> LessonInput:
    """The input checked, with the measure taken from the follow-up or evaluation when missing,
    the kind from the measure, and the problem from the measure when it has exactly one."""
    errors: dict[str, str] = {}
    title = _title(errors, "title", data.title)
    text = _text(errors, "text", data.text, required=True, limit=TEXT_MAX)
    tags = _text(errors, "tags", data.tags, required=False, limit=300)
    if "tags" not in errors and has_control_characters(tags):
        errors["tags"] = _("Skriv nyckelorden på en rad.")
    last_year = timezone.localdate().year + 1
    if not MIN_YEAR <= data.year <= last_year:
        errors["year"] = _("Ange ett år mellan %(a)s och %(b)s.") % {"a": MIN_YEAR, "b": last_year}
    for field in ("measure", "problem", "followup", "evaluation"):
        obj = getattr(data, field)
        if obj is not None and obj.municipality_id != municipality.pk:
            errors[field] = _("Det valda finns inte i kommunen.")
    if data.measure_kind and data.measure_kind not in MeasureKind.values:
        errors["measure_kind"] = _("Välj situationell eller social åtgärd.")
    if errors:
        raise ValidationError(errors)
    measure = data.measure
    for field in ("followup", "evaluation"):
        source = getattr(data, field)
        if source is None:
            continue
        if measure is None:
            measure = source.measure
        elif source.measure_id != measure.pk:
            errors[field] = _("Den hör till en annan åtgärd än den valda.")
    if errors:
        raise ValidationError(errors)
    problem = data.problem
    if problem is None and measure is not None:
        found = list(problems_of(measure)[:2])
        problem = found[0] if len(found) == 1 else None
    return LessonInput(
        title=title,
        text=text,
        year=data.year,
        measure=measure,
        problem=problem,
        followup=data.followup,
        evaluation=data.evaluation,
        measure_kind=measure.kind if measure is not None else data.measure_kind,
        tags=tags,
    )


_LESSON_FIELDS = (
    "title",
    "text",
    "year",
    "measure",
    "problem",
    "followup",
    "evaluation",
    "measure_kind",
    "tags",
)


def _lesson_values(lesson: Lesson) -> dict[str, Any]:
    return {
        "title": lesson.title,
        "text": lesson.text,
        "year": lesson.year,
        "measure": lesson.measure_id,
        "problem": lesson.problem_id,
        "followup": lesson.followup_id,
        "evaluation": lesson.evaluation_id,
        "measure_kind": lesson.measure_kind,
        "tags": lesson.tags,
    }


@transaction.atomic
def lesson_create(*, municipality: Municipality, user: AnyUser | None, data: LessonInput) -> Lesson:
    """A lesson in the library; the kind of measure is copied from its measure."""
    checked = _check_lesson(municipality, data)
    lesson = Lesson.objects.create(
        municipality=municipality,
        created_by=_user(user),
        **{name: getattr(checked, name) for name in _LESSON_FIELDS},
    )
    audit(municipality=municipality, user=user, action="lesson_create", obj=lesson)
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, user: AnyUser | None, data: LessonInput) -> Lesson:
    """Change a lesson (its kind follows its measure again)."""
    municipality = lesson.municipality
    checked = _check_lesson(municipality, data)
    before = _lesson_values(lesson)
    for name in _LESSON_FIELDS:
        setattr(lesson, name, getattr(checked, name))
    lesson.save()
    audit(
        municipality=municipality,
        user=user,
        action="lesson_update",
        obj=lesson,
        changes=changes_between(before, _lesson_values(lesson)),
    )
    return lesson


def lesson_input_of(lesson: Lesson) -> LessonInput:
    return LessonInput(
        title=lesson.title,
        text=lesson.text,
        year=lesson.year,
        measure=lesson.measure,
        problem=lesson.problem,
        followup=lesson.followup,
        evaluation=lesson.evaluation,
        measure_kind=lesson.measure_kind,
        tags=lesson.tags,
    )


# ---- the library's search ----------------------------------------------------------------------

# Common Swedish endings, longest first: the simple search on SQLite trims them, so that
# "skolorna" finds "skola" there too (PostgreSQL's Swedish stemmer does this properly).
_ENDINGS = (
    "arnas",
    "ornas",
    "ernas",
    "arna",
    "orna",
    "erna",
    "ande",
    "ende",
    "heten",
    "het",
    "ens",
    "ets",
    "ar",
    "or",
    "er",
    "en",
    "et",
    "na",
    "a",
    "e",
    "s",
)
_MIN_STEM = 3


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _words(query: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() else " " for c in query.lower())
    return [w for w in cleaned.split() if w not in ("or", "and")][:20]


def search_query_error(query: str) -> str:
    """A Swedish message when the search text cannot be used, else ''."""
    if len(query) > MAX_QUERY_LENGTH:
        return _("Söktexten får vara högst %(n)s tecken.") % {"n": MAX_QUERY_LENGTH}
    if "\x00" in query:
        return _("Söktexten innehåller ett otillåtet tecken.")
    return ""


def lessons_search(
    municipality: Municipality,
    query: str = "",
    *,
    kind: str | None = None,
    year: int | None = None,
    problem: Problem | int | None = None,
) -> QuerySet[Lesson]:
    """The municipality's lessons matching ``query`` (all when empty), best match first, filtered
    by kind of measure, year and problem.

    On PostgreSQL: full text in Swedish (``websearch``: words, "a phrase", -not), the title and
    keywords weighing more than the text; on other databases every word (endings trimmed) must
    appear somewhere. A too long query raises ValidationError."""
    query = (query or "").strip()
    error = search_query_error(query)
    if error:
        raise ValidationError({"q": error})
    lessons = Lesson.objects.filter(municipality=municipality).select_related(
        "measure", "problem", "evaluation"
    )
    if kind:
        lessons = lessons.filter(measure_kind=kind)
    if year:
        lessons = lessons.filter(year=year)
    if problem:
        problem_id = problem if isinstance(problem, int) else problem.pk
        lessons = lessons.filter(
            Q(problem_id=problem_id) | Q(measure__causes__analysis__problem_id=problem_id)
        ).distinct()
    if not query:
        return lessons.order_by("-year", "title")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="swedish")
            + SearchVector("tags", weight="A", config="swedish")
            + SearchVector("text", weight="B", config="swedish")
            + SearchVector("measure__title", weight="C", config="swedish")
        )
        search = SearchQuery(query, config="swedish", search_type="websearch")
        ids = (
            Lesson.objects.filter(municipality=municipality)
            .annotate(document=vector)
            .filter(document=search)
            .values("pk")
        )
        return (
            lessons.filter(pk__in=ids)
            .annotate(rank=SearchRank(vector, search))
            .order_by("-rank", "-year", "title")
        )
    for word in _words(query):
        stem = _stem(word)
        lessons = lessons.filter(
            Q(title__icontains=stem)
            | Q(text__icontains=stem)
            | Q(tags__icontains=stem)
            | Q(measure__title__icontains=stem)
        )
    return lessons.order_by("-year", "title")


@dataclass(frozen=True)
class SuggestedLesson:
    """A lesson offered for a new measure, and why: the same problem, the same kind, or both."""

    lesson: Lesson
    same_problem: bool
    same_kind: bool

    @property
    def because(self) -> str:
        if self.same_problem and self.same_kind:
            return _("samma problem och samma typ av åtgärd")
        if self.same_problem:
            return _("samma problem")
        return _("samma typ av åtgärd")


def lessons_for_new_measure(
    measure_or_kind: Measure | str | None,
    problem: Problem | Sequence[Problem] | None = None,
    *,
    municipality: Municipality | None = None,
    limit: int = 6,
) -> list[SuggestedLesson]:
    """Lessons worth reading before planning a measure: those of the same problem first, then
    those of the same kind of measure (situational or social), the newest first.

    ``measure_or_kind`` is a measure (its kind and problems are used, its own lessons left out)
    or a kind (``MeasureKind`` value). ``problem`` is a problem or several. The municipality
    comes from the measure or the problem, else give it."""
    measure = measure_or_kind if isinstance(measure_or_kind, Measure) else None
    kind = measure.kind if measure is not None else (measure_or_kind or "")
    problems: list[Problem] = []
    if isinstance(problem, Problem):
        problems = [problem]
    elif problem is not None:
        problems = list(problem)
    if measure is not None and not problems:
        problems = list(problems_of(measure))
    if municipality is None:
        if measure is not None:
            municipality = measure.municipality
        elif problems:
            municipality = problems[0].municipality
        else:
            raise ValueError("lessons_for_new_measure needs a measure, a problem or a municipality")
    problem_ids = {p.pk for p in problems}
    condition = Q(pk__in=[])
    if kind:
        condition |= Q(measure_kind=kind)
    if problem_ids:
        condition |= Q(problem_id__in=problem_ids)
        condition |= Q(measure__causes__analysis__problem_id__in=problem_ids)
    lessons = (
        Lesson.objects.filter(municipality=municipality)
        .filter(condition)
        .select_related("measure", "problem")
        .distinct()
    )
    if measure is not None and measure.pk is not None:
        lessons = lessons.exclude(measure=measure)
    candidates = list(lessons.order_by("-year", "-pk")[: limit * 4])
    via_measure = _problem_ids_of_measures(
        {lesson.measure_id for lesson in candidates if lesson.measure_id}
    )
    suggested = []
    for lesson in candidates:
        lesson_problems = set(via_measure.get(lesson.measure_id or 0, set()))
        if lesson.problem_id:
            lesson_problems.add(lesson.problem_id)
        suggested.append(
            SuggestedLesson(
                lesson=lesson,
                same_problem=bool(lesson_problems & problem_ids),
                same_kind=bool(kind) and lesson.measure_kind == kind,
            )
        )
    suggested.sort(key=lambda s: (not s.same_problem, not s.same_kind, -s.lesson.year))
    return suggested[:limit]


def _problem_ids_of_measures(measure_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(measure_ids)
    if not ids:
        return {}
    rows = Measure.causes.through.objects.filter(measure_id__in=ids).values_list(
        "measure_id", "cause__analysis__problem_id"
    )
    result: dict[int, set[int]] = {}
    for measure_id, problem_id in rows:
        result.setdefault(measure_id, set()).add(problem_id)
    return result
