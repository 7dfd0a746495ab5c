"""The access log of personal data: every read of an SSPF record or an incident's free text.

Callers log *before* they show anything, so a read that fails half-way is still in the log. A
refused read (``granted=False``) is logged too. Writing the log never fails the read silently:
if the row cannot be written, the exception propagates and nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser, is_coordinator, municipality_for_user
from samverka.accounts.models import Municipality, MunicipalityRole, PersonalDataAccess

# Kinds of read logged here (SSPF logs its own kinds, e.g. "sspf_case").
INCIDENT_TEXT = "incident_text"
INCIDENT_TEXT_LIST = "incident_text_list"


def log_personal_data_access(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    kind: str,
    object_id: str | int = "",
    description: str = "",
    reason: str = "",
    granted: bool = True,
    channel: str = "web",
) -> PersonalDataAccess:
    """Record one read (or refused read) of personal data."""
    authenticated = user is not None and user.is_authenticated
    return PersonalDataAccess.objects.create(
        municipality=municipality,
        user=user if authenticated else None,  # type: ignore[misc]
        username=(user.get_username() if authenticated else "")[:150],  # type: ignore[union-attr]
        kind=kind[:40],
        object_id=str(object_id)[:40],
        description=description[:300],
        reason=reason[:300],
        granted=granted,
        channel=channel[:20],
    )


def log_incident_text_reads(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    incident_ids: Sequence[int],
    channel: str = "web",
    what: str = "",
) -> PersonalDataAccess | None:
    """Log a read of incidents' free text (description, own assessment, place).

    One incident: one row with its id, so a spot check by object finds it. A list or an export:
    one row for the request, naming how many and (as far as they fit) which."""
    if not incident_ids:
        return None
    if len(incident_ids) == 1:
        return log_personal_data_access(
            municipality=municipality,
            user=user,
            kind=INCIDENT_TEXT,
            object_id=incident_ids[0],
            description=what or _("Händelse med fritext"),
            channel=channel,
        )
    # The description holds 300 characters: the first ids, then how many more.
    ids = ", ".join(str(i) for i in incident_ids[:40])
    if len(incident_ids) > 40:
        ids += " …"
    return log_personal_data_access(
        municipality=municipality,
        user=user,
        kind=INCIDENT_TEXT_LIST,
        description=(
            _("%(what)s: %(n)s händelser (id %(ids)s)")
            % {"what": what or _("Lista"), "n": len(incident_ids), "ids": ids}
        ),
        channel=channel,
    )


def purge_expired_access_log(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Callable[[Municipality, int], None] | None = None,
) -> int:
    """Delete log rows older than each municipality's retention; returns how many.

    The database lets exactly these rows go (the guard trigger of accounts migration 0004
    refuses any other delete). Each run that removes anything leaves one audit event per
    municipality, with the cut-off date: the purge itself is on the record."""
    from samverka.accounts.audit import audit

    now = now or timezone.now()
    removed = 0
    for municipality in Municipality.objects.only("pk", "name", "access_log_retention_days"):
        cutoff = now - timedelta(days=municipality.access_log_retention_days)
        expired = PersonalDataAccess.objects.filter(municipality=municipality, at__lt=cutoff)
        if dry_run:
            count = expired.count()
        else:
            with transaction.atomic():
                count, _deleted = expired.delete()
                if count:
                    audit(
                        municipality=municipality,
                        user=None,
                        action="purge",
                        obj=municipality,
                        summary=(
                            _("Åtkomstloggen rensad: %(n)s rader äldre än %(date)s")
                            % {"n": count, "date": f"{cutoff:%Y-%m-%d}"}
                        ),
                        changes={"access_log_rows": (count, 0)},
                    )
        if progress is not None:
            progress(municipality, count)
        removed += count
    return removed


def may_follow_up(user: AnyUser, municipality: Municipality) -> bool:
    """Coordinators (platform administrators act as such) and the data protection officer."""
    if is_coordinator(user, municipality):
        return True
    if not user.is_authenticated:
        return False
    return MunicipalityRole.objects.filter(
        user=user, municipality=municipality, is_data_protection_officer=True
    ).exists()


def municipality_for_follow_up(user: AnyUser, slug: str) -> Municipality:
    """The municipality whose access log the user may follow up: 404 outside it, 403 for a
    role that may not (members and readers who are not the data protection officer)."""
    municipality = municipality_for_user(user, slug)
    if not may_follow_up(user, municipality):
        raise PermissionDenied("Only coordinators and the data protection officer.")
    return municipality


@transaction.atomic
def retention_update(*, municipality: Municipality, days: int, user: AnyUser | None) -> None:
    """Set how long the municipality keeps its access log; audited with before and after."""
    from samverka.accounts.audit import audit

    before = municipality.access_log_retention_days
    municipality.access_log_retention_days = days
    municipality.save(update_fields=["access_log_retention_days"])
    audit(
        municipality=municipality,
        user=user,
        action="update",
        obj=municipality,
        summary=_("Lagringstid för åtkomstloggen: %(days)s dagar") % {"days": days},
        changes={"access_log_retention_days": (before, days)},
    )
