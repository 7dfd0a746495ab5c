"""The scheduled background work: what runs by the clock, and how it is queued once.

Each worker looks at the clock every few heartbeats (``worker.Heartbeat``). For each entry it
takes the latest moment the entry was due (the last quarter-hour for "every 15 minutes", today's
07:00 after seven o'clock for "daily at 07:00") and inserts a ``ScheduledRun`` for it; the unique
(name, slot) lets exactly one worker win, on any number of machines, and only the winner queues
the task. A run missed while no worker was up is queued when one comes back (the latest slot
only: a worker down for a week does not send a week of reminders).

``SAMVERKA_SCHEDULE`` (settings) may replace the list; an entry with ``enabled=False`` is off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from samverka.background.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    task_path: str
    every: timedelta | None = None  # "every 15 minutes", counted from midnight
    at: time | None = None  # "daily at 07:00", local time (Europe/Stockholm)
    label: str = ""  # what an IT department reads on the status page
    enabled: bool = True

    def latest_slot(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.at is not None:
            today = midnight.replace(hour=self.at.hour, minute=self.at.minute)
            return today if local >= today else today - timedelta(days=1)
        assert self.every is not None
        step = self.every.total_seconds()
        passed = (local - midnight).total_seconds()
        return midnight + timedelta(seconds=step * int(passed // step))


DEFAULT_SCHEDULE: tuple[Entry, ...] = (
    Entry(
        "police-feed",
        "samverka.incidents.tasks.fetch_police_feed",
        every=timedelta(minutes=15),
        label="Polisens händelser hämtas för kommuner som har slagit på det",
    ),
    Entry(
        "meeting-notices",
        "samverka.meetings.tasks.send_meeting_notices",
        every=timedelta(minutes=15),
        label="Kallelser till möten den kommande veckan skickas",
    ),
    Entry(
        "reporting-reminders",
        "samverka.incidents.tasks.remind_reporters",
        at=time(7, 0),
        label="Påminnelser till aktörer som inte har rapporterat",
    ),
    Entry(
        "situation-counts",
        "samverka.situation.tasks.rebuild_counts",
        at=time(2, 30),
        label="Lägesbildens räknare byggs om och jämförs med händelserna",
    ),
    Entry(
        "prune-tasks",
        "samverka.background.tasks.prune_finished",
        at=time(3, 30),
        label="Färdiga bakgrundsuppgifter rensas (klara efter 30 dagar, misslyckade efter 90)",
    ),
)


def schedule() -> tuple[Entry, ...]:
    return tuple(getattr(settings, "SAMVERKA_SCHEDULE", DEFAULT_SCHEDULE))


def queue_due(now: datetime | None = None) -> list[str]:
    """Queue every enabled entry whose latest slot nobody has queued yet; the names queued."""
    now = now or timezone.now()
    queued = []
    for entry in schedule():
        if not entry.enabled:
            continue
        slot = entry.latest_slot(now)
        if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, slot=slot)
                task = import_string(entry.task_path)
                if not isinstance(task, Task):
                    raise TypeError(f"{entry.task_path} is not a task")
                result = task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker won this slot
        except (ImportError, TypeError):
            logger.exception("Scheduled %s names no task: %s", entry.name, entry.task_path)
            continue
        logger.info("Scheduled %s for %s queued as %s", entry.name, slot, result.id)
        queued.append(entry.name)
    return queued
