"""Writing a checked statistics file to the database: all or nothing, and idempotent.

A value is recognised by its series (source, category, unit), its place, its year and its owner
(the municipality, or none for shared reference data): importing the same file again changes
nothing, and a corrected or final figure replaces the preliminary one in place. Values that are
the same as before keep their provenance; a changed value takes the provenance of the file that
changed it. The run is recorded as a ``StatisticsImport`` row (the job row the pages show) and one
audit event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.core.progress import Progress, no_progress
from samverka.stats.importers.errors import RowError, StatisticsFileError
from samverka.stats.importers.formats import Options, Parsed, ParsedValue, parse_table
from samverka.stats.importers.reading import CellError, parse_flag, read_table
from samverka.stats.models import (
    Geography,
    ImportFormat,
    ImportStatus,
    Provenance,
    Series,
    StatisticsImport,
    StatValue,
)

PROGRESS_EVERY = 25
DEFAULT_PUBLISHER: dict[str, str] = {
    ImportFormat.BRA: "Brottsförebyggande rådet (Brå)",
    ImportFormat.NTU: "Brottsförebyggande rådet (Brå), Nationella trygghetsundersökningen",
    ImportFormat.SCB: "Statistiska centralbyrån (SCB)",
    ImportFormat.GEOGRAPHY: "samverka (referensdata)",
}
LABELS: dict[str, str] = {
    ImportFormat.BRA: "Brå, anmälda brott",
    ImportFormat.SCB: "SCB, folkmängd",
    ImportFormat.NTU: "NTU",
    ImportFormat.SURVEY: "trygghetsundersökning",
    ImportFormat.GEOGRAPHY: "statistikområden",
}


@dataclass
class ProvenanceInput:
    """What the form or the command line says about the file's source; empty fields are taken
    from the file's "# key: value" lines, then from the format's defaults."""

    publisher: str = ""
    table: str = ""
    url: str = ""
    citation: str = ""
    retrieved_on: date | None = None
    retrieved_by: str = ""
    is_synthetic: bool | None = None


@dataclass
class ImportResult:
    format: str
    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    job: StatisticsImport | None = None
    provenance: Provenance | None = None
    series: set[int] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def line(self) -> str:
        what = _("skulle bli") if self.dry_run else _("blev")
        return _(
            "%(label)s: %(rows)s rader; %(what)s %(created)s nya, %(updated)s ändrade och "
            "%(unchanged)s oförändrade värden."
        ) % {
            "label": LABELS.get(self.format, self.format),
            "rows": self.rows,
            "what": what,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _provenance_fields(
    fmt: str,
    metadata: dict[str, tuple[int, str]],
    given: ProvenanceInput,
    municipality: Municipality | None,
) -> dict[str, Any]:
    def meta(*keys: str) -> str:
        for key in keys:
            if key in metadata and metadata[key][1]:
                return metadata[key][1]
        return ""

    errors: list[RowError] = []
    retrieved_on = given.retrieved_on
    if retrieved_on is None and meta("hämtad"):
        try:
            retrieved_on = date.fromisoformat(meta("hämtad"))
        except ValueError:
            errors.append(
                RowError(
                    metadata["hämtad"][0], "", _("”hämtad” ska vara ett datum som 2025-03-01.")
                )
            )
    synthetic = given.is_synthetic
    if synthetic is None:
        try:
            synthetic = parse_flag(meta("påhittad")) if meta("påhittad") else False
        except CellError as exc:
            errors.append(RowError(metadata["påhittad"][0], "", str(exc)))
    url = (given.url or meta("url", "adress"))[:500]
    if url and not url.lower().startswith(("https://", "http://")):
        line = metadata["url"][0] if "url" in metadata else (metadata.get("adress") or (None,))[0]
        errors.append(RowError(line, "", _("Adressen ska börja med https:// eller http://.")))
    if errors:
        raise StatisticsFileError(errors)
    publisher = given.publisher or meta("källa", "utgivare") or DEFAULT_PUBLISHER.get(fmt, "")
    if not publisher and municipality is not None:
        publisher = municipality.name
    return {
        "publisher": publisher[:200],
        "table": (given.table or meta("tabell"))[:300],
        "url": url,
        "citation": given.citation or meta("källhänvisning"),
        "retrieved_on": retrieved_on or timezone.localdate(),
        "retrieved_by": (given.retrieved_by or meta("hämtad av"))[:200],
        "is_synthetic": bool(synthetic),
    }


def parse_file(
    data: bytes,
    *,
    filename: str,
    fmt: str,
    municipality: Municipality | None,
    options: Options | None = None,
) -> tuple[Parsed, dict[str, tuple[int, str]]]:
    """Read and check the whole file; raises StatisticsFileError listing every problem."""
    if fmt not in ImportFormat.values:
        raise StatisticsFileError(
            [RowError(None, "", _("Okänt format ”%(f)s”.") % {"f": fmt[:20]})]
        )
    table = read_table(data, filename)
    parsed = parse_table(table, fmt, options=options or Options(), municipality=municipality)
    if parsed.errors:
        raise StatisticsFileError(parsed.errors)
    return parsed, table.metadata


class _Writer:
    def __init__(
        self,
        *,
        owner: Municipality | None,
        provenance_fields: dict[str, Any],
        user: AnyUser | None,
        result: ImportResult,
    ) -> None:
        self.owner = owner
        self.provenance_fields = provenance_fields
        self.user = user
        self.result = result
        self.series: dict[tuple[str, str, str], Series] = {}
        self._provenance: Provenance | None = None

    @property
    def provenance(self) -> Provenance:
        """Made on the first changed value only: a re-import that changes nothing adds nothing."""
        if self._provenance is None:
            user = self.user if self.user is not None and self.user.is_authenticated else None
            self._provenance = Provenance.objects.create(
                municipality=self.owner, imported_by=user, **self.provenance_fields
            )
            self.result.provenance = self._provenance
        return self._provenance

    def series_for(self, value: ParsedValue) -> Series:
        key = (value.source, value.category, value.unit)
        if key not in self.series:
            # A shared definition serves everybody; a municipality's own is made only when no
            # shared one exists, so that one municipality never adds to what others see.
            found = Series.objects.filter(
                source=value.source,
                category=value.category,
                unit=value.unit,
                municipality__isnull=True,
            ).first()
            if found is None and self.owner is not None:
                found = Series.objects.filter(
                    source=value.source,
                    category=value.category,
                    unit=value.unit,
                    municipality=self.owner,
                ).first()
            if found is None:
                found = Series.objects.create(
                    municipality=self.owner,
                    source=value.source,
                    category=value.category,
                    unit=value.unit,
                    name=value.category_name,
                )
            self.series[key] = found
            self.result.series.add(found.pk)
        return self.series[key]

    def write(self, value: ParsedValue) -> None:
        series = self.series_for(value)
        owner = value.area.municipality if value.area is not None else self.owner
        existing = StatValue.objects.filter(
            series=series,
            year=value.year,
            geography=value.geography,
            area=value.area,
            municipality=owner,
        ).first()
        fields = {
            "value": value.value,
            "suppressed": value.suppressed,
            "preliminary": value.preliminary,
            "series_break": value.series_break,
            "survey_year": value.survey_year,
            "sample_size": value.sample_size,
            "population_basis": value.population_basis,
        }
        if existing is None:
            StatValue.objects.create(
                series=series,
                municipality=owner,
                geography=value.geography,
                area=value.area,
                year=value.year,
                provenance=self.provenance,
                **fields,
            )
            self.result.created += 1
        elif any(getattr(existing, name) != new for name, new in fields.items()):
            for name, new in fields.items():
                setattr(existing, name, new)
            existing.provenance = self.provenance
            existing.save()
            self.result.updated += 1
        else:
            self.result.unchanged += 1


def _write_geographies(parsed: Parsed, result: ImportResult) -> None:
    """Reference geographies: created or updated by code; parents set once all exist, and a
    local police area's municipalities once every municipality exists. A column the file does
    not have (the SKR group, the municipalities) leaves what is stored as it is."""
    by_code = {g.code.lower(): g for g in Geography.objects.all()}
    created: set[str] = set()
    for item in parsed.geographies:
        if item.code.lower() not in by_code:
            by_code[item.code.lower()] = Geography.objects.create(
                code=item.code, name=item.name, kind=item.kind, skr_group=item.skr_group or ""
            )
            created.add(item.code.lower())
    for item in parsed.geographies:
        geography = by_code[item.code.lower()]
        parent = by_code.get(item.parent_code.lower()) if item.parent_code else None
        skr = geography.skr_group if item.skr_group is None else item.skr_group
        wanted = (item.name, item.kind, skr, parent.pk if parent else None)
        current = (geography.name, geography.kind, geography.skr_group, geography.parent_id)
        if wanted != current:
            if _would_cycle(geography, parent):
                raise StatisticsFileError(
                    [RowError(item.line, "", _("”Ingår i” skulle bilda en cirkel av områden."))]
                )
            geography.name, geography.kind, geography.skr_group = wanted[:3]
            geography.parent = parent
            geography.save()
        served_changed = False
        if item.municipalities is not None:
            served = {by_code[code.lower()].pk for code in item.municipalities}
            stored = set(geography.municipalities.values_list("pk", flat=True))
            if served != stored:
                geography.municipalities.set(served)
                served_changed = True
        if item.code.lower() in created:
            result.created += 1
        elif wanted != current or served_changed:
            result.updated += 1
        else:
            result.unchanged += 1


def _would_cycle(geography: Geography, parent: Geography | None) -> bool:
    seen = set()
    node = parent
    while node is not None and node.pk not in seen:
        if node.pk == geography.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def import_statistics(
    data: bytes,
    *,
    filename: str,
    fmt: str,
    municipality: Municipality | None,
    shared: bool = False,
    user: AnyUser | None = None,
    provenance: ProvenanceInput | None = None,
    options: Options | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
    operator: str = "",
) -> ImportResult:
    """Import one statistics file, all or nothing; with ``dry_run`` only count what would change.

    ``municipality`` is where the import runs (the survey's areas belong to it); ``shared`` puts
    public statistics into the shared reference data instead of the municipality's own, which
    the caller allows platform administrators only. Shared reference data (every ``geografi``
    file, and ``shared`` statistics) is written only by a platform administrator (``user``) or
    by the platform itself (no ``user``: the command line, whose ``operator`` names who ran it,
    and the example loader): every municipality's statistics, fact sheet and API show it, so a
    coordinator of one municipality must never rename code 1480 for all the others. Raises
    StatisticsFileError (nothing written) when any row is wrong or the user may not write.
    """
    if fmt == ImportFormat.SURVEY:
        shared = False  # a survey's areas are always one municipality's
    if fmt == ImportFormat.GEOGRAPHY:
        shared = True  # geographies are reference data by nature
    owner = None if shared else municipality
    if owner is None and not shared:
        raise StatisticsFileError(
            [RowError(None, "", _("Ange kommunen, eller att värdena är delad referensdata."))]
        )
    if owner is None:
        _check_may_write_shared(user, operator)
    parsed, metadata = parse_file(
        data, filename=filename, fmt=fmt, municipality=municipality, options=options
    )
    fields = _provenance_fields(fmt, metadata, provenance or ProvenanceInput(), municipality)
    result = ImportResult(format=fmt, filename=filename, dry_run=dry_run, rows=parsed.rows)
    total = len(parsed.values) or len(parsed.geographies)
    job = None
    if not dry_run:
        job = StatisticsImport.objects.create(
            municipality=municipality,
            shared=owner is None,
            format=fmt,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            total_rows=total,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        result.job = job
    label = LABELS.get(fmt, fmt)
    try:
        with transaction.atomic():
            writer = _Writer(owner=owner, provenance_fields=fields, user=user, result=result)
            if fmt == ImportFormat.GEOGRAPHY:
                _write_geographies(parsed, result)
                progress(label, total, total)
            for done, value in enumerate(parsed.values, start=1):
                writer.write(value)
                if done % PROGRESS_EVERY == 0 or done == total:
                    progress(label, done, total)
            if dry_run:
                transaction.set_rollback(True)
            elif job is not None:
                audit(
                    # Shared reference data belongs to no municipality: its audit row is the
                    # platform's, not filed under the municipality the page was opened in.
                    municipality=municipality if owner is not None else None,
                    user=user,
                    action="import",
                    obj=job,
                    summary=result.line()
                    if owner is not None
                    else _shared_summary(user, operator, result),
                )
    except IntegrityError:
        # Another import of the same reference data committed first (a geography's code is
        # unique): nothing of this one is kept, and running it again finds the codes there.
        error = RowError(
            None,
            "",
            _(
                "Samma uppgifter importerades samtidigt från ett annat håll. Inget har "
                "sparats; kör importen igen."
            ),
        )
        if job is not None:
            _finish(job, result, ImportStatus.FAILED, [str(error)])
        raise StatisticsFileError([error]) from None
    except StatisticsFileError as exc:
        if job is not None:
            _finish(job, result, ImportStatus.FAILED, [str(e) for e in exc.errors])
        raise
    if job is not None:
        _finish(job, result, ImportStatus.DONE, [])
    if dry_run:
        result.provenance = None
    return result


def _check_may_write_shared(user: AnyUser | None, operator: str) -> None:
    if user is None:
        return  # the platform itself: the command line or the example loader
    if user.is_authenticated and getattr(user, "is_platform_admin", False):
        return
    raise StatisticsFileError(
        [
            RowError(
                None,
                "",
                _(
                    "Statistikområden och annan delad referensdata visas för alla kommuner och "
                    "kan bara ändras av en plattformsadministratör."
                ),
            )
        ]
    )


def _shared_summary(user: AnyUser | None, operator: str, result: ImportResult) -> str:
    if user is not None and user.is_authenticated:
        who = _("plattformsadministratör %(u)s") % {"u": user.get_username()}
    elif operator:
        who = _("kommandoraden, %(o)s") % {"o": operator}
    else:
        who = _("plattformen")
    return _("Delad referensdata (%(who)s): %(line)s") % {"who": who, "line": result.line()}


def _finish(job: StatisticsImport, result: ImportResult, status: str, errors: list[str]) -> None:
    job.status = status
    job.processed_rows = job.total_rows if status == ImportStatus.DONE else 0
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.errors = errors
    job.finished_at = timezone.now()
    job.save()
