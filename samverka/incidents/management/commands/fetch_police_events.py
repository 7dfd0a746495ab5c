"""`samverka fetch_police_events --municipality SLUG [--file FILE] [--dry-run]`: bring the
municipality's incidents up to date with the police's events feed (run it on a schedule).

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
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.management.commands._common import municipality_from
from samverka.incidents.services.police_feed import fetch_feed


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

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_from(options["municipality"])
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
            checked = import_file(
                data,
                fmt="polisen",
                municipality=municipality,
                organisation=None,
                user=None,
                filename=source[-255:],
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
            f"{head}: {municipality.name}: {checked.rows} händelser i flödet, "
            f"{checked.new_count} nya, {len(checked.updated)} uppdaterade, "
            f"{checked.already_imported} oförändrade, {checked.outside} i annan kommun"
            + (
                f" ({checked.older_versions} äldre versioner i flödet)"
                if checked.older_versions
                else ""
            )
            + "."
        )
