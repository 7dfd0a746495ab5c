"""`samverka fetch_police_events --municipality SLUG [--file FILE] [--dry-run]`: bring the
municipality's incidents up to date with the police's events feed now. `--turn-on` / `--turn-off`
decide whether the worker's schedule fetches it every quarter of an hour (``PoliceFeed``).

Idempotent: a second run adds nothing; an event the police have updated updates the incident
(its history is kept); events of other municipalities are counted, not errors. Any malformed
event imports nothing. See docs/incident-formats.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.core.progress import text_progress
from samverka.incidents.imports import ImportRefused
from samverka.incidents.management.commands._common import municipality_from
from samverka.incidents.models import PoliceFeed
from samverka.incidents.services.police_feed import fetch_feed, import_feed, outcome


class Command(BaseCommand):
    help = (
        "Fetch the police's events for a municipality (SAMVERKA_POLICE_FEED_URL, default "
        "https://polisen.se/api/events; 'off' turns fetching off) or read them from --file, "
        "and import them: new events added, updated events updated, the rest unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="the municipality's slug (e.g. goteborg)")
        parser.add_argument("--file", help="a saved copy of the feed instead of fetching it")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")
        turn = parser.add_mutually_exclusive_group()
        turn.add_argument(
            "--turn-on", action="store_true", help="fetch on the worker's schedule from now on"
        )
        turn.add_argument(
            "--turn-off", action="store_true", help="no longer fetch on the worker's schedule"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_from(options["municipality"])
        if options["turn_on"] or options["turn_off"]:
            PoliceFeed.objects.update_or_create(
                municipality=municipality, defaults={"enabled": bool(options["turn_on"])}
            )
            state = "hämtas nu" if options["turn_on"] else "hämtas inte längre"
            self.stdout.write(f"{municipality.name}: polisens händelser {state} enligt schemat.")
            return
        if options["file"]:
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise CommandError(f"Filen {path} finns inte.") from None
            except OSError as exc:
                raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
            source = path.name
        else:
            try:
                source, data = fetch_feed(municipality)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        try:
            checked = import_feed(
                municipality,
                data,
                source=source,
                dry_run=options["dry_run"],
                progress=text_progress(self.stderr),
            )
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(f"{source}: {error}")
            more = exc.error_count - len(exc.errors)
            if more > 0:
                self.stderr.write(f"{source}: … och {more} fel till.")
            raise CommandError(
                f"{source}: {exc.error_count} fel – inget har importerats."
            ) from None
        head = "Provkörning – inget har sparats" if options["dry_run"] else "Polisens händelser"
        self.stdout.write(
            f"{head}: {municipality.name}: {outcome(checked)}"
            + (
                f" ({checked.older_versions} äldre versioner i flödet)"
                if checked.older_versions
                else ""
            )
            + "."
        )
