"""Running an import: check every row, write all new rows in one transaction — or nothing.

Two ways, with the same checks and the same result:

- **Check, then write** (``check_file`` + ``write_rows``): read and check every row without
  writing, sort the valid ones into new rows and rows already imported (same external id, in
  the database or earlier in the file), then insert the new ones in one transaction. The web's
  preview uses the first half. Any database, any file.
- **Check while writing** (PostgreSQL, when the municipality has nothing from this source yet,
  as in a first load of history): rows go into one ``COPY`` as they pass their checks, so the
  database indexes and counts them while Python reads on — the two cores work at once, about
  40 % quicker for big files. The first bad row stops the writing, the checking goes on to
  report every bad row, and the transaction is rolled back: nothing is kept.

Either way the import's record (``ImportJob``) and its audit event are written in the same
transaction, and a process killed half-way leaves nothing behind. Progress goes to a
``progress(label, done, total)`` callback: the command draws a bar, the web job stores the
figures on its row for the page to poll.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit, bulk_write
from samverka.accounts.models import Municipality
from samverka.core.progress import Progress, no_progress
from samverka.incidents.imports.context import Candidate, ImportContext
from samverka.incidents.imports.errors import MAX_LISTED, ImportRefused, RowError
from samverka.incidents.imports.police import police_rows
from samverka.incidents.imports.police_versions import record_police_versions
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
COPY_BATCH = 20_000  # how often a COPY reports progress (it is one statement throughout)
LOOKUP_CHUNK = 5000
CHECKING = "kontrollerar rader"
SAVING = "sparar"
CHECKING_AND_SAVING = "kontrollerar och sparar"

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
    "published_at",
    "place_precision",
)


def source_of(fmt: str) -> str:
    return Source.POLICE if fmt == ImportFormat.POLICE else Source.FILE


@dataclass
class CheckedFile:
    """A file checked row by row; ``new`` is what an import would add."""

    fmt: str
    rows: int = 0
    # The rows to add; left empty when they were written while being checked.
    new: list[Candidate] = field(default_factory=list)
    new_count: int = 0
    already_imported: int = 0
    repeated_in_file: int = 0
    outside: int = 0
    # The police's feed: stored events of which this file has a newer version (incident's pk
    # and the version), and versions in the file superseded by a newer one of the same id.
    updated: list[tuple[int, Candidate]] = field(default_factory=list)
    older_versions: int = 0
    unused_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "new": self.new_count,
            "already_imported": self.already_imported,
            "repeated_in_file": self.repeated_in_file,
            "outside": self.outside,
            "updated": len(self.updated),
            "older_versions": self.older_versions,
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


def _reader(
    data: bytes,
    fmt: str,
    context: ImportContext,
    mapping: dict[str, str] | None,
    errors: _CountingErrors,
    info: dict[str, Any],
) -> Iterator[Candidate]:
    if fmt not in ImportFormat.values:
        raise ImportRefused([RowError(None, "", _("Okänt format: %(fmt)s.") % {"fmt": fmt})])
    if fmt == ImportFormat.POLICE:
        return police_rows(data, context, errors, info)
    return table_rows(data, fmt, context, mapping, errors, info)


def _content(candidate: Candidate) -> int:
    """A row's content without its line, to tell a repeated row from a conflicting one."""
    return hash(tuple(getattr(candidate, f.name) for f in fields(candidate) if f.name != "line"))


def _first_of_each_id(
    rows: Iterator[Candidate],
    checked: CheckedFile,
    progress: Progress,
    label: str,
    total_hint: int,
    errors: list[RowError],
) -> Iterator[Candidate]:
    """The valid rows, each external id once. A repeat of a row within the file is counted,
    not kept; the same id on a row that says something else is an error, for which of the two
    should be kept is the file's to say."""
    seen: dict[str, tuple[int, int]] = {}
    last = time.monotonic()
    for candidate in rows:
        earlier = seen.get(candidate.external_id)
        if earlier is not None:
            if earlier[1] == _content(candidate):
                checked.repeated_in_file += 1
            else:
                errors.append(
                    RowError(
                        candidate.line,
                        "id",
                        _("Samma id som på rad %(line)s, men med annat innehåll.")
                        % {"line": earlier[0]},
                    )
                )
            continue
        seen[candidate.external_id] = (candidate.line, _content(candidate))
        yield candidate
        now = time.monotonic()
        if now - last > 0.25:
            progress(label, candidate.line, max(total_hint, candidate.line))
            last = now


def _close_check(checked: CheckedFile, errors: _CountingErrors, info: dict[str, Any]) -> None:
    checked.rows = int(info.get("rows", 0))
    checked.outside = int(info.get("outside", 0))
    checked.older_versions = int(info.get("older_versions", 0))
    checked.unused_columns = list(info.get("unused_columns", []))
    checked.errors = list(errors)
    checked.error_count = errors.total


def _total_hint(data: bytes, fmt: str, total_hint: int) -> int:
    if not total_hint and fmt != ImportFormat.XLSX:
        return data.count(b"\n")
    return total_hint


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
    context = ImportContext(municipality, organisation, source_of(fmt))
    checked = CheckedFile(fmt=fmt)
    errors = _CountingErrors()
    info: dict[str, Any] = {}
    rows = _reader(data, fmt, context, mapping, errors, info)
    total_hint = _total_hint(data, fmt, total_hint)
    candidates = list(_first_of_each_id(rows, checked, progress, CHECKING, total_hint, errors))
    _close_check(checked, errors, info)
    if not checked.ok:
        return checked
    if fmt == ImportFormat.POLICE:
        _sort_versions(checked, municipality, candidates)
    else:
        ids = [c.external_id for c in candidates]
        existing = _existing_ids(municipality, context.source, ids)
        checked.new = [c for c in candidates if c.external_id not in existing]
        checked.new_count = len(checked.new)
        checked.already_imported = len(candidates) - len(checked.new)
    progress(CHECKING, checked.rows, checked.rows)
    return checked


def _sort_versions(
    checked: CheckedFile, municipality: Municipality, candidates: list[Candidate]
) -> None:
    """New events, stored events this file has a newer version of, and the rest (the stored
    version is as new or newer: an older version arriving late never overwrites it)."""
    stored: dict[str, tuple[int, Any]] = {}
    ids = [c.external_id for c in candidates]
    for start in range(0, len(ids), LOOKUP_CHUNK):
        stored.update(
            (external_id, (pk, published_at))
            for pk, external_id, published_at in Incident.objects.filter(
                municipality=municipality,
                source=Source.POLICE,
                external_id__in=ids[start : start + LOOKUP_CHUNK],
            ).values_list("pk", "external_id", "published_at")
        )
    for candidate in candidates:
        found = stored.get(candidate.external_id)
        if found is None:
            checked.new.append(candidate)
        elif found[1] is None or (
            candidate.published_at is not None and candidate.published_at > found[1]
        ):
            checked.updated.append((found[0], candidate))
        else:
            checked.already_imported += 1
    checked.new_count = len(checked.new)


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
        candidate.published_at,
        candidate.place_precision,
    )


def insert_rows(
    rows: Iterable[tuple[Any, ...]],
    *,
    total: int | None = None,
    progress: Progress = no_progress,
    label: str = SAVING,
) -> int:
    """Insert value tuples (in ``COLUMNS`` order) inside the caller's transaction; returns how
    many were written. ``rows`` may be a generator: nothing is held in memory twice.

    Plain SQL rather than ``bulk_create``: building a model instance per row costs more than
    the insert itself. PostgreSQL gets one binary ``COPY`` for the whole import — one statement,
    so the lägesbild's statement triggers aggregate the rows once, not once per batch (which
    cost 2.5 times as much). Other databases get one ``executemany`` per batch.
    """
    if total is None and isinstance(rows, list):
        total = len(rows)
    if connection.vendor == "postgresql":
        return _copy_rows(rows, total or 0, progress, label)
    written = 0
    with connection.cursor() as cursor:
        for chunk in _batches(rows, BATCH):
            _executemany(cursor, chunk)
            written += len(chunk)
            progress(label, written, max(total or 0, written))
    return written


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    "timestamptz",
    "text",
)
_DATETIMES = tuple(
    COLUMNS.index(c) for c in ("occurred_at", "occurred_until", "created_at", "published_at")
)


def _copy_rows(rows: Iterable[tuple[Any, ...]], total: int, progress: Progress, label: str) -> int:
    table = connection.ops.quote_name(Incident._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    written = 0
    # The COPY runs on psycopg's own cursor, so its errors are not Django's: a unique violation
    # (a simultaneous import of the same file won), raised while writing or when the COPY ends,
    # would reach the user as a raw traceback. Django's IntegrityError is what the callers turn
    # into words.
    try:
        # One audit event per import (_mark_done), not one capture-trigger row per incident.
        with (
            bulk_write("incident_import"),
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(PG_TYPES)
            for row in rows:
                copy.write_row(row)
                written += 1
                if written % COPY_BATCH == 0:
                    progress(label, written, max(total, written))
    except Exception as exc:
        if _is_integrity_error(exc):
            raise IntegrityError(str(exc)) from exc
        raise
    progress(label, written, max(total, written))
    return written


def _is_integrity_error(exc: BaseException) -> bool:
    import psycopg  # PostgreSQL only: the COPY path is never taken on other databases

    return isinstance(exc, psycopg.IntegrityError)


def _executemany(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(Incident._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
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
    meanwhile. The foreign keys would refuse such a report anyway, but only at the end of the
    write and with a database error; this says it first, in words a coordinator understands."""
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


def _new_job(
    job: ImportJob | None,
    *,
    fmt: str,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    filename: str,
    total: int,
) -> ImportJob:
    if job is not None:
        return job
    return ImportJob.objects.create(
        municipality=municipality,
        organisation=organisation,
        created_by=user if user is not None and user.is_authenticated else None,
        format=fmt,
        filename=filename[:255],
        status=ImportStatus.SAVING,
        total_rows=total,
    )


def _fixed(
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    fmt: str,
    job: ImportJob,
) -> tuple[int, int | None, int | None, str, str, int, Any]:
    """The values every row of one import shares (see ``_values``)."""
    return (
        municipality.pk,
        user.pk if user is not None and user.is_authenticated else None,
        organisation.pk if organisation is not None else None,
        ReviewStatus.NEW.value,
        source_of(fmt),
        job.pk,
        timezone.now(),
    )


def _refused_as_concurrent() -> ImportRefused:
    # Someone imported the same rows at the same moment; the unique external id refused them.
    # Nothing of this import is kept; running it again skips what is there now.
    return ImportRefused(
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
    )


def _mark_done(
    job: ImportJob,
    checked: CheckedFile,
    *,
    municipality: Municipality,
    user: AnyUser | None,
    filename: str,
) -> ImportJob:
    job.status = ImportStatus.DONE
    job.total_rows = checked.rows
    job.processed_rows = checked.rows
    job.created_count = checked.new_count
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
        summary=(
            _("%(file)s: %(n)s nya händelser, %(u)s uppdaterade, %(s)s fanns redan")
            % {
                "file": filename,
                "n": checked.new_count,
                "u": len(checked.updated),
                "s": job.skipped_count,
            }
            if checked.updated
            else _("%(file)s: %(n)s nya händelser, %(s)s fanns redan")
            % {"file": filename, "n": checked.new_count, "s": job.skipped_count}
        ),
    )
    return job


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
    """Insert the new rows of a checked file, all or nothing; the job is marked done in the
    same transaction."""
    if not checked.ok:
        raise ImportRefused(checked.errors, checked.error_count)
    job = _new_job(
        job,
        fmt=checked.fmt,
        municipality=municipality,
        organisation=organisation,
        user=user,
        filename=filename,
        total=checked.rows,
    )
    fixed = _fixed(municipality, organisation, user, checked.fmt, job)
    written = checked.new + [c for _pk, c in checked.updated]
    lock_references(
        municipality,
        category_ids={c.category_id for c in written}
        | {c.subcategory_id for c in written if c.subcategory_id},
        area_ids={c.area_id for c in written},
        organisation_ids={organisation.pk} if organisation is not None else set(),
    )
    try:
        with transaction.atomic():
            insert_rows(
                (_values(c, fixed) for c in checked.new),
                total=len(checked.new),
                progress=progress,
            )
            if checked.fmt == ImportFormat.POLICE:
                record_police_versions(checked, municipality=municipality, job=job)
    except IntegrityError:
        raise _refused_as_concurrent() from None
    return _mark_done(job, checked, municipality=municipality, user=user, filename=filename)


def streams(municipality: Municipality, fmt: str) -> bool:
    """Whether an import can check while writing: on PostgreSQL, when nothing has been imported
    from this source into the municipality yet (so no row can turn out to be there already).
    Never the police's feed: a few hundred events, each with its versions to record."""
    if connection.vendor != "postgresql" or fmt not in (ImportFormat.CSV, ImportFormat.XLSX):
        return False
    earlier = Incident.objects.filter(municipality=municipality, source=source_of(fmt))
    return not earlier.exclude(external_id="").exists()


class _BadRows(Exception):
    """Rolls the streamed import back: some row was wrong."""


def _check_while_writing(
    data: bytes,
    *,
    fmt: str,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    filename: str,
    mapping: dict[str, str] | None,
    job: ImportJob | None,
    progress: Progress,
    total_hint: int,
) -> tuple[CheckedFile, ImportJob | None]:
    context = ImportContext(municipality, organisation, source_of(fmt))
    # The connection is busy with the COPY while rows are checked: read now what checking
    # would otherwise read on demand (a query in the middle would wait for the COPY forever).
    context.locator.has_boundaries  # noqa: B018
    checked = CheckedFile(fmt=fmt)
    errors = _CountingErrors()
    info: dict[str, Any] = {}
    rows = _reader(data, fmt, context, mapping, errors, info)
    total_hint = _total_hint(data, fmt, total_hint)
    try:
        with transaction.atomic():
            job = _new_job(
                job,
                fmt=fmt,
                municipality=municipality,
                organisation=organisation,
                user=user,
                filename=filename,
                total=total_hint,
            )
            fixed = _fixed(municipality, organisation, user, fmt, job)
            # Every row can only point at what the context read; lock all of it.
            lock_references(
                municipality,
                category_ids=set(context.categories_by_id),
                area_ids=set(context.area_names),
                organisation_ids={organisation.pk} if organisation is not None else set(),
            )
            checking = _first_of_each_id(
                rows, checked, progress, CHECKING_AND_SAVING, total_hint, errors
            )
            # After the first bad row nothing more is written, but every row is still checked.
            good = (_values(c, fixed) for c in checking if not errors.total)
            try:
                with transaction.atomic():
                    checked.new_count = insert_rows(good)
            except IntegrityError:
                raise _refused_as_concurrent() from None
            _close_check(checked, errors, info)
            if not checked.ok:
                raise _BadRows
            progress(CHECKING_AND_SAVING, checked.rows, checked.rows)
            job = _mark_done(job, checked, municipality=municipality, user=user, filename=filename)
    except _BadRows:
        return checked, None
    return checked, job


def check_and_write(
    data: bytes,
    *,
    fmt: str,
    municipality: Municipality,
    organisation: Organisation | None,
    user: AnyUser | None,
    filename: str,
    mapping: dict[str, str] | None = None,
    job: ImportJob | None = None,
    progress: Progress = no_progress,
    total_hint: int = 0,
    dry_run: bool = False,
) -> tuple[CheckedFile, ImportJob | None]:
    """Check every row and write the new ones, all or nothing. Returns the checked file and the
    finished job, or no job when nothing was written: some row was wrong, or ``dry_run``."""
    kwargs: dict[str, Any] = {
        "fmt": fmt,
        "municipality": municipality,
        "organisation": organisation,
        "mapping": mapping,
        "progress": progress,
        "total_hint": total_hint,
    }
    if dry_run:
        return check_file(data, **kwargs), None
    if streams(municipality, fmt):
        return _check_while_writing(data, user=user, filename=filename, job=job, **kwargs)
    checked = check_file(data, **kwargs)
    if not checked.ok:
        return checked, None
    progress(SAVING, 0, checked.new_count)
    written = write_rows(
        checked,
        municipality=municipality,
        organisation=organisation,
        user=user,
        filename=filename,
        job=job,
        progress=progress,
    )
    return checked, written


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
    checked, _job = check_and_write(
        data,
        fmt=fmt,
        municipality=municipality,
        organisation=organisation,
        user=user,
        filename=filename,
        mapping=mapping,
        progress=progress,
        dry_run=dry_run,
    )
    if not checked.ok:
        raise ImportRefused(checked.errors, checked.error_count)
    return checked


def read_upload(upload: Any) -> bytes:
    buffer = io.BytesIO()
    for chunk in upload.chunks():
        buffer.write(chunk)
    return buffer.getvalue()
