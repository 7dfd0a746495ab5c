"""`samverka update_reference_geography [--file F] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.core.progress import text_progress
from samverka.stats.importers import StatisticsFileError
from samverka.stats.management.commands.import_statistics import _system_user
from samverka.stats.reference import REFERENCE_FILE, load_reference_geography


class Command(BaseCommand):
    help = (
        "Create or update the reference geography (police regions, counties, the 290 "
        "municipalities, city districts, local police areas and the municipalities they serve) "
        "from the file shipped with samverka, or from --file when SCB or the police change them. "
        "Every row is checked; one bad row and nothing is saved. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            help=f"a file in the same format (default: the shipped {REFERENCE_FILE.name})",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument(
            "--operator",
            default="",
            help="who runs the command, for the audit row (default: the system user)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"]) if options["file"] else REFERENCE_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Filen {path} finns inte.") from None
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
        try:
            result = load_reference_geography(
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
                operator=options["operator"] or _system_user(),
                progress=text_progress(self.stderr),
            )
        except StatisticsFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{path.name}: {len(exc.errors)} fel – inget har sparats.") from None
        self.stdout.write(result.line())
