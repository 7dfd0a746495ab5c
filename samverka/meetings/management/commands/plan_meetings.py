"""`samverka plan_meetings GROUP --year YEAR [--dry-run]`: plan a year's meetings from the
group's cadence (six a year spread over the year, every other week …)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.lib.dates import iso_week
from samverka.lib.meeting_dates import PlanOptions
from samverka.meetings import services
from samverka.meetings.management.commands._common import (
    add_group_arguments,
    check_year,
    find_group,
    year_argument,
)
from samverka.meetings.models import MeetingSeries
from samverka.meetings.services.planning import plan_dates


def _time(text: str) -> time:
    for pattern in ("%H:%M", "%H.%M"):
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    raise CommandError(f"”{text}” är ingen tid. Skriv till exempel 09:00.")


class Command(BaseCommand):
    help = (
        "Plan a group's ordinary meetings for a year from its cadence, each with the group's "
        "standing agenda. Summer and Christmas weeks are left out as the cadence says."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_group_arguments(parser)
        year_argument(parser)
        parser.add_argument("--start", default="09:00", help="start time (default 09:00)")
        parser.add_argument(
            "--minutes", type=int, default=120, help="length in minutes (default 120)"
        )
        parser.add_argument("--location", default="", help="the usual place")
        summer = parser.add_mutually_exclusive_group()
        summer.add_argument(
            "--skip-summer", dest="skip_summer", action="store_true", default=None,
            help="no meetings in ISO weeks 27–32",
        )  # fmt: skip
        summer.add_argument(
            "--meet-in-summer", dest="skip_summer", action="store_false",
            help="keep meeting through the summer",
        )  # fmt: skip
        parser.add_argument(
            "--meet-at-christmas",
            action="store_true",
            help="keep meeting in the Christmas and New Year weeks",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show the dates without planning anything"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = find_group(options["group"], options["municipality"])
        year = check_year(options["year"])
        start = _time(options["start"])
        if not 15 <= options["minutes"] <= 720:
            raise CommandError("Ett möte är mellan 15 och 720 minuter långt.")
        skip_christmas = not options["meet_at_christmas"]
        if options["dry_run"]:
            options_ = PlanOptions(
                weekday=group.meeting_weekday or PlanOptions.weekday,
                skip_summer=options["skip_summer"],
                skip_christmas=skip_christmas,
            )
            days = plan_dates(group, year, options_)
            if MeetingSeries.objects.filter(group=group, year=year).exists():
                self.stderr.write(f"Obs: {group.name} har redan en mötesserie för {year}.")
            self.stdout.write(
                f"{group.name} ({group.cadence_label()}), {year}: {len(days)} möten "
                "(provkörning, inget sparat)"
            )
            for day in days:
                self.stdout.write(f"  {day.isoformat()}  v. {iso_week(day)[1]}  {start:%H.%M}")
            return
        try:
            series = services.series_plan(
                group=group,
                year=year,
                user=None,
                start=start,
                duration=timedelta(minutes=options["minutes"]),
                location=options["location"],
                skip_summer=options["skip_summer"],
                skip_christmas=skip_christmas,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        count = series.meetings.count()
        self.stdout.write(f"{group.name}, {year}: {count} möten planerade.")
