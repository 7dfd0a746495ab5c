"""`samverka check_organisation SLUG`: the organisation health check on the command line.

Exits with status 1 when an error-level finding exists, so it can guard a CI job or a cron
mail; warnings and information alone exit 0.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.organisation.health import Finding, Severity, has_errors, run_health_check


class Command(BaseCommand):
    help = (
        "Kontrollerar en kommuns organisation mot Brås vägledning och skriver ut "
        "avvikelserna. Avslutas med status 1 om något fel hittas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", metavar="MUNICIPALITY_SLUG", help="Kommunens kortnamn.")
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="Utdataformat (text eller json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["municipality"]
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(
                _("Det finns ingen kommun med kortnamnet ”%(slug)s”.") % {"slug": slug}
            )
        findings = run_health_check(municipality)
        if options["format"] == "json":
            self.stdout.write(json.dumps(_as_json(municipality, findings), ensure_ascii=False))
        else:
            self._write_text(municipality, findings)
        if has_errors(findings):
            sys.exit(1)

    def _write_text(self, municipality: Municipality, findings: list[Finding]) -> None:
        if not findings:
            self.stdout.write(
                _("%(name)s: inga avvikelser hittades.") % {"name": municipality.name}
            )
            return
        counts = {severity: 0 for severity in Severity}
        for finding in findings:
            counts[finding.severity] += 1
        self.stdout.write(
            _("%(name)s: %(errors)d fel, %(warnings)d varningar, %(infos)d information")
            % {
                "name": municipality.name,
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
                "infos": counts[Severity.INFO],
            }
        )
        style = {
            Severity.ERROR: self.style.ERROR,
            Severity.WARNING: self.style.WARNING,
            Severity.INFO: self.style.NOTICE,
        }
        for finding in findings:
            label = style[finding.severity](f"[{finding.severity.label.upper()}]")
            self.stdout.write("")
            self.stdout.write(f"{label} {finding.title} – {finding.subject_name}")
            for line in finding.explanation.splitlines():
                self.stdout.write(f"    {line}")


def _as_json(municipality: Municipality, findings: list[Finding]) -> dict[str, Any]:
    return {
        "municipality": municipality.slug,
        "has_errors": has_errors(findings),
        "findings": [
            {
                "rule": finding.rule,
                "severity": str(finding.severity),
                "title": finding.title,
                "subject_kind": finding.subject_kind,
                "subject_id": finding.subject_id,
                "subject_name": finding.subject_name,
                "explanation": finding.explanation,
            }
            for finding in findings
        ],
    }
