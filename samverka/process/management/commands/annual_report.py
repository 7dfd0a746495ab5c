"""`samverka annual_report MUNICIPALITY --year YEAR --format pdf|xlsx|json -o FILE`: the annual
follow-up report (goals, indicators, measures, follow-ups, evaluations, lessons, the law) for the
steering group and the kommunstyrelse, with a progress bar on stderr."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.progress import text_progress
from samverka.process.annual_report import (
    MAX_YEAR,
    MIN_YEAR,
    annual_report_pdf,
    annual_report_xlsx,
    build_annual_report,
)

FORMATS = ("pdf", "xlsx", "json")


class Command(BaseCommand):
    help = (
        "Write a municipality's annual follow-up report of a year as PDF, XLSX or JSON: goals, "
        "indicators, measures with progress, follow-ups, evaluations, lessons and the law."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="the municipality's slug, e.g. goteborg")
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-' = stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["municipality"]
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            known = ", ".join(Municipality.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Kommunen {slug!r} finns inte. Kända kortnamn: {known or '–'}.")
        year = options.get("year") or timezone.localdate().year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"Ange ett år mellan {MIN_YEAR} och {MAX_YEAR}.")
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt in ("pdf", "xlsx"):
            raise CommandError("PDF och XLSX skrivs till en fil: ange -o FIL.")
        progress = text_progress(self.stderr)
        if fmt == "pdf":
            content = annual_report_pdf(municipality, year, progress=progress)
        elif fmt == "xlsx":
            content = annual_report_xlsx(build_annual_report(municipality, year, progress=progress))
        else:
            report = build_annual_report(municipality, year, progress=progress)
            content = json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan inte skriva {output}: {exc.strerror}.") from None
        self.stdout.write(f"Skrev {output}: årsrapport {year} för {municipality.name} ({fmt}).")
