"""`samverka lagesbild --area AREA --period 2026-W45/2026-W46 --format pdf -o FILE`: a lägesbild
as a file, for the steering group's mail or a GIS. The latest adopted version when there is one
(its stored figures), otherwise the figures computed now; ``--live`` always computes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import text_progress
from samverka.situation.figures import SituationFigures, compute_situation
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.outputs import statuses_of, to_geojson, to_pdf, to_xlsx
from samverka.situation.periods import PeriodError, default_period, parse_period

FORMATS = ("pdf", "xlsx", "json", "geojson")


def find_area(text: str, municipality_slug: str | None) -> Area:
    """An area by id, the municipality's own code or its name (case ignored)."""
    areas = Area.objects.select_related("municipality")
    if municipality_slug:
        municipality = Municipality.objects.filter(slug=municipality_slug).first()
        if municipality is None:
            raise CommandError(f"Kommunen {municipality_slug!r} finns inte.")
        areas = areas.filter(municipality=municipality)
    query = Q(local_code=text) | Q(name__iexact=text)
    if text.isdigit() and len(text) < 19:
        query |= Q(pk=int(text))
    found = list(areas.filter(query)[:10])
    if not found:
        raise CommandError(f"Inget område heter eller har koden {text!r}.")
    if len({a.municipality_id for a in found}) > 1:
        names = ", ".join(sorted({a.municipality.slug for a in found}))
        raise CommandError(f"{text!r} finns i flera kommuner ({names}): ange --municipality.")
    if len(found) > 1:
        exact = [a for a in found if str(a.pk) == text] or [
            a for a in found if a.local_code == text
        ]
        if len(exact) != 1:
            raise CommandError(f"{text!r} passar flera områden: ange områdets id.")
        return exact[0]
    return found[0]


class Command(BaseCommand):
    help = (
        "Write the lägesbild of an area and a period as PDF, XLSX, JSON or GeoJSON. Uses the "
        "latest adopted version's stored figures when there is one, otherwise computes them now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="area id, local code or name")
        parser.add_argument(
            "--period",
            help="2026-W45/2026-W46, 2026-W45, 2026-11, 2026-T3 or 2026 "
            "(default: the latest complete two weeks)",
        )
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-' = stdout)")
        parser.add_argument("--municipality", help="the municipality's slug, when several")
        parser.add_argument(
            "--live", action="store_true", help="compute now even if a version is adopted"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = find_area(options["area"].strip(), options.get("municipality"))
        try:
            period = (
                parse_period(options["period"])
                if options.get("period")
                else default_period(timezone.localdate())
            )
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt in ("pdf", "xlsx"):
            raise CommandError("PDF och XLSX skrivs till en fil: ange -o FIL.")
        progress = text_progress(self.stderr)
        progress("lägesbild", 0, 2)
        report = None
        if not options["live"]:
            report = (
                SituationReport.objects.filter(
                    area=area,
                    period_kind=period.kind,
                    period_start=period.start,
                    status=ReportStatus.ADOPTED,
                )
                .order_by("-version")
                .first()
            )
        figures = (
            SituationFigures.from_json(report.snapshot)
            if report and report.snapshot
            else compute_situation(area, period)
        )
        progress("lägesbild", 1, 2)
        statuses = statuses_of(report)
        if fmt == "pdf":
            content = to_pdf(figures, area, report=report, statuses=statuses)
        elif fmt == "xlsx":
            content = to_xlsx(figures, report=report, statuses=statuses)
        elif fmt == "geojson":
            content = to_geojson(figures, area, statuses)
        else:
            data = {**figures.to_json(), "statuses": statuses}
            if report is not None:
                data["report"] = {
                    "id": report.pk,
                    "version": report.version,
                    "adopted_at": report.adopted_at.isoformat() if report.adopted_at else None,
                    "assessment": report.assessment,
                }
            content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        progress("lägesbild", 2, 2)
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan inte skriva {output}: {exc.strerror}.") from None
        source = (
            f"version {report.version}, fastställd" if report else "beräknad nu, inte fastställd"
        )
        self.stdout.write(f"Skrev {output}: {figures.area.name} {figures.period.label} ({source}).")
