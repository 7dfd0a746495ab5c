"""Running an import: check every row, then write all new rows in one transaction.

1. ``check_file`` reads and checks every row (nothing is written) and sorts the valid rows
   into new ones and those already imported (same external id, in the database or earlier in
   the file). Any error refuses the whole file.
2. ``write_rows`` inserts the new rows in one transaction, together with the import's record
   (``ImportJob``) and its audit event. A process killed half-way leaves nothing behind: the
   database rolls the transaction back. PostgreSQL gets the rows through ``COPY``; other
   databases through ``bulk_create`` in batches.

Progress goes to a ``progress(label, done, total)`` callback: the command draws a bar, the
web job stores the figures on its row for the page to poll.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.core.progress import Progress, no_progress
from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import MAX_LISTED, ImportRefused, RowError
from samverka.incidents.imports.police import police_rows
from samverka.incidents.imports.table import table_rows
from samverka.incidents.models import (
    ImportFormat,
    ImportJob,
    ImportStatus,
    Incident,
    ReviewStatus,
    Source,
)
from samverka.organisation.models import Organisation

BATCH = 2000
COPY_BATCH = 20_000  # COPY streams; a batch is only how often progress is reported
LOOKUP_CHUNK = 5000
CHECKING = "kontrollerar rader"
SAVING = "sparar"

COLUMNS = (
    "municipality_id",
    "category_id",
    "subcategory_id",
    "area_id",
    "latitude",
    "longitude",
    "place_name",
    "setting",
    "occurred_at",
    "occurred_until",
    "event_count",
    "description",
    "assessment",
    "police_reported",
    "reporter_id",
    "organisation_id",
    "status",
    "source",
    "external_id",
    "import_job_id",
    "created_at",
)


def source_of(fmt: str) -> str:
    return Source.POLICE if fmt == ImportFormat.POLICE else Source.FILE


@dataclass
class CheckedFile:
    """A file checked row by row; ``new`` is what an import would add."""

    fmt: str
    rows: int = 0
    new: list[Candidate] = field(default_factory=list)
    already_imported: int = 0
    repeated_in_file: int = 0
    outside: int = 0
    unused_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "new": len(self.new),
            "already_imported": self.already_imported,
            "repeated_in_file": self.repeated_in_file,
            "outside": self.outside,
            "unused_columns": self.unused_columns,
            "error_count": self.error_count,
        }


class _CountingErrors(list[RowError]):
    """Keeps the first MAX_LISTED errors and counts them all (a broken file of a million rows
    must not fill the memory with a million messages)."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self) < MAX_LISTED:
            super().append(error)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)


def check_file(
    data: bytes,
    *,
    fmt: str,
    municipality: Municipality,
    organisation: Organisation | None,
    mapping: dict[str, str] | None = None,
    progress: Progress = no_progress,
    total_hint: int = 0,
) -> CheckedFile:
    """Read and check every row; write nothing."""
    if fmt not in ImportFormat.values:
        raise ImportRefused([RowError(None, "", _("Okänt format: %(fmt)s.") % {"fmt": fmt})])
    context = ImportContext(municipality, organisation, source_of(fmt))
    checked = CheckedFile(fmt=fmt)
    errors = _CountingErrors()
    info: dict[str, Any] = {}
    if fmt == ImportFormat.POLICE:
        rows: Iterator[Candidate] = police_rows(data, context, errors, info)
    else:
        rows = table_rows(data, fmt, context, mapping, errors, info)
    if not total_hint and fmt != ImportFormat.XLSX:
        total_hint = data.count(b"\n")
    seen: set[str] = set()
    candidates: list[Candidate] = []
    last = time.monotonic()
    for candidate in rows:
        if candidate.external_id in seen:
            checked.repeated_in_file += 1
            continue
        seen.add(candidate.external_id)
        candidates.append(candidate)
        now = time.monotonic()
        if now - last > 0.25:
            progress(CHECKING, candidate.line, max(total_hint, candidate.line))
            last = now
    checked.rows = int(info.get("rows", 0))
    checked.outside = int(info.get("outside", 0))
    checked.unused_columns = list(info.get("unused_columns", []))
    checked.errors = list(errors)
    checked.error_count = errors.total
    if not checked.ok:
        return checked
    existing = _existing_ids(municipality, context.source, [c.external_id for c in candidates])
    checked.new = [c for c in candidates if c.external_id not in existing]
    checked.already_imported = len(candidates) - len(checked.new)
    progress(CHECKING, checked.rows, checked.rows)
    return checked


def _existing_ids(municipality: Municipality, source: str, ids: list[str]) -> set[str]:
    """The ids among ``ids`` already imported from this source."""
    earlier = Incident.objects.filter(municipality=municipality, source=source).exclude(
        external_id=""
    )
    if not ids or not earlier.exists():
        return set()
    found: set[str] = set()
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands of placeholders.
        table = connection.ops.quote_name(Incident._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), LOOKUP_CHUNK * 10):
                cursor.execute(
                    f"SELECT external_id FROM {table} WHERE municipality_id = %s "  # noqa: S608
                    "AND source = %s AND external_id = ANY(%s)",
                    [municipality.pk, source, ids[start : start + LOOKUP_CHUNK * 10]],
                )
                found.update(row[0] for row in cursor.fetchall())
        return found
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        found.update(earlier.filter(external_id__in=chunk).values_list("external_id", flat=True))
    return found


def _values(
    candidate: Candidate,
    fixed: tuple[int, int | None, int | None, str, str, int, Any],
) -> tuple[Any, ...]:
    municipality_id, reporter_id, organisation_id, status, source, job_id, created_at = fixed
    return (
        municipality_id,
        candidate.category_id,
        candidate.subcategory_id,
        candidate.area_id,
        candidate.latitude,
        candidate.longitude,
        candidate.place_name,
        candidate.setting,
        candidate.occurred_at,
        candidate.occurred_until,
        candidate.event_count,
        candidate.description,
        candidate.assessment,
        candidate.police_reported,
        reporter_id,
        organisation_id,
        status,
        source,
        candidate.external_id,
        job_id,
        created_at,
    )


def insert_rows(
    rows: list[tuple[Any, ...]], *, progress: Progress = no_progress, label: str = SAVING
) -> None:
    """Insert value tuples (in ``COLUMNS`` order) inside the caller's transaction.

    Plain SQL rather than ``bulk_create``: building a model instance per row costs more than
    the insert itself. PostgreSQL gets ``COPY``; other databases one ``executemany`` per batch.
    """
    total = len(rows)
    size = COPY_BATCH if connection.vendor == "postgresql" else BATCH
    with connection.cursor() as cursor:
        for start in range(0, total, size):
            chunk = rows[start : start + size]
            _insert_batch(cursor, chunk)
            progress(label, min(start + len(chunk), total), total)


# The columns' types for a binary COPY (in COLUMNS order): no text round trip on either side.
PG_TYPES = (
    "int8",
    "int8",
    "int8",
    "int8",
    "float8",
    "float8",
    "text",
    "text",
    "timestamptz",
    "timestamptz",
    "int4",
    "text",
    "text",
    "bool",
    "int8",
    "int8",
    "text",
    "text",
    "text",
    "int8",
    "timestamptz",
)
_DATETIMES = tuple(COLUMNS.index(c) for c in ("occurred_at", "occurred_until", "created_at"))


def _insert_batch(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(Incident._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(PG_TYPES)
            for row in rows:
                copy.write_row(row)
        return
    adapt = connection.ops.adapt_datetimefield_value
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    prepared = []
    for row in rows:
        values = list(row)
        for index in _DATETIMES:
            values[index] = adapt(values[index])
        prepared.append(values)
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)  # noqa: S608


def lock_references(
    municipality: Municipality,
    *,
    category_ids: set[int],
    area_ids: set[int],
    organisation_ids: set[int],
) -> None:
    """Make sure every referenced row still exists and, on PostgreSQL, hold a key-share lock on
    it until the transaction ends, so that nothing a new report points at can be deleted
    meanwhile (the incidents table has no foreign-key constraints; see ``Incident``)."""
    from samverka.areas.models import Area
    from samverka.incidents.models import Category
    from samverka.organisation.models import Organisation

    wanted = [
        (Category, category_ids),
        (Area, area_ids),
        (Organisation, organisation_ids),
    ]
    for model, ids in wanted:
        if not ids:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT id FROM {table} "  # noqa: S608 (our table names)
                f"WHERE municipality_id = %s AND id IN ({placeholders}){lock}) AS found",
                [municipality.pk, *sorted(ids)],
            )
            found = cursor.fetchone()[0]
        if found != len(ids):
            raise ImportRefused(
                [
                    RowError(
                        None,
                        "",
                        _(
                            "En kategori, ett område eller en aktör som filen använder har tagits "
                            "bort medan importen pågick. Inget har sparats; kör importen igen."
                        ),
                    )
                ]
            )


@transaction.atomic
def write_rows(
    checked: CheckedFile,
    *,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    filename: str,
    job: ImportJob | None = None,
    progress: Progress = no_progress,
) -> ImportJob:
    """Insert the new rows, all or nothing; the job is marked done in the same transaction."""
    if not checked.ok:
        raise ImportRefused(checked.errors, checked.error_count)
    if job is None:
        job = ImportJob.objects.create(
            municipality=municipality,
            organisation=organisation,
            created_by=user if user is not None and user.is_authenticated else None,
            format=checked.fmt,
            filename=filename[:255],
            status=ImportStatus.SAVING,
            total=checked.rows,
        )
    user_id = user.pk if user is not None and user.is_authenticated else None
    fixed = (
        municipality.pk,
        user_id,
        organisation.pk if organisation is not None else None,
        ReviewStatus.NEW.value,
        source_of(checked.fmt),
        job.pk,
        timezone.now(),
    )
    lock_references(
        municipality,
        category_ids={c.category_id for c in checked.new}
        | {c.subcategory_id for c in checked.new if c.subcategory_id},
        area_ids={c.area_id for c in checked.new},
        organisation_ids={organisation.pk} if organisation is not None else set(),
    )
    rows = [_values(c, fixed) for c in checked.new]
    try:
        with transaction.atomic():
            insert_rows(rows, progress=progress)
    except IntegrityError:
        # Someone imported the same rows at the same moment; the unique external id refused
        # them. Nothing of this import is kept; running it again skips what is there now.
        raise ImportRefused(
            [
                RowError(
                    None,
                    "",
                    _(
                        "Några av händelserna importerades samtidigt från ett annat håll. "
                        "Inget har sparats; kör importen igen."
                    ),
                )
            ]
        ) from None
    job.status = ImportStatus.DONE
    job.total = checked.rows
    job.done = checked.rows
    job.created_count = len(checked.new)
    job.skipped_count = checked.already_imported + checked.repeated_in_file
    job.summary = {**job.summary, **checked.summary()}
    job.errors = []
    job.finished_at = timezone.now()
    job.save()
    audit(
        municipality=municipality,
        user=user,
        action="import",
        obj=job,
        summary=_("%(file)s: %(n)s nya händelser, %(s)s fanns redan")
        % {"file": filename, "n": len(checked.new), "s": job.skipped_count},
    )
    return job


def import_file(
    data: bytes,
    *,
    fmt: str,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    filename: str,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> CheckedFile:
    """Check the file and, unless ``dry_run``, import its new rows. Raises ``ImportRefused``
    (nothing written) when any row is wrong."""
    checked = check_file(
        data,
        fmt=fmt,
        municipality=municipality,
        organisation=organisation,
        mapping=mapping,
        progress=progress,
    )
    if not checked.ok:
        raise ImportRefused(checked.errors, checked.error_count)
    if not dry_run:
        write_rows(
            checked,
            municipality=municipality,
            organisation=organisation,
            user=user,
            filename=filename,
            progress=progress,
        )
    return checked


def read_upload(upload: Any) -> bytes:
    buffer = io.BytesIO()
    for chunk in upload.chunks():
        buffer.write(chunk)
    return buffer.getvalue()
