"""The åtgärdsplan pages under /k/<municipality>/arbete/atgardsplaner/: plans and their measures,
adoption by decision, versions and their comparison, activities, follow-ups and the overdue ones,
and the plan as PDF, XLSX and CSV. Thin: reads through ``access``, writes through
``services.plans``."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.core.export import FORMATS, XLSX_TYPE, table_response
from samverka.core.views import saved_or_none
from samverka.process import plan_outputs
from samverka.process.access import (
    may_follow_up,
    may_plan,
    measure_for,
    require_follow_up,
    require_planner,
)
from samverka.process.findings import finding_anchor
from samverka.process.forms.plans import (
    ActivityForm,
    AdoptForm,
    FollowUpForm,
    MeasureEditForm,
    MeasureForm,
    PlanForm,
)
from samverka.process.models import (
    ActionPlan,
    Activity,
    Cause,
    EvidenceKind,
    FollowUp,
    Measure,
    MeasureKind,
    MeasureStatus,
    PlanVersion,
    Problem,
    ProblemEvidence,
    ProblemStatus,
)
from samverka.process.rollup import Rollup, plan_rollup
from samverka.process.services import plans as services
from samverka.process.services.evaluations import SuggestedLesson, lessons_for_new_measure

GET_POST = require_http_methods(["GET", "POST"])


# ---- helpers ----------------------------------------------------------------------------------


def plans_in(access: Access) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(municipality=access.municipality)


def plan_for(access: Access, pk: int) -> ActionPlan:
    """A plan of the viewer's municipality, else 404 (another municipality's included)."""
    return get_object_or_404(plans_in(access).select_related("municipality"), pk=pk)


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(
        municipality=access.municipality, nav="process", may_plan=may_plan(access), access=access
    )
    return render(request, f"process/plans/{template}", context, status=status)


def _url(name: str, access: Access, **kwargs: Any) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": access.municipality.slug, **kwargs})


def _reverse_or_empty(name: str, **kwargs: Any) -> str:
    """A link to a page another part of the app builds; empty until it exists."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _plan_url(plan: ActionPlan) -> str:
    return reverse(
        "process:plan_detail", kwargs={"municipality": plan.municipality.slug, "pk": plan.pk}
    )


def _measure_url(measure: Measure) -> str:
    return reverse(
        "process:measure_detail",
        kwargs={"municipality": measure.municipality.slug, "pk": measure.pk},
    )


def _meeting_url(access: Access, meeting_id: int) -> str:
    return _reverse_or_empty(
        "meetings:detail", municipality=access.municipality.slug, pk=meeting_id
    )


def _latest_version(plan: ActionPlan) -> PlanVersion | None:
    return plan.versions.select_related("decision__meeting__group").order_by("-number").first()


def _int_param(request: HttpRequest, name: str) -> tuple[int | None, str]:
    """An optional positive integer query parameter: (value, "") or (None, error message)."""
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None, ""
    if not raw.isdigit() or len(raw) > 5 or int(raw) < 1:
        return None, _("”%(name)s” ska vara ett versionsnummer (ett heltal från 1).") % {
            "name": name
        }
    return int(raw), ""


# ---- plans ------------------------------------------------------------------------------------


@require_GET
def plan_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    plans = list(
        plans_in(access)
        .select_related("area", "prepared_by")
        .prefetch_related(
            Prefetch("versions", PlanVersion.objects.select_related("decision__meeting__group"))
        )
    )
    for plan in plans:
        plan.latest_version = max(plan.versions.all(), key=lambda v: v.number, default=None)  # type: ignore[attr-defined]
        plan.rollup = plan_rollup(plan).plan  # type: ignore[attr-defined]
    overdue = services.overdue_measures(access.municipality).count()
    return _render(
        request,
        "list.html",
        access,
        plans=plans,
        overdue=overdue,
        current=services.current_plan(access.municipality),
    )


@GET_POST
def plan_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    form = PlanForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.plan_create(
                municipality=access.municipality, user=request.user, **form.cleaned_data
            ),
            message=lambda plan: _("Åtgärdsplanen är skapad. Lägg till åtgärderna."),
            to=_plan_url,
        )
        if done:
            return done
    return _render(
        request, "plan_form.html", access, status=400 if form.errors else 200, form=form, plan=None
    )


def _grouped(measures: list[Measure]) -> list[dict[str, Any]]:
    """Measures grouped by the problem whose causes they aim at (a measure aimed at causes of
    two problems is under both); measures aimed at no cause last."""
    groups: OrderedDict[Any, dict[str, Any]] = OrderedDict()
    loose: list[dict[str, Any]] = []
    for measure in measures:
        by_problem: OrderedDict[int, list[Cause]] = OrderedDict()
        for cause in measure.causes.all():
            by_problem.setdefault(cause.analysis.problem_id, []).append(cause)
        if not by_problem:
            loose.append({"measure": measure, "causes": []})
        for problem_id, causes in by_problem.items():
            problem = causes[0].analysis.problem
            group = groups.setdefault(problem_id, {"problem": problem, "rows": []})
            group["rows"].append({"measure": measure, "causes": causes})
    result = sorted(
        groups.values(),
        key=lambda g: (
            g["problem"].priority is None,
            g["problem"].priority or 0,
            g["problem"].title,
        ),
    )
    for group in result:
        group["url"] = _reverse_or_empty(
            "process:problem_detail",
            municipality=group["problem"].municipality.slug,
            pk=group["problem"].pk,
        )
    if loose:
        result.append({"problem": None, "rows": loose, "url": ""})
    return result


@require_GET
def plan_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    plan = plan_for(access, pk)
    today = timezone.localdate()
    measures = list(
        plan.measures.select_related(
            "responsible_organisation", "working_group", "adopted_decision__meeting__group"
        )
        .prefetch_related(
            Prefetch("causes", Cause.objects.select_related("analysis__problem__municipality")),
            "activities",
        )
        .order_by("position", "pk")
    )
    rollup = plan_rollup(plan, url_of=_measure_url)
    for measure in measures:
        measure.rollup = rollup.measures[measure.pk]  # type: ignore[attr-defined]
        measure.overdue = services.is_overdue(measure, today)  # type: ignore[attr-defined]
        url = _measure_url(measure)
        measure.url = url  # type: ignore[attr-defined]
        measure.weight_label = rollup.plan.weight_label(  # type: ignore[attr-defined]
            next(p for p in rollup.plan.parts if p.url == url)
        )
    latest = _latest_version(plan)
    return _render(
        request,
        "detail.html",
        access,
        plan=plan,
        groups=_grouped(measures),
        measures=measures,
        rollup=rollup.plan,
        latest=latest,
        decision_meeting_url=_meeting_url(access, latest.decision.meeting_id) if latest else "",
        proposed=sum(1 for m in measures if m.status == MeasureStatus.PROPOSED),
        changed_since=(
            services.versions_compare(latest.snapshot, services.plan_snapshot(plan))
            if latest
            else []
        ),
    )


@GET_POST
def plan_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    plan = plan_for(access, pk)
    initial = {
        name: getattr(plan, name)
        for name in (
            "title",
            "period_start",
            "period_end",
            "area",
            "prepared_by",
            "document",
            "summary",
        )
    }
    form = PlanForm(request.POST or None, initial=initial, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.plan_update(plan=plan, user=request.user, **form.cleaned_data),
            message=lambda plan: _("Åtgärdsplanen är sparad."),
            to=_plan_url,
            refresh=plan,
        )
        if done:
            return done
    return _render(
        request, "plan_form.html", access, status=400 if form.errors else 200, form=form, plan=plan
    )


def _decision_rows(access: Access) -> list[dict[str, Any]]:
    return [
        {"decision": d, "meeting_url": _meeting_url(access, d.meeting_id)}
        for d in services.adopting_decisions(access.municipality)
    ]


@GET_POST
def plan_adopt(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    plan = plan_for(access, pk)
    form = AdoptForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.plan_adopt(
                plan=plan,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                user=request.user,
            ),
            message=lambda version: (
                _("Åtgärdsplanen är antagen som version %(number)s genom § %(paragraph)s.")
                % {"number": version.number, "paragraph": version.decision.number}
            ),
            to=lambda version: _plan_url(plan),
        )
        if done:
            return done
    return _render(
        request,
        "adopt.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=plan,
        measure=None,
        decisions=_decision_rows(access),
        proposed=plan.measures.filter(status=MeasureStatus.PROPOSED),
    )


@require_GET
def plan_versions(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    plan = plan_for(access, pk)
    versions = list(plan.versions.select_related("decision__meeting__group", "adopted_by"))
    for version in versions:
        version.meeting_url = _meeting_url(access, version.decision.meeting_id)  # type: ignore[attr-defined]
    return _render(request, "versions.html", access, plan=plan, versions=versions)


def _version_for(plan: ActionPlan, number: int) -> PlanVersion:
    return get_object_or_404(
        plan.versions.select_related("decision__meeting__group"), number=number
    )


@require_GET
def plan_version_detail(
    request: HttpRequest, municipality: str, pk: int, number: int
) -> HttpResponse:
    access = access_of(request)
    plan = plan_for(access, pk)
    version = _version_for(plan, number)
    return _render(
        request,
        "version_detail.html",
        access,
        plan=plan,
        version=version,
        snap=version.snapshot,
        meeting_url=_meeting_url(access, version.decision.meeting_id),
    )


@require_GET
def plan_compare(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Two versions compared (?a=1&b=2); without ``b`` the live plan, without ``a`` the latest
    adopted version: what has changed since the decision."""
    access = access_of(request)
    plan = plan_for(access, pk)
    versions = list(plan.versions.order_by("number"))
    a_number, error_a = _int_param(request, "a")
    b_number, error_b = _int_param(request, "b")
    errors = [e for e in (error_a, error_b) if e]
    a = b = None
    if not errors:
        if a_number is None and versions:
            a_number = versions[-1].number
        by_number = {v.number: v for v in versions}
        if a_number is None:
            errors.append(_("Planen har ingen antagen version att jämföra med."))
        elif a_number not in by_number:
            errors.append(_("Planen har ingen version %(n)s.") % {"n": a_number})
        else:
            a = by_number[a_number]
        if b_number is not None:
            if b_number not in by_number:
                errors.append(_("Planen har ingen version %(n)s.") % {"n": b_number})
            else:
                b = by_number[b_number]
    changes = []
    if not errors and a is not None:
        after = b.snapshot if b is not None else services.plan_snapshot(plan)
        changes = services.versions_compare(a.snapshot, after)
    return _render(
        request,
        "compare.html",
        access,
        status=400 if errors else 200,
        plan=plan,
        versions=versions,
        a=a,
        b=b,
        errors=errors,
        changes=changes,
    )


@require_GET
def plan_pdf(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    plan = plan_for(access, pk)
    response = HttpResponse(plan_outputs.plan_pdf(plan), content_type="application/pdf")
    stem = slugify(plan.title) or "atgardsplan"
    response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
    return response


@require_GET
def plan_xlsx(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    plan = plan_for(access, pk)
    response = HttpResponse(plan_outputs.plan_xlsx(plan), content_type=XLSX_TYPE)
    stem = slugify(plan.title) or "atgardsplan"
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


@require_GET
def plan_export(request: HttpRequest, municipality: str, pk: int, fmt: str) -> HttpResponse:
    """The plan's measures as one table (CSV or XLSX)."""
    access = access_of(request)
    plan = plan_for(access, pk)
    if fmt not in FORMATS:
        raise Http404("Unknown export format")
    doc = plan_outputs.plan_document(plan)
    headers = [
        _("Åtgärd"),
        _("Problem och orsaker"),
        _("Typ"),
        _("Sikt"),
        _("Ansvarig aktör"),
        _("Arbetsgrupp"),
        _("Start"),
        _("Slut"),
        _("Budget (kr)"),
        _("Status"),
        _("Vikt"),
        _("Genomfört (%)"),
        _("Nästa uppföljning"),
        _("Uppföljning försenad"),
    ]
    rows = [
        [
            m["title"],
            "; ".join(f"{c['problem']}: {c['title']}" for c in m["causes"]),
            m["kind_label"],
            m["term_label"],
            m["responsible_organisation"] or "",
            m["working_group"] or "",
            m["start"] or "",
            m["end"] or "",
            m["budget"] or "",
            m["status_label"],
            m["weight"],
            m["progress"]["percent"],
            m["next_followup_due"] or "",
            _("ja") if m["followup_overdue"] else _("nej"),
        ]
        for m in doc["measures"]
    ]
    return table_response(fmt, filename=plan.title, headers=headers, rows=rows)


# ---- measures ---------------------------------------------------------------------------------


@GET_POST
def measure_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    plan = plan_for(access, pk)
    form = MeasureForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.measure_create(
                plan=plan, user=request.user, data=form.measure_input()
            ),
            message=lambda m: " ".join(
                [_("Åtgärden är tillagd som förslag."), *services.measure_warnings(m)]
            ),
            to=_measure_url,
        )
        if done:
            return done
    return _render(
        request,
        "measure_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=plan,
        measure=None,
        suggested_lessons=_suggested_for_new(access, request),
    )


def _suggested_for_new(access: Access, request: HttpRequest) -> list[SuggestedLesson]:
    """Lessons to read before planning: of the prioritised problems, and of the kind chosen."""
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in MeasureKind.values:
        kind = ""
    problems = list(
        Problem.objects.filter(municipality=access.municipality, status=ProblemStatus.PRIORITISED)
    )
    return lessons_for_new_measure(kind or None, problems, municipality=access.municipality)


def _evidence_link(access: Access, item: ProblemEvidence) -> str:
    if item.kind == EvidenceKind.SITUATION and item.situation_report_id:
        url = _reverse_or_empty(
            "situation:detail", municipality=access.municipality.slug, pk=item.situation_report_id
        )
        if not url:
            return ""
        anchor = (
            f"status-{item.area_status_id}"
            if item.area_status_id and not item.figure_key
            else finding_anchor(item.figure_key or "total")
        )
        return f"{url}#{anchor}"
    return item.source_url or ""


@require_GET
def measure_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Why the measure exists (causes → problems → their evidence, down to the lägesbild
    finding), what it does (logic model, activities) and how it goes (progress with weights,
    follow-ups, evaluations, lessons)."""
    access = access_of(request)
    measure = measure_for(access, pk)
    causes = list(
        measure.causes.select_related("analysis__problem", "parent").order_by(
            "analysis__problem__title", "position", "pk"
        )
    )
    problems: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for cause in causes:
        problem = cause.analysis.problem
        entry = problems.setdefault(
            problem.pk,
            {
                "problem": problem,
                "causes": [],
                "url": _reverse_or_empty(
                    "process:problem_detail", municipality=access.municipality.slug, pk=problem.pk
                ),
                "evidence": [],
            },
        )
        entry["causes"].append(cause)
    for entry in problems.values():
        for item in entry["problem"].evidence.select_related("situation_report"):
            entry["evidence"].append({"item": item, "url": _evidence_link(access, item)})
    rollup = plan_rollup(measure.plan).measures.get(measure.pk) or Rollup(0.0)
    followups = list(measure.followups.select_related("activity").order_by("-made_on", "-pk"))
    for followup in followups:
        followup.url = _url("followup_detail", access, pk=measure.pk, followup_pk=followup.pk)  # type: ignore[attr-defined]
    activities = list(measure.activities.select_related("responsible_organisation"))
    slug = access.municipality.slug
    evaluations = list(measure.evaluations.all())
    for evaluation in evaluations:
        evaluation.url = _reverse_or_empty(  # type: ignore[attr-defined]
            "process:evaluation_detail", municipality=slug, pk=evaluation.pk
        )
    lessons = list(measure.lessons.all())
    for lesson in lessons:
        lesson.url = _reverse_or_empty(  # type: ignore[attr-defined]
            "process:lesson_detail", municipality=slug, pk=lesson.pk
        )
    return _render(
        request,
        "measure_detail.html",
        access,
        measure=measure,
        plan=measure.plan,
        problems=list(problems.values()),
        goals=measure.goals.all(),
        activities=activities,
        rollup=rollup,
        activity_rows=list(zip(activities, rollup.rows(), strict=False))
        if rollup.basis == "weighted"
        else [(a, None) for a in activities],
        followups=followups,
        evaluations=evaluations,
        lessons=lessons,
        suggested_lessons=lessons_for_new_measure(measure),
        new_evaluation_url=_reverse_or_empty(
            "process:evaluation_create", municipality=slug, pk=measure.pk
        ),
        warnings=services.measure_warnings(measure),
        overdue=services.is_overdue(measure),
        may_follow_up=may_follow_up(access, measure),
        decision_meeting_url=(
            _meeting_url(access, measure.adopted_decision.meeting_id)
            if measure.adopted_decision
            else ""
        ),
    )


@GET_POST
def measure_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    measure = measure_for(access, pk)
    form = MeasureEditForm(
        request.POST or None,
        initial=MeasureForm.initial_of(measure),
        municipality=access.municipality,
        measure=measure,
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.measure_update(
                measure=measure,
                user=request.user,
                data=form.measure_input(),
                status=form.cleaned_data["status"],
            ),
            message=lambda m: " ".join([_("Åtgärden är sparad."), *services.measure_warnings(m)]),
            to=_measure_url,
            refresh=measure,
        )
        if done:
            return done
    return _render(
        request,
        "measure_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=measure.plan,
        measure=measure,
    )


@GET_POST
def measure_adopt(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    measure = measure_for(access, pk)
    form = AdoptForm(request.POST or None, municipality=access.municipality, with_note=False)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.measure_adopt(
                measure=measure, decision=form.cleaned_data["decision"], user=request.user
            ),
            message=lambda m: (
                _("Åtgärden är beslutad genom § %(paragraph)s.")
                % {"paragraph": m.adopted_decision.number if m.adopted_decision else "–"}
            ),
            to=_measure_url,
        )
        if done:
            return done
    return _render(
        request,
        "adopt.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=measure.plan,
        measure=measure,
        decisions=_decision_rows(access),
        proposed=[measure] if measure.status == MeasureStatus.PROPOSED else [],
    )


# ---- activities -------------------------------------------------------------------------------


def _activity_for(measure: Measure, activity_pk: int) -> Activity:
    return get_object_or_404(Activity, measure=measure, pk=activity_pk)


@GET_POST
def activity_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    measure = measure_for(access, pk)
    form = ActivityForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.activity_create(
                measure=measure, user=request.user, data=form.activity_input()
            ),
            message=lambda a: _("Aktiviteten är tillagd."),
            to=lambda a: _measure_url(measure),
        )
        if done:
            return done
    return _render(
        request,
        "activity_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=measure.plan,
        measure=measure,
        activity=None,
    )


@GET_POST
def activity_edit(
    request: HttpRequest, municipality: str, pk: int, activity_pk: int
) -> HttpResponse:
    access = require_planner(access_of(request))
    measure = measure_for(access, pk)
    activity = _activity_for(measure, activity_pk)
    form = ActivityForm(
        request.POST or None,
        initial=ActivityForm.initial_of(activity),
        municipality=access.municipality,
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.activity_update(
                activity=activity, user=request.user, data=form.activity_input()
            ),
            message=lambda a: _("Aktiviteten är sparad."),
            to=lambda a: _measure_url(measure),
            refresh=activity,
        )
        if done:
            return done
    return _render(
        request,
        "activity_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=measure.plan,
        measure=measure,
        activity=activity,
    )


# ---- follow-ups -------------------------------------------------------------------------------


@GET_POST
def followup_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    measure = measure_for(access, pk)
    require_follow_up(access, measure)
    form = FollowUpForm(request.POST or None, measure=measure)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.followup_record(
                measure=measure, user=request.user, **form.cleaned_data
            ),
            message=lambda f: (
                _("Uppföljningen är sparad. Nästa uppföljning senast %(due)s.")
                % {"due": f.measure.next_followup_due or "–"}
            ),
            to=lambda f: _url("followup_detail", access, pk=measure.pk, followup_pk=f.pk),
        )
        if done:
            return done
    return _render(
        request,
        "followup_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        plan=measure.plan,
        measure=measure,
        overdue=services.is_overdue(measure),
    )


@require_GET
def followup_detail(
    request: HttpRequest, municipality: str, pk: int, followup_pk: int
) -> HttpResponse:
    access = access_of(request)
    measure = measure_for(access, pk)
    followup = get_object_or_404(
        FollowUp.objects.select_related("activity", "created_by"), measure=measure, pk=followup_pk
    )
    return _render(
        request,
        "followup_detail.html",
        access,
        plan=measure.plan,
        measure=measure,
        followup=followup,
        lessons=followup.lesson_rows.all(),
        late=bool(followup.due_on and followup.made_on > followup.due_on),
    )


@require_GET
def followups_overdue(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    today = timezone.localdate()
    measures = list(services.overdue_measures(access.municipality, before=today))
    for measure in measures:
        measure.url = _measure_url(measure)  # type: ignore[attr-defined]
        measure.days_late = (today - measure.next_followup_due).days  # type: ignore[attr-defined,operator]
        measure.may_follow_up = may_follow_up(access, measure)  # type: ignore[attr-defined]
    return _render(request, "overdue.html", access, measures=measures, today=today)
