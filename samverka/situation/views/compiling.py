"""Compiling a lägesbild: the beredningsgrupp's assessment and colours, adopting (freezing the
figures), a new version, publishing, deleting a draft, and comparing two versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.core.forms import add_service_errors
from samverka.situation import services
from samverka.situation.access import meeting_in, report_in, require_compiler
from samverka.situation.forms import AssessmentForm
from samverka.situation.selectors import compare_figures, figures_for


@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    require_compiler(access, report)
    if not report.is_draft:
        messages.error(
            request, _("Lägesbilden är fastställd. Gör en ny version för att ändra den.")
        )
        return redirect("situation:detail", municipality=m.slug, pk=report.pk)
    statuses = list(report.area_statuses.select_related("area").order_by("area__name"))
    if request.method == "POST":
        form = AssessmentForm(request.POST, report=report, statuses=statuses)
        if form.is_valid():
            try:
                services.report_update(
                    report=report,
                    user=request.user,
                    assessment=form.cleaned_data["assessment"],
                    sources_note=form.cleaned_data["sources_note"],
                    statuses=form.statuses(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Bedömningen är sparad."))
                return redirect("situation:detail", municipality=m.slug, pk=report.pk)
        status = 400
    else:
        form = AssessmentForm(
            report=report,
            statuses=statuses,
            initial={"assessment": report.assessment, "sources_note": report.sources_note},
        )
        status = 200
    return render(
        request,
        "situation/assess.html",
        {"municipality": m, "nav": "situation", "report": report, "form": form},
        status=status,
    )


@require_POST
def adopt(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Adopt the draft; with ``meeting`` (from the lägesbild's entry on a meeting's agenda), at
    that meeting of the compiling group, which its minutes then record."""
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    require_compiler(access, report)
    meeting = None
    if request.POST.get("meeting"):
        meeting = meeting_in(access, request.POST["meeting"])
        if meeting is None:
            messages.error(request, _("Mötet finns inte."))
            return redirect("situation:detail", municipality=m.slug, pk=report.pk)
    try:
        services.report_adopt(report=report, user=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        if meeting is not None and "meeting" in getattr(exc, "error_dict", {}):
            target = "situation:detail"
        else:
            target = "situation:assess" if report.is_draft else "situation:detail"
        return redirect(target, municipality=m.slug, pk=report.pk)
    if meeting is not None:
        messages.success(
            request,
            _(
                "Lägesbilden är fastställd vid mötet %(date)s. Protokollet visar det under "
                "lägesbilden på dagordningen."
            )
            % {"date": date_format(timezone.localtime(meeting.starts_at), "j F Y")},
        )
        # Back to the lägesbild as seen from the meeting, with the way back to the meeting.
        url = reverse("situation:detail", kwargs={"municipality": m.slug, "pk": report.pk})
        return redirect(f"{url}?mote={meeting.pk}")
    messages.success(
        request, _("Lägesbilden är fastställd. Siffrorna är sparade och ändras inte längre.")
    )
    return redirect("situation:detail", municipality=m.slug, pk=report.pk)


@require_POST
def new_version(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    require_compiler(access, report)
    try:
        draft = services.report_new_version(report=report, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("situation:detail", municipality=m.slug, pk=report.pk)
    messages.success(
        request, _("Version %(v)s är skapad med dagens siffror.") % {"v": draft.version}
    )
    return redirect("situation:detail", municipality=m.slug, pk=draft.pk)


@require_POST
def publish(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    report = report_in(m, pk)
    wanted = request.POST.get("publish") == "1"
    try:
        services.report_publish(report=report, user=request.user, publish=wanted)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Lägesbilden visas nu offentligt.")
            if wanted
            else _("Lägesbilden är inte längre offentlig."),
        )
    return redirect("situation:detail", municipality=m.slug, pk=report.pk)


@require_POST
def delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    require_compiler(access, report)
    try:
        services.report_delete(report=report, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("situation:detail", municipality=m.slug, pk=report.pk)
    messages.success(request, _("Utkastet är borttaget."))
    return redirect("situation:index", municipality=m.slug)


@require_GET
def compare(request: HttpRequest, municipality: str, pk: int, other: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    a, b = report_in(m, pk), report_in(m, other)
    return render(
        request,
        "situation/compare.html",
        {
            "municipality": m,
            "nav": "situation",
            "a": a,
            "b": b,
            "diff": compare_figures(figures_for(a), figures_for(b)),
        },
    )
