"""Small helpers shared by the meeting services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
