"""`samverka action_plan MUNICIPALITY [--plan ID] --format pdf|xlsx|json -o FILE`: an åtgärdsplan
as a file, for the steering group's mail or the kommunstyrelse. Without ``--plan``, the
municipality's current plan (the adopted one in force, else the latest). The JSON names the areas,
problems, causes, measures, follow-ups and the adopting decision (meeting, group, §, date)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.accounts.models import Municipality
from samverka.core.progress import text_progress
from samverka.process.models import ActionPlan
from samverka.process.plan_outputs import plan_document, plan_pdf, plan_xlsx
from samverka.process.services.plans import current_plan

FORMATS = ("pdf", "xlsx", "json")


def find_municipality(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise CommandError(f"Kommunen {slug!r} finns inte.")
    return municipality


def find_plan(municipality: Municipality, plan_id: int | None) -> ActionPlan:
    if plan_id is None:
        plan = current_plan(municipality)
        if plan is None:
            raise CommandError(f"{municipality.name} har ingen åtgärdsplan.")
        return plan
    plan = ActionPlan.objects.filter(municipality=municipality, pk=plan_id).first()
    if plan is None:
        raise CommandError(f"{municipality.name} har ingen åtgärdsplan med id {plan_id}.")
    return plan


class Command(BaseCommand):
    help = (
        "Write a municipality's åtgärdsplan (its current plan unless --plan) as PDF, XLSX or "
        "JSON: problems, causes, measures with progress and follow-ups, and the adopting decision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="the municipality's slug, e.g. goteborg")
        parser.add_argument("--plan", type=int, help="the plan's id (default: the current plan)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("-o", "--output", required=True, help="file to write ('-' = stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = find_municipality(options["municipality"])
        plan = find_plan(municipality, options.get("plan"))
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt in ("pdf", "xlsx"):
            raise CommandError("PDF och XLSX skrivs till en fil: ange -o FIL.")
        progress = text_progress(self.stderr)
        if fmt == "pdf":
            content = plan_pdf(plan, progress=progress)
        elif fmt == "xlsx":
            content = plan_xlsx(plan, progress=progress)
        else:
            document = plan_document(plan, progress=progress)
            content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        if output == "-":
            sys.stdout.buffer.write(content)
            return
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kan inte skriva {output}: {exc.strerror}.") from None
        version = plan.versions.order_by("-number").first()
        state = f"version {version.number}, antagen" if version else "inte antagen"
        self.stdout.write(f"Skrev {output}: {plan.title} ({state}).")
