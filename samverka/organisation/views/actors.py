"""Pages for the actors (organisations) of the collaboration."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access, access_of
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation import services
from samverka.organisation.access import (
    hidden_group_ids,
    organisation_for_user,
    sees_contact_details,
)
from samverka.organisation.forms_actors import OrganisationForm, organisation_initial
from samverka.organisation.models import (
    Group,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
)


def visible_groups(memberships: Iterable[Membership], hidden: set[int]) -> list[Group]:
    """The distinct groups of these memberships, by name, without the hidden ones."""
    groups = {m.group_id: m.group for m in memberships if m.group_id not in hidden}
    return sorted(groups.values(), key=lambda g: g.name.lower())


def _organisations(municipality: Municipality) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(municipality=municipality)
        .select_related("parent")
        .annotate(people_count=Count("people", distinct=True))
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("group"))
        )
        .order_by("name")
    )


def _rows(access: Access) -> list[tuple[Organisation, list]]:
    hidden = hidden_group_ids(access)
    return [
        (organisation, visible_groups(organisation.memberships.all(), hidden))
        for organisation in _organisations(access.municipality)
    ]


@require_GET
def organisation_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    rows = _rows(access)
    sections = []
    for kind, label in OrganisationKind.choices:
        in_kind = [row for row in rows if row[0].kind == kind]
        if in_kind:
            sections.append({"kind": kind, "label": label, "rows": in_kind})
    return render(
        request,
        "organisation/actor_list.html",
        {
            "municipality": m,
            "nav": "organisations",
            "sections": sections,
            "count": len(rows),
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def organisation_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    headers = [
        _("Namn"),
        _("Kortnamn"),
        _("Typ av aktör"),
        _("Del av"),
        _("Antal personer"),
        _("Grupper"),
        _("Webbplats"),
    ]
    rows = [
        [
            o.name,
            o.short_name,
            o.get_kind_display(),
            o.parent or "",
            o.people_count,  # type: ignore[attr-defined]
            ", ".join(g.name for g in groups),
            o.website,
        ]
        for o, groups in _rows(access)
    ]
    return table_response(
        fmt, filename=_("Aktörer %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_GET
def organisation_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    organisation = organisation_for_user(access, pk)
    hidden = hidden_group_ids(access)
    people = list(
        Person.objects.filter(organisation=organisation)
        .order_by("name")
        .prefetch_related("memberships")
    )
    memberships = [
        membership
        for membership in Membership.objects.filter(organisation=organisation)
        .select_related("group", "person")
        .order_by("group__name", "person__name")
        if membership.group_id not in hidden
    ]
    return render(
        request,
        "organisation/actor_detail.html",
        {
            "municipality": m,
            "nav": "organisations",
            "organisation": organisation,
            "children": organisation.children.order_by("name"),
            "people": [
                (p, sees_contact_details(access, p, [s.group_id for s in p.memberships.all()]))
                for p in people
            ],
            "memberships": memberships,
            "documents": organisation.governing_documents.order_by("title"),
            "convened_groups": organisation.convened_groups.exclude(pk__in=hidden).order_by("name"),
            "is_coordinator": access.is_coordinator,
        },
    )


def _form_page(
    request: HttpRequest,
    m: Municipality,
    form: OrganisationForm,
    organisation: Organisation | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "organisation/actor_form.html",
        {
            "municipality": m,
            "nav": "organisations",
            "form": form,
            "organisation": organisation,
            "is_coordinator": True,
        },
        status=status,
    )


def _detail_url(m: Municipality, organisation: Organisation) -> str:
    return reverse(
        "organisation:organisation_detail", kwargs={"municipality": m.slug, "pk": organisation.pk}
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    form = OrganisationForm(request.POST or None, municipality=m)
    if request.method != "POST":
        return _form_page(request, m, form, None, 200)
    done = saved_or_none(
        request,
        form,
        lambda: services.organisation_create(
            municipality=m, user=request.user, **form.cleaned_data
        ),
        message=lambda organisation: _("%(name)s är tillagd.") % {"name": organisation},
        to=lambda organisation: _detail_url(m, organisation),
    )
    return done or _form_page(request, m, form, None, 400)


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    organisation = organisation_for_user(access, pk)
    form = OrganisationForm(
        request.POST or None,
        municipality=m,
        instance=organisation,
        initial=organisation_initial(organisation),
    )
    if request.method != "POST":
        return _form_page(request, m, form, organisation, 200)
    done = saved_or_none(
        request,
        form,
        lambda: services.organisation_update(
            organisation=organisation, user=request.user, **form.cleaned_data
        ),
        message=lambda _result: _("Ändringarna är sparade."),
        to=lambda _result: _detail_url(m, organisation),
        refresh=organisation,
    )
    return done or _form_page(request, m, form, organisation, 400)


@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    organisation = organisation_for_user(access, pk)
    return delete_page(
        request,
        delete=lambda: services.organisation_delete(organisation=organisation, user=request.user),
        message=_("%(name)s är borttagen.") % {"name": organisation},
        to=reverse("organisation:organisation_list", kwargs={"municipality": m.slug}),
        template="organisation/actor_confirm_delete.html",
        context={
            "municipality": m,
            "nav": "organisations",
            "organisation": organisation,
            "people_count": organisation.people.count(),
            "membership_count": organisation.memberships.count(),
            "children": organisation.children.order_by("name"),
            "is_coordinator": True,
        },
    )
