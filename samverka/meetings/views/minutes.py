"""Writing the minutes: notes per agenda item, attendance per organisation, the adjusters;
approval (justering) by each adjuster for themself; a new version after approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.core.forms import add_service_errors
from samverka.meetings import selectors, services
from samverka.meetings.access import require_manager, sees_minutes_of
from samverka.meetings.forms import (
    AdjustersForm,
    AttendanceFormSet,
    MinutesForm,
    NewVersionForm,
    PaperApprovalForm,
    note_field_name,
)
from samverka.meetings.models import Meeting, Minutes
from samverka.meetings.services._common import when_text
from samverka.meetings.services.minutes import AttendanceRow
from samverka.meetings.views._common import page, resolve_meeting
from samverka.meetings.views.meeting import render_detail


def _minutes_forms(meeting: Meeting, minutes: Minutes | None, entries: list[Any]) -> dict[str, Any]:
    """Unbound forms filled with what the minutes say now."""
    if minutes is None:
        return {}
    notes = {n.agenda_item_id: n.text for n in minutes.item_notes.all()}
    initial = {"summary": minutes.summary} | {
        note_field_name(entry.item.pk): notes.get(entry.item.pk, "") for entry in entries
    }
    rows = [
        {
            "organisation": a.organisation_id,
            "person": a.person_id,
            "status": a.status,
            "substitute_name": a.substitute_name,
        }
        for a in minutes.attendance.select_related("organisation", "person")
    ]
    return {
        "minutes_form": MinutesForm(initial=initial, entries=entries),
        "attendance_formset": AttendanceFormSet(
            initial=rows, prefix="narvaro", form_kwargs={"municipality": meeting.municipality}
        ),
        "adjusters_form": AdjustersForm(
            initial={"adjusters": [p.pk for p in minutes.adjusters.all()]}, group=meeting.group
        ),
    }


def _render_minutes(
    request: HttpRequest,
    place: Municipality,
    meeting: Meeting,
    *,
    status: int = 200,
    refused: str = "",
    **bound: Any,
) -> HttpResponse:
    minutes = services.minutes_current(meeting)
    entries = selectors.agenda_for(meeting).flat()
    forms = _minutes_forms(meeting, minutes, entries) | bound
    return render(
        request,
        "meetings/minutes_form.html",
        page(
            place,
            group=meeting.group,
            meeting=meeting,
            minutes=minutes,
            versions=selectors.minutes_versions(meeting),
            version_form=NewVersionForm(),
            refused=refused,
            starts_text=when_text(meeting),
            **forms,
        ),
        status=status,
    )


def _draft(meeting: Meeting) -> tuple[Minutes | None, str]:
    """The draft to write in, or why there is none."""
    minutes = services.minutes_current(meeting)
    if minutes is None:
        return None, _("Mötet har inget protokoll ännu. Börja skriva protokollet först.")
    if minutes.is_locked:
        return None, _(
            "Protokollet är justerat och kan inte ändras. Skapa en ny version om något behöver "
            "rättas; den justerade versionen finns kvar."
        )
    return minutes, ""


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The minutes page: general notes and a note per agenda item (the first of its forms)."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    if request.method != "POST":
        return _render_minutes(request, place, meeting)
    entries = selectors.agenda_for(meeting).flat()
    form = MinutesForm(request.POST, entries=entries)
    minutes, refused = _draft(meeting)
    if minutes is None:
        return _render_minutes(request, place, meeting, status=400, refused=refused)
    if form.is_valid():
        try:
            services.minutes_update(
                minutes=minutes,
                user=request.user,
                summary=form.cleaned_data["summary"],
                notes=form.notes(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Anteckningarna är sparade."))
            return redirect("meetings:minutes_edit", municipality=place.slug, pk=meeting.pk)
    return _render_minutes(request, place, meeting, status=400, minutes_form=form)


@require_POST
def minutes_start(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    try:
        services.minutes_start(meeting=meeting, user=request.user)
    except ValidationError as exc:
        return render_detail(
            request, place, access, meeting, status=400, action_error=" ".join(exc.messages)
        )
    messages.success(request, _("Protokollet är påbörjat, med gruppens medlemmar som närvarande."))
    return redirect("meetings:minutes_edit", municipality=place.slug, pk=meeting.pk)


@require_POST
def minutes_attendance(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    formset = AttendanceFormSet(request.POST, prefix="narvaro", form_kwargs={"municipality": place})
    minutes, refused = _draft(meeting)
    if minutes is None:
        return _render_minutes(request, place, meeting, status=400, refused=refused)
    if formset.is_valid():
        rows = [
            AttendanceRow(
                status=data["status"],
                organisation=data.get("organisation"),
                person=data.get("person"),
                substitute_name=data.get("substitute_name") or "",
            )
            for data in (form.cleaned_data for form in formset.forms)
            if data and data.get("status")
        ]
        try:
            services.attendance_set(minutes=minutes, rows=rows, user=request.user)
        except ValidationError as exc:
            formset.non_form_errors().extend(exc.messages)
        else:
            messages.success(request, _("Närvaron är sparad."))
            return redirect("meetings:minutes_edit", municipality=place.slug, pk=meeting.pk)
    return _render_minutes(request, place, meeting, status=400, attendance_formset=formset)


@require_POST
def minutes_adjusters(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    form = AdjustersForm(request.POST, group=meeting.group)
    minutes, refused = _draft(meeting)
    if minutes is None:
        return _render_minutes(request, place, meeting, status=400, refused=refused)
    if form.is_valid():
        try:
            services.minutes_set_adjusters(
                minutes=minutes, adjusters=form.cleaned_data["adjusters"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Justerarna är valda."))
            return redirect("meetings:minutes_edit", municipality=place.slug, pk=meeting.pk)
    return _render_minutes(request, place, meeting, status=400, adjusters_form=form)


def _adjuster_or_403(request: HttpRequest, place: Municipality, minutes: Minutes | None) -> Any:
    person = access_of(request).person
    if minutes is None or person is None or not minutes.adjusters.filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bara de utsedda justerarna kan justera protokollet."))
    return person


@require_POST
def minutes_approve(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The signed-in adjuster approves the current version, for themself only."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    if not sees_minutes_of(access, meeting.group_id):
        raise PermissionDenied(_("Protokollet är internt för gruppens medlemmar."))
    minutes = services.minutes_current(meeting)
    person = _adjuster_or_403(request, place, minutes)
    assert minutes is not None
    try:
        minutes = services.minutes_approve(minutes=minutes, person=person, user=request.user)
    except ValidationError as exc:
        return render_detail(
            request, place, access, meeting, status=400, action_error=" ".join(exc.messages)
        )
    if minutes.is_locked:
        messages.success(request, _("Protokollet är justerat av alla justerare och är nu låst."))
    else:
        messages.success(
            request, _("Du har justerat protokollet. Det väntar på de andra justerarna.")
        )
    return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)


@require_POST
def minutes_paper_approval(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """A coordinator records that adjusters approved the printed minutes, and on which day."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    if not access.is_coordinator:
        raise PermissionDenied(
            _("Bara kommunens samordnare kan registrera en justering som gjorts på papper.")
        )
    minutes = services.minutes_current(meeting)
    if minutes is None:
        return render_detail(
            request,
            place,
            access,
            meeting,
            status=400,
            action_error=_("Mötet har inget protokoll ännu."),
        )
    form = PaperApprovalForm(request.POST, minutes=minutes, prefix="papper")
    if form.is_valid():
        try:
            minutes = services.minutes_record_paper_approval(
                minutes=minutes,
                people=form.cleaned_data["people"],
                approved_on=form.cleaned_data["approved_on"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Justeringen på papper är registrerad; protokollet är justerat och låst.")
                if minutes.is_locked
                else _(
                    "Justeringen på papper är registrerad. Protokollet väntar på fler justerare."
                ),
            )
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render_detail(request, place, access, meeting, status=400, paper_form=form)


@require_POST
def minutes_new_version(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    form = NewVersionForm(request.POST)
    minutes = services.minutes_current(meeting)
    if form.is_valid():
        try:
            if minutes is None:
                raise ValidationError(_("Mötet har inget protokoll ännu."))
            new = services.minutes_new_version(
                minutes=minutes, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(v)s av protokollet är påbörjad. Den justerade versionen finns kvar.")
                % {"v": new.version},
            )
            return redirect("meetings:minutes_edit", municipality=place.slug, pk=meeting.pk)
    return render_detail(request, place, access, meeting, status=400, version_form=form)
