"""`samverka send_notices --days 7`: send the notice (kallelse) of every meeting in the coming
days that has none yet. Meant to run daily (cron or a systemd timer).

A meeting whose notice cannot go out as it stands (no place yet) is skipped and named in the
report, so that someone adds the place; the next run sends it. One meeting never stops the
others."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverka.core.progress import text_progress
from samverka.meetings.models import Meeting, MeetingKind, MeetingStatus
from samverka.meetings.notifications import NoticeRefused, notice_problem, send_notice

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail the notice, with the meeting as a calendar file, for every planned meeting in "
        "the next DAYS days that has not had one. Acute meetings were notified when convened. "
        "A meeting without a place (nor a video link) is skipped and listed; the others are sent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="how many days ahead (default 7)")
        parser.add_argument("--municipality", metavar="SLUG", help="only this municipality")
        parser.add_argument(
            "--dry-run", action="store_true", help="list the meetings without sending anything"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["days"] <= 365:
            raise CommandError("Ange mellan 1 och 365 dagar.")
        now = timezone.now()
        meetings = (
            Meeting.objects.filter(
                starts_at__gte=now,
                starts_at__lt=now + timedelta(days=options["days"]),
                status=MeetingStatus.PLANNED,
                notice_sent_at__isnull=True,
            )
            .exclude(kind=MeetingKind.ACUTE)
            .select_related("group", "municipality")
            .order_by("starts_at")
        )
        if options["municipality"]:
            meetings = meetings.filter(municipality__slug=options["municipality"])
        meetings_list = list(meetings)
        if options["dry_run"]:
            would = 0
            for meeting in meetings_list:
                when = timezone.localtime(meeting.starts_at)
                problem = notice_problem(meeting)
                note = "  (skickas inte: saknar plats)" if problem else ""
                would += not problem
                self.stdout.write(f"{when:%Y-%m-%d %H.%M}  {meeting.display_title}{note}")
            self.stdout.write(f"{would} kallelser skulle skickas (provkörning).")
            return
        progress = text_progress(self.stderr)
        sent = without = 0
        failed: list[Meeting] = []
        skipped: list[tuple[Meeting, str]] = []
        for done, meeting in enumerate(meetings_list, start=1):
            # Each meeting on its own: one that fails (a broken stored value, a bug) is logged
            # and reported, and the notices of every other meeting, in every municipality,
            # still go out.
            try:
                count = send_notice(meeting, reason="notice")
            except NoticeRefused as refusal:
                skipped.append((meeting, " ".join(refusal.messages)))
                count = None
            except ValidationError:
                count = 0
            except Exception:
                logger.exception("Notice for meeting %s could not be sent", meeting.pk)
                failed.append(meeting)
                count = None
            if count:
                sent += 1
            elif count == 0:
                without += 1
            progress("kallelser", done, len(meetings_list))
        self.stdout.write(
            f"{sent} kallelser skickade"
            + (f", {without} möten utan mottagare eller med fel" if without else "")
            + (f", {len(skipped)} möten hoppades över" if skipped else "")
            + "."
        )
        for meeting, why in skipped:
            when = timezone.localtime(meeting.starts_at)
            self.stdout.write(
                f"Hoppade över: möte {meeting.pk} ({meeting.municipality.slug}), "
                f"{when:%Y-%m-%d %H.%M} {meeting.display_title}: {why}"
            )
        if failed:
            for meeting in failed:
                when = timezone.localtime(meeting.starts_at)
                self.stderr.write(
                    f"Misslyckades: möte {meeting.pk} ({meeting.municipality.slug}), "
                    f"{when:%Y-%m-%d %H.%M}"
                )
            raise CommandError(f"{len(failed)} kallelser kunde inte skickas; se loggen.")
