"""Small helpers shared by the meeting services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.meetings import access
from samverka.meetings.models import Meeting, MinutesStatus
from samverka.organisation.models import Group


def require_manager(user: AnyUser | None, group: Group) -> None:
    """``user`` None: the operator, through a command, who may do anything."""
    if user is not None:
        access.require_manager(Access.for_user(user, group.municipality), group)


def require_member(user: AnyUser | None, group: Group) -> None:
    if user is not None:
        access.require_member(Access.for_user(user, group.municipality), group)


def require_unlocked(meeting: Meeting) -> None:
    """Approved minutes lock the meeting's record: agenda, notes and decisions."""
    latest = meeting.minutes_versions.order_by("-version").first()
    if latest is not None and latest.status == MinutesStatus.APPROVED:
        raise ValidationError(
            _(
                "Protokollet för mötet är justerat och kan inte ändras. Skapa en ny version av "
                "protokollet om något behöver rättas."
            )
        )


def require_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Mötet är inställt."))


class StateConflict(ValidationError):
    """A well-formed request that the state of things refuses, which may pass later: minutes or a
    decision for a meeting that has not started, a notice without a place. The API answers 409
    (the project's convention for rule refusals); pages show the message."""


class MeetingNotStarted(StateConflict):
    """A record of what happened at a meeting, asked for before the meeting has begun."""


def when_text(meeting: Meeting) -> str:
    """The start as a coordinator reads it: "torsdag 17 december 2026 kl. 09.00"."""
    local = timezone.localtime(meeting.starts_at)
    return _("%(day)s kl. %(time)s") % {
        "day": date_format(local, "l j F Y"),
        "time": date_format(local, "H.i"),
    }


def require_started(meeting: Meeting, record: str) -> None:
    """Minutes, attendance, approval (justering) and decisions only once the meeting has begun:
    a record cannot say that something happened before it did."""
    if meeting.has_started():
        return
    messages = {
        "minutes": _("Protokollet kan skrivas först när mötet har börjat."),
        "attendance": _("Närvaron kan föras först när mötet har börjat."),
        "approval": _("Protokollet kan justeras först när mötet har börjat."),
        "decision": _("Beslut kan registreras först när mötet har börjat."),
    }
    raise MeetingNotStarted(
        _("%(what)s Mötet börjar %(when)s.")
        % {"what": messages[record], "when": when_text(meeting)}
    )
