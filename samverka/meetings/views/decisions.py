"""Decisions within mandate, and proposals to a deciding group.

A meeting of a group without the mandate to decide gets no decision form: the page says which
group decides and offers to put the matter to it as a proposal. A decision posted anyway is refused
by the service (``DecisionRefused``) and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.core.forms import add_service_errors
from samverka.meetings import selectors, services
from samverka.meetings.access import proposal_for_user, require_manager
from samverka.meetings.forms import DecisionForm, ProposalForm
from samverka.meetings.models import Meeting, Proposal, ProposalStatus
from samverka.meetings.services._common import when_text
from samverka.meetings.views._common import page, resolve, resolve_meeting


def _id(value: str | None) -> int | None:
    """An id from the query string, or None for anything that is not a plain number."""
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _decision_initial(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """A decision on a proposal: its title, the proposal and its item on this agenda."""
    initial: dict[str, Any] = {}
    proposal = Proposal.objects.filter(
        pk=_id(request.GET.get("forslag")) or 0,
        to_group_id=meeting.group_id,
        status=ProposalStatus.PENDING,
    ).first()
    if proposal is not None:
        initial["title"] = proposal.title
        initial["proposal"] = proposal.pk
        item = meeting.agenda_items.filter(proposal=proposal).first()
        if item is not None:
            initial["agenda_item"] = item.pk
    item_id = _id(request.GET.get("punkt"))
    if item_id and meeting.agenda_items.filter(pk=item_id).exists():
        initial["agenda_item"] = item_id
    return initial


@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    group = meeting.group
    context = page(
        place,
        group=group,
        meeting=meeting,
        deciding_group=None if group.may_decide else services.deciding_group_for(group),
        starts_text=when_text(meeting),
    )
    if request.method != "POST":
        form = DecisionForm(initial=_decision_initial(request, meeting), meeting=meeting)
        return render(request, "meetings/decision_form.html", {**context, "form": form})
    form = DecisionForm(request.POST, meeting=meeting)
    # A group without the mandate hears the service's refusal (which names the deciding group)
    # whatever it typed; nothing is written.
    if form.is_valid() or not group.may_decide:
        data = form.cleaned_data if form.is_valid() else {"title": "", "text": ""}
        try:
            decision = services.decision_record(meeting=meeting, user=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Beslutet är registrerat som § %(n)s.") % {"n": decision.number},
            )
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render(request, "meetings/decision_form.html", {**context, "form": form}, status=400)


def _proposal_sent(proposal: Proposal) -> str:
    """Where the proposal went: the deciding group's coming meeting by name and date, or that
    the group has none planned (the proposal's page then offers to plan one)."""
    target = selectors.proposal_goes_to(proposal)
    if target is None:
        return _(
            "Förslaget är skickat till %(group)s, men %(group)s har inget kommande möte. Det "
            "sätts på dagordningen för gruppens nästa möte så snart ett möte är planerat."
        ) % {"group": proposal.to_group.name}
    return _(
        "Förslaget är skickat till %(group)s och tas upp på gruppens nästa möte: %(meeting)s "
        "%(when)s."
    ) % {
        "group": proposal.to_group.name,
        "meeting": target.display_title,
        "when": when_text(target),
    }


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The meeting proposes a decision to a deciding group; it goes on that group's next
    agenda."""
    place, access, meeting = resolve_meeting(request, municipality, pk)
    require_manager(access, meeting.group)
    context = page(place, group=meeting.group, meeting=meeting)
    if request.method != "POST":
        deciding = services.deciding_group_for(meeting.group)
        initial = {"to_group": deciding.pk} if deciding and deciding != meeting.group else {}
        form = ProposalForm(initial=initial, meeting=meeting)
        return render(request, "meetings/proposal_form.html", {**context, "form": form})
    form = ProposalForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            proposal = services.proposal_create(
                meeting=meeting, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _proposal_sent(proposal))
            return redirect("meetings:proposal", municipality=place.slug, pk=proposal.pk)
    return render(request, "meetings/proposal_form.html", {**context, "form": form}, status=400)


@require_GET
def proposal(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access = resolve(request, municipality)
    obj = proposal_for_user(access, pk)
    goes_to = selectors.proposal_goes_to(obj)
    return render(
        request,
        "meetings/proposal_detail.html",
        page(
            place,
            proposal=obj,
            agenda_items=list(
                obj.agenda_items.select_related("meeting").order_by("meeting__starts_at")
            ),
            decisions=list(obj.decisions.select_related("meeting").order_by("created_at")),
            may_withdraw=access.manages(obj.from_group_id) and obj.status == ProposalStatus.PENDING,
            goes_to=goes_to,
            plans_for=access.manages(obj.to_group_id),
            plan_year=selectors.year_to_plan(obj.to_group),
        ),
    )


@require_POST
def proposal_withdraw(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    place, access = resolve(request, municipality)
    obj = proposal_for_user(access, pk)
    require_manager(access, obj.from_group)
    try:
        services.proposal_withdraw(proposal=obj, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Förslaget är återtaget och borttaget från dagordningen."))
    return redirect("meetings:proposal", municipality=place.slug, pk=obj.pk)
