"""A group's members: add, edit, remove, and the member list as a download."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation import selectors
from samverka.organisation.access import (
    group_for_user,
    sees_members,
)
from samverka.organisation.forms_groups import MembershipForm
from samverka.organisation.models import Group, Membership
from samverka.organisation.services import (
    membership_create as membership_create_service,
)
from samverka.organisation.services import (
    membership_delete as membership_delete_service,
)
from samverka.organisation.services import membership_update
from samverka.organisation.views.groups import group_url


def _membership_in(group: Group, membership_pk: int) -> Membership:
    """A membership of this group (404 for one of another group or municipality)."""
    membership = (
        Membership.objects.filter(group=group, pk=membership_pk)
        .select_related("person", "organisation", "group")
        .first()
    )
    if membership is None:
        raise Http404("No such membership")
    return membership


def _render_form(
    request: HttpRequest,
    place: Municipality,
    group: Group,
    form: MembershipForm,
    *,
    membership: Membership | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organisation/membership_form.html",
        {
            "municipality": place,
            "nav": "groups",
            "group": group,
            "membership": membership,
            "form": form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    if request.method != "POST":
        return _render_form(request, place, group, MembershipForm(municipality=place))
    form = MembershipForm(request.POST, municipality=place)
    done = saved_or_none(
        request,
        form,
        lambda: membership_create_service(group=group, user=request.user, **form.cleaned_data),
        message=lambda membership: (
            _("%(person)s är tillagd i %(group)s.") % {"person": membership.person, "group": group}
        ),
        to=lambda _membership: group_url(place, group),
    )
    return done or _render_form(request, place, group, form, status=400)


@require_http_methods(["GET", "POST"])
def membership_edit(
    request: HttpRequest, municipality: str, pk: int, membership_pk: int
) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    membership = _membership_in(group, membership_pk)
    if request.method != "POST":
        form = MembershipForm(
            municipality=place,
            with_person=False,
            initial={
                "organisation": membership.organisation,
                "role": membership.role,
                "start_date": membership.start_date,
                "end_date": membership.end_date,
            },
        )
        return _render_form(request, place, group, form, membership=membership)
    form = MembershipForm(request.POST, municipality=place, with_person=False)

    def save() -> None:
        data = dict(form.cleaned_data)
        # As when adding: a blank "represents" means the person's own organisation.
        data["organisation"] = data["organisation"] or membership.person.organisation
        membership_update(membership=membership, user=request.user, **data)

    done = saved_or_none(
        request,
        form,
        save,
        message=lambda _result: (
            _("Medlemskapet för %(person)s är sparat.") % {"person": membership.person}
        ),
        to=lambda _result: group_url(place, group),
    )
    return done or _render_form(request, place, group, form, membership=membership, status=400)


@require_http_methods(["GET", "POST"])
def membership_delete(
    request: HttpRequest, municipality: str, pk: int, membership_pk: int
) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    membership = _membership_in(group, membership_pk)
    return delete_page(
        request,
        delete=lambda: membership_delete_service(membership=membership, user=request.user),
        message=_("%(person)s är borttagen ur %(group)s.")
        % {"person": membership.person, "group": group},
        to=group_url(place, group),
        template="organisation/membership_confirm_delete.html",
        context={"municipality": place, "nav": "groups", "group": group, "membership": membership},
    )


@require_GET
def membership_export(request: HttpRequest, municipality: str, pk: int, fmt: str) -> HttpResponse:
    """The member list; the contact columns only for those who may see the contact details
    (the group's members and the coordinators), and an SSPF list only for those who may see it."""
    access = access_of(request)
    group = group_for_user(access, pk)
    if not sees_members(access, group):
        raise PermissionDenied(_("Medlemmarna i den här gruppen visas bara för gruppen själv."))
    memberships = [
        membership
        for section in selectors.members_by_organisation(group=group)
        for membership in section.memberships
    ]
    # Members of the group share it with everyone on the list, so for them (and coordinators)
    # every row's contact details are visible; everyone else gets no contact columns at all.
    with_contacts = access.sees_internals(group.pk)
    headers = [
        _("Namn"),
        _("Befattning"),
        _("Företräder"),
        _("Roll i gruppen"),
        _("Politiker eller tjänsteperson"),
        _("Från"),
        _("Till"),
    ]
    if with_contacts:
        headers += [_("E-post"), _("Telefon")]
    rows = []
    for m in memberships:
        row = [
            m.person.name,
            m.person.title,
            m.organisation.name if m.organisation else "",
            m.get_role_display(),
            m.person.get_kind_display(),
            m.start_date,
            m.end_date,
        ]
        if with_contacts:
            row += [m.person.email, m.person.phone]
        rows.append(row)
    return table_response(fmt, filename=f"medlemmar-{group.name}", headers=headers, rows=rows)
