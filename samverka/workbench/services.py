"""The one write of the start page: remembering when the person looked."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.workbench.models import LastVisit

# A visit within this time of the last one is the same visit (a reload, a return from a task).
VISIT_GAP = timedelta(minutes=30)


@transaction.atomic
def visit_record(*, access: Access, now: datetime | None = None) -> datetime | None:
    """Note that the person opens their start page now; returns the end of their previous
    visit, after which the changes are "new", or None on their first visit.

    Written at most once per ``VISIT_GAP``: a reload changes nothing (and leaves no trace in the
    audit trail)."""
    user = access.user
    if user is None or not user.is_authenticated:
        return None
    now = now or timezone.now()
    visit, created = LastVisit.objects.select_for_update().get_or_create(
        user=user, municipality=access.municipality, defaults={"current_at": now}
    )
    if not created and now - visit.current_at > VISIT_GAP:
        visit.previous_at = visit.current_at
        visit.current_at = now
        visit.save(update_fields=["previous_at", "current_at"])
    return visit.previous_at
