"""The incidents app's background tasks (``samverka.background``): a confirmed web import, and
the scheduled police feed and reporting reminders (``samverka/background/schedule.py``).

Each is safe to run again, as the queue requires: an import writes in one transaction and
claims its job again after a worker died mid-run; the feed adds only what is new; a reminder
is sent once per organisation and week.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.background.policy import background_task
from samverka.background.selectors import task_state
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.jobs import CLAIMABLE, process_job
from samverka.incidents.models import ImportJob, ImportStatus
from samverka.incidents.services.police_feed import fetch_enabled_feeds
from samverka.incidents.services.reminders import remind_reporters as remind_for_week
from samverka.lib.dates import week_code


@background_task(max_attempts=3, backoff_seconds=30)
def run_import(job_id: int) -> dict[str, Any]:
    """Run a confirmed import. Bad rows (INVALID) or a lost file (FAILED) are its result, not a
    failure to try again; an unexpected error puts the job back in the queue for the next try,
    and on the last try marks it FAILED."""
    job = ImportJob.objects.filter(pk=job_id).only("task_id", "status").first()
    if job is None:  # deleted with its municipality since it was queued
        return {"job": job_id, "status": None}
    if job.status == ImportStatus.FAILED:
        # Only a platform administrator's "Försök igen" runs a failed import's task again
        # (its own tries never leave the job FAILED while another try is to come).
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.FAILED).update(
            status=ImportStatus.QUEUED, errors=[], finished_at=None, processed_rows=0
        )
    state = task_state(job.task_id)
    last_try = state is None or state.attempts >= state.max_attempts
    done = process_job(job_id, may_retry=not last_try)
    if done is None:  # finished by an earlier try (killed after its commit), or not confirmed
        status = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        return {"job": job_id, "status": status}
    return {"job": job_id, "status": done.status, "created": done.created_count}


def import_task_lost(sender: object, task_result: Any, **kwargs: Any) -> None:
    """An import whose worker died on its last try: the job ends FAILED rather than "running"
    for ever (nothing of it was written)."""
    if task_result.task.module_path != run_import.module_path or not task_result.args:
        return
    ImportJob.objects.filter(pk=task_result.args[0], status__in=CLAIMABLE).update(
        status=ImportStatus.FAILED,
        errors=[
            RowError(
                None, "", _("Importen avbröts och kunde inte göras klart. Inget har sparats.")
            ).as_dict()
        ],
        finished_at=timezone.now(),
    )


class RemindersNotSent(RuntimeError):
    """The mail server refused: the task fails and is tried again (see its policy)."""


class PoliceFeedDown(RuntimeError):
    """Every turned-on feed failed: the task ends failed, so the status page shows it."""


@background_task(max_attempts=1)
def fetch_police_feed() -> dict[str, str]:
    """Every quarter of an hour: the police's events for each municipality that has the feed
    turned on (slug → what was imported, or the error). No retry: the next quarter comes.

    One municipality's failure is its feed's outcome and the task still succeeds; when every
    feed failed (the police's service down, the platform's network cut off) the task fails, so
    that the background work's status page and its metrics show it instead of a green row."""
    outcomes = fetch_enabled_feeds()
    if outcomes and all(text.startswith("Fel: ") for text in outcomes.values()):
        first = next(iter(outcomes.values()))
        raise PoliceFeedDown(
            _("Polisens flöde kunde inte hämtas för någon kommun (%(n)s st). Första felet: %(e)s")
            % {"n": len(outcomes), "e": first.removeprefix("Fel: ")}
        )
    return outcomes


@background_task(max_attempts=3, backoff_seconds=300)
def remind_reporters() -> dict[str, Any]:
    """Every morning: remind the organisations that have not reported last week, in every
    municipality (``samverka remind_reporters`` does the same by hand). Each organisation is
    reminded once per week, so a second run the same week sends nothing."""
    week = week_code(timezone.localdate() - timedelta(days=7))
    sent: dict[str, int] = {}
    refused: dict[str, str] = {}
    for municipality in Municipality.objects.order_by("slug"):
        result = remind_for_week(municipality=municipality, week=week)
        sent[municipality.slug] = result.sent
        if result.error:
            refused[municipality.slug] = result.error
    if refused:
        # A try again later reminds only those not yet reminded (each is recorded once sent).
        raise RemindersNotSent(
            _("Påminnelser kunde inte skickas i %(slugs)s: %(error)s")
            % {"slugs": ", ".join(refused), "error": next(iter(refused.values()))}
        )
    return {"week": week, "sent": sent}
