"""The access log of personal data: every read of an SSPF record or an incident's free text.

Callers log *before* they show anything, so a read that fails half-way is still in the log. A
refused read (``granted=False``) is logged too. Writing the log never fails the read silently:
if the row cannot be written, the exception propagates and nothing is shown.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality, PersonalDataAccess


def log_personal_data_access(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    kind: str,
    object_id: str | int = "",
    description: str = "",
    reason: str = "",
    granted: bool = True,
    channel: str = "web",
) -> PersonalDataAccess:
    """Record one read (or refused read) of personal data."""
    authenticated = user is not None and user.is_authenticated
    return PersonalDataAccess.objects.create(
        municipality=municipality,
        user=user if authenticated else None,  # type: ignore[misc]
        username=(user.get_username() if authenticated else "")[:150],  # type: ignore[union-attr]
        kind=kind[:40],
        object_id=str(object_id)[:40],
        description=description[:300],
        reason=reason[:300],
        granted=granted,
        channel=channel[:20],
    )


def purge_expired_access_log(*, now=None) -> int:  # type: ignore[no-untyped-def]
    """Delete log rows older than each municipality's retention; returns how many."""
    now = now or timezone.now()
    removed = 0
    for municipality in Municipality.objects.only("pk", "access_log_retention_days"):
        cutoff = now - timedelta(days=municipality.access_log_retention_days)
        count, _ = PersonalDataAccess.objects.filter(
            municipality=municipality, at__lt=cutoff
        ).delete()
        removed += count
    return removed
