"""Commitments (åtaganden): the list with filters and export, a new commitment from a meeting,
and one commitment with its follow-up history and status update."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.meetings import selectors, services
from samverka.meetings.access import (
    commitment_for_user,
    may_update_commitment,
    require_manager,
    visible_groups,
)
from samverka.meetings.forms import CommitmentFilterForm, CommitmentForm, CommitmentUpdateForm
from samverka.meetings.models import (
    OPEN_COMMITMENT_STATUSES,
    Commitment,
    CommitmentStatus,
    Meeting,
)
from samverka.meetings.views._common import page, resolve, resolve_meeting


def _filtered(
    request: HttpRequest, place: Municipality, access: Access
) -> tuple[CommitmentFilterForm, QuerySet[Commitment]]:
    form = CommitmentFilterForm(
        request.GET or None, municipality=place, groups=visible_groups(access)
    )
    commitments = selectors.visible_commitments(access, place.pk)
    status = CommitmentFilterForm.OPEN
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        status = data["status"]
        if data["grupp"]:
            commitments = commitments.filter(group=data["grupp"])
        if data["aktor"]:
            commitments = commitments.filter(owner_organisation=data["aktor"])
        if data["person"]:
            commitments = commitments.filter(owner_person=data["person"])
        if data["forsenade"]:
            commitments = commitments.filter(
                status__in=OPEN_COMMITMENT_STATUSES, due_date__lt=timezone.localdate()
            )
    if status == CommitmentFilterForm.OPEN:
        commitments = commitments.filter(status__in=OPEN_COMMITMENT_STATUSES)
    elif status != CommitmentFilterForm.ALL:
        commitments = commitments.filter(status=status)
    return form, commitments


@require_GET
def commitments(request: HttpRequest, municipality: str) -> HttpResponse:
    place, access = resolve(request, municipality)
    form, rows = _filtered(request, place, access)
    today = timezone.localdate()
    listed = list(rows)
    return render(
        request,
        "meetings/commitments.html",
        page(
            place,
            filter_form=form,
            commitments=listed,
            overdue_count=sum(1 for c in listed if c.is_overdue(today)),
            today=today,
            query=request.GET.urlencode(),
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


COMMITMENT_HEADERS = [
    gettext_lazy("Åtagande"),
    gettext_lazy("Ansvarig grupp"),
    gettext_lazy("Ansvarig person"),
    gettext_lazy("Ansvarig aktör"),
    gettext_lazy("Klart senast"),
    gettext_lazy("Vecka"),
    gettext_lazy("Status"),
    gettext_lazy("Försenat"),
    gettext_lazy("Från mötet"),
    gettext_lazy("Från beslut"),
]


def _row(c: Commitment, today: date) -> list[Any]:
    return [
        c.title,
        c.group.name,
        c.owner_person.name if c.owner_person else "",
        c.owner_organisation.name if c.owner_organisation else "",
        c.due_date,
        f"v. {c.due_date.isocalendar()[1]}" if c.due_date else "",
        c.get_status_display(),
        c.is_overdue(today),
        timezone.localtime(c.meeting.starts_at).date() if c.meeting else "",
        str(c.decision) if c.decision else "",
    ]


@require_GET
def commitments_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    place, access = resolve(request, municipality)
    _form, rows = _filtered(request, place, access)
    today = timezone.localdate()
    return table_response(
        fmt,
        filename=f"ataganden-{place.slug}",
        headers=[str(h) for h in COMMITMENT_HEADERS],
        rows=[_row(c, today) for c in rows],
    )


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _commitment_initial(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    initial: dict[str, Any] = {"group": meeting.group_id}
    decision = meeting.decisions.filter(pk=_id(request.GET.get("beslut")) or 0).first()
    if decision is not None:
        initial["decision"] = decision.pk
        initial["origin_item"] = decision.agenda_item_id
        initial["title"] = decision.title
    item = meeting.agenda_items.filter(pk=_id(request.GET.get("punkt")) or 0).first()
    if item is not None:
        initial["origin_item"] = item.pk
    return initial


@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    context = page(place, group=meeting.group, meeting=meeting)
    if request.method != "POST":
        form = CommitmentForm(initial=_commitment_initial(request, meeting), meeting=meeting)
        return render(request, "meetings/commitment_form.html", {**context, "form": form})
    form = CommitmentForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.commitment_create(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Åtagandet är registrerat och följs upp på %(group)s möten tills det är klart.")
                % {"group": form.cleaned_data["group"].name},
            )
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render(request, "meetings/commitment_form.html", {**context, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def commitment(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """One commitment: what, who, by when, its history; its owner and the group's officers
    follow it up here."""
    place, access = resolve(request, municipality)
    obj = commitment_for_user(access, pk)
    may_update = may_update_commitment(access, obj)
    status = 200
    form = None
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied(
                _(
                    "Bara den ansvariga, gruppens ordförande, sammankallande eller sekreterare "
                    "och kommunens samordnare kan följa upp åtagandet."
                )
            )
        form = CommitmentUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.commitment_update(commitment=obj, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uppföljningen är sparad."))
                return redirect("meetings:commitment", municipality=place.slug, pk=obj.pk)
        status = 400
        obj.refresh_from_db()
    elif may_update:
        form = CommitmentUpdateForm(initial={"status": obj.status})
    return render(
        request,
        "meetings/commitment_detail.html",
        page(
            place,
            commitment=obj,
            updates=list(obj.updates.select_related("by", "meeting").order_by("-at", "-pk")),
            form=form,
            next_meeting=selectors.next_meeting(obj.group) if obj.is_open else None,
            done=CommitmentStatus.DONE,
        ),
        status=status,
    )
