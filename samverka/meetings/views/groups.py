"""A group's meetings: the year's list, planning the series from the cadence, extra meetings,
the standing agenda, and what the group follows up (commitments, proposals)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.lib.meeting_dates import PlanOptions
from samverka.meetings import selectors, services
from samverka.meetings.access import require_manager, sees_minutes_of
from samverka.meetings.forms import (
    AgendaTemplateFormSet,
    MeetingForm,
    SeriesPlanForm,
    YearForm,
    agenda_template_rows,
)
from samverka.meetings.models import MeetingSeries, Proposal, ProposalStatus
from samverka.meetings.services.planning import plan_dates
from samverka.meetings.views._common import page, resolve_group
from samverka.meetings.views.index import MEETING_HEADERS, meeting_rows
from samverka.organisation.models import Cadence, Group


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_bound and form.is_valid() and form.cleaned_data["ar"]:
        year = form.cleaned_data["ar"]
    return form, year


@require_GET
def group(request: HttpRequest, municipality: str, group_pk: int) -> HttpResponse:
    place, access, grp = resolve_group(request, municipality, group_pk)
    year_form, year = _year(request)
    manages = access.manages(grp.pk)
    meetings = list(selectors.meetings_of_group(grp, year).order_by("starts_at", "pk"))
    return render(
        request,
        "meetings/group.html",
        page(
            place,
            group=grp,
            year=year,
            year_form=year_form,
            meetings=meetings,
            series=MeetingSeries.objects.filter(group=grp, year=year).first(),
            manages=manages,
            sees_internals=sees_minutes_of(access, grp.pk),
            next_meeting=selectors.next_meeting(grp),
            commitments=list(selectors.commitments_of_group(grp)),
            proposals_to=list(selectors.pending_proposals_to(grp)),
            proposals_from=list(
                Proposal.objects.filter(
                    from_group=grp, status=ProposalStatus.PENDING
                ).select_related("to_group")
            ),
            deciding_group=None if grp.may_decide else services.deciding_group_for(grp),
            template_items=services.agenda_template_for(grp),
            today=timezone.localdate(),
        ),
        status=400 if year_form.is_bound and not year_form.is_valid() else 200,
    )


@require_GET
def group_export(request: HttpRequest, municipality: str, group_pk: int, fmt: str) -> HttpResponse:
    _place, _mv, grp = resolve_group(request, municipality, group_pk)
    _form, year = _year(request)
    meetings = selectors.meetings_of_group(grp, year).order_by("starts_at", "pk")
    return table_response(
        fmt,
        filename=f"moten-{grp.name}-{year}",
        headers=[str(h) for h in MEETING_HEADERS],
        rows=meeting_rows(meetings),
    )


def _group_url(place: Municipality, grp: Group, year: int | None = None) -> str:
    url = reverse("meetings:group", kwargs={"municipality": place.slug, "group_pk": grp.pk})
    return f"{url}?ar={year}" if year else url


def _preview(grp: Group, form: SeriesPlanForm) -> list[Any]:
    """The days the form's choices give (nothing is saved): what "Förhandsgranska" shows."""
    data = form.service_data()
    if data["custom_dates"]:
        return sorted(set(data["custom_dates"]))
    options = PlanOptions(
        weekday=grp.meeting_weekday or PlanOptions.weekday,
        skip_summer=data["skip_summer"],
        skip_christmas=data["skip_christmas"],
    )
    return plan_dates(grp, data["year"], options)


@require_http_methods(["GET", "POST"])
def series_plan(request: HttpRequest, municipality: str, group_pk: int) -> HttpResponse:
    place, access, grp = resolve_group(request, municipality, group_pk)
    require_manager(access, grp)
    context = page(
        place, group=grp, is_custom=grp.cadence == Cadence.CUSTOM, preview=None, start=None
    )
    if request.method != "POST":
        _form, year = _year(request)
        form = SeriesPlanForm(initial={"year": year})
        return render(request, "meetings/series_form.html", {**context, "form": form})
    form = SeriesPlanForm(request.POST)
    if form.is_valid():
        if "preview" in request.POST:
            return render(
                request,
                "meetings/series_form.html",
                {
                    **context,
                    "form": form,
                    "preview": _preview(grp, form),
                    "start": form.cleaned_data["start"],
                },
            )
        try:
            series = services.series_plan(group=grp, user=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(n)s möten är planerade för %(group)s %(year)s.")
                % {"n": series.meetings.count(), "group": grp.name, "year": series.year},
            )
            return redirect(_group_url(place, grp, series.year))
    return render(request, "meetings/series_form.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, municipality: str, group_pk: int) -> HttpResponse:
    place, access, grp = resolve_group(request, municipality, group_pk)
    require_manager(access, grp)
    context = page(place, group=grp, meeting=None)
    if request.method != "POST":
        form = MeetingForm(initial={"date": timezone.localdate()})
        return render(request, "meetings/meeting_form.html", {**context, "form": form})
    form = MeetingForm(request.POST)
    if form.is_valid():
        starts_at, ends_at = form.times()
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                group=grp,
                user=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                kind=data["kind"],
                title=data["title"],
                location=data["location"],
                video_url=data["video_url"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mötet är tillagt."))
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def agenda_template(request: HttpRequest, municipality: str, group_pk: int) -> HttpResponse:
    """The group's standing agenda: copied into every meeting planned from now on."""
    place, access, grp = resolve_group(request, municipality, group_pk)
    require_manager(access, grp)
    if request.method != "POST":
        initial = [
            {"title": title, "kind": kind, "ORDER": n}
            for n, (title, kind) in enumerate(services.agenda_template_for(grp), start=1)
        ]
        formset = AgendaTemplateFormSet(initial=initial, prefix="punkt")
        status = 200
    else:
        formset = AgendaTemplateFormSet(request.POST, prefix="punkt")
        if formset.is_valid():
            rows = agenda_template_rows(formset)
            try:
                if not rows:
                    raise ValidationError(_("Den stående dagordningen behöver minst en punkt."))
                services.agenda_template_set(group=grp, items=rows, user=request.user)
            except ValidationError as exc:
                formset.non_form_errors().extend(exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Den stående dagordningen är sparad. Den gäller de möten som planeras "
                        "härefter."
                    ),
                )
                return redirect(_group_url(place, grp))
        status = 400
    return render(
        request,
        "meetings/agenda_template_form.html",
        page(place, group=grp, formset=formset),
        status=status,
    )
