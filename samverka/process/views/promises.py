"""Pages of the medborgarlöfte life cycle, and its public progress page (no login)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.accounts.models import Municipality
from samverka.core.views import saved_or_none
from samverka.process import selectors_promises as selectors
from samverka.process.access import may_plan, require_planner
from samverka.process.forms.promises import (
    PromiseActivityForm,
    PromiseForm,
    RenewForm,
    SignForm,
)
from samverka.process.models import CitizenPromise, PromiseActivity, PromiseStatus
from samverka.process.services import promises as services

GET_POST = require_http_methods(["GET", "POST"])


def _render(
    request: HttpRequest, template: str, access: Access, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(municipality=access.municipality, nav="process", may_plan=may_plan(access))
    return render(request, template, context, status=status)


def promise_for(access: Access, pk: int) -> CitizenPromise:
    """A promise of the viewer's municipality, else 404."""
    return get_object_or_404(
        CitizenPromise.objects.filter(municipality=access.municipality).select_related(
            "area", "document", "previous"
        ),
        pk=pk,
    )


def _detail_url(promise: CitizenPromise) -> str:
    return reverse(
        "process:promise_detail",
        kwargs={"municipality": promise.municipality.slug, "pk": promise.pk},
    )


def public_url(promise: CitizenPromise) -> str:
    return reverse(
        "process:promise_public",
        kwargs={"municipality": promise.municipality.slug, "public_slug": promise.public_slug},
    )


@require_GET
def promise_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    promises = (
        CitizenPromise.objects.filter(municipality=access.municipality)
        .select_related("area")
        .prefetch_related("activities__measure")
    )
    rows = [
        (p, selectors.promise_progress(selectors.activity_progress(list(p.activities.all()))))
        for p in promises
    ]
    return _render(request, "process/promise_list.html", access, rows=rows)


@GET_POST
def promise_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = require_planner(access_of(request))
    form = PromiseForm(request.POST or None, municipality=access.municipality)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.promise_create(access=access, **form.cleaned_data),
            message=lambda p: _("Medborgarlöftet är skapat."),
            to=_detail_url,
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=None,
    )


def _promote_url(promise: CitizenPromise) -> str | None:
    try:
        return reverse(
            "process:goals_promote",
            kwargs={"municipality": promise.municipality.slug, "pk": promise.document_id},
        )
    except NoReverseMatch:
        return None


@require_GET
def promise_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    promise = promise_for(access, pk)
    activities = list(
        promise.activities.select_related("goal", "measure", "measure__plan").order_by(
            "position", "pk"
        )
    )
    rows = selectors.activity_progress(activities)
    before, after = selectors.history(promise)
    return _render(
        request,
        "process/promise_detail.html",
        access,
        promise=promise,
        rows=rows,
        percent=selectors.promise_progress(rows),
        goals=selectors.document_goals(promise),
        unpromoted=selectors.unpromoted_lines(promise),
        promote_url=_promote_url(promise),
        dialogues=promise.dialogues.select_related("area").order_by("-held_on"),
        signatures=promise.signatures.select_related("organisation"),
        parties=promise.document.parties.order_by("name"),
        unsigned=services.unsigned_parties(promise),
        before=before,
        after=after,
        is_public=selectors.is_public(promise),
        public_url=public_url(promise) if promise.public_slug else None,
        frozen=services.is_frozen(promise),
    )


def _disable(form: Any, names: tuple[str, ...]) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].disabled = True


@GET_POST
def promise_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    promise = promise_for(access, pk)
    initial = {
        "title": promise.title,
        "area": promise.area,
        "period_start": promise.period_start,
        "period_end": promise.period_end,
        "public_text": promise.public_text,
        "is_public": promise.is_public,
        "public_slug": promise.public_slug,
        "parties": list(promise.document.parties.all()),
    }
    form = PromiseForm(
        request.POST or None, municipality=access.municipality, promise=promise, initial=initial
    )
    frozen = services.is_frozen(promise)
    if frozen:
        # A signed promise's text stays as signed: only the publication can change.
        _disable(form, (*services.FROZEN_FIELDS, "parties"))
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.promise_update(access=access, promise=promise, **form.cleaned_data),
            message=lambda p: _("Medborgarlöftet är ändrat."),
            to=_detail_url,
            refresh=promise,
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=promise,
        frozen=frozen,
        frozen_message=services.frozen_message() if frozen else "",
    )


@GET_POST
def promise_activity_add(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    promise = promise_for(access, pk)
    if services.is_frozen(promise):
        messages.error(request, services.frozen_message())
        return redirect(_detail_url(promise))
    form = PromiseActivityForm(request.POST or None, promise=promise)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.promise_activity_add(
                access=access, promise=promise, **form.cleaned_data
            ),
            message=lambda a: _("Aktiviteten är tillagd."),
            to=lambda a: _detail_url(promise),
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_activity_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=promise,
        activity=None,
    )


@GET_POST
def promise_activity_edit(
    request: HttpRequest, municipality: str, pk: int, activity: int
) -> HttpResponse:
    access = require_planner(access_of(request))
    promise = promise_for(access, pk)
    row = get_object_or_404(PromiseActivity.objects.filter(promise=promise), pk=activity)
    initial = {f: getattr(row, f) for f in services.ACTIVITY_FIELDS}
    form = PromiseActivityForm(request.POST or None, promise=promise, initial=initial)
    frozen = services.is_frozen(promise)
    if frozen:
        _disable(form, services.ACTIVITY_TEXT)
    if request.method == "POST":

        def save() -> PromiseActivity:
            data = dict(form.cleaned_data)
            if data.get("position") is None:
                data["position"] = row.position
            return services.promise_activity_update(access=access, activity=row, **data)

        done = saved_or_none(
            request,
            form,
            save,
            message=lambda a: _("Aktiviteten är ändrad."),
            to=lambda a: _detail_url(promise),
            refresh=row,
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_activity_form.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=promise,
        activity=row,
        frozen=frozen,
        frozen_message=services.frozen_message() if frozen else "",
    )


@GET_POST
def promise_sign(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    promise = promise_for(access, pk)
    unsigned = services.unsigned_parties(promise)
    parties = promise.document.parties.filter(pk__in=[p.pk for p in unsigned]).order_by("name")
    form = SignForm(request.POST or None, parties=parties)
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.promise_sign(access=access, promise=promise, **form.cleaned_data),
            message=lambda s: (
                _("Underskriften är registrerad för %(org)s.") % {"org": s.organisation.name}
            ),
            to=lambda s: _detail_url(promise),
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_sign.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=promise,
        unsigned=unsigned,
    )


@GET_POST
def promise_renew(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = require_planner(access_of(request))
    promise = promise_for(access, pk)
    defaults = services.renewal_defaults(promise)
    form = RenewForm(
        request.POST or None,
        initial={
            "title": defaults.title,
            "period_start": defaults.period_start,
            "period_end": defaults.period_end,
        },
    )
    if request.method == "POST":
        done = saved_or_none(
            request,
            form,
            lambda: services.promise_renew(access=access, promise=promise, **form.cleaned_data),
            message=lambda p: _("Löftet är förnyat. Det gamla finns kvar som historik."),
            to=_detail_url,
        )
        if done:
            return done
    return _render(
        request,
        "process/promise_renew.html",
        access,
        status=400 if form.errors else 200,
        form=form,
        promise=promise,
        may_renew=promise.status in (PromiseStatus.SIGNED, PromiseStatus.ENDED),
    )


@login_not_required
@require_GET
def promise_public(request: HttpRequest, municipality: str, public_slug: str) -> HttpResponse:
    """The public progress page: only what ``PublicPromise`` holds, for anyone, no login."""
    place = Municipality.objects.filter(slug=municipality).first()
    if place is None:
        raise Http404("No such municipality")
    public = selectors.public_promise(place, public_slug)
    return render(request, "process/promise_public.html", {"promise": public})
