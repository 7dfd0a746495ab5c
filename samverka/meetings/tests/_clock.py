"""Time passing, for tests that follow a meeting from its planning to its record.

Minutes, attendance, approval and decisions are refused before a meeting has begun, and a test
cannot wait for the day: ``the_meeting_begins`` moves the meeting's time as the clock would have
(straight in the database, keeping its length), so that what was planned for it stays on it.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samverka.meetings.models import Meeting


def the_meeting_begins(meeting: Meeting, *, ago: timedelta = timedelta(hours=1)) -> Meeting:
    """``meeting`` as it is once it has begun: started ``ago``, as long as it was planned."""
    length = meeting.ends_at - meeting.starts_at
    starts = timezone.now().replace(microsecond=0) - ago
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + length)
    meeting.refresh_from_db()
    return meeting
