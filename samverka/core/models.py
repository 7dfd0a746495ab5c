"""What several apps' models share: the job row of a file import.

Incidents and statistics record every import as a row (``incidents.ImportJob``,
``stats.StatisticsImport``), and so will the importers still to come; they share the fields and
properties here. Each job model names its own ``format`` and ``status`` choices (what one app
imports and how its runs proceed differ) and what its import counts.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJobBase(models.Model):
    """One import of a file: which file, who started it and when, how far it has come and what
    was wrong with it. ``processed_rows`` of ``total_rows`` is the progress a page polls."""

    # Each job model defines these fields with its own choices.
    format: str
    status: str
    # The statuses after which the job no longer changes.
    FINISHED_STATUSES: ClassVar[frozenset[str]] = frozenset()

    filename = models.CharField(_("filnamn"), max_length=255)
    total_rows = models.PositiveIntegerField(_("rader"), default=0)
    processed_rows = models.PositiveIntegerField(_("behandlade rader"), default=0)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED_STATUSES

    @property
    def percent(self) -> int:
        """How far the job has come, 0–100; a finished job with nothing to do is complete."""
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, 100 * self.processed_rows // self.total_rows)
