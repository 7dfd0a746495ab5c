"""Reporting rounds: per ISO week, which roster organisations reported for which area, the
explicit "nothing to report", reminders, and the roster itself."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import (
    access_of,
)
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.incidents import services
from samverka.incidents.access import (
    require_reporter,
    roster_entry_in,
    roster_organisations_reportable,
)
from samverka.incidents.forms import NothingToReportForm, RosterEntryForm
from samverka.incidents.models import RosterEntry
from samverka.incidents.selectors import (
    MISSING,
    STATE_LABELS,
    coverage,
    parse_week,
    week_coverage,
)
from samverka.incidents.services.reminders import missing_reporters
from samverka.incidents.views.common import page
from samverka.lib.dates import WeekError, week_bounds, week_code

OVERVIEW_WEEKS = 4


def _week(request: HttpRequest) -> str:
    """The week asked for, or last week (the week a round is usually about)."""
    raw = request.GET.get("week") or request.POST.get("week") or ""
    try:
        return parse_week(raw)[1]
    except WeekError:
        return week_code(timezone.localdate() - timedelta(days=7))


def _shift(week: str, weeks: int) -> str:
    monday, _sunday = week_bounds(week)
    return week_code(monday + timedelta(weeks=weeks))


def _overview(m: Municipality, week: str) -> list[dict[str, object]]:
    """The last few weeks per top-level area, through the coverage selector."""
    weeks = [_shift(week, -n) for n in range(OVERVIEW_WEEKS - 1, -1, -1)]
    tops = Area.objects.filter(municipality=m, parent__isnull=True).order_by("name")
    result = []
    for area in tops:
        rows = coverage(area, weeks)
        if rows:
            result.append({"area": area, "weeks": weeks, "rows": rows})
    return result


@require_GET
def round_page(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    week = _week(request)
    rows = week_coverage(m, week)
    monday, sunday = week_bounds(week)
    current = week_code(timezone.localdate())
    reported = sum(1 for r in rows if r.state != MISSING)
    coordinator = access.is_coordinator
    reminders = missing_reporters(m, week) if coordinator else []
    return page(
        request,
        "incidents/round.html",
        m,
        week=week,
        monday=monday,
        sunday=sunday,
        previous_week=_shift(week, -1),
        next_week=_shift(week, 1) if week < current else None,
        rows=rows,
        labels=STATE_LABELS,
        reported=reported,
        total=len(rows),
        may_report_orgs=roster_organisations_reportable(access),
        week_started=monday <= timezone.localdate(),
        overview=_overview(m, week),
        reminders=reminders,
        reminder_recipients=sum(len(r.recipients) for r in reminders if not r.already_sent),
    )


@require_GET
def round_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    week = _week(request)
    rows = [
        [
            week,
            r.entry.area.name,
            r.entry.organisation.name,
            STATE_LABELS[r.state],
            r.incident_count,
        ]
        for r in week_coverage(m, week)
    ]
    return table_response(
        fmt,
        filename=_("Rapportering %(week)s") % {"week": week},
        headers=[_("Vecka"), _("Område"), _("Aktör"), _("Status"), _("Händelserapporter")],
        rows=rows,
    )


def _round_url(m: Municipality, week: str) -> str:
    return reverse("incidents:round", kwargs={"municipality": m.slug}) + f"?week={week}"


@require_POST
def nothing_to_report(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    require_reporter(access)
    form = NothingToReportForm(request.POST, municipality=m)
    if form.is_valid():
        try:
            services.nothing_to_report_record(
                municipality=m,
                user=request.user,
                area=form.cleaned_data["area"],
                organisation=form.cleaned_data["organisation"],
                week=form.cleaned_data["week"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Sparat: %(org)s har inget att rapportera för %(area)s vecka %(week)s.")
                % {
                    "org": form.cleaned_data["organisation"],
                    "area": form.cleaned_data["area"],
                    "week": form.cleaned_data["week"],
                },
            )
            return redirect(_round_url(m, form.cleaned_data["week"]))
    return page(request, "incidents/nothing_to_report.html", m, status=400, form=form)


@require_POST
def remind(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    week = _week(request)
    result = services.remind_reporters(
        municipality=m, week=week, user=request.user, again=bool(request.POST.get("again"))
    )
    messages.success(
        request,
        _("%(n)s påminnelser skickade för vecka %(week)s.") % {"n": result.sent, "week": week},
    )
    if result.error:
        messages.error(request, result.error)
    without = [r.organisation.name for r in result.without_recipients]
    if without:
        messages.warning(
            request,
            _("Ingen rapportör med e-postadress hos: %(orgs)s.") % {"orgs": ", ".join(without)},
        )
    return redirect(_round_url(m, week))


@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    form = RosterEntryForm(request.POST or None, municipality=m)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.roster_entry_create(
                municipality=m, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s rapporterar nu för %(area)s.")
                % {"org": entry.organisation, "area": entry.area},
            )
            return redirect("incidents:roster", municipality=m.slug)
    entries = (
        RosterEntry.objects.filter(municipality=m)
        .select_related("area", "organisation")
        .order_by("area__name", "organisation__name")
    )
    status = 400 if request.method == "POST" else 200
    return page(request, "incidents/roster.html", m, status=status, form=form, entries=entries)


@require_POST
def roster_entry(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    entry = roster_entry_in(access, pk)
    action = request.POST.get("action")
    if action == "delete":
        services.roster_entry_delete(entry=entry, user=request.user)
        messages.success(request, _("%(entry)s är borttagen ur listan.") % {"entry": entry})
    elif action in ("activate", "deactivate"):
        services.roster_entry_update(entry=entry, user=request.user, is_active=action == "activate")
        messages.success(request, _("%(entry)s är sparad.") % {"entry": entry})
    else:
        messages.error(request, _("Välj vad som ska göras."))
        return redirect("incidents:roster", municipality=m.slug)
    return redirect("incidents:roster", municipality=m.slug)
