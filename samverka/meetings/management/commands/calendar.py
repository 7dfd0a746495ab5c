"""`samverka calendar GROUP --year YEAR -o FILE.ics`: a group's meetings of a year as a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.meetings import ics
from samverka.meetings.management.commands._common import (
    add_group_arguments,
    check_year,
    find_group,
    year_argument,
)
from samverka.meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Write a group's meetings of one year as an iCalendar file (RFC 5545) that calendar "
        "programs import. Video links are left out: the file may be passed on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_group_arguments(parser)
        year_argument(parser)
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="the .ics file; - for stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = find_group(options["group"], options["municipality"])
        year = check_year(options["year"])
        meetings = ics.with_agenda(Meeting.objects.filter(group=group).in_year(year))
        data = ics.calendar_bytes(
            meetings,
            name=ics.calendar_name(f"{group.name} {year}", group.municipality.name),
            options=ics.EventOptions(base_url=ics.base_url()),
        )
        count = meetings.count()
        if options["output"] == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        path = Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte skrivas: {exc.strerror}.") from None
        self.stdout.write(f"{path}: {count} möten för {group.name} {year}.")
