"""Pages for the people who hold roles in the organisation."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import (
    access_of,
)
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation import services
from samverka.organisation.access import (
    hidden_group_ids,
    person_in,
    sees_person_contact_details,
)
from samverka.organisation.forms_people import PersonForm, person_initial
from samverka.organisation.models import Membership, Person
from samverka.organisation.views.actors import visible_groups


def _people(municipality: Municipality) -> QuerySet[Person]:
    return (
        Person.objects.filter(municipality=municipality)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("group"))
        )
        .order_by("name")
    )


@require_GET
def person_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    hidden = hidden_group_ids(access)
    rows = [(p, visible_groups(p.memberships.all(), hidden)) for p in _people(m)]
    return render(
        request,
        "organisation/person_list.html",
        {
            "municipality": m,
            "nav": "people",
            "rows": rows,
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def person_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    # Contact details of everybody at once only for coordinators; others see them per person.
    with_contact = access.is_coordinator
    hidden = hidden_group_ids(access)
    headers = [_("Namn"), _("Befattning"), _("Arbetsgivare/aktör"), _("Politiker/tjänsteperson")]
    if with_contact:
        headers += [_("E-post"), _("Telefon"), _("Offentlig kontaktperson")]
    headers.append(_("Grupper"))
    rows = []
    for p in _people(m):
        row: list[object] = [p.name, p.title, p.organisation or "", p.get_kind_display()]
        if with_contact:
            row += [p.email, p.phone, p.is_public_contact]
        row.append(", ".join(g.name for g in visible_groups(p.memberships.all(), hidden)))
        rows.append(row)
    return table_response(
        fmt, filename=_("Personer %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_GET
def person_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    person = person_in(access, pk)
    hidden = hidden_group_ids(access)
    memberships = [
        membership
        for membership in person.memberships.select_related("group", "organisation").order_by(
            "group__name"
        )
        if membership.group_id not in hidden
    ]
    coordinator = access.is_coordinator
    return render(
        request,
        "organisation/person_detail.html",
        {
            "municipality": m,
            "nav": "people",
            "person": person,
            "memberships": memberships,
            "specialist_functions": person.specialist_functions.select_related("group").order_by(
                "name"
            ),
            "show_contact": sees_person_contact_details(access, person),
            "show_account": coordinator,
            "is_coordinator": coordinator,
        },
    )


def _form_page(
    request: HttpRequest, m: Municipality, form: PersonForm, person: Person | None, status: int
) -> HttpResponse:
    return render(
        request,
        "organisation/person_form.html",
        {
            "municipality": m,
            "nav": "people",
            "form": form,
            "person": person,
            "is_coordinator": True,
        },
        status=status,
    )


def _detail_url(m: Municipality, person: Person) -> str:
    return reverse("organisation:person_detail", kwargs={"municipality": m.slug, "pk": person.pk})


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    form = PersonForm(request.POST or None, municipality=m)
    if request.method != "POST":
        return _form_page(request, m, form, None, 200)
    done = saved_or_none(
        request,
        form,
        lambda: services.person_create(municipality=m, user=request.user, **form.service_data()),
        message=lambda person: _("%(name)s är tillagd.") % {"name": person},
        to=lambda person: _detail_url(m, person),
    )
    return done or _form_page(request, m, form, None, 400)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    person = person_in(access, pk)
    form = PersonForm(
        request.POST or None, municipality=m, instance=person, initial=person_initial(person)
    )
    if request.method != "POST":
        return _form_page(request, m, form, person, 200)
    done = saved_or_none(
        request,
        form,
        lambda: services.person_update(person=person, user=request.user, **form.service_data()),
        message=lambda _result: _("Ändringarna är sparade."),
        to=lambda _result: _detail_url(m, person),
        refresh=person,
    )
    return done or _form_page(request, m, form, person, 400)


@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    person = person_in(access, pk)
    return delete_page(
        request,
        delete=lambda: services.person_delete(person=person, user=request.user),
        message=_("%(name)s är borttagen.") % {"name": person},
        to=reverse("organisation:person_list", kwargs={"municipality": m.slug}),
        template="organisation/person_confirm_delete.html",
        context={
            "municipality": m,
            "nav": "people",
            "person": person,
            "memberships": person.memberships.select_related("group").order_by("group__name"),
            "is_coordinator": True,
        },
    )
