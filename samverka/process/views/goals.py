"""Pages of goals, sub-goals and indicators under /k/<municipality>/arbete/mal/. Thin: everyone
with a role reads; planners write (``access.require_planner``); a coordinator approves values;
every write goes through ``services.goals``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import Access, access_of
from samverka.core.export import table_response
from samverka.core.views import saved_or_none
from samverka.organisation.models import GoverningDocument
from samverka.process.access import may_plan, require_planner
from samverka.process.forms.goals import GoalForm, IndicatorForm, ValueForm
from samverka.process.indicator_chart import indicator_chart
from samverka.process.indicators import IndicatorStatus, status_of
from samverka.process.models import Goal, Indicator, IndicatorSource, IndicatorValue
from samverka.process.rollup import goal_rollup
from samverka.process.services import goals as services
from samverka.process.services.goals import IndicatorPoint, indicator_values, unpromoted_lines

GET_POST = require_http_methods(["GET", "POST"])


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(
        municipality=access.municipality,
        nav="process",
        may_plan=may_plan(access),
        is_coordinator=access.is_coordinator,
    )
    return render(request, f"process/goals/{template}", context, status=status)


def _goal(access: Access, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.filter(municipality=access.municipality).select_related("document", "parent"),
        pk=pk,
    )


def _indicator(access: Access, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(municipality=access.municipality).select_related(
            "goal", "area", "category", "series", "geography", "municipality"
        ),
        pk=pk,
    )


def _list_url(access: Access) -> str:
    return reverse("process:goal_list", kwargs={"municipality": access.municipality.slug})


def _goal_url(goal: Goal) -> str:
    return reverse(
        "process:goal_detail", kwargs={"municipality": goal.municipality.slug, "pk": goal.pk}
    )


def _indicator_url(indicator: Indicator) -> str:
    return reverse(
        "process:indicator_detail",
        kwargs={"municipality": indicator.municipality.slug, "pk": indicator.pk},
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    points: list[IndicatorPoint]
    status: IndicatorStatus


def _indicator_row(indicator: Indicator) -> IndicatorRow:
    points = list(indicator_values(indicator))
    from django.utils import timezone

    status = status_of(
        points,
        baseline=indicator.baseline_value,
        target=indicator.target_value,
        deadline=indicator.deadline,
        direction=indicator.direction,
        today=timezone.localdate(),
    )
    return IndicatorRow(indicator=indicator, points=points, status=status)


@dataclass
class GoalRow:
    goal: Goal
    level: int  # 1 for a goal, 2 for its sub-goals, …
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def heading(self) -> int:
        return min(self.level + 2, 6)


def _tree(goals: list[Goal], indicators: dict[int, list[IndicatorRow]]) -> list[GoalRow]:
    children: dict[int | None, list[Goal]] = {}
    ids = {g.pk for g in goals}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)
    rows: list[GoalRow] = []
    seen: set[int] = set()

    def walk(parent: int | None, level: int) -> None:
        for goal in sorted(children.get(parent, []), key=lambda g: (g.position, g.pk)):
            if goal.pk in seen:
                continue
            seen.add(goal.pk)
            rows.append(GoalRow(goal, level, indicators.get(goal.pk, [])))
            walk(goal.pk, level + 1)

    walk(None, 1)
    return rows


def _all_indicator_rows(access: Access) -> list[IndicatorRow]:
    indicators = Indicator.objects.filter(municipality=access.municipality).select_related(
        "goal", "area", "category", "series", "geography", "municipality"
    )
    return [_indicator_row(i) for i in indicators.order_by("goal__title", "name")]


@require_GET
def goal_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    goals = list(Goal.objects.filter(municipality=access.municipality).select_related("document"))
    by_goal: dict[int, list[IndicatorRow]] = {}
    for row in _all_indicator_rows(access):
        by_goal.setdefault(row.indicator.goal_id, []).append(row)
    documents = list(
        GoverningDocument.objects.filter(municipality=access.municipality).order_by("title")
    )
    sections = []
    for document in documents:
        mine = [g for g in goals if g.document_id == document.pk]
        pending = unpromoted_lines(document)
        if mine or pending:
            sections.append(
                {"document": document, "rows": _tree(mine, by_goal), "pending": pending}
            )
    loose = [g for g in goals if g.document_id is None]
    return _render(
        request,
        "goal_list.html",
        access,
        sections=sections,
        loose=_tree(loose, by_goal),
    )


def _goal_initial(goal: Goal) -> dict[str, Any]:
    return {
        "title": goal.title,
        "description": goal.description,
        "document": goal.document,
        "parent": goal.parent,
        "problems": list(goal.problems.all()),
        "weight": goal.weight,
        "position": goal.position,
    }


@GET_POST
def goal_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    initial: dict[str, Any] = {"weight": 1, "position": 0}
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit() and len(parent_pk) < 10:
        parent = Goal.objects.filter(municipality=access.municipality, pk=int(parent_pk)).first()
        if parent is not None:
            initial.update(parent=parent, document=parent.document)
    form = GoalForm(request.POST or None, municipality=access.municipality, initial=initial)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.goal_create(
                municipality=access.municipality, user=request.user, **form.cleaned_data
            ),
            message=lambda goal: _("Målet är sparat."),
            to=_goal_url,
        )
        if done:
            return done
    return _render(
        request, "goal_form.html", access, status=400 if form.errors else 200, form=form, goal=None
    )


@require_GET
def goal_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    goal = _goal(access, pk)
    indicators = [
        _indicator_row(i)
        for i in goal.indicators.select_related(
            "area", "category", "series", "geography", "municipality", "goal"
        )
    ]
    return _render(
        request,
        "goal_detail.html",
        access,
        goal=goal,
        subgoals=goal.subgoals.order_by("position", "pk"),
        problems=goal.problems.order_by("title"),
        indicators=indicators,
        # How far the measures and sub-goals behind the goal have come, with their weights.
        rollup=goal_rollup(
            goal,
            lambda m: reverse(
                "process:measure_detail",
                kwargs={"municipality": access.municipality.slug, "pk": m.pk},
            ),
        ),
        may_have_subgoals=services._level(goal) < services.MAX_LEVELS,
    )


@GET_POST
def goal_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    goal = _goal(access, pk)
    form = GoalForm(
        request.POST or None,
        municipality=access.municipality,
        goal=goal,
        initial=_goal_initial(goal),
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.goal_update(goal=goal, user=request.user, **form.cleaned_data),
            message=lambda goal: _("Målet är sparat."),
            to=_goal_url,
            refresh=goal,
        )
        if done:
            return done
    return _render(
        request, "goal_form.html", access, status=400 if form.errors else 200, form=form, goal=goal
    )


@require_POST
def goal_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    goal = _goal(access, pk)
    try:
        services.goal_delete(goal=goal, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_goal_url(goal))
    messages.success(request, _("Målet är borttaget."))
    return redirect(_list_url(access))


@require_POST
def goals_promote(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    document = get_object_or_404(
        GoverningDocument.objects.filter(municipality=access.municipality), pk=pk
    )
    created = services.goals_promote(document=document, user=request.user)
    if created:
        messages.success(
            request,
            _("%(n)s mål ur ”%(title)s” är nu egna rader. Dokumentets text är oförändrad.")
            % {"n": len(created), "title": document.title},
        )
    else:
        messages.info(request, _("Alla mål i dokumentet finns redan som rader."))
    return redirect(_list_url(access))


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    names = [
        "name",
        "description",
        "unit",
        "source",
        "period",
        "direction",
        "area",
        "category",
        "series",
        "geography",
        "baseline_value",
        "baseline_label",
        "target_value",
        "deadline",
    ]
    return {name: getattr(indicator, name) for name in names}


@GET_POST
def indicator_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    goal = _goal(access, pk)
    form = IndicatorForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.indicator_create(goal=goal, user=request.user, **form.cleaned_data),
            message=lambda indicator: _("Indikatorn är sparad."),
            to=_indicator_url,
        )
        if done:
            return done
    return _render(
        request,
        "indicator_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        goal=goal,
        indicator=None,
    )


@GET_POST
def indicator_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    indicator = _indicator(access, pk)
    form = IndicatorForm(
        request.POST or None,
        municipality=access.municipality,
        initial=_indicator_initial(indicator),
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.indicator_update(
                indicator=indicator, user=request.user, **form.cleaned_data
            ),
            message=lambda indicator: _("Indikatorn är sparad."),
            to=_indicator_url,
            refresh=indicator,
        )
        if done:
            return done
    return _render(
        request,
        "indicator_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        goal=indicator.goal,
        indicator=indicator,
    )


@require_GET
def indicator_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    indicator = _indicator(access, pk)
    row = _indicator_row(indicator)
    # The chart is built from escaped text only (see indicator_chart).
    chart = mark_safe(indicator_chart(indicator, row.points))
    return _render(
        request,
        "indicator_detail.html",
        access,
        indicator=indicator,
        goal=indicator.goal,
        row=row,
        chart=chart,
        manual=indicator.source == IndicatorSource.MANUAL,
    )


@require_GET
def indicator_chart_svg(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    indicator = _indicator(access, pk)
    points = list(indicator_values(indicator))
    response = HttpResponse(indicator_chart(indicator, points), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="indikator-{indicator.pk}.svg"'
    return response


@GET_POST
def indicator_value_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    indicator = _indicator(access, pk)
    form = ValueForm(request.POST or None, period=indicator.period)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.value_enter(
                indicator=indicator,
                user=request.user,
                year=form.cleaned_data["year"],
                part=form.cleaned_data.get("part"),
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            ),
            message=lambda value: _("Värdet är sparat. En annan samordnare godkänner det."),
            to=lambda value: _indicator_url(indicator),
        )
        if done:
            return done
    return _render(
        request,
        "value_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        indicator=indicator,
        goal=indicator.goal,
    )


@require_POST
def indicator_value_approve(
    request: HttpRequest, municipality: str, pk: int, value_pk: int
) -> HttpResponse:
    access = access_of(request)
    if not access.is_coordinator:
        raise PermissionDenied(_("Det är kommunens samordnare som godkänner värden."))
    indicator = _indicator(access, pk)
    value = get_object_or_404(IndicatorValue.objects.filter(indicator=indicator), pk=value_pk)
    try:
        services.value_approve(value=value, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Värdet är godkänt."))
    return redirect(_indicator_url(indicator))


EXPORT_HEADERS = [
    "Mål",
    "Indikator",
    "Enhet",
    "Källa",
    "Period",
    "Riktning",
    "Utgångsvärde",
    "Målvärde",
    "Senast",
    "Senaste period",
    "Senaste värde",
    "Status",
    "Trend",
    "Framsteg (%)",
]


@require_GET
def indicator_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    rows = []
    for row in _all_indicator_rows(access):
        i, s = row.indicator, row.status
        rows.append(
            [
                i.goal.title,
                i.name,
                i.unit,
                i.get_source_display(),
                i.get_period_display(),
                i.get_direction_display(),
                i.baseline_value,
                i.target_value,
                i.deadline,
                s.latest.label if s.latest else None,
                s.latest.value if s.latest else None,
                s.colour_label,
                s.trend_label,
                s.progress_percent,
            ]
        )
    return table_response(fmt, filename=_("Indikatorer"), headers=EXPORT_HEADERS, rows=rows)
