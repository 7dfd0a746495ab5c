"""Choosing and reading a lägesbild: the start page with its list, the live draft of any area
and period, one version, and the list as CSV/XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.meetings.models import Meeting
from samverka.meetings.services import deciding_group_for
from samverka.situation import services
from samverka.situation.access import may_act, may_compile, may_start, meeting_in, report_in
from samverka.situation.figures import SituationFigures, compute_situation
from samverka.situation.forms import ChooseForm, CreateForm
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.outputs import statuses_of
from samverka.situation.periods import PeriodKind, default_period
from samverka.situation.presentation import page_context
from samverka.situation.selectors import (
    adoption_refusal,
    figures_for,
    key_findings,
    report_list,
    versions_of,
)


def _index_page(
    request: HttpRequest, m: Municipality, form: ChooseForm, status: int = 200
) -> HttpResponse:
    access = access_of(request)
    reports = list(report_list(m)[:200])
    return render(
        request,
        "situation/index.html",
        {
            "municipality": m,
            "nav": "situation",
            "form": form,
            "reports": reports,
            "default_period": default_period(timezone.localdate()),
            "is_coordinator": access.is_coordinator,
        },
        status=status,
    )


def _top_area(m: Municipality) -> Area | None:
    return Area.objects.filter(municipality=m, parent__isnull=True).order_by("name").first()


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    top = _top_area(m)
    form = ChooseForm(
        municipality=m,
        initial={
            "area": top.pk if top else None,
            "kind": PeriodKind.BIWEEK,
            "period": default_period(timezone.localdate()).code,
        },
    )
    return _index_page(request, m, form)


@require_GET
def live(request: HttpRequest, municipality: str) -> HttpResponse:
    """The lägesbild of any area and period, computed now: the draft before anyone compiles."""
    access = access_of(request)
    m = access.municipality
    query = request.GET.copy()
    if not query.get("area"):  # no choice yet: the whole municipality, the latest two weeks
        top = _top_area(m)
        if top is None:
            messages.info(request, _("Lägg först in kommunens områden."))
            return redirect("situation:index", municipality=m.slug)
        query["area"] = str(top.pk)
    form = ChooseForm(query, municipality=m)
    if not form.is_valid():
        return _index_page(request, m, form, status=400)
    area, period = form.cleaned_data["area"], form.cleaned_data["period"]
    figures = compute_situation(area, period)
    existing = list(
        SituationReport.objects.filter(
            area=area, period_kind=period.kind, period_start=period.start
        )
        .defer("snapshot")
        .order_by("version")
    )
    create_form = CreateForm(
        municipality=m, initial={"area": area.pk, "period": period.code, "kind": period.kind}
    )
    return render(
        request,
        "situation/live.html",
        {
            "municipality": m,
            "nav": "situation",
            "area": area,
            "period": period,
            "existing": existing,
            "draft": next((r for r in existing if r.status == ReportStatus.DRAFT), None),
            "create_form": create_form,
            "may_start": may_start(access),
            **page_context(figures, area),
        },
    )


@require_POST
def create(request: HttpRequest, municipality: str) -> HttpResponse:
    """Start compiling the lägesbild of an area and a period (a stored draft)."""
    access = access_of(request)
    m = access.municipality
    if not may_start(access):
        raise PermissionDenied("Only the beredningsgrupp and the coordinators compile.")
    form = CreateForm(request.POST, municipality=m)
    if form.is_valid():
        data = form.cleaned_data
        group = data.get("group")
        if group is not None and not may_compile(access, group):
            form.add_error("group", _("Du är inte med i den gruppen."))
        else:
            draft = SituationReport.objects.filter(
                area=data["area"],
                period_kind=data["period"].kind,
                period_start=data["period"].start,
                status=ReportStatus.DRAFT,
            ).first()
            if draft is not None:
                messages.info(request, _("Det finns redan ett utkast; här är det."))
                return redirect("situation:detail", municipality=m.slug, pk=draft.pk)
            try:
                report = services.report_create(
                    municipality=m,
                    area=data["area"],
                    period=data["period"],
                    group=group,
                    mean_periods=data.get("mean_periods"),
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Utkastet är skapat. Skriv bedömningen."))
                return redirect("situation:assess", municipality=m.slug, pk=report.pk)
    return _index_page(request, m, form, status=400)


def _adoption_at_meeting(
    request: HttpRequest, report: SituationReport
) -> tuple[Meeting | None, str | None]:
    """The meeting named by ``?mote=`` (the lägesbild's link on a meeting's agenda) and why the
    lägesbild cannot be adopted at it (None: it can)."""
    pk = request.GET.get("mote")
    if not pk:
        return None, None
    meeting = meeting_in(access_of(request), pk)
    if meeting is None:
        return None, None
    return meeting, adoption_refusal(report, meeting)


def detail_context(
    request: HttpRequest, m: Municipality, report: SituationReport
) -> dict[str, Any]:
    access = access_of(request)
    figures = figures_for(report)
    meeting, refusal = _adoption_at_meeting(request, report)
    return {
        "at_meeting": meeting,
        "at_meeting_refusal": refusal,
        "key_findings": key_findings(report, figures),
        "may_act": report.is_adopted and may_act(access, report),
        "decider": deciding_group_for(report.group) if report.group else None,
        "municipality": m,
        "nav": "situation",
        "report": report,
        "area": report.area,
        "period": report.period,
        "statuses": statuses_of(report),
        "versions": versions_of(report),
        "may_compile": may_compile(access, report.group),
        "is_coordinator": access.is_coordinator,
        **page_context(figures, report.area),
    }


@require_GET
def detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    return render(request, "situation/detail.html", detail_context(request, m, report))


@require_GET
def export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    headers = [
        _("Område"),
        _("Period"),
        _("Periodkod"),
        _("Version"),
        _("Status"),
        _("Fastställd"),
        _("Publicerad"),
        _("Sammanställs av"),
        _("Händelser"),
    ]
    rows = []
    for r in report_list(m).defer(None):
        total = SituationFigures.from_json(r.snapshot).total.current if r.snapshot else None
        rows.append(
            [
                r.area.name,
                r.period.label,
                r.period.code,
                r.version,
                r.get_status_display(),
                r.adopted_at,
                r.is_published,
                r.group.name if r.group else "",
                total,
            ]
        )
    return table_response(
        fmt, filename=_("Lägesbilder %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )
