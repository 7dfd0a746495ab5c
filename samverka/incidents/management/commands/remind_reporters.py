"""`samverka remind_reporters [--week 2026-W45] [--municipality SLUG] [--dry-run] [--again]`:
e-mail the reporters of every roster organisation that has not reported for the week."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.incidents.selectors import parse_week
from samverka.incidents.services import remind_reporters
from samverka.lib.dates import WeekError, week_code


class Command(BaseCommand):
    help = (
        "Send a reminder to the reporters (people of the organisation linked to an account "
        "with the role member or coordinator) of every roster organisation that has neither "
        "reported an incident nor 'nothing to report' for the week, in every municipality or "
        "one. Default week: last week. An organisation is reminded once per week unless "
        "--again is given. Mail goes through Django's EMAIL_BACKEND."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", help="ISO week, e.g. 2026-W45 (default: last week)")
        parser.add_argument("--municipality", help="only this municipality (slug)")
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")
        parser.add_argument("--again", action="store_true", help="remind again this week")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["week"] or week_code(timezone.localdate() - timedelta(days=7))
        try:
            week = parse_week(raw)[1]
        except WeekError as exc:
            raise CommandError(str(exc)) from None
        municipalities = Municipality.objects.order_by("slug")
        if options["municipality"]:
            municipalities = municipalities.filter(slug=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"Kommunen ”{options['municipality']}” finns inte.")
        for municipality in municipalities:
            result = remind_reporters(
                municipality=municipality,
                week=week,
                dry_run=options["dry_run"],
                again=options["again"],
            )
            for reminder in result.reminders:
                state = (
                    "ingen rapportör med e-post"
                    if not reminder.recipients
                    else "påmind redan"
                    if reminder.already_sent and not options["again"]
                    else f"{len(reminder.recipients)} mottagare"
                )
                self.stdout.write(
                    f"{municipality.slug} {week}: {reminder.organisation.name} saknas för "
                    f"{', '.join(reminder.areas)} – {state}"
                )
            verb = "skulle skickas" if options["dry_run"] else "skickade"
            count = (
                sum(len(r.recipients) for r in result.reminders if not r.already_sent)
                if options["dry_run"]
                else result.sent
            )
            self.stdout.write(f"{municipality.slug} {week}: {count} påminnelser {verb}.")
