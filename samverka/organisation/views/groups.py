"""Groups: the list, a group's page, create/edit/delete, and the organisation chart."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import (
    access_of,
)
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation import selectors
from samverka.organisation.access import (
    group_for_user,
    sees_members,
)
from samverka.organisation.chart import build_chart, render_png, render_svg
from samverka.organisation.forms_groups import GroupFilterForm, GroupForm
from samverka.organisation.models import Group, GroupKind, Mandate
from samverka.organisation.services import group_create as group_create_service
from samverka.organisation.services import group_delete as group_delete_service
from samverka.organisation.services import group_update

# What each mandate means, in the words a coordinator would use (shown on the group page).
MANDATE_EXPLANATIONS: dict[str, Promise] = {
    Mandate.DECIDES: gettext_lazy(
        "Beslutar = fattar beslut om vad som ska göras, prioriterar och fördelar resurser, och "
        "ser till att åtagandena genomförs."
    ),
    Mandate.PREPARES: gettext_lazy(
        "Bereder och föreslår = tar fram underlag och förslag på insatser som en beslutande "
        "grupp tar ställning till, och följer upp arbetet."
    ),
    Mandate.CARRIES_OUT: gettext_lazy(
        "Genomför = utför de insatser som har beslutats och rapporterar hur arbetet går."
    ),
    Mandate.ADVISES: gettext_lazy(
        "Rådgivande = ger råd och synpunkter men fattar inga egna beslut."
    ),
}


def _chart_title(place: Municipality) -> str:
    return _("Organisation för det brottsförebyggande arbetet i %(name)s") % {"name": place}


# --- The organisation chart --------------------------------------------------------------


@require_GET
def chart(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    # Boxes link to the group pages: the prefix is the group list URL, the chart adds "<pk>/".
    link_prefix = reverse("organisation:group_list", kwargs={"municipality": place.slug})
    return render(
        request,
        "organisation/chart.html",
        {
            "municipality": place,
            "nav": "chart",
            "title": _chart_title(place),
            "chart_svg": render_svg(
                build_chart(place), title=_chart_title(place), link_prefix=link_prefix
            ),
            "tree": selectors.chart_tree(municipality=place, today=timezone.localdate()),
            "kinds": GroupKind.choices,
        },
    )


@require_GET
def chart_svg(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    svg = render_svg(build_chart(place), title=_chart_title(place), link_prefix=None)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="organisationsschema-{place.slug}.svg"'
    return response


@require_GET
def chart_png(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    svg = render_svg(build_chart(place), title=_chart_title(place), link_prefix=None)
    response = HttpResponse(render_png(svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="organisationsschema-{place.slug}.png"'
    return response


# --- The group list ----------------------------------------------------------------------


def _filtered_groups(
    request: HttpRequest, place: Municipality
) -> tuple[GroupFilterForm, list[Group]]:
    form = GroupFilterForm(request.GET or None, municipality=place)
    kind, area = None, None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"] or None
        area = form.cleaned_data["area"]
    return form, list(selectors.group_list_with_counts(municipality=place, kind=kind, area=area))


@require_GET
def group_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    form, groups = _filtered_groups(request, place)
    return render(
        request,
        "organisation/group_list.html",
        {
            "municipality": place,
            "nav": "groups",
            "is_coordinator": access.is_coordinator,
            "filter_form": form,
            "sections": selectors.groups_by_kind(groups),
            "group_count": len(groups),
            "query": request.GET.urlencode(),
        },
        # An invalid filter (an area of another municipality) is shown on the form, not a 500.
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def group_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    _form, groups = _filtered_groups(request, place)
    rows = (
        [
            group.name,
            group.get_kind_display(),
            group.get_mandate_display(),
            group.area.name if group.area else "",
            group.cadence_label(),
            group.reports_to.name if group.reports_to else "",
            group.member_count,  # type: ignore[attr-defined]
            group.start_date,
            group.end_date,
        ]
        for group in groups
    )
    return table_response(
        fmt,
        filename=f"grupper-{place.slug}",
        headers=[
            _("Namn"),
            _("Typ"),
            _("Mandat"),
            _("Område"),
            _("Mötesfrekvens"),
            _("Rapporterar till"),
            _("Antal medlemmar"),
            _("Startdatum"),
            _("Slutdatum"),
        ],
        rows=rows,
    )


# --- One group ---------------------------------------------------------------------------


@require_GET
def group_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    group = selectors.group_detail_relations(group=group_for_user(access, pk))
    show_members = sees_members(access, group)
    member_sections = selectors.members_by_organisation(group=group) if show_members else []
    # Contact details are decided per person (coordinators, the person, people sharing a group).
    memberships = [m for section in member_sections for m in section.memberships]
    visible = selectors.contact_visibility(access=access, group=group, memberships=memberships)
    for membership in memberships:
        membership.show_contact = visible[membership.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "organisation/group_detail.html",
        {
            "municipality": place,
            "nav": "groups",
            "group": group,
            "is_coordinator": access.is_coordinator,
            "mandate_explanation": MANDATE_EXPLANATIONS.get(group.mandate, ""),
            "is_past_end": selectors.is_past_end(group, today=timezone.localdate()),
            "leaders": selectors.group_leaders(group=group) if show_members else [],
            "show_members": show_members,
            "member_sections": member_sections,
            "show_internals": access.sees_internals(group.pk),
            "is_coordination_unit": group.kind == GroupKind.COORDINATION_UNIT,
        },
    )


def group_url(place: Municipality, group: Group) -> str:
    """The group's page, where its forms (members, specialist functions) return to."""
    return reverse("organisation:group_detail", kwargs={"municipality": place.slug, "pk": group.pk})


def _render_form(
    request: HttpRequest,
    place: Municipality,
    form: GroupForm,
    *,
    group: Group | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organisation/group_form.html",
        {"municipality": place, "nav": "groups", "form": form, "group": group},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    if request.method != "POST":
        return _render_form(request, place, GroupForm(municipality=place))
    form = GroupForm(request.POST, municipality=place)

    def save() -> Group:
        data, coordinates = form.service_data()
        return group_create_service(
            municipality=place, user=request.user, coordinates=coordinates, **data
        )

    done = saved_or_none(
        request,
        form,
        save,
        message=lambda group: _("Gruppen %(name)s är skapad.") % {"name": group},
        to=lambda group: group_url(place, group),
    )
    return done or _render_form(request, place, form, status=400)


@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    if request.method != "POST":
        form = GroupForm(municipality=place, group=group, initial=GroupForm.initial_for(group))
        return _render_form(request, place, form, group=group)
    form = GroupForm(request.POST, municipality=place, group=group)

    def save() -> Group:
        data, coordinates = form.service_data()
        return group_update(group=group, user=request.user, coordinates=coordinates, **data)

    done = saved_or_none(
        request,
        form,
        save,
        message=lambda saved: _("Gruppen %(name)s är sparad.") % {"name": saved},
        to=lambda saved: group_url(place, saved),
        refresh=group,  # the page header must not show the refused values
    )
    return done or _render_form(request, place, form, group=group, status=400)


@require_http_methods(["GET", "POST"])
def group_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    group = group_for_user(access, pk)
    return delete_page(
        request,
        delete=lambda: group_delete_service(group=group, user=request.user),
        message=_("Gruppen %(name)s är borttagen.") % {"name": group},
        to=reverse("organisation:group_list", kwargs={"municipality": place.slug}),
        template="organisation/group_confirm_delete.html",
        context={
            "municipality": place,
            "nav": "groups",
            "group": group,
            "member_count": group.memberships.count(),
            "reporting_count": group.reporting_groups.count(),
        },
    )
