"""One meeting: its page (time, place, agenda, minutes, decisions, commitments), moving and
cancelling it, and the agenda and minutes as a document (page, print, and each minutes version).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.core.forms import add_service_errors
from samverka.meetings import selectors, services
from samverka.meetings.access import may_suggest, minutes_for_user, require_manager, sees_minutes_of
from samverka.meetings.documents import attach_notes, document_context
from samverka.meetings.forms import (
    AgendaItemForm,
    AgendaSuggestForm,
    CancelForm,
    MeetingForm,
    NewVersionForm,
    PaperApprovalForm,
)
from samverka.meetings.models import Meeting, MinutesStatus, ProposalStatus
from samverka.meetings.notifications import notice_problem
from samverka.meetings.services._common import when_text
from samverka.meetings.views._common import page, resolve_meeting


def detail_context(
    request: HttpRequest, place: Municipality, access: Access, meeting: Meeting, **forms: Any
) -> dict[str, Any]:
    """Everything the meeting page shows; the POST views that fail render it again with their
    bound form (``forms``) and an error."""
    group = meeting.group
    manages = access.manages(group.pk)
    sees_minutes = sees_minutes_of(access, group.pk)
    latest = services.minutes_current(meeting)
    locked = latest is not None and latest.status == MinutesStatus.APPROVED
    minutes = latest if sees_minutes else None
    person = access.person
    adjusters: list[dict[str, Any]] = []
    may_approve = False
    notes: dict[int, str] = {}
    if minutes is not None:
        approved = {a.person_id: a for a in minutes.approvals.select_related("recorded_by")}
        adjusters = [
            {
                "person": p,
                "approved_at": approved[p.pk].approved_at if p.pk in approved else None,
                "approval": approved.get(p.pk),
            }
            for p in minutes.adjusters.order_by("name")
        ]
        may_approve = (
            not minutes.is_locked
            and person is not None
            and any(a["person"].pk == person.pk and not a["approved_at"] for a in adjusters)
        )
        notes = {n.agenda_item_id: n.text for n in minutes.item_notes.all()}
    editable = manages and not locked and not meeting.is_cancelled
    # Minutes, attendance, approval and decisions record what happened: not before it has.
    started = meeting.has_started()
    may_approve = may_approve and started
    paper_form = forms.get("paper_form")
    if (
        paper_form is None
        and access.is_coordinator
        and minutes is not None
        and not minutes.is_locked
        and started
        and any(not a["approved_at"] for a in adjusters)
    ):
        paper_form = PaperApprovalForm(minutes=minutes, prefix="papper")
    return page(
        place,
        meeting=meeting,
        group=group,
        agenda=attach_notes(selectors.agenda_for(meeting, include_suggested=sees_minutes), notes),
        manages=manages,
        editable=editable,
        sees_minutes=sees_minutes,
        is_member=may_suggest(access, group.pk),
        locked=locked,
        minutes=minutes,
        notes=notes,
        versions=selectors.minutes_versions(meeting) if sees_minutes else [],
        adjusters=adjusters,
        may_approve=may_approve,
        started=started,
        starts_text=when_text(meeting),
        notice_problem=notice_problem(meeting),
        paper_form=paper_form,
        may_decide=group.may_decide,
        deciding_group=None if group.may_decide else services.deciding_group_for(group),
        decisions=list(
            meeting.decisions.select_related("proposal__from_group", "agenda_item").order_by(
                "number"
            )
        ),
        proposals=list(meeting.proposals_made.select_related("to_group")),
        commitments=list(
            meeting.commitments_made.select_related(
                "owner_person", "owner_organisation", "group"
            ).order_by("due_date", "pk")
        ),
        pending=ProposalStatus.PENDING,
        item_form=forms.get("item_form")
        or (AgendaItemForm(meeting=meeting, prefix="ny") if editable else None),
        suggest_form=forms.get("suggest_form") or AgendaSuggestForm(prefix="forslag"),
        version_form=forms.get("version_form") or NewVersionForm(),
        action_error=forms.get("action_error", ""),
        agenda_error=forms.get("agenda_error", ""),
    )


def render_detail(
    request: HttpRequest,
    place: Municipality,
    access: Access,
    meeting: Meeting,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    return render(
        request,
        "meetings/meeting_detail.html",
        detail_context(request, place, access, meeting, **forms),
        status=status,
    )


@require_GET
def detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    return render_detail(request, place, access, meeting)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Move the meeting, or give it a title, a place or a video link."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    context = page(place, group=meeting.group, meeting=meeting)
    if request.method != "POST":
        form = MeetingForm(initial=MeetingForm.initial_for(meeting), editing=True)
        return render(request, "meetings/meeting_form.html", {**context, "form": form})
    form = MeetingForm(request.POST, editing=True)
    if form.is_valid():
        starts_at, ends_at = form.times()
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                user=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                title=data["title"],
                location=data["location"],
                video_url=data["video_url"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            meeting.refresh_from_db()
        else:
            messages.success(request, _("Mötet är ändrat."))
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    status = 200
    if request.method != "POST":
        form = CancelForm()
    else:
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_cancel(
                    meeting=meeting, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Mötet är inställt. Gruppens medlemmar får beskedet."))
                return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
        status = 400
    return render(
        request,
        "meetings/meeting_cancel.html",
        page(place, group=meeting.group, meeting=meeting, form=form),
        status=status,
    )


@require_GET
def document(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The agenda and the current minutes as one printable page (the PDF's twin)."""
    _place, access, meeting = resolve_meeting(request, municipality, pk)
    minutes = (
        services.minutes_current(meeting) if sees_minutes_of(access, meeting.group_id) else None
    )
    context = document_context(meeting, minutes, access)
    context["versions"] = selectors.minutes_versions(meeting) if minutes else []
    return render(request, "meetings/meeting_document.html", {**context, "nav": "meetings"})


@require_GET
def minutes_version(request: HttpRequest, municipality: str, pk: int, version: int) -> HttpResponse:
    """One version of the minutes, as it was approved (or as the draft stands)."""
    _place, access, meeting = resolve_meeting(request, municipality, pk)
    minutes = minutes_for_user(access, meeting, version)
    context = document_context(meeting, minutes, access)
    context["versions"] = selectors.minutes_versions(meeting)
    context["is_version_page"] = True
    return render(request, "meetings/meeting_document.html", {**context, "nav": "meetings"})
