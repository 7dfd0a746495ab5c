"""`samverka import_statistics FILE --format bra|scb|ntu|survey|geografi [--dry-run]`."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.accounts.models import Municipality, User
from samverka.core.progress import text_progress
from samverka.stats.importers import (
    Options,
    ProvenanceInput,
    StatisticsFileError,
    import_statistics,
)
from samverka.stats.models import ImportFormat
from samverka.stats.reference import ensure_reference_geographies


def _system_user() -> str:
    """Who runs the command, as the operating system knows them (for the audit row)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid, e.g. in a container
        return ""


class Command(BaseCommand):
    help = (
        "Import a statistics file (docs/statistics-formats.md): Brå's reported offences (bra), "
        "SCB's population (scb), NTU's indicators (ntu), a local safety survey (survey) or "
        "reference geographies (geografi). Without --municipality, public statistics become "
        "shared reference data for every municipality. All or nothing; importing the same file "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file (.csv or .xlsx)")
        parser.add_argument(
            "--format", required=True, choices=ImportFormat.values, help="the file's format"
        )
        parser.add_argument(
            "--municipality",
            metavar="SLUG",
            help="import as this municipality's own values (required for survey)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument("--year", type=int, help="the year, for a file without a year column")
        parser.add_argument(
            "--preliminary",
            choices=["ja", "nej"],
            help="mark every value preliminary (ja) or final (nej); default: as the file says",
        )
        parser.add_argument("--publisher", default="", help="provenance: publisher")
        parser.add_argument("--table", default="", help="provenance: table or publication")
        parser.add_argument("--url", default="", help="provenance: address")
        parser.add_argument("--retrieved", default="", help="provenance: retrieved on (YYYY-MM-DD)")
        parser.add_argument("--retrieved-by", default="", help="provenance: retrieved by")
        parser.add_argument(
            "--synthetic", action="store_true", help="the values are made up for an example"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user (shared reference data: a platform administrator only)",
        )
        parser.add_argument(
            "--operator",
            default="",
            help="who runs the command, for the audit row (default: the system user)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Filen {path} finns inte.") from None
        except OSError as exc:
            raise CommandError(f"Filen {path} kan inte läsas: {exc.strerror}.") from None
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Kommunen {options['municipality']!r} finns inte.")
        retrieved = None
        if options["retrieved"]:
            try:
                retrieved = date.fromisoformat(options["retrieved"])
            except ValueError:
                raise CommandError("--retrieved ska vara ett datum som 2025-03-01.") from None
        if options["year"] is not None and not 1900 <= options["year"] <= 2100:
            raise CommandError("--year ska ligga mellan 1900 och 2100.")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Användaren {options['user']!r} finns inte.")
        operator = options["operator"] or _system_user()
        ensure_reference_geographies()
        try:
            result = import_statistics(
                data,
                filename=path.name,
                fmt=options["format"],
                municipality=municipality,
                shared=municipality is None,
                provenance=ProvenanceInput(
                    publisher=options["publisher"],
                    table=options["table"],
                    url=options["url"],
                    retrieved_on=retrieved,
                    retrieved_by=options["retrieved_by"],
                    is_synthetic=True if options["synthetic"] else None,
                ),
                options=Options(
                    year=options["year"],
                    preliminary={"ja": True, "nej": False}.get(options["preliminary"] or ""),
                ),
                dry_run=options["dry_run"],
                progress=text_progress(self.stderr),
                user=user,
                operator=operator,
            )
        except StatisticsFileError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(f"{path.name}: {len(exc.errors)} fel – inget har sparats.") from None
        self.stdout.write(result.line())
