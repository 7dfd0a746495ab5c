"""The meetings' scheduled background task (``samverka/background/schedule.py``): the notice
(kallelse) of every meeting of the coming week that has none yet, as ``samverka send_notices``
sends it by hand — through the same ``notifications.send_notice``, meeting by meeting.

Safe to run again, as the queue requires: a meeting whose notice went out has
``notice_sent_at`` and is not selected again; one whose mail server failed is, next time.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from samverka.background.policy import background_task
from samverka.meetings.models import Meeting, MeetingKind, MeetingStatus
from samverka.meetings.notifications import NoticeRefused, send_notice

logger = logging.getLogger(__name__)
# As `samverka send_notices` without --days: a notice goes out a week ahead.
DAYS_AHEAD = 7


class NoticesFailed(Exception):
    """Some notices could not be sent because of an error (not a missing place, not a mail
    server that is down: those are reported, and tried again by the next run). The task fails,
    so that the status page shows it, after every other meeting has had its notice."""


def due_for_notice(days: int = DAYS_AHEAD) -> QuerySet[Meeting]:
    """The planned meetings of the coming ``days`` days without a notice (acute meetings were
    notified when convened): the same selection as ``samverka send_notices``."""
    now = timezone.now()
    return (
        Meeting.objects.filter(
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
            status=MeetingStatus.PLANNED,
            notice_sent_at__isnull=True,
        )
        .exclude(kind=MeetingKind.ACUTE)
        .select_related("group", "municipality")
        .order_by("starts_at")
    )


@background_task(max_attempts=1)
def send_meeting_notices() -> dict[str, Any]:
    """Every quarter of an hour: send the notices that are due. No retry of the task as a whole:
    the next quarter selects what is still unsent. Returns the counts (and the meetings skipped
    for want of a place, so that someone adds it)."""
    sent = without = 0
    skipped: list[int] = []
    failed: list[int] = []
    for meeting in due_for_notice():
        # Each meeting on its own: one that fails is logged, and every other still gets its notice.
        try:
            count = send_notice(meeting, reason="notice")
        except NoticeRefused as refusal:
            logger.info("Notice for meeting %s skipped: %s", meeting.pk, " ".join(refusal.messages))
            skipped.append(meeting.pk)
            continue
        except ValidationError:
            count = 0
        except Exception:
            logger.exception("Notice for meeting %s could not be sent", meeting.pk)
            failed.append(meeting.pk)
            continue
        if count:
            sent += 1
        else:
            without += 1  # no member with an address, or the mail server failed
    if failed:
        raise NoticesFailed(
            f"{len(failed)} kallelser kunde inte skickas (möte {', '.join(map(str, failed))}); "
            f"{sent} skickades."
        )
    return {"sent": sent, "without_recipients": without, "skipped": skipped}
