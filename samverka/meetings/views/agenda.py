"""The agenda of a meeting: members suggest items; the officers add, word, accept or decline,
move and delete them. The item buttons use htmx to redraw the agenda alone when JavaScript runs;
without it they post the form and come back to the meeting page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from samverka.core.forms import add_service_errors
from samverka.meetings import services
from samverka.meetings.access import require_manager, require_member
from samverka.meetings.forms import AgendaActionForm, AgendaItemForm, AgendaSuggestForm
from samverka.meetings.models import AgendaItem, Meeting
from samverka.meetings.views._common import page, resolve_meeting
from samverka.meetings.views.meeting import detail_context, render_detail


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    try:
        return meeting.agenda_items.select_related("meeting__group").get(pk=item_pk)
    except (AgendaItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _back(place_slug: str, meeting: Meeting) -> HttpResponse:
    return redirect("meetings:detail", municipality=place_slug, pk=meeting.pk)


@require_POST
def agenda_suggest(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_member(access, meeting.group)
    form = AgendaSuggestForm(request.POST, prefix="forslag")
    if form.is_valid():
        try:
            services.agenda_item_suggest(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Tack! Punkten är föreslagen; sammankallande tar ställning till den.")
            )
            return _back(place.slug, meeting)
    return render_detail(request, place, access, meeting, status=400, suggest_form=form)


@require_POST
def agenda_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    form = AgendaItemForm(request.POST, meeting=meeting, prefix="ny")
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Punkten är tillagd på dagordningen."))
            return _back(place.slug, meeting)
    return render_detail(request, place, access, meeting, status=400, item_form=form)


@require_http_methods(["GET", "POST"])
def agenda_item_edit(
    request: HttpRequest, municipality: str, pk: int, item_pk: int
) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    item = _item(meeting, item_pk)
    context = page(place, group=meeting.group, meeting=meeting, item=item)
    if request.method != "POST":
        form = AgendaItemForm(
            meeting=meeting,
            editing=True,
            initial={
                "title": item.title,
                "description": item.description,
                "document": item.document_id,
            },
        )
        return render(request, "meetings/agenda_item_form.html", {**context, "form": form})
    form = AgendaItemForm(request.POST, meeting=meeting, editing=True)
    if form.is_valid():
        try:
            services.agenda_item_update(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Punkten är ändrad."))
            return _back(place.slug, meeting)
    return render(request, "meetings/agenda_item_form.html", {**context, "form": form}, status=400)


_ACTIONS: dict[str, tuple[Callable[..., Any], dict[str, Any], Any]] = {
    "accept": (services.agenda_item_accept, {}, _lazy("Punkten är tagen upp på dagordningen.")),
    "decline": (services.agenda_item_decline, {}, _lazy("Punkten tas inte upp.")),
    "up": (services.agenda_item_move, {"up": True}, _lazy("Punkten är flyttad uppåt.")),
    "down": (services.agenda_item_move, {"up": False}, _lazy("Punkten är flyttad nedåt.")),
    "delete": (services.agenda_item_delete, {}, _lazy("Punkten är borttagen.")),
}


@require_POST
def agenda_item_action(
    request: HttpRequest, municipality: str, pk: int, item_pk: int
) -> HttpResponse:
    """Accept, decline, move or delete one item (the buttons beside it)."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    item = _item(meeting, item_pk)
    form = AgendaActionForm(request.POST)
    error = ""
    done: Any = ""
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        service, extra, done = _ACTIONS[form.cleaned_data["action"]]
        try:
            service(item=item, user=request.user, **extra)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        # Only the agenda is redrawn; the message goes into its live region.
        context = detail_context(request, place, access, meeting, agenda_error=error)
        context["agenda_status"] = str(done) if done and not error else ""
        return render(request, "meetings/meeting_detail.html#agenda", context)
    if error:
        return render_detail(request, place, access, meeting, status=400, action_error=error)
    messages.success(request, str(done))
    return _back(place.slug, meeting)
