"""``samverka move_files_to_database``: copy uploaded files from MEDIA_ROOT into the database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandParser

from samverka.core.progress import text_progress
from samverka.files.services import files_move_to_database
from samverka.files.storage import DatabaseStorage


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class Command(BaseCommand):
    help = (
        "Copy every uploaded file that a row refers to (import files, governing documents) from "
        "the media folder (SAMVERKA_MEDIA_ROOT) into the database, under the same name, for "
        "SAMVERKA_FILE_STORAGE=database. One transaction; a second run copies nothing. The "
        "files on disk are left where they are. --dry-run counts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be copied; copy nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        media_root = settings.MEDIA_ROOT
        summary = files_move_to_database(
            source=FileSystemStorage(location=media_root),
            target=DatabaseStorage(),
            dry_run=dry_run,
            progress=text_progress(self.stderr),
        )
        for name in summary.missing:
            self.stderr.write(f"Missing from {media_root}: {name} (a row refers to it)")
        for old, new in summary.renamed.items():
            self.stdout.write(
                f"{old}: the database held another file under this name; copied as {new}, "
                "and the rows that referred to it now refer to the new name."
            )
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(
            f"{verb} {len(summary.copied)} of {summary.referred} files "
            f"({_megabytes(summary.copied_bytes)}) from {media_root} into the database; "
            f"{summary.already} were there already, {len(summary.missing)} missing on disk, "
            f"{summary.unreferred_on_disk} on disk that no row refers to (not copied)."
        )
        if summary.copied and not dry_run:
            self.stdout.write(
                f"The files in {media_root} were left in place: remove them once "
                "SAMVERKA_FILE_STORAGE=database runs and a database backup holds the files."
            )
