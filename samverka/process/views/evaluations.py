"""Evaluation and lessons pages under /k/<municipality>/arbete/utvardering/: the evaluations of
the measures (process and effect), and the library of lessons learned with its search and export.
Thin: reads through ``access``, writes through ``services.evaluations``."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.core.export import FORMATS, table_response
from samverka.core.forms import add_service_errors
from samverka.core.views import saved_or_none
from samverka.process import effect
from samverka.process.access import (
    may_follow_up,
    may_plan,
    measure_for,
    measures_in,
    require_follow_up,
    require_planner,
)
from samverka.process.forms.evaluations import (
    EffectEvaluationForm,
    LessonForm,
    LessonSearchForm,
    ProcessEvaluationForm,
)
from samverka.process.models import Evaluation, EvaluationKind, Lesson, Measure
from samverka.process.services import evaluations as services

GET_POST = require_http_methods(["GET", "POST"])


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(
        municipality=access.municipality, nav="process", may_plan=may_plan(access), access=access
    )
    return render(request, f"process/evaluations/{template}", context, status=status)


def measure_url(measure: Measure | None) -> str:
    """The measure's page, built by the plans part of the process; empty until it exists."""
    if measure is None:
        return ""
    try:
        return reverse(
            "process:measure_detail",
            kwargs={"municipality": measure.municipality.slug, "pk": measure.pk},
        )
    except NoReverseMatch:
        return ""


def evaluations_in(access: Access) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(municipality=access.municipality)


def evaluation_for(access: Access, pk: int) -> Evaluation:
    """An evaluation of the viewer's municipality, else 404."""
    return get_object_or_404(
        evaluations_in(access).select_related(
            "measure", "target_area", "comparison_area", "category", "indicator"
        ),
        pk=pk,
    )


def lessons_in(access: Access) -> QuerySet[Lesson]:
    return Lesson.objects.filter(municipality=access.municipality)


def lesson_for(access: Access, pk: int) -> Lesson:
    """A lesson of the viewer's municipality, else 404."""
    return get_object_or_404(
        lessons_in(access).select_related("measure", "problem", "evaluation", "followup"),
        pk=pk,
    )


def _evaluation_url(evaluation: Evaluation) -> str:
    return reverse(
        "process:evaluation_detail",
        kwargs={"municipality": evaluation.municipality.slug, "pk": evaluation.pk},
    )


def _lesson_url(lesson: Lesson) -> str:
    return reverse(
        "process:lesson_detail",
        kwargs={"municipality": lesson.municipality.slug, "pk": lesson.pk},
    )


# ---- evaluations ------------------------------------------------------------------------------


@require_GET
def evaluation_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    evaluations = list(
        evaluations_in(access).select_related("measure", "target_area", "comparison_area")
    )
    measures = (
        list(measures_in(access).select_related("plan").order_by("plan__title", "position", "pk"))
        if may_plan(access)
        else []
    )
    return _render(
        request,
        "evaluation_list.html",
        access,
        evaluations=evaluations,
        measures=measures,
    )


@GET_POST
def evaluation_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    measure = measure_for(access, pk)
    kind = request.GET.get("kind", EvaluationKind.PROCESS)
    if kind not in EvaluationKind.values:
        return _render(
            request,
            "evaluation_kind.html",
            access,
            status=400,
            measure=measure,
            error=_("Välj processutvärdering eller effektutvärdering."),
        )
    m = access.municipality
    preview = None
    form: ProcessEvaluationForm | EffectEvaluationForm
    if kind == EvaluationKind.EFFECT:
        effect_form = EffectEvaluationForm(request.POST or None, municipality=m)
        form = effect_form
        if request.method == "POST" and "preview" in request.POST:
            if effect_form.is_valid():
                try:
                    preview = services.effect_compute(
                        municipality=m, data=effect_form.effect_input()
                    )
                except ValidationError as exc:
                    add_service_errors(effect_form, exc)
        elif request.method == "POST":
            done = saved_or_none(
                request,
                effect_form,
                lambda: services.effect_evaluation_create(
                    municipality=m,
                    user=request.user,
                    measure=measure,
                    title=effect_form.cleaned_data["title"],
                    made_on=effect_form.cleaned_data["made_on"],
                    made_by_name=effect_form.cleaned_data["made_by_name"],
                    indicator=effect_form.cleaned_data.get("indicator"),
                    conclusions=effect_form.cleaned_data["conclusions"],
                    data=effect_form.effect_input(),
                ),
                message=lambda e: _("Effektutvärderingen är sparad."),
                to=_evaluation_url,
            )
            if done:
                return done
    else:
        process_form = ProcessEvaluationForm(request.POST or None)
        form = process_form
        if request.method == "POST":
            done = saved_or_none(
                request,
                process_form,
                lambda: services.process_evaluation_create(
                    municipality=m, user=request.user, measure=measure, **process_form.cleaned_data
                ),
                message=lambda e: _("Processutvärderingen är sparad."),
                to=_evaluation_url,
            )
            if done:
                return done
    return _render(
        request,
        "evaluation_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        kind=kind,
        measure=measure,
        measure_link=measure_url(measure),
        preview=preview,
        chart=effect_chart(preview, uid="preview") if preview else "",
        method_text=effect.method_text(),
    )


@require_GET
def evaluation_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    evaluation = evaluation_for(access, pk)
    result = evaluation.result or {}
    return _render(
        request,
        "evaluation_detail.html",
        access,
        evaluation=evaluation,
        result=result,
        measure_link=measure_url(evaluation.measure),
        chart=effect_chart(result, uid=f"eval-{evaluation.pk}") if result else "",
        lessons=evaluation.lessons.order_by("-year", "title"),
    )


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def effect_chart(result: dict[str, Any], *, uid: str) -> SafeString:
    """Events per 30 days before and after, target and comparison side by side (SVG).

    Each bar carries its number and, below it, which area it is, so no colour alone tells them
    apart; the page has the same numbers in a table."""
    per = result.get("per_30_days") or {}
    target = (result.get("target_area") or {}).get("name") or _("Målområdet")
    comparison = (result.get("comparison_area") or {}).get("name") or _("Jämförelseområdet")
    values = [
        (_("Före"), per.get("target_before", 0), per.get("comparison_before", 0)),
        (_("Efter"), per.get("target_after", 0), per.get("comparison_after", 0)),
    ]
    top = max([1.0, *(float(v) for _label, t, c in values for v in (t, c))])
    width, height, left, bottom, plot_top = 560, 280, 48, 70, 20
    plot_h = height - bottom - plot_top
    title = _("Händelser per 30 dagar före och efter: %(t)s och %(c)s") % {
        "t": target,
        "c": comparison,
    }
    desc = "; ".join(
        _("%(period)s: %(t)s %(tv)s, %(c)s %(cv)s")
        % {"period": label, "t": target, "tv": _fmt(tv), "c": comparison, "cv": _fmt(cv)}
        for label, tv, cv in values
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="DejaVu Sans, sans-serif" '
        f'font-size="12">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
        f'<line x1="{left}" x2="{width - 10}" y1="{height - bottom}" y2="{height - bottom}" '
        f'stroke="#4a5360"/>',
    ]
    group_w = (width - left - 20) / 2
    bar_w = group_w * 0.32
    for g, (label, tv, cv) in enumerate(values):
        x0 = left + g * group_w + group_w * 0.12
        for b, (name, value, fill) in enumerate(
            ((target, float(tv), "#0b4f8a"), (comparison, float(cv), "#6b7785"))
        ):
            h = plot_h * value / top
            x = x0 + b * (bar_w + group_w * 0.08)
            y = height - bottom - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{fill}"/>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'fill="#1b1f24">{escape(_fmt(value))}</text>'
            )
            short = name if len(name) <= 18 else name[:17] + "…"
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" fill="#1b1f24">{escape(short)}</text>'
            )
        parts.append(
            f'<text x="{x0 + bar_w + group_w * 0.04:.1f}" y="{height - bottom + 40}" '
            f'text-anchor="middle" font-weight="bold" fill="#1b1f24">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


# ---- lessons ---------------------------------------------------------------------------------


def _may_write_lessons(access: Access) -> bool:
    """Planners, and the members of a working group of some measure (for its lessons)."""
    if may_plan(access):
        return True
    return bool(access.group_ids) and (
        measures_in(access).filter(working_group_id__in=access.group_ids).exists()
    )


def _writable_measures(access: Access) -> QuerySet[Measure]:
    measures = measures_in(access).order_by("title")
    if may_plan(access):
        return measures
    return measures.filter(working_group_id__in=access.group_ids)


def _require_lesson_writer(access: Access, measure: Measure | None) -> None:
    if measure is not None:
        require_follow_up(access, measure)
    else:
        require_planner(access)


def _lesson_rows(lessons: list[Lesson]) -> list[list[Any]]:
    return [
        [
            lesson.year,
            lesson.title,
            lesson.get_measure_kind_display() if lesson.measure_kind else "",
            lesson.measure.title if lesson.measure else "",
            lesson.problem.title if lesson.problem else "",
            lesson.tags,
            lesson.text,
        ]
        for lesson in lessons
    ]


@require_GET
def lesson_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    years = list(lessons_in(access).order_by("-year").values_list("year", flat=True).distinct())
    form = LessonSearchForm(request.GET or None, municipality=m, years=years)
    lessons: list[Lesson] = []
    status = 200
    if request.GET and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if request.GET else {}
        try:
            lessons = list(
                services.lessons_search(
                    m,
                    data.get("q") or "",
                    kind=data.get("kind") or None,
                    year=data.get("year"),
                    problem=data.get("problem"),
                )
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
    fmt = request.GET.get("format", "")
    if fmt and status == 200:
        if fmt not in FORMATS:
            raise Http404("Unknown export format")
        return table_response(
            fmt,
            filename=f"lärdomar {m.name}",
            headers=[
                _("År"),
                _("Lärdom"),
                _("Typ av åtgärd"),
                _("Åtgärd"),
                _("Problem"),
                _("Nyckelord"),
                _("Beskrivning"),
            ],
            rows=_lesson_rows(lessons),
        )
    query = request.GET.copy()
    query.pop("format", None)
    return _render(
        request,
        "lesson_list.html",
        access,
        status=status,
        form=form,
        lessons=lessons,
        searched=bool(request.GET.get("q")),
        may_write=_may_write_lessons(access),
        export_query=query.urlencode(),
    )


@GET_POST
def lesson_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    if not _may_write_lessons(access):
        require_planner(access)  # raises with the planners' message
    m = access.municipality
    initial: dict[str, Any] = {}
    measure_pk = request.GET.get("measure", "")
    if measure_pk.isdigit() and len(measure_pk) < 18:
        measure = measures_in(access).filter(pk=int(measure_pk)).first()
        if measure is not None:
            initial["measure"] = measure.pk
    form = LessonForm(
        request.POST or None,
        municipality=m,
        measures=_writable_measures(access),
        initial={"year": timezone.localdate().year, **initial},
    )
    if request.method == "POST" and form.is_valid():
        _require_lesson_writer(access, form.cleaned_data.get("measure"))
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.lesson_create(
                municipality=m, user=request.user, data=form.lesson_input()
            ),
            message=lambda lesson: _("Lärdomen är sparad i biblioteket."),
            to=_lesson_url,
        )
        if done:
            return done
    return _render(
        request,
        "lesson_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        lesson=None,
    )


@require_GET
def lesson_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    lesson = lesson_for(access, pk)
    may_edit = may_plan(access) or (
        lesson.measure is not None and may_follow_up(access, lesson.measure)
    )
    return _render(
        request,
        "lesson_detail.html",
        access,
        lesson=lesson,
        measure_link=measure_url(lesson.measure),
        may_edit=may_edit,
    )


@GET_POST
def lesson_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    lesson = lesson_for(access, pk)
    _require_lesson_writer(access, lesson.measure)
    data = services.lesson_input_of(lesson)
    form = LessonForm(
        request.POST or None,
        municipality=access.municipality,
        measures=_writable_measures(access),
        initial={
            "title": data.title,
            "text": data.text,
            "year": data.year,
            "measure": lesson.measure_id,
            "problem": lesson.problem_id,
            "measure_kind": data.measure_kind,
            "evaluation": lesson.evaluation_id,
            "followup": lesson.followup_id,
            "tags": data.tags,
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("measure")
        if chosen is None and not may_plan(access):
            raise PermissionDenied(_("Välj en åtgärd som din arbetsgrupp följer upp."))
        _require_lesson_writer(access, chosen)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.lesson_update(
                lesson=lesson, user=request.user, data=form.lesson_input()
            ),
            message=lambda lesson: _("Lärdomen är sparad."),
            to=_lesson_url,
            refresh=lesson,
        )
        if done:
            return done
    return _render(
        request,
        "lesson_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        lesson=lesson,
    )
