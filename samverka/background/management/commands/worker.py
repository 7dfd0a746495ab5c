"""`samverka worker`: run background tasks (imports, PDFs, notices, reminders, the police feed,
the counts) from the queue, with heartbeat, retries, recovery and the schedule.

Run one or more under a supervisor (deploy/systemd/samverka-worker.service), on one machine or
several: they share the queue in the database. SIGTERM lets the running task finish."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samverka.background.worker import SamverkaWorker, new_worker_id


class Command(BaseCommand):
    help = "Run background tasks from the queue (imports, PDFs, notices, reminders, feeds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", action="append", dest="queues", help="queue to take tasks from (all)"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--batch", action="store_true", help="stop when the queue is empty (cron, tests)"
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after this many")
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="do not queue the scheduled tasks (another worker does)",
        )
        parser.add_argument("--worker-id", default="", help="a name for logs (host-pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0 or (
            options["max_tasks"] is not None and options["max_tasks"] < 1
        ):
            self.stderr.write("--interval must be 0 or more and --max-tasks at least 1.")
            raise SystemExit(2)
        worker = SamverkaWorker(
            queue_names=options["queues"] or ["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=(options["worker_id"] or new_worker_id())[:64],
            excluded_queue_names=[],
            schedule=not options["no_schedule"],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            worker.reset_signals()
