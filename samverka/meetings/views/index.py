"""The municipality's upcoming meetings, week by week, and convening an acute meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.lib.dates import iso_week
from samverka.meetings import services
from samverka.meetings.access import managed_groups, visible_groups
from samverka.meetings.forms import AcuteForm, MeetingFilterForm
from samverka.meetings.models import Meeting
from samverka.meetings.selectors import visible_meetings
from samverka.meetings.views._common import page, resolve

# The list shows this many meetings ahead; the group pages and the export have the rest.
INDEX_LIMIT = 100


@dataclass
class Week:
    year: int
    number: int
    monday: date
    sunday: date
    meetings: list[Meeting] = field(default_factory=list)


def by_week(meetings: list[Meeting]) -> list[Week]:
    """Consecutive meetings grouped by their ISO week (local time), as Swedish calendars do."""
    weeks: list[Week] = []
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        year, number = iso_week(day)
        if not weeks or (weeks[-1].year, weeks[-1].number) != (year, number):
            monday = day - timedelta(days=day.isoweekday() - 1)
            weeks.append(Week(year, number, monday, monday + timedelta(days=6)))
        weeks[-1].meetings.append(meeting)
    return weeks


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))


def _upcoming(
    request: HttpRequest, place: Municipality, access: Access
) -> tuple[MeetingFilterForm, QuerySet[Meeting]]:
    form = MeetingFilterForm(request.GET or None, groups=visible_groups(access))
    # Today's meetings stay on the list all day; cancelled ones too, marked, so nobody comes.
    meetings = visible_meetings(access, place.pk).filter(starts_at__gte=_start_of_today())
    if form.is_bound and form.is_valid():
        if form.cleaned_data["mina"]:
            meetings = meetings.filter(group_id__in=access.group_ids)
        if form.cleaned_data["grupp"]:
            meetings = meetings.filter(group=form.cleaned_data["grupp"])
    return form, meetings.order_by("starts_at", "pk")


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    place, access = resolve(request, municipality)
    form, meetings = _upcoming(request, place, access)
    shown = list(meetings[: INDEX_LIMIT + 1])
    return render(
        request,
        "meetings/index.html",
        page(
            place,
            filter_form=form,
            weeks=by_week(shown[:INDEX_LIMIT]),
            more=len(shown) > INDEX_LIMIT,
            limit=INDEX_LIMIT,
            groups=visible_groups(access),
            may_convene=access.is_coordinator or bool(access.officer_group_ids),
            query=request.GET.urlencode(),
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def meeting_rows(meetings: QuerySet[Meeting] | list[Meeting]) -> list[list[object]]:
    rows: list[list[object]] = []
    for meeting in meetings:
        starts = timezone.localtime(meeting.starts_at)
        rows.append(
            [
                starts.date(),
                f"v. {iso_week(starts.date())[1]}",
                starts.strftime("%H:%M"),
                timezone.localtime(meeting.ends_at).strftime("%H:%M"),
                meeting.group.name,
                meeting.display_title,
                meeting.get_kind_display(),
                meeting.get_trigger_display() if meeting.trigger else "",
                # As shown on the pages: "held" only once it has begun and been minuted.
                meeting.state_display,
                meeting.location,
            ]
        )
    return rows


MEETING_HEADERS = [
    gettext_lazy("Datum"),
    gettext_lazy("Vecka"),
    gettext_lazy("Börjar"),
    gettext_lazy("Slutar"),
    gettext_lazy("Grupp"),
    gettext_lazy("Möte"),
    gettext_lazy("Typ"),
    gettext_lazy("Anledning"),
    gettext_lazy("Status"),
    gettext_lazy("Plats"),
]


@require_GET
def index_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    place, access = resolve(request, municipality)
    _form, meetings = _upcoming(request, place, access)
    return table_response(
        fmt,
        filename=f"moten-{place.slug}",
        headers=[str(h) for h in MEETING_HEADERS],
        rows=meeting_rows(meetings),
    )


@require_http_methods(["GET", "POST"])
def acute(request: HttpRequest, municipality: str) -> HttpResponse:
    """Convene an acute meeting of one of the groups the user manages; every member is told."""
    place, access = resolve(request, municipality)
    groups = managed_groups(access)
    if not access.is_coordinator and not access.officer_group_ids:
        raise PermissionDenied(
            _(
                "Bara kommunens samordnare och gruppernas ordförande, sammankallande eller "
                "sekreterare kan kalla till akuta möten."
            )
        )
    if request.method != "POST":
        start = AcuteForm.default_start()
        initial = {"date": start.date(), "start": start.time()}
        wanted = request.GET.get("grupp", "")
        if wanted.isdigit() and len(wanted) < 12:
            initial["group"] = groups.filter(pk=int(wanted)).first()
        form = AcuteForm(initial=initial, groups=groups)
        return render(request, "meetings/acute_form.html", page(place, form=form))
    form = AcuteForm(request.POST, groups=groups)
    if form.is_valid():
        try:
            meeting = services.meeting_convene_acute(user=request.user, **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Det akuta mötet är inkallat. Gruppens medlemmar får kallelsen nu."),
            )
            return redirect("meetings:detail", municipality=place.slug, pk=meeting.pk)
    return render(request, "meetings/acute_form.html", page(place, form=form), status=400)
