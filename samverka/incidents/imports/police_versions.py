"""Writing the police's versions of an event: the newest updates the incident, each is kept.

Called inside the import's transaction after the new incidents are inserted. A stored incident
gets the fields of the newer version (its review status and the coordinators' own assessment
stay); the change is recorded as a ``PoliceEventVersion`` with the fields it changed, the
version's publication time and the event as published. The incident update itself passes the
audit capture trigger (by column name, as every incident write); the versions are written as
part of the import's one audit event.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from samverka.accounts.audit import bulk_write
from samverka.accounts.models import Municipality
from samverka.incidents.models import ImportJob, Incident, PoliceEventVersion, Source

if TYPE_CHECKING:
    from samverka.incidents.imports.context import Candidate
    from samverka.incidents.imports.run import CheckedFile

# The incident's fields a newer version of a police event may change.
UPDATED_FIELDS = (
    "category_id",
    "subcategory_id",
    "area_id",
    "latitude",
    "longitude",
    "place_name",
    "place_precision",
    "occurred_at",
    "description",
    "published_at",
)
CHUNK = 2000


def _event(candidate: Candidate) -> dict[str, Any]:
    try:
        value = json.loads(candidate.source_event) if candidate.source_event else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def record_police_versions(
    checked: CheckedFile, *, municipality: Municipality, job: ImportJob
) -> None:
    versions: list[PoliceEventVersion] = []
    by_pk = {pk: candidate for pk, candidate in checked.updated}
    changed_incidents: list[Incident] = []
    for incident in Incident.objects.filter(
        municipality=municipality, source=Source.POLICE, pk__in=list(by_pk)
    ).only("pk", *UPDATED_FIELDS):
        candidate = by_pk[incident.pk]
        if candidate.published_at is None:  # never: the police's rows always have one
            continue
        changed = []
        for name in UPDATED_FIELDS:
            value = getattr(candidate, name)
            if getattr(incident, name) != value:
                setattr(incident, name, value)
                changed.append(name.removesuffix("_id"))
        changed_incidents.append(incident)
        versions.append(
            PoliceEventVersion(
                municipality=municipality,
                incident_id=incident.pk,
                published_at=candidate.published_at,
                changed=[c for c in changed if c != "published_at"],
                event=_event(candidate),
                import_job=job,
            )
        )
    Incident.objects.bulk_update(changed_incidents, list(UPDATED_FIELDS), batch_size=CHUNK)
    if checked.new:
        ids = {c.external_id: c for c in checked.new}
        stored = Incident.objects.filter(
            municipality=municipality, source=Source.POLICE, import_job=job
        ).values_list("pk", "external_id")
        for pk, external_id in stored.iterator(chunk_size=CHUNK):
            new = ids.get(external_id)
            if new is None or new.published_at is None:
                continue
            versions.append(
                PoliceEventVersion(
                    municipality=municipality,
                    incident_id=pk,
                    published_at=new.published_at,
                    changed=[],
                    event=_event(new),
                    import_job=job,
                )
            )
    with bulk_write("incident_import"):
        PoliceEventVersion.objects.bulk_create(versions, batch_size=CHUNK)
