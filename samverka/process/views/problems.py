"""The problem pages under /k/<municipality>/arbete/problem/: the problem picture, its evidence,
the beredningsgrupp's priorities and their confirmation, and the cause analysis. Thin: reads
through ``access``, writes through ``services.problems``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.core.export import FORMATS, table_response
from samverka.core.views import saved_or_none
from samverka.process.access import may_plan, require_planner
from samverka.process.causes_svg import cause_analysis_svg
from samverka.process.findings import finding_anchor
from samverka.process.forms.problems import (
    AnalysisForm,
    CauseForm,
    ConfirmForm,
    EvidenceForm,
    PrioritiseForm,
    ProblemEditForm,
    ProblemForm,
)
from samverka.process.models import (
    Cause,
    EvidenceKind,
    FollowUp,
    Measure,
    Problem,
    ProblemEvidence,
    ProblemStatus,
)
from samverka.process.services import problems as services

GET_POST = require_http_methods(["GET", "POST"])


def problems_in(access: Access) -> QuerySet[Problem]:
    return Problem.objects.filter(municipality=access.municipality)


def problem_for(access: Access, pk: int) -> Problem:
    """A problem of the viewer's municipality, else 404 (another municipality's included)."""
    return get_object_or_404(problems_in(access).select_related("municipality"), pk=pk)


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(
        municipality=access.municipality, nav="process", may_plan=may_plan(access), access=access
    )
    return render(request, f"process/problems/{template}", context, status=status)


def _problem_url(problem: Problem) -> str:
    return reverse(
        "process:problem_detail",
        kwargs={"municipality": problem.municipality.slug, "pk": problem.pk},
    )


def _analysis_url(problem: Problem) -> str:
    return reverse(
        "process:cause_analysis",
        kwargs={"municipality": problem.municipality.slug, "pk": problem.pk},
    )


def _reverse_or_empty(name: str, **kwargs: Any) -> str:
    """A link to a page another part of the process builds; empty until it exists."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _list_rows(problems: list[Problem]) -> list[list[Any]]:
    return [
        [
            p.priority or "",
            p.title,
            ", ".join(a.name for a in p.areas.all()),
            p.get_status_display(),
            str(p.priority_decision) if p.priority_decision else "",
            p.evidence_count,  # type: ignore[attr-defined]
            p.since.isoformat() if p.since else "",
        ]
        for p in problems
    ]


def _ordered(queryset: QuerySet[Problem]) -> list[Problem]:
    problems: list[Problem] = list(
        queryset.select_related("priority_decision__meeting__group", "prepared_by")
        .prefetch_related("areas")
        .annotate(evidence_count=Count("evidence", distinct=True))
    )
    # Priority order: prioritised first (1, 2, …), then unprioritised, closed last.
    problems.sort(
        key=lambda p: (
            p.status == ProblemStatus.CLOSED,
            p.priority is None,
            p.priority or 0,
            p.title.lower(),
        )
    )
    return problems


@require_GET
def problem_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    problems = _ordered(problems_in(access))
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("Unknown export format")
        return table_response(
            fmt,
            filename=f"problem {access.municipality.name}",
            headers=[
                _("Prioritet"),
                _("Problem"),
                _("Områden"),
                _("Status"),
                _("Beslut om prioritering"),
                _("Antal underlag"),
                _("Sedan"),
            ],
            rows=_list_rows(problems),
        )
    return _render(request, "list.html", access, problems=problems)


@GET_POST
def problem_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    form = ProblemForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.problem_create(
                municipality=access.municipality, user=request.user, **form.cleaned_data
            ),
            message=lambda p: _("Problemet är sparat."),
            to=_problem_url,
        )
        if done:
            return done
    return _render(
        request, "form.html", access, status=400 if form.errors else 200, form=form, problem=None
    )


@require_GET
def problem_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    problem = problem_for(access, pk)
    evidence = list(problem.evidence.select_related("situation_report__area", "series", "dialogue"))
    for item in evidence:
        item.link = ""  # type: ignore[attr-defined]
        if item.kind == EvidenceKind.SITUATION and item.situation_report_id:
            item.link = reverse(  # type: ignore[attr-defined]
                "situation:detail",
                kwargs={"municipality": access.municipality.slug, "pk": item.situation_report_id},
            )
            if item.figure_key:  # the figure's row on the lägesbild page
                item.link += f"#{finding_anchor(item.figure_key)}"  # type: ignore[attr-defined]
    analysis = services.analysis_of(problem)
    measures = list(
        Measure.objects.filter(causes__analysis__problem=problem, municipality=problem.municipality)
        .distinct()
        .select_related("plan", "responsible_organisation")
        .prefetch_related(
            Prefetch("followups", FollowUp.objects.order_by("-made_on", "-pk")),
            Prefetch("causes", Cause.objects.filter(analysis__problem=problem)),
        )
    )
    for measure in measures:
        measure.url = _reverse_or_empty(  # type: ignore[attr-defined]
            "process:measure_detail", municipality=access.municipality.slug, pk=measure.pk
        )
    return _render(
        request,
        "detail.html",
        access,
        problem=problem,
        areas=problem.areas.order_by("name"),
        evidence=evidence,
        analysis=analysis,
        tree=services.cause_tree(analysis),
        svg=mark_safe(cause_analysis_svg(analysis)),
        goals=problem.goals.all(),
        measures=measures,
        lessons=problem.lessons.all(),
    )


@GET_POST
def problem_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    initial = {
        "title": problem.title,
        "description": problem.description,
        "areas": list(problem.areas.all()),
        "since": problem.since,
        "prepared_by": problem.prepared_by,
    }
    form = ProblemEditForm(request.POST or None, initial=initial, municipality=access.municipality)
    if request.method == "POST":

        def save() -> Problem:
            data = dict(form.cleaned_data)
            close = data.pop("close")
            services.problem_update(problem=problem, user=request.user, **data)
            if close:
                services.problem_close(problem=problem, user=request.user)
            return problem

        done = saved_or_none(
            request,
            form,
            save,
            message=lambda p: _("Problemet är sparat."),
            to=_problem_url,
            refresh=problem,
        )
        if done:
            return done
    return _render(
        request,
        "form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
    )


@GET_POST
def problem_evidence_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    form = EvidenceForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.evidence_add(
                problem=problem, user=request.user, **form.service_arguments()
            ),
            message=lambda e: _("Underlaget är tillagt."),
            to=lambda e: _problem_url(problem) + "#underlag",
        )
        if done:
            return done
    return _render(
        request,
        "evidence_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
    )


@GET_POST
def problem_evidence_delete(
    request: HttpRequest, municipality: str, pk: int, evidence_pk: int
) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    evidence = get_object_or_404(ProblemEvidence, problem=problem, pk=evidence_pk)
    if request.method == "POST":
        services.evidence_remove(evidence=evidence, user=request.user)
        messages.success(request, _("Underlaget är borttaget."))
        return redirect(_problem_url(problem) + "#underlag")
    return _render(
        request,
        "confirm_delete.html",
        access,
        problem=problem,
        what=_("underlaget ”%(title)s”") % {"title": evidence.title},
        back=_problem_url(problem),
    )


@GET_POST
def problem_prioritise(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    problems = [p for p in _ordered(problems_in(access)) if p.status != ProblemStatus.CLOSED]
    form = PrioritiseForm(request.POST or None, municipality=access.municipality, problems=problems)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.prioritise(
                municipality=access.municipality,
                user=request.user,
                priorities=form.priorities(),
                prepared_by=form.cleaned_data.get("prepared_by"),
            ),
            message=lambda changed: _(
                "Prioriteringen är sparad. Den gäller som förslag tills ett beslut bekräftar den."
            ),
            to=lambda changed: reverse(
                "process:problem_list", kwargs={"municipality": access.municipality.slug}
            ),
        )
        if done:
            return done
    return _render(
        request,
        "prioritise.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problems=problems,
    )


@GET_POST
def problem_confirm(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    form = ConfirmForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.confirm_priority(
                problem=problem, decision=form.cleaned_data["decision"], user=request.user
            ),
            message=lambda p: _("Prioriteringen är bekräftad."),
            to=_problem_url,
            refresh=problem,
        )
        if done:
            return done
    return _render(
        request,
        "confirm.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
    )


@GET_POST
def cause_analysis(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The triangle's texts (a form for planners) and the list of causes."""
    access = access_of(request)
    problem = problem_for(access, pk)
    analysis = services.analysis_of(problem)
    if request.method == "POST":
        require_planner(access)
    initial = {name: getattr(analysis, name) for name in services.TRIANGLE_FIELDS}
    form = AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.analysis_update(
                problem=problem, user=request.user, **form.cleaned_data
            ),
            message=lambda a: _("Orsaksanalysen är sparad."),
            to=lambda a: _analysis_url(problem),
        )
        if done:
            return done
    return _render(
        request,
        "analysis.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
        analysis=analysis,
        tree=services.cause_tree(analysis),
    )


def _cause_for(problem: Problem, cause_pk: int) -> Cause:
    return get_object_or_404(
        Cause.objects.select_related("analysis__problem__municipality"),
        analysis__problem=problem,
        pk=cause_pk,
    )


@GET_POST
def cause_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    analysis = services.analysis_of(problem)
    initial: dict[str, Any] = {}
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit() and analysis.pk:
        initial["parent"] = Cause.objects.filter(analysis=analysis, pk=int(parent_pk)).first()
    form = CauseForm(request.POST or None, analysis=analysis, initial=initial)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.cause_add(problem=problem, user=request.user, **form.cleaned_data),
            message=lambda c: _("Orsaken är tillagd."),
            to=lambda c: _analysis_url(problem),
        )
        if done:
            return done
    return _render(
        request,
        "cause_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
        cause=None,
    )


@GET_POST
def cause_edit(request: HttpRequest, municipality: str, pk: int, cause_pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    cause = _cause_for(problem, cause_pk)
    initial = {
        "title": cause.title,
        "side": cause.side,
        "certainty": cause.certainty,
        "parent": cause.parent,
        "description": cause.description,
        "evidence": cause.evidence,
    }
    form = CauseForm(request.POST or None, analysis=cause.analysis, cause=cause, initial=initial)
    if request.method == "POST":

        def save() -> Cause:
            data = dict(form.cleaned_data)
            parent = data.pop("parent")
            if parent != cause.parent:
                services.cause_move(cause=cause, user=request.user, parent=parent)
            return services.cause_update(cause=cause, user=request.user, **data)

        done = saved_or_none(
            request,
            form,
            save,
            message=lambda c: _("Orsaken är sparad."),
            to=lambda c: _analysis_url(problem),
            refresh=cause,
        )
        if done:
            return done
    return _render(
        request,
        "cause_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        problem=problem,
        cause=cause,
    )


@GET_POST
def cause_delete(request: HttpRequest, municipality: str, pk: int, cause_pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    problem = problem_for(access, pk)
    cause = _cause_for(problem, cause_pk)
    error = ""
    if request.method == "POST":
        try:
            services.cause_delete(cause=cause, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Orsaken är borttagen."))
            return redirect(_analysis_url(problem))
    return _render(
        request,
        "confirm_delete.html",
        access,
        status=400 if error else 200,
        problem=problem,
        what=_("orsaken ”%(title)s” och orsakerna som förklarar den") % {"title": cause.title},
        back=_analysis_url(problem),
        error=error,
    )


@require_GET
def cause_analysis_svg_view(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    problem = problem_for(access, pk)
    svg = cause_analysis_svg(services.analysis_of(problem))
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="orsaksanalys-{problem.pk}.svg"'
    return response
