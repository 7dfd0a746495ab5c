"""Fetching the police's events feed for a municipality (``samverka fetch_police_events``).

The feed is https://polisen.se/api/events?locationname=<name>, the name as the police write it
("Göteborg", from the reference geography). ``SAMVERKA_POLICE_FEED_URL`` (a Django setting or
an environment variable) points elsewhere — a mirror, or a local server in tests — and ``off``
turns the network fetch off (a file can still be imported with ``--file``). What is fetched is
imported like an uploaded file (``samverka.incidents.imports``): all or nothing, the newest
version of each event, a re-run adds nothing.

The schedule (``samverka worker``) fetches every quarter of an hour for each municipality whose
``PoliceFeed`` is enabled (``fetch_enabled_feeds``, the task ``tasks.fetch_police_feed``).
"""

from __future__ import annotations

import logging
import os
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.progress import Progress, no_progress
from samverka.incidents.imports import CheckedFile, ImportRefused, import_file
from samverka.incidents.imports.context import ImportContext
from samverka.incidents.imports.police_places import PolicePlaces
from samverka.incidents.models import PoliceFeed, Source

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://polisen.se/api/events"
OFF = "off"
TIMEOUT_SECONDS = 30
MAX_BYTES = 20 * 1024 * 1024  # the whole country's feed is about 500 events, well under 1 MB


def feed_url() -> str:
    """The feed's address, or ``"off"``."""
    configured = getattr(settings, "SAMVERKA_POLICE_FEED_URL", None)
    if configured is None:
        configured = os.environ.get("SAMVERKA_POLICE_FEED_URL", "")
    return str(configured).strip() or DEFAULT_URL


def feed_name(municipality: Municipality) -> str:
    """The municipality's name as the police's feed writes it."""
    return PolicePlaces(ImportContext(municipality, None, Source.POLICE)).feed_name()


def fetch_feed(municipality: Municipality) -> tuple[str, bytes]:
    """(address, body) of the municipality's events. Raises ``ValidationError`` with a Swedish
    message when fetching is off or fails."""
    base = feed_url()
    if base.lower() == OFF:
        raise ValidationError(
            "Hämtning från polisen är avstängd (SAMVERKA_POLICE_FEED_URL=off). "
            "Importera en sparad fil med --file."
        )
    parsed = urllib.parse.urlsplit(base)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValidationError(f"SAMVERKA_POLICE_FEED_URL är ingen http(s)-adress: {base[:100]}")
    query = urllib.parse.urlencode({"locationname": feed_name(municipality)})
    url = urllib.parse.urlunsplit(
        (parsed.scheme, parsed.netloc, parsed.path, f"{parsed.query}&{query}".lstrip("&"), "")
    )
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/json", "User-Agent": "samverka"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ValidationError(f"Polisens tjänst svarade {exc.code} för {url}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ValidationError(f"Polisens tjänst kunde inte nås ({url}): {reason}.") from None
    if len(body) > MAX_BYTES:
        raise ValidationError(f"Svaret från {url} är större än {MAX_BYTES // 1024 // 1024} MB.")
    return url, body


def import_feed(
    municipality: Municipality,
    data: bytes,
    *,
    source: str,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> CheckedFile:
    """Import a fetched (or saved) feed: new events added, updated ones updated, all or
    nothing. Raises ``ImportRefused`` when any event is malformed."""
    return import_file(
        data,
        fmt="polisen",
        municipality=municipality,
        organisation=None,
        user=None,
        filename=source[-255:],
        dry_run=dry_run,
        progress=progress,
    )


def outcome(checked: CheckedFile) -> str:
    return (
        f"{checked.rows} händelser i flödet, {checked.new_count} nya, "
        f"{len(checked.updated)} uppdaterade, {checked.already_imported} oförändrade, "
        f"{checked.outside} i annan kommun"
    )


def fetch_enabled_feeds() -> dict[str, str]:
    """Fetch and import the feed of every municipality that has it turned on; slug → outcome.
    One municipality's failure (the police's service down, a malformed event) is recorded on
    its ``PoliceFeed`` and does not stop the others."""
    outcomes: dict[str, str] = {}
    feeds = PoliceFeed.objects.filter(enabled=True).select_related("municipality")
    for feed in feeds.order_by("municipality__slug"):
        municipality = feed.municipality
        try:
            source, data = fetch_feed(municipality)
            text = outcome(import_feed(municipality, data, source=source))
        except ValidationError as exc:
            text = "Fel: " + " ".join(exc.messages)
        except ImportRefused as exc:
            text = f"Fel: {exc.error_count} fel i flödet – inget har importerats."
        if text.startswith("Fel: "):
            logger.warning("Police feed of %s: %s", municipality.slug, text)
        feed.last_fetched_at = timezone.now()
        feed.last_outcome = text[:500]
        feed.save(update_fields=["last_fetched_at", "last_outcome"])
        outcomes[municipality.slug] = text
    return outcomes
