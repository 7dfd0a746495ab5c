"""The SSPF pages under /k/<municipality>/sspf/. Thin: every case goes through
``access.case_for_user`` (need-to-know and the access log), every write through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.core.forms import add_service_errors
from samverka.core.views import saved_or_none
from samverka.organisation.models import Group
from samverka.sspf import services
from samverka.sspf.access import SSPFViewer, case_for_user, log_case_list, person_of_case
from samverka.sspf.forms import (
    ActionForm,
    CaseEditForm,
    CaseForm,
    ConsentForm,
    CountsFilterForm,
    FollowUpForm,
    PersonForm,
    RevealForm,
    SettingsForm,
)
from samverka.sspf.models import Action, Case, Sector, Subject
from samverka.sspf.selectors import case_counts, suppressed, totals_by

GET_POST = require_http_methods(["GET", "POST"])


def _viewer(request: HttpRequest, slug: str) -> SSPFViewer:
    return SSPFViewer.of(access_of(request))


def _render(
    request: HttpRequest, template: str, viewer: SSPFViewer, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(municipality=viewer.municipality, nav="sspf", viewer=viewer)
    response = render(request, template, context, status=status)
    # Personal data: never kept in a shared or browser cache.
    response["Cache-Control"] = "no-store"
    return response


def _case_url(case: Case) -> str:
    return reverse(
        "sspf:case_detail", kwargs={"municipality": case.municipality.slug, "pk": case.pk}
    )


@require_GET
def case_list(request: HttpRequest, municipality: str) -> HttpResponse:
    viewer = _viewer(request, municipality)
    cases = list(viewer.cases().select_related("group", "area").prefetch_related("persons"))
    log_case_list(viewer, count=len(cases))  # 404 for a non-member, logged
    return _render(request, "sspf/case_list.html", viewer, cases=cases)


@GET_POST
def case_create(request: HttpRequest, municipality: str) -> HttpResponse:
    viewer = _viewer(request, municipality)
    viewer.require_member()
    groups = Group.objects.filter(pk__in=viewer.group_ids).order_by("name")
    form = CaseForm(request.POST or None, groups=groups, municipality=viewer.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.case_create(
                municipality=viewer.municipality, user=request.user, **form.cleaned_data
            ),
            message=lambda case: _("Ärendet är skapat."),
            to=_case_url,
        )
        if done:
            return done
    return _render(
        request,
        "sspf/case_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=None,
    )


@require_GET
def case_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk)
    return _render(
        request,
        "sspf/case_detail.html",
        viewer,
        case=case,
        persons=case.persons.prefetch_related("consents"),
        actions=case.actions.select_related("responsible"),
        follow_ups=case.follow_ups.all(),
    )


@GET_POST
def case_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("ändrade ärendet"))
    initial = {
        "area": case.area,
        "raised_on": case.raised_on,
        "raised_by": case.raised_by,
        "sector": case.sector,
        "subject": case.subject,
        "description": case.description,
        "status": case.status,
    }
    form = CaseEditForm(
        request.POST or None,
        initial=initial,
        groups=Group.objects.none(),
        municipality=viewer.municipality,
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.case_update(case=case, user=request.user, **form.cleaned_data),
            message=lambda case: _("Ärendet är sparat."),
            to=_case_url,
            refresh=case,
        )
        if done:
            return done
    return _render(
        request,
        "sspf/case_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=case,
    )


@GET_POST
def person_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("lade till en person"))
    form = PersonForm(request.POST or None)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.person_add(
                case=case,
                user=request.user,
                name=form.cleaned_data["name"],
                birth_date=form.cleaned_data["birth_date"],
                personnummer=form.cleaned_data["personnummer"],
                consents=form.consents(),
            ),
            message=lambda person: _("%(label)s är tillagd i ärendet.") % {"label": person.label},
            to=lambda person: _case_url(case),
        )
        if done:
            return done
    rules = services.settings_for(viewer.municipality)
    return _render(
        request,
        "sspf/person_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=case,
        rules=rules,
    )


@GET_POST
def consent_add(request: HttpRequest, municipality: str, pk: int, person: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("registrerade samtycke"))
    young = person_of_case(case, person)
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.consent_add(person=young, user=request.user, item=form.consent()),
            message=lambda consent: _("Samtycket är registrerat."),
            to=lambda consent: _case_url(case),
        )
        if done:
            return done
    return _render(
        request,
        "sspf/consent_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=case,
        person=young,
    )


@never_cache
@GET_POST
def person_reveal(request: HttpRequest, municipality: str, pk: int, person: int) -> HttpResponse:
    """The name, for a member, with a reason; shown in the answer to the POST only, never in
    a page that could be reloaded or linked to."""
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("bad att få se ett namn"))
    young = person_of_case(case, person)
    form = RevealForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            shown = services.person_reveal(
                person=young, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    status = 400 if form.errors else 200
    return _render(
        request,
        "sspf/person_reveal.html",
        viewer,
        status=status,
        form=form,
        case=case,
        person=young,
        shown=shown,
    )


@GET_POST
def action_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("lade till en åtgärd"))
    form = ActionForm(request.POST or None, municipality=viewer.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.action_add(case=case, user=request.user, **form.cleaned_data),
            message=lambda action: _("Åtgärden är tillagd."),
            to=lambda action: _case_url(case),
        )
        if done:
            return done
    return _render(
        request,
        "sspf/action_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=case,
    )


@require_POST
def action_done(request: HttpRequest, municipality: str, pk: int, action: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("markerade en åtgärd som klar"))
    row = Action.objects.filter(case=case, pk=action).first()
    if row is None:
        raise Http404
    services.action_done(action=row, user=request.user)
    messages.success(request, _("Åtgärden är markerad som klar."))
    return redirect(_case_url(case))


@GET_POST
def follow_up_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    viewer = _viewer(request, municipality)
    case = case_for_user(viewer, pk, what=_("skrev en uppföljning"))
    form = FollowUpForm(request.POST or None)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.follow_up_add(case=case, user=request.user, **form.cleaned_data),
            message=lambda note: _("Uppföljningen är sparad."),
            to=lambda note: _case_url(case),
        )
        if done:
            return done
    return _render(
        request,
        "sspf/follow_up_form.html",
        viewer,
        status=400 if form.errors else 200,
        form=form,
        case=case,
    )


@require_GET
def counts(request: HttpRequest, municipality: str) -> HttpResponse:
    """Numbers only, for coordinators and SSPF members; small numbers hidden."""
    viewer = _viewer(request, municipality)
    viewer.require_counts()
    form = CountsFilterForm(request.GET or None, municipality=viewer.municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = case_counts(
        viewer.municipality, filters.get("area"), filters.get("start"), filters.get("end")
    )
    sectors = dict(Sector.choices)
    subjects = dict(Subject.choices)
    tables = [
        (_("Per område"), totals_by(rows, "area_name")),
        (_("Per sektor"), totals_by(rows, "sector", {k: str(v) for k, v in sectors.items()})),
        (_("Per kvartal"), totals_by(rows, "quarter_label")),
        (
            _("Per vad oron gäller"),
            totals_by(rows, "subject", {k: str(v) for k, v in subjects.items()}),
        ),
    ]
    shown = [
        (caption, [(t.label, suppressed(t.cases), suppressed(t.persons)) for t in totals])
        for caption, totals in tables
    ]
    total_cases = sum(r.cases for r in rows)
    return _render(
        request,
        "sspf/counts.html",
        viewer,
        form=form,
        tables=shown,
        total=suppressed(total_cases),
        status=400 if form.errors else 200,
    )


@GET_POST
def settings_edit(request: HttpRequest, municipality: str) -> HttpResponse:
    """The municipality's SSPF rules: coordinators only."""
    viewer = _viewer(request, municipality)
    if not viewer.is_coordinator:
        raise PermissionDenied(_("Bara kommunens samordnare ändrar SSPF-inställningarna."))
    current = services.settings_for(viewer.municipality)
    form = SettingsForm(
        request.POST or None,
        initial={
            "own_consent_age": current.own_consent_age,
            "retention_months": current.retention_months,
        },
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.settings_update(
                municipality=viewer.municipality, user=request.user, **form.cleaned_data
            ),
            message=lambda row: _("Inställningarna är sparade."),
            to=lambda row: reverse("sspf:counts", kwargs={"municipality": municipality}),
        )
        if done:
            return done
    return _render(
        request, "sspf/settings_form.html", viewer, status=400 if form.errors else 200, form=form
    )
