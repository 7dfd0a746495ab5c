"""The fact sheet's PDF made in the background, with progress, for the "Ladda ner som PDF" page.

Printing Angered's four pages takes 0.7–0.9 s of processor time and 2–2.6 s on a shared server
(measured December 2026), and up to three times that when a long sheet must be printed again
with shorter lists. So the button on the fact sheet leads to a page that queues the printing as
a task (``samverka.reports.tasks.print_fact_sheet``) on the task queue (``samverka.background``)
and shows the queue's state and the printing's progress (htmx polls it every second; without
JavaScript the page reloads itself), and offers the file when it is ready. A PDF already printed
for the same data (``samverka.reports.pdf``, keyed by the sheet's fingerprint) is offered at once.

The job's state lives in Django's cache beside the PDF, under the same fingerprint: the id of
the task printing it (so reloading or polling the page queues nothing more) and the step the
printing has reached, written by the worker. The worker renders the sheet itself from the
database; should the data have changed since the page queued it, it prints what it sees and keys
the PDF (and its progress) by the new fingerprint, which is the one the page asks for next.

A worker in another process shares the PDF and the progress only through a shared cache:
with ``samverka worker`` processes, set ``SAMVERKA_CACHE=database`` (docs/deployment.md).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.areas.models import Area
from samverka.background.selectors import TaskState, task_state
from samverka.reports import pdf
from samverka.reports.factsheet import FactSheet, build_fact_sheet
from samverka.reports.rendering import (
    STEPS,
    fact_sheet_fingerprint,
    print_htmls,
    print_pdf,
)

logger = logging.getLogger(__name__)
PREFIX = "reports:factsheet-job:"
LOCK = "reports:factsheet-job-lock:"
# A task id whose row cannot be read yet: the enqueuing request has not committed. After this
# long it was rolled back (or pruned), and the page queues the printing again.
UNSEEN_GRACE = 60.0


@dataclass(frozen=True)
class PdfJob:
    """How far the printing of one fact sheet has come."""

    fingerprint: str
    status: str  # "queued", "running", "done" or "failed"
    label: str  # the printing's step ("Sätter sidorna")
    done: int
    total: int
    queue_label: str = ""  # the task's state in the queue ("I kö", "Misslyckades, nytt försök …")
    task_id: str = ""

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    @property
    def is_pending(self) -> bool:
        """Queued or printing: the page keeps asking."""
        return self.status in ("queued", "running")

    @property
    def is_failed(self) -> bool:
        return self.status == "failed"

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0


def _read(fingerprint: str) -> dict[str, Any] | None:
    state = cache.get(PREFIX + fingerprint)
    return state if isinstance(state, dict) else None


def _write(fingerprint: str, **changes: Any) -> None:
    state = _read(fingerprint) or {}
    state.update(changes, at=time.time())
    cache.set(PREFIX + fingerprint, state, pdf.TIMEOUT)


def _done(fingerprint: str) -> PdfJob:
    return PdfJob(fingerprint, "done", "", STEPS, STEPS)


def _printed_fingerprint(task_id: str) -> str | None:
    value = DBTaskResult.objects.filter(pk=task_id).values_list("return_value", flat=True).first()
    return value.get("fingerprint") if isinstance(value, dict) else None


def _from_task(fingerprint: str, state: dict[str, Any], task: TaskState) -> PdfJob:
    running = task.status == TaskResultStatus.RUNNING
    return PdfJob(
        fingerprint,
        "running" if running else "queued",
        str(state.get("label", "")) if running else "",
        int(state.get("done", 0)) if running else 0,
        STEPS,
        task.label,
        task.id,
    )


def fact_sheet_pdf_job(sheet: FactSheet, *, again: bool = False) -> PdfJob:
    """The state of the sheet's PDF, queueing its printing when there is none for its data.

    ``again``: the reader asks to try a failed printing once more (the page's button); without
    it a failed printing stays failed, so the page can say so instead of trying for ever."""
    fingerprint = fact_sheet_fingerprint(sheet)
    if pdf.get(fingerprint) is not None:
        return _done(fingerprint)
    state = _read(fingerprint)
    task_id = str(state.get("task") or "") if state else ""
    task = task_state(task_id)
    if state is not None and task_id:
        if task is None:
            if time.time() - float(state.get("queued_at", 0)) < UNSEEN_GRACE:
                return PdfJob(fingerprint, "queued", "", 0, STEPS, _("I kö"), task_id)
        elif not task.is_finished:
            return _from_task(fingerprint, state, task)
        elif task.status == TaskResultStatus.FAILED:
            if not again:
                return PdfJob(fingerprint, "failed", "", 0, STEPS, task.label, task_id)
        elif _printed_fingerprint(task_id) == fingerprint and not again:
            # Printed these very data, yet the PDF is not in this process's cache: a worker
            # whose cache this process does not share. Queueing again would loop.
            logger.error(
                "Fact sheet %s was printed by task %s but its PDF is not in this process's "
                "cache: do the web and the workers share a cache (SAMVERKA_CACHE=database)?",
                fingerprint[:16],
                task_id,
            )
            return PdfJob(fingerprint, "failed", "", 0, STEPS, task.label, task_id)
        # Otherwise the task printed other data (they changed and changed back): queue anew.
    return _enqueue(sheet, fingerprint)


def _enqueue(sheet: FactSheet, fingerprint: str) -> PdfJob:
    from samverka.reports.tasks import print_fact_sheet

    # Of two requests for the same data at the same moment, one queues the printing.
    if not cache.add(LOCK + fingerprint, 1, 30):
        return PdfJob(fingerprint, "queued", "", 0, STEPS, _("I kö"))
    try:
        result = print_fact_sheet.enqueue(
            sheet.municipality.pk,
            sheet.area.pk,
            fingerprint,
            translation.get_language() or "sv",
        )
        task_id = str(result.id)
        cache.set(
            PREFIX + fingerprint,
            {"task": task_id, "queued_at": time.time(), "label": "", "done": 0, "at": time.time()},
            pdf.TIMEOUT,
        )
    finally:
        cache.delete(LOCK + fingerprint)
    task = task_state(task_id)
    return PdfJob(fingerprint, "queued", "", 0, STEPS, task.label if task else _("I kö"), task_id)


def print_for_worker(
    *, municipality_id: int, area_id: int, fingerprint: str, language: str
) -> dict[str, Any]:
    """The task's work: render the sheet as it is now, print it and keep the PDF.

    Returns what was printed (``fingerprint``: the data's fingerprint now; ``requested``: the
    one the page asked for). An exception is left to the queue, which tries again."""
    area = (
        Area.objects.select_related("municipality")
        .filter(pk=area_id, municipality_id=municipality_id)
        .first()
    )
    if area is None:  # removed since the page queued it: nothing to print, nobody to wait
        return {"fingerprint": None, "requested": fingerprint}
    with translation.override(language):
        sheet = build_fact_sheet(area)
        now = fact_sheet_fingerprint(sheet)
        outcome = {"fingerprint": now, "requested": fingerprint}
        if pdf.get(now) is not None:  # printed meanwhile (by another try or for another page)
            return {**outcome, "printed": False}
        if now != fingerprint:
            logger.info(
                "Fact sheet of area %s changed since it was queued; printing the data of now",
                area_id,
            )
            requested = _read(fingerprint) or {}
            # A page that already sees the new data follows this printing, unless it queued
            # its own (then both print, and the second finds the PDF and stops early).
            if _read(now) is None:
                _write(now, task=requested.get("task"), queued_at=time.time(), label="", done=0)

        def progress(label: str, done: int, total: int) -> None:
            _write(now, label=label, done=done)

        try:
            content = print_pdf(list(print_htmls(sheet)), progress=progress)
        except Exception:
            _write(now, label="", done=0)  # the next try starts from the beginning
            raise
    pdf.put(now, content)
    _write(now, label="", done=STEPS)
    return {**outcome, "printed": True}
