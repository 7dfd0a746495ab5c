"""`samverka meetings GROUP --year YEAR`: a group's meetings of a year, one line each."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from samverka.lib.dates import iso_week
from samverka.meetings.management.commands._common import (
    add_group_arguments,
    check_year,
    find_group,
    year_argument,
)
from samverka.meetings.models import Meeting

HEADERS = ("Datum", "Vecka", "Tid", "Typ", "Status", "Plats")


class Command(BaseCommand):
    help = "List a group's meetings of one year: date, ISO week, time, kind, status and place."

    def add_arguments(self, parser: CommandParser) -> None:
        add_group_arguments(parser)
        year_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        group = find_group(options["group"], options["municipality"])
        year = check_year(options["year"])
        rows = []
        for meeting in Meeting.objects.filter(group=group).in_year(year).order_by("starts_at"):
            starts = timezone.localtime(meeting.starts_at)
            ends = timezone.localtime(meeting.ends_at)
            rows.append(
                (
                    starts.date().isoformat(),
                    f"v. {iso_week(starts.date())[1]}",
                    f"{starts:%H.%M}–{ends:%H.%M}",
                    meeting.get_kind_display(),
                    meeting.get_status_display(),
                    meeting.location or "–",
                )
            )
        self.stdout.write(f"{group.name} ({group.municipality.name}), {year}: {len(rows)} möten")
        if not rows:
            return
        widths = [max(len(str(r[i])) for r in (HEADERS, *rows)) for i in range(len(HEADERS))]
        for row in (HEADERS, *rows):
            cells = (str(value).ljust(width) for value, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
