"""Calendar feeds: a secret URL per user and group (or for all the user's own meetings).

The token is 32 random bytes shown once; only its SHA-256 is stored, so a copy of the database
does not open anyone's calendar. Every fetch re-checks the owner's access: a feed stops working
the moment its owner loses the account, the role or the group membership it needs.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, User
from samverka.meetings.access import sees_meetings_of
from samverka.meetings.models import CalendarFeed
from samverka.organisation.models import Group


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_create(
    *, user: User, municipality: Municipality, group: Group | None = None
) -> tuple[CalendarFeed, str]:
    """A new feed and its token (shown to the user once)."""
    access = Access.for_user(user, municipality)
    if not access.has_role:
        raise ValidationError(_("Du har ingen behörighet i kommunen."))
    if group is not None:
        if group.municipality_id != municipality.pk:
            raise ValidationError({"group": _("Valet finns inte i den här kommunen.")})
        if not sees_meetings_of(access, group):
            raise ValidationError({"group": _("Valet finns inte i den här kommunen.")})
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        user=user, municipality=municipality, group=group, token_hash=_hash(token)
    )
    audit(
        municipality=municipality,
        user=user,
        action="calendar_feed_created",
        obj=feed,
        summary=f"Kalender: {group.name if group else 'mina möten'}",
    )
    return feed, token


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, user: AnyUser) -> None:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit(municipality=feed.municipality, user=user, action="calendar_feed_revoked", obj=feed)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed for a token, or None (unknown, revoked, or its owner lost access)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user", "municipality", "group")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    # The owner's access now, not when the feed was made: a role taken away ends the feed.
    access = Access.for_user(feed.user, feed.municipality)
    if not access.has_role:
        return None
    if feed.group is not None and not sees_meetings_of(access, feed.group):
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed
