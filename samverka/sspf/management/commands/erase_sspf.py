"""`samverka erase_sspf [--dry-run] [--municipality SLUG]`: erase SSPF personal data that is due.
Run daily (cron or a systemd timer); idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.accounts.models import Municipality
from samverka.core.progress import text_progress
from samverka.sspf.services import erase_due


class Command(BaseCommand):
    help = (
        "Erase SSPF cases whose retention after closing has run out (each municipality sets its "
        "months) and young persons whose consent or legal ground has ended. Only counts remain "
        "(by area, sector, quarter and subject). Every erasure is audited. Idempotent: run it "
        "daily. --dry-run lists what would be erased and erases nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, erase nothing")
        parser.add_argument("--municipality", help="only this municipality (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = list(Municipality.objects.order_by("pk"))
        if options["municipality"]:
            municipalities = [m for m in municipalities if m.slug == options["municipality"]]
            if not municipalities:
                raise CommandError(f"Kommunen ”{options['municipality']}” finns inte.")
        result = erase_due(
            municipalities=municipalities,
            dry_run=options["dry_run"],
            progress=text_progress(self.stderr),
        )
        verb = "Skulle radera" if options["dry_run"] else "Raderade"
        self.stdout.write(
            f"{verb} {result.cases} ärenden och {result.persons} personer "
            f"(utan samtycke eller lagstöd); antalen finns kvar."
        )
