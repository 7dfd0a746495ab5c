"""`samverka export_organisation SLUG [--format yaml|json] [-o FILE]`: the organisation file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.accounts.models import Municipality
from samverka.organisation.orgfile import FORMATS, export_organisation


class Command(BaseCommand):
    help = (
        "Export a municipality's whole organisation as a YAML (default) or JSON organisation "
        "file, to standard output or to a file. The output can be imported again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="the municipality's slug, e.g. goteborg")
        parser.add_argument("--format", choices=FORMATS, default="yaml", dest="fmt")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            known = ", ".join(Municipality.objects.values_list("slug", flat=True)) or "inga"
            raise CommandError(
                f"Det finns ingen kommun med kortnamnet {options['municipality']!r}. "
                f"Kända kortnamn: {known}."
            )
        text = export_organisation(municipality, fmt=options["fmt"])
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Kan inte skriva {path}: {exc.strerror}.") from None
            self.stderr.write(f"Skrev {municipality.name} till {path}.")
        else:
            self.stdout.write(text, ending="")
