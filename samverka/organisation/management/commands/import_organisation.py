"""`samverka import_organisation FILE [--dry-run]`: load an organisation file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.organisation.orgfile import (
    OrganisationFileError,
    import_organisation,
    parse_organisation_file,
)
from samverka.organisation.orgfile.parse import check_size
from samverka.organisation.orgfile.progress import text_progress


class Command(BaseCommand):
    help = (
        "Import a municipality's whole organisation from a YAML/JSON organisation file "
        "(docs/organisation-format.md). Updates in place by name; removes what the file no "
        "longer lists. Nothing is written if the file has any error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the organisation file (.yaml or .json)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and show what would change, without saving anything",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            # The size first: a file over the cap is refused before it is read into memory.
            check_size(path.stat().st_size)
            text = path.read_text(encoding="utf-8")
        except OrganisationFileError as exc:
            raise CommandError(f"{path.name}: {exc.errors[0]}") from None
        except FileNotFoundError:
            raise CommandError(f"Filen {path} finns inte.") from None
        except UnicodeDecodeError:
            raise CommandError(f"Filen {path} är inte sparad som UTF-8.") from None
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
        try:
            parsed = parse_organisation_file(
                text, filename=path.name, base_dir=path.resolve().parent
            )
            summary = import_organisation(
                parsed, dry_run=options["dry_run"], progress=text_progress(self.stderr)
            )
        except OrganisationFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{path.name}: {len(exc.errors)} fel – inget har sparats.") from None
        for warning in summary.warnings:
            self.stderr.write(f"{path.name}: varning: {warning}")
        for line in summary.lines():
            if not line.startswith("Varning"):
                self.stdout.write(line)
