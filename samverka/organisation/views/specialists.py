"""The coordination unit's specialist functions (e.g. ungdomskriminalitet): add, edit, delete."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation.access import group_for_user
from samverka.organisation.forms_groups import SpecialistFunctionForm
from samverka.organisation.models import Group, SpecialistFunction
from samverka.organisation.services import (
    specialist_function_create,
    specialist_function_delete,
    specialist_function_update,
)
from samverka.organisation.views.groups import group_url


def _function_in(group: Group, function_pk: int) -> SpecialistFunction:
    function = SpecialistFunction.objects.filter(group=group, pk=function_pk).first()
    if function is None:
        raise Http404("No such specialist function")
    return function


def _render_form(
    request: HttpRequest,
    place: Municipality,
    group: Group,
    form: SpecialistFunctionForm,
    *,
    function: SpecialistFunction | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organisation/specialist_form.html",
        {
            "municipality": place,
            "nav": "groups",
            "group": group,
            "function": function,
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def specialist_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    if request.method != "POST":
        return _render_form(request, place, group, SpecialistFunctionForm(municipality=place))
    form = SpecialistFunctionForm(request.POST, municipality=place)
    done = saved_or_none(
        request,
        form,
        lambda: specialist_function_create(group=group, user=request.user, **form.cleaned_data),
        message=lambda function: (
            _("Specialistfunktionen %(name)s är tillagd.") % {"name": function}
        ),
        to=lambda _function: group_url(place, group),
    )
    return done or _render_form(request, place, group, form, status=400)


@require_http_methods(["GET", "POST"])
def specialist_edit(
    request: HttpRequest, municipality: str, pk: int, function_pk: int
) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    function = _function_in(group, function_pk)
    if request.method != "POST":
        form = SpecialistFunctionForm(
            municipality=place,
            initial={
                "name": function.name,
                "description": function.description,
                "coordinator": function.coordinator,
            },
        )
        return _render_form(request, place, group, form, function=function)
    form = SpecialistFunctionForm(request.POST, municipality=place)
    done = saved_or_none(
        request,
        form,
        lambda: specialist_function_update(
            function=function, user=request.user, **form.cleaned_data
        ),
        message=lambda _result: _("Specialistfunktionen %(name)s är sparad.") % {"name": function},
        to=lambda _result: group_url(place, group),
        refresh=function,
    )
    return done or _render_form(request, place, group, form, function=function, status=400)


@require_http_methods(["GET", "POST"])
def specialist_delete(
    request: HttpRequest, municipality: str, pk: int, function_pk: int
) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    function = _function_in(group, function_pk)
    return delete_page(
        request,
        delete=lambda: specialist_function_delete(function=function, user=request.user),
        message=_("Specialistfunktionen %(name)s är borttagen.") % {"name": function},
        to=group_url(place, group),
        template="organisation/specialist_confirm_delete.html",
        context={"municipality": place, "nav": "groups", "group": group, "function": function},
    )
