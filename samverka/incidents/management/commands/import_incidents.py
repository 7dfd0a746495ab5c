"""`samverka import_incidents FILE [--format csv|xlsx|polisen] [--municipality SLUG]
[--organisation NAME] [--dry-run]`: import incidents, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.core.progress import text_progress
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.imports.jobs import mapping_for
from samverka.incidents.management.commands._common import municipality_from, organisation_from

SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "polisen"}


class Command(BaseCommand):
    help = (
        "Import incident reports from a CSV or XLSX file (headings or the organisation's saved "
        "column mapping) or from the police's public events JSON (docs/incident-formats.md). "
        "Every row is checked first; any error imports nothing. Rows already imported (same "
        "id, or the same content from the same organisation) are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "polisen"],
            help="the file's format (default: from its suffix: .csv, .xlsx, .json)",
        )
        parser.add_argument("--municipality", help="the municipality's slug (e.g. goteborg)")
        parser.add_argument(
            "--organisation", help="the reporting actor, by name (its column mapping is used)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = options["format"] or SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise CommandError("Ange --format csv, xlsx eller polisen.")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Filen {path} finns inte.") from None
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
        municipality = municipality_from(options["municipality"])
        organisation = organisation_from(municipality, options["organisation"])
        try:
            checked = import_file(
                data,
                fmt=fmt,
                municipality=municipality,
                organisation=organisation,
                user=None,
                filename=path.name,
                mapping=mapping_for(organisation) if fmt != "polisen" else None,
                dry_run=options["dry_run"],
                progress=text_progress(self.stderr),
            )
        except ImportRefused as exc:
            for error in exc.errors:
                self.stderr.write(f"{path.name}: {error}")
            more = exc.error_count - len(exc.errors)
            if more > 0:
                self.stderr.write(f"{path.name}: … och {more} fel till.")
            raise CommandError(
                f"{path.name}: {exc.error_count} fel – inget har importerats."
            ) from None
        head = "Provkörning – inget har sparats" if options["dry_run"] else "Importerat"
        self.stdout.write(
            f"{head}: {path.name} till {municipality.name}: {checked.rows} rader, "
            f"{checked.new_count} nya händelser, {checked.already_imported} fanns redan, "
            f"{checked.repeated_in_file} upprepade i filen"
            + (f", {checked.outside} utanför kommunen" if checked.outside else "")
            + "."
        )
        if checked.unused_columns:
            self.stdout.write("Kolumner som inte används: " + ", ".join(checked.unused_columns))
