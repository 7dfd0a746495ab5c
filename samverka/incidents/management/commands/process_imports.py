"""`samverka process_imports [--loop]`: kept for deployments whose worker unit still names it.

Confirmed imports are tasks on the queue now (``samverka.incidents.tasks.run_import``), run by
``samverka worker`` — which also puts back the tasks of a worker that died. Without ``--loop``
this runs every ready task once, here and now (imports and any other); with ``--loop`` it is
``samverka worker``.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from samverka.background.worker import run_queued


class Command(BaseCommand):
    help = (
        "Run the queued background tasks (incident imports among them) once; with --loop, "
        "run `samverka worker` instead (use that command directly)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running: samverka worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["loop"]:
            call_command("worker")
            return
        ran = run_queued()
        self.stdout.write(f"{ran} uppgifter i kön kördes.")
