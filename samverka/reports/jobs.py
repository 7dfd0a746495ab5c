"""The fact sheet's PDF made in the background, with progress, for the "Ladda ner som PDF" page.

Printing Angered's four pages takes 0.7–0.9 s of processor time and 2–2.6 s on a shared server
(measured December 2026), and up to three times that when a long sheet must be printed again
with shorter lists. So the button on the fact sheet leads to a page that starts the printing in a
background thread and shows its progress (htmx polls it every second; without JavaScript the page
reloads itself), and offers the file when it is ready. A PDF already printed for the same data
(``samverka.reports.pdf``, keyed by the sheet's fingerprint) is offered at once.

This follows the incident imports (``samverka.incidents.imports.jobs``): a thread of the web
process, reporting through the shared ``Progress`` callback (``samverka.core.progress``), and off
with ``SAMVERKA_IMPORT_THREADS = False`` (several web workers), where the page prints within the
request instead. The job's state lives in Django's cache beside the PDF, under the same
fingerprint; the thread touches no database, since the HTML is rendered in the request.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from samverka.reports import pdf
from samverka.reports.factsheet import FactSheet
from samverka.reports.rendering import (
    STEPS,
    fact_sheet_fingerprint,
    print_htmls,
    print_pdf,
)

logger = logging.getLogger(__name__)
PREFIX = "reports:factsheet-job:"
# A job not heard from for this long died with its process: it is started again.
STALE_AFTER = 120.0


@dataclass(frozen=True)
class PdfJob:
    """How far the printing of one fact sheet has come."""

    fingerprint: str
    status: str  # "running", "done" or "failed"
    label: str
    done: int
    total: int

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    @property
    def is_running(self) -> bool:
        return self.status == "running"

    @property
    def percent(self) -> int:
        return min(100, 100 * self.done // self.total) if self.total else 0


def _store(fingerprint: str, status: str, label: str, done: int) -> None:
    cache.set(
        PREFIX + fingerprint,
        {"status": status, "label": label, "done": done, "at": time.time()},
        pdf.TIMEOUT,
    )


def _read(fingerprint: str) -> PdfJob | None:
    state = cache.get(PREFIX + fingerprint)
    if not isinstance(state, dict):
        return None
    if state.get("status") == "running" and time.time() - state.get("at", 0) > STALE_AFTER:
        return None
    return PdfJob(
        fingerprint, state["status"], state.get("label", ""), int(state.get("done", 0)), STEPS
    )


def threads_enabled() -> bool:
    return bool(getattr(settings, "SAMVERKA_IMPORT_THREADS", True))


def fact_sheet_pdf_job(sheet: FactSheet) -> PdfJob:
    """The state of the sheet's PDF, starting its printing when there is none for its data."""
    fingerprint = fact_sheet_fingerprint(sheet)
    if pdf.get(fingerprint) is not None:
        return PdfJob(fingerprint, "done", "", STEPS, STEPS)
    job = _read(fingerprint)
    if job is not None and job.status != "failed":
        return job
    htmls = list(print_htmls(sheet))  # rendered here: the thread must not use the database
    _store(fingerprint, "running", "", 0)
    if threads_enabled():
        start_thread(fingerprint, htmls)
    else:
        _run(fingerprint, htmls)
    return _read(fingerprint) or PdfJob(fingerprint, "running", "", 0, STEPS)


def start_thread(fingerprint: str, htmls: list[str]) -> threading.Thread:
    # Named, so that tests waiting for it can tell which sheet a thread prints.
    thread = threading.Thread(
        target=_run,
        args=(fingerprint, htmls),
        daemon=True,
        name=f"samverka-factsheet-{fingerprint[:16]}",
    )
    thread.start()
    return thread


def _run(fingerprint: str, htmls: list[str]) -> None:
    def progress(label: str, done: int, total: int) -> None:
        _store(fingerprint, "running", label, done)

    try:
        content = print_pdf(htmls, progress=progress)
    except Exception:  # a bug must not leave the page waiting forever
        logger.exception("Printing fact sheet %s failed", fingerprint[:16])
        _store(fingerprint, "failed", "", 0)
        return
    pdf.put(fingerprint, content)
    _store(fingerprint, "done", "", STEPS)
