"""`samverka process_imports [--loop]`: run the web's queued incident imports.

The web starts a confirmed import in a background thread; this command is for deployments
that turn the threads off (SAMVERKA_IMPORT_THREADS = False) and for jobs left behind by a
process that stopped: a job running without progress for 15 minutes is put back in the queue
(nothing of it was written — the write is one transaction) and run again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from samverka.incidents.imports.jobs import process_job, requeue_stalled
from samverka.incidents.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = (
        "Run queued incident imports (and re-queue stalled ones). With --loop, keep waiting "
        "for new jobs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, poll every 2 s")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            requeued = requeue_stalled()
            if requeued:
                self.stdout.write(f"{requeued} avbrutna importer köades om.")
            for pk in ImportJob.objects.filter(status=ImportStatus.QUEUED).values_list(
                "pk", flat=True
            ):
                job = process_job(pk)
                if job is not None:
                    self.stdout.write(
                        f"Import {job.pk} ({job.filename}): {job.get_status_display()}, "
                        f"{job.created_count} nya händelser."
                    )
            if not options["loop"]:
                return
            close_old_connections()  # a long-running command must not keep a dead connection
            time.sleep(2)
