"""Pages of the dialogues: notes from citizen and staff dialogues, surveys and safety walks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.core.views import saved_or_none
from samverka.process.access import may_plan, require_planner
from samverka.process.forms.promises import DialogueForm
from samverka.process.models import DialogueNote
from samverka.process.services import promises as services

GET_POST = require_http_methods(["GET", "POST"])


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(municipality=access.municipality, nav="process", may_plan=may_plan(access))
    return render(request, template, context, status=status)


def dialogue_for(access: Access, pk: int) -> DialogueNote:
    return get_object_or_404(
        DialogueNote.objects.filter(municipality=access.municipality).select_related(
            "area", "promise"
        ),
        pk=pk,
    )


def _detail_url(dialogue: DialogueNote) -> str:
    return reverse(
        "process:dialogue_detail",
        kwargs={"municipality": dialogue.municipality.slug, "pk": dialogue.pk},
    )


@require_GET
def dialogue_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    dialogues = DialogueNote.objects.filter(municipality=access.municipality).select_related(
        "area", "promise"
    )
    return _render(request, "process/dialogue_list.html", access, dialogues=dialogues)


@GET_POST
def dialogue_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    form = DialogueForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.dialogue_create(access=access, **form.cleaned_data),
            message=lambda d: _("Dialogen är sparad."),
            to=_detail_url,
        )
        if done:
            return done
    return _render(
        request,
        "process/dialogue_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        dialogue=None,
    )


@require_GET
def dialogue_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    dialogue = dialogue_for(access, pk)
    # The problems this dialogue is evidence of (traceability: dialogue → problem).
    evidence = dialogue.evidence.select_related("problem").order_by("problem__title")
    return _render(
        request, "process/dialogue_detail.html", access, dialogue=dialogue, evidence=evidence
    )


@GET_POST
def dialogue_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    dialogue = dialogue_for(access, pk)
    initial = {f: getattr(dialogue, f) for f in services.DIALOGUE_FIELDS}
    form = DialogueForm(request.POST or None, municipality=access.municipality, initial=initial)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.dialogue_update(access=access, dialogue=dialogue, **form.cleaned_data),
            message=lambda d: _("Dialogen är ändrad."),
            to=_detail_url,
            refresh=dialogue,
        )
        if done:
            return done
    return _render(
        request,
        "process/dialogue_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        dialogue=dialogue,
    )
