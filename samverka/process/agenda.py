"""Overdue follow-ups of measures on the beredningsgrupp's agenda (an agenda source, registered
in ``apps.py``): a follow-up not made on time appears by itself on the next planned meeting of a
preparation group, as open commitments already do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.core.extensions import AgendaEntry
from samverka.organisation.models import GroupKind
from samverka.process.services.plans import overdue_measures

SOURCE_LABEL = "Åtgärdsplan"


def overdue_followup_entries(meeting: Any) -> Iterable[AgendaEntry]:
    """For a planned meeting of a preparation group: every measure being followed up whose next
    follow-up was due before the meeting's day. A plan prepared by another preparation group
    goes on that group's agenda only."""
    group = meeting.group
    if meeting.status != "planned" or group.kind != GroupKind.PREPARATION:
        return []
    day = timezone.localdate(meeting.starts_at)
    measures = overdue_measures(meeting.municipality, before=day).filter(
        Q(plan__prepared_by__isnull=True)
        | ~Q(plan__prepared_by__kind=GroupKind.PREPARATION)
        | Q(plan__prepared_by=group)
    )
    entries: list[AgendaEntry] = []
    slug = meeting.municipality.slug
    for measure in measures:
        who = [
            name
            for name in (
                getattr(measure.responsible_organisation, "name", ""),
                getattr(measure.working_group, "name", ""),
            )
            if name
        ]
        due = measure.next_followup_due
        detail = _("Ansvarig: %(who)s. Uppföljningen skulle ha gjorts senast %(due)s.") % {
            "who": ", ".join(who) or _("ingen angiven"),
            "due": due.isoformat() if due else "–",
        }
        entries.append(
            AgendaEntry(
                key=f"process.followup:{measure.pk}",
                title=_("Uppföljning av %(measure)s är försenad") % {"measure": measure.title},
                detail=detail,
                url=reverse(
                    "process:measure_detail", kwargs={"municipality": slug, "pk": measure.pk}
                ),
                due=due,
                overdue=True,
                source=SOURCE_LABEL,
            )
        )
    return entries
