"""``samverka purge_access_log``: delete access-log rows past each municipality's retention."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverka.accounts.access_log import purge_expired_access_log
from samverka.accounts.models import Municipality
from samverka.core.progress import text_progress


class Command(BaseCommand):
    help = (
        "Delete rows of the access log of personal data older than each municipality's "
        "retention (Municipality.access_log_retention_days). Run daily; --dry-run counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        total = Municipality.objects.count()
        draw = text_progress(self.stderr)
        done = 0

        def progress(municipality: Municipality, count: int) -> None:
            nonlocal done
            done += 1
            draw("kommuner", done, total)

        removed = purge_expired_access_log(dry_run=dry_run, progress=progress)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {removed} access-log rows past retention.")
