"""`samverka faktablad AREA --format pdf|html|json -o FILE [--municipality SLUG]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import text_progress
from samverka.reports.factsheet import build_fact_sheet
from samverka.reports.rendering import fact_sheet_html, fact_sheet_pdf


class Command(BaseCommand):
    help = (
        "Write an area's fact sheet (faktablad) as PDF, HTML or JSON. AREA is the area's id, "
        "name or code (SCB, DeSO, RegSO or the municipality's own) within --municipality, "
        "which may be left out when there is only one municipality."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="the area: id, name or code")
        parser.add_argument("--municipality", metavar="SLUG", help="the municipality's slug")
        parser.add_argument("--format", choices=["pdf", "html", "json"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--year", type=int, help="the latest year of statistics to use")

    def _municipality(self, slug: str | None) -> Municipality:
        if slug:
            found = Municipality.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"Kommunen {slug!r} finns inte.")
            return found
        municipalities = list(Municipality.objects.all()[:2])
        if len(municipalities) != 1:
            raise CommandError("Ange kommunen med --municipality SLUG.")
        return municipalities[0]

    def _area(self, municipality: Municipality, text: str) -> Area:
        areas = Area.objects.filter(municipality=municipality)
        query = (
            Q(name__iexact=text)
            | Q(scb_code=text)
            | Q(deso_code=text)
            | Q(regso_code=text)
            | Q(local_code=text)
        )
        if text.isdigit() and int(text) < 2**63:
            query |= Q(pk=int(text))
        found = list(areas.filter(query)[:2])
        if not found:
            raise CommandError(f"Området {text!r} finns inte i {municipality.name}.")
        if len(found) > 1:
            raise CommandError(f"{text!r} passar flera områden; ange områdets id.")
        return found[0]

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = self._municipality(options["municipality"])
        area = self._area(municipality, options["area"])
        progress = text_progress(self.stderr)
        progress("faktablad", 0, 2)
        sheet = build_fact_sheet(area, year=options["year"])
        progress("faktablad", 1, 2)
        fmt = options["format"]
        if fmt == "pdf":
            content: bytes = fact_sheet_pdf(sheet)
        elif fmt == "html":
            content = fact_sheet_html(sheet, for_print=True).encode("utf-8")
        else:
            content = json.dumps(sheet.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        progress("faktablad", 2, 2)
        output = Path(options["output"])
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan inte skriva {output}: {exc.strerror}.") from None
        self.stdout.write(f"Faktabladet för {sheet.heading} är skrivet till {output} ({fmt}).")
