"""Files and feeds of the meetings: ICS downloads and subscriptions, agenda and minutes as PDF,
and sending the notice (kallelse) by e-mail."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from samverka.accounts.access import Access, access_of
from samverka.accounts.models import Municipality, User
from samverka.core.forms import add_service_errors
from samverka.meetings import ics, services
from samverka.meetings.access import (
    meeting_for_user,
    meeting_group_for_user,
    minutes_for_user,
    require_manager,
    visible_groups,
)
from samverka.meetings.models import CalendarFeed, Meeting
from samverka.meetings.notifications import notice_audience, send_notice
from samverka.meetings.pdf import meeting_pdf
from samverka.organisation.access import person_for_user
from samverka.organisation.models import Group

# A feed holds the past year too, so that a newly subscribed calendar shows recent meetings.
FEED_HISTORY = timedelta(days=365)


def _request_base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics_response(body: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A feed URL is a secret: no shared cache may keep a copy.
    response["Cache-Control"] = "private, max-age=0, no-cache"
    return response


def _year_param(request: HttpRequest) -> int | None:
    value = request.GET.get("ar", "")
    if value.isascii() and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return None


def _recent(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(starts_at__gte=timezone.now() - FEED_HISTORY)


# --- Downloads for a logged-in user -----------------------------------------------------------


@require_GET
def ics_meeting(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    meeting = meeting_for_user(access, pk)
    meetings = ics.with_agenda(Meeting.objects.filter(pk=meeting.pk))
    body = ics.calendar_bytes(
        meetings,
        name=ics.calendar_name(meeting.display_title, m.name),
        options=ics.EventOptions(base_url=_request_base_url(request), viewer=access),
    )
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return _ics_response(body, f"{slugify(meeting.group.name)}-{day}.ics")


@require_GET
def ics_group(request: HttpRequest, municipality: str, group_pk: int) -> HttpResponse:
    """A group's meetings of one year (``?ar=2026``), or of the past year and all ahead."""
    access = access_of(request)
    m = access.municipality
    group = meeting_group_for_user(access, group_pk)
    year = _year_param(request)
    of_group = Meeting.objects.filter(group=group)
    meetings = of_group.in_year(year) if year else _recent(of_group)
    body = ics.calendar_bytes(
        ics.with_agenda(meetings),
        name=ics.calendar_name(group.name, m.name),
        options=ics.EventOptions(base_url=_request_base_url(request), viewer=access),
    )
    suffix = f"-{year}" if year else ""
    return _ics_response(body, f"{slugify(group.name)}{suffix}.ics")


# --- Subscriptions ----------------------------------------------------------------------------


def feed_meetings(feed: CalendarFeed) -> QuerySet[Meeting]:
    """What a feed holds: its group's meetings, or those of every group the owner's person sits
    in ("mina möten"); the past year and everything ahead."""
    if feed.group is not None:
        meetings = Meeting.objects.filter(group=feed.group)
    else:
        person = person_for_user(feed.user, feed.municipality)
        if person is None:
            return Meeting.objects.none()
        # One filter() call: the person and the end date are of the same membership.
        meetings = Meeting.objects.filter(
            Q(group__memberships__end_date__isnull=True)
            | Q(group__memberships__end_date__gte=timezone.localdate()),
            municipality=feed.municipality,
            group__memberships__person=person,
        )
    return _recent(meetings)


def feed_title(feed: CalendarFeed) -> str:
    return feed.group.name if feed.group is not None else _("Mina möten")


@login_not_required
@require_safe  # calendar programs may ask with HEAD first
def feed(request: HttpRequest, municipality: str, token: str) -> HttpResponse:
    """The secret subscription URL a calendar client fetches without a login. Unknown and
    revoked tokens, and the feeds of users who lost their access, are all simply not found."""
    found = services.feed_for_token(token)
    if found is None or found.municipality.slug != municipality:
        raise Http404
    access = Access.for_user(found.user, found.municipality)
    body = ics.calendar_bytes(
        ics.with_agenda(feed_meetings(found)),
        name=ics.calendar_name(feed_title(found), found.municipality.name),
        options=ics.EventOptions(base_url=_request_base_url(request), viewer=access),
        feed=True,
    )
    return _ics_response(body, "samverka.ics", attachment=False)


class FeedForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=Group.objects.none(),
        required=False,
        label=gettext_lazy("Kalender"),
        empty_label=gettext_lazy("Mina möten – alla grupper jag är med i"),
        help_text=gettext_lazy("Välj en grupp för bara den gruppens möten."),
    )

    def __init__(self, *args: object, groups: QuerySet[Group], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


def feed_url(request: HttpRequest, m: Municipality, token: str) -> str:
    return request.build_absolute_uri(
        reverse("meetings:feed", kwargs={"municipality": m.slug, "token": token})
    )


@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest, municipality: str) -> HttpResponse:
    """Manage my calendar subscriptions: create one (the URL is shown once) or revoke one."""
    access = access_of(request)
    m = access.municipality
    user = request.user
    assert isinstance(user, User)  # the login middleware lets no anonymous user this far
    groups = visible_groups(access)
    form = FeedForm(request.POST if request.method == "POST" else None, groups=groups)
    new_url = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _feed, token = services.feed_create(
                    user=user, municipality=m, group=form.cleaned_data["group"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                new_url = feed_url(request, m, token)
                form = FeedForm(groups=groups)
        else:
            status = 400
    my_feeds = CalendarFeed.objects.filter(user=user, municipality=m).select_related("group")
    return render(
        request,
        "meetings/feeds.html",
        {
            "municipality": m,
            "nav": "meetings",
            "form": form,
            "new_url": new_url,
            "active_feeds": [f for f in my_feeds if f.is_active],
            "revoked_feeds": [f for f in my_feeds if not f.is_active][:10],
            "has_person": access.person is not None,
        },
        status=status,
    )


@require_POST
def feed_revoke(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    user = request.user
    assert isinstance(user, User)  # the login middleware lets no anonymous user this far
    found = CalendarFeed.objects.filter(pk=pk, municipality=m, user=user).first()
    if found is None:
        raise Http404
    services.feed_revoke(feed=found, user=request.user)
    messages.success(
        request,
        _("Prenumerationen på %(name)s är återkallad; adressen fungerar inte längre.")
        % {"name": feed_title(found)},
    )
    return redirect("meetings:feeds", municipality=m.slug)


# --- PDF --------------------------------------------------------------------------------------


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _file_stem(meeting: Meeting) -> str:
    day: date = timezone.localtime(meeting.starts_at).date()
    return f"{slugify(meeting.group.name)}-{day.isoformat()}"


@require_GET
def agenda_pdf(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The agenda (dagordning) as PDF: open to everyone who sees the meeting."""
    access = access_of(request)
    meeting = meeting_for_user(access, pk)
    body = meeting_pdf(meeting, None, access, base_url=_request_base_url(request))
    return _pdf_response(body, f"dagordning-{_file_stem(meeting)}.pdf")


@require_GET
def minutes_pdf(request: HttpRequest, municipality: str, pk: int, version: int) -> HttpResponse:
    """One version of the minutes as PDF: the group's members and the coordinators only."""
    access = access_of(request)
    meeting = meeting_for_user(access, pk)
    minutes = minutes_for_user(access, meeting, version)
    body = meeting_pdf(meeting, minutes, access, base_url=_request_base_url(request))
    return _pdf_response(body, f"protokoll-{_file_stem(meeting)}-v{minutes.version}.pdf")


# --- The notice (kallelse) --------------------------------------------------------------------


@require_POST
def notice_send(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """Send the notice with the calendar file to every member with an e-mail address."""
    access = access_of(request)
    m = access.municipality
    meeting = meeting_for_user(access, pk)
    require_manager(access, meeting.group)
    detail = reverse("meetings:detail", kwargs={"municipality": m.slug, "pk": meeting.pk})
    audience = notice_audience(meeting)
    try:
        sent = send_notice(meeting, reason="notice", user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(detail)
    without = len(audience.without_mail)
    if sent:
        messages.success(
            request,
            ngettext(
                "Kallelsen är skickad till %(n)s medlem.",
                "Kallelsen är skickad till %(n)s medlemmar.",
                sent,
            )
            % {"n": sent},
        )
    elif audience.with_mail:
        messages.error(request, _("Kallelsen kunde inte skickas. Försök igen om en stund."))
    else:
        messages.error(request, _("Ingen av gruppens medlemmar har en e-postadress."))
    if without and audience.with_mail:
        messages.warning(
            request,
            ngettext(
                "%(n)s medlem har ingen e-postadress och fick ingen kallelse.",
                "%(n)s medlemmar har ingen e-postadress och fick ingen kallelse.",
                without,
            )
            % {"n": without},
        )
    return redirect(detail)
