"""Brå's set-up questions as a guided checklist, each with its answer and history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import access_of
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.organisation import selectors
from samverka.organisation.access import may_answer
from samverka.organisation.forms_municipality import SetupAnswerForm
from samverka.organisation.services import setup_answer_record
from samverka.organisation.setup_questions import QUESTIONS_BY_KEY, SECTIONS_BY_KEY


@require_GET
def checklist(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    return render(
        request,
        "organisation/checklist.html",
        {
            "municipality": place,
            "nav": "checklist",
            "checklist": selectors.setup_checklist(municipality=place),
            "may_answer": may_answer(access),
            "is_coordinator": access.is_coordinator,
        },
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, municipality: str, key: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    question = QUESTIONS_BY_KEY.get(key)
    if question is None:
        raise Http404("No such set-up question")
    history = selectors.setup_answer_history(municipality=place, question_key=key)
    allowed = may_answer(access)
    status = 200
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("Läsare kan inte svara på frågorna."))
        form = SetupAnswerForm(request.POST)
        if form.is_valid():
            try:
                row = setup_answer_record(
                    municipality=place,
                    question_key=key,
                    answer=form.cleaned_data["answer"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if row is None:
                    messages.info(request, _("Svaret är oförändrat."))
                else:
                    messages.success(request, _("Svaret är sparat."))
                return redirect("organisation:checklist_answer", municipality=place.slug, key=key)
        status = 400
    else:
        form = SetupAnswerForm(initial={"answer": history[0].answer if history else ""})
    return render(
        request,
        "organisation/checklist_answer.html",
        {
            "municipality": place,
            "nav": "checklist",
            "question": question,
            "section": SECTIONS_BY_KEY[question.section],
            "current": history[0] if history else None,
            "earlier": history[1:],
            "form": form if allowed else None,
        },
        status=status,
    )


@require_GET
def checklist_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    data = selectors.setup_checklist(municipality=place)
    rows = (
        [
            section.section.title,
            item.question.key,
            item.question.text,
            _("ja") if item.question.verbatim else _("nej, ur faktabladets text"),
            item.current.answer if item.current else "",
            item.current.answered_by_name if item.current else "",
            item.current.answered_at if item.current else None,
        ]
        for section in data.sections
        for item in section.items
    )
    return table_response(
        fmt,
        filename=f"kom-igang-{place.slug}",
        headers=[
            _("Avsnitt"),
            _("Nyckel"),
            _("Fråga"),
            _("Ordagrant från Brå"),
            _("Svar"),
            _("Besvarad av"),
            _("Besvarad"),
        ],
        rows=rows,
    )
