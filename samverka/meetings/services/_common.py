"""Small helpers shared by the meeting services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.meetings.access import MeetingViewer
from samverka.meetings.models import Meeting, MinutesStatus
from samverka.organisation.models import Group


def require_manager(user: AnyUser | None, group: Group) -> None:
    if user is not None:
        MeetingViewer.of(user, group.municipality).require_manager(group)


def require_member(user: AnyUser | None, group: Group) -> None:
    if user is not None:
        MeetingViewer.of(user, group.municipality).require_member(group)


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
