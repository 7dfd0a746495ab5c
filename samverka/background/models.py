"""What the task queue itself does not keep: which workers are alive, and which scheduled runs
have been put in the queue. The tasks and their results are django_tasks_db's ``DBTaskResult``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A worker's heartbeat: written every few seconds by a thread of the worker. A task left
    running by a worker whose heart stopped is put back in the queue (``recovery.py``)."""

    worker_id = models.CharField(_("arbetare"), max_length=64, primary_key=True)
    hostname = models.CharField(_("dator"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True)
    started_at = models.DateTimeField(_("startad"))
    last_seen = models.DateTimeField(_("senast hörd"), db_index=True)
    stopped_at = models.DateTimeField(_("stoppad"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("arbetare")
        verbose_name_plural = _("arbetare")

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """One run of a scheduled task, claimed by whichever worker's clock reached it first: the
    unique slot makes sure that several workers (on several machines) queue it once."""

    name = models.CharField(_("schema"), max_length=64)
    slot = models.DateTimeField(_("tid"))
    task_result_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("köad"), auto_now_add=True)

    class Meta:
        ordering = ["-slot"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="background_run_once_per_slot")
        ]
        verbose_name = _("schemalagd körning")
        verbose_name_plural = _("schemalagda körningar")

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
