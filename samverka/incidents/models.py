"""Incident reports (händelserapporter) in a configurable taxonomy, the weekly reporting roster,
explicit "nothing to report" reports, and the import jobs and column mappings of bulk imports.

Reports describe places and situations, never persons: no field holds a person's name or
identity number (free text is screened by ``samverka.lib.personnummer``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.models import ImportJobBase
from samverka.organisation.models import Organisation

if TYPE_CHECKING:
    from collections.abc import Iterable


class Category(models.Model):
    """A category (kategori) or, with a parent, a subcategory (underkategori) of incidents."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incident_categories"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("huvudkategori"),
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=120)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("händelsekategori")
        verbose_name_plural = _("händelsekategorier")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="incident_category_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_top_level(self) -> bool:
        return self.parent_id is None


class Setting(models.TextChoices):
    INDOOR = "indoor", _("Inomhus")
    OUTDOOR = "outdoor", _("Utomhus")
    SEMI_PUBLIC = "semi_public", _("Halvoffentlig miljö")


class ReviewStatus(models.TextChoices):
    NEW = "new", _("Ny")
    REVIEWED = "reviewed", _("Granskad")
    DUPLICATE = "duplicate", _("Dubblett")


class Source(models.TextChoices):
    MANUAL = "manual", _("Inrapporterad")
    FILE = "file", _("Importerad fil")
    POLICE = "police", _("Polisens händelser")
    SYNTHETIC = "synthetic", _("Syntetisk (exempel)")


class PlacePrecision(models.TextChoices):
    """How precisely an incident is placed. Reports and files give a point or an area; the
    police often say no more than the municipality or the county (their gps is then the
    municipality's centre), and such an event must not be counted in a sub-area or hot spot."""

    AS_REPORTED = "", _("Som rapporterad")
    MUNICIPALITY = "municipality", _("Bara kommunen")
    COUNTY = "county", _("Bara länet")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def in_municipality(self, municipality: Municipality) -> IncidentQuerySet:
        return self.filter(municipality=municipality)

    def in_areas(self, area_ids: Iterable[int]) -> IncidentQuerySet:
        return self.filter(area_id__in=list(area_ids))

    def between(self, start: datetime, end: datetime) -> IncidentQuerySet:
        """Incidents that started in [start, end)."""
        return self.filter(occurred_at__gte=start, occurred_at__lt=end)

    def counted(self) -> IncidentQuerySet:
        """What statistics count: everything except reports marked as duplicates."""
        return self.exclude(status=ReviewStatus.DUPLICATE)


class Incident(models.Model):
    """A händelserapport: what happened, where and when — a place and a situation, no person."""

    # Foreign keys without an index of their own: the composite indexes below serve every read,
    # and each extra index slows bulk imports. The database constraints stay: a report that
    # points nowhere would corrupt every lägesbild, and integrity outranks import speed. The
    # bulk writers still check every id against the municipality first. Deleting a category,
    # an area, an actor, a user or an import — rare — scans instead of using an index.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="incidents",
        db_index=False,
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kategori"),
        db_index=False,
    )
    subcategory = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("underkategori"),
        db_index=False,
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("område"),
        db_index=False,
    )
    latitude = models.FloatField(
        _("latitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitud"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    place_name = models.CharField(_("plats"), max_length=200, blank=True)
    place_precision = models.CharField(
        _("platsens precision"),
        max_length=20,
        choices=PlacePrecision.choices,
        blank=True,
        default=PlacePrecision.AS_REPORTED,
        db_default=PlacePrecision.AS_REPORTED,
    )
    setting = models.CharField(_("miljö"), max_length=20, choices=Setting.choices, blank=True)
    occurred_at = models.DateTimeField(_("inträffade"))
    occurred_until = models.DateTimeField(_("pågick till"), null=True, blank=True)
    event_count = models.PositiveIntegerField(
        _("antal händelser"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("beskrivning"), blank=True)
    assessment = models.TextField(_("egen bedömning"), blank=True)
    police_reported = models.BooleanField(_("polisanmäld"), null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapportör"),
        db_index=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("rapporterande aktör"),
        db_index=False,
    )
    status = models.CharField(
        _("granskning"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NEW
    )
    source = models.CharField(
        _("källa"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    external_id = models.CharField(_("externt id"), max_length=100, blank=True)
    # When the source published the version stored (the police's ``datetime``); a version
    # published earlier never overwrites a later one.
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    import_job = models.ForeignKey(
        "ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("import"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("rapporterad"), auto_now_add=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelserapport")
        verbose_name_plural = _("händelserapporter")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "area", "occurred_at"]),
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["municipality", "category", "occurred_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="incident_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.area} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_interval(self) -> bool:
        return self.occurred_until is not None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PoliceEventVersion(models.Model):
    """One version of a police event as published: the police republish an event under the
    same id when they update it; the incident holds the newest, this table each version."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="police_versions")
    published_at = models.DateTimeField(_("publicerad"))
    # The incident's fields this version changed (empty for the first version).
    changed = models.JSONField(_("ändrade fält"), default=list, blank=True)
    event = models.JSONField(_("händelsen som publicerad"), default=dict)
    import_job = models.ForeignKey(
        "ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("hämtad"), auto_now_add=True)

    class Meta:
        verbose_name = _("version av polisens händelse")
        verbose_name_plural = _("versioner av polisens händelser")
        ordering = ["incident", "published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "published_at"], name="police_event_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.published_at:%Y-%m-%d %H:%M}"


class RosterEntry(models.Model):
    """An organisation expected to report every week for an area (rapportörslista)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incident_roster"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="roster_entries", verbose_name=_("område")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="roster_entries",
        verbose_name=_("aktör"),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("rapporterande aktör")
        verbose_name_plural = _("rapporteringslista")
        ordering = ["area__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "organisation"], name="roster_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.area}"


class NothingToReport(models.Model):
    """ "Inget att rapportera": an organisation's explicit report of a quiet ISO week in an area."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="nothing_to_report"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="nothing_to_report", verbose_name=_("område")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="nothing_to_report",
        verbose_name=_("aktör"),
    )
    week = models.CharField(_("vecka"), max_length=8, help_text=_("ISO-vecka, t.ex. 2026-W45."))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapportör"),
    )
    created_at = models.DateTimeField(_("rapporterad"), auto_now_add=True)

    class Meta:
        verbose_name = _("inget att rapportera")
        verbose_name_plural = _("inget att rapportera")
        ordering = ["-week", "area__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "organisation", "week"], name="nothing_to_report_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.area} {self.week}"


class ImportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    POLICE = "polisen", _("Polisens händelser (JSON)")


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("Granskad, väntar på bekräftelse")
    INVALID = "invalid", _("Fel i filen – inget importerat")
    QUEUED = "queued", _("Väntar på att starta")
    RUNNING = "running", _("Kontrollerar rader")
    SAVING = "saving", _("Sparar")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Avbruten – inget importerat")


class ImportJob(ImportJobBase):
    """One uploaded file: validated on upload, imported in one transaction on confirmation.

    ``processed_rows`` counts rows processed during the run so a page can show progress; the
    rows themselves become visible only when the transaction commits (all or nothing).
    """

    FINISHED_STATUSES = frozenset({ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.INVALID})

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incident_imports"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterande aktör"),
    )
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    file = models.FileField(_("fil"), upload_to="incident-imports/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.VALIDATED
    )
    created_count = models.PositiveIntegerField(_("nya händelser"), default=0)
    skipped_count = models.PositiveIntegerField(_("redan importerade"), default=0)
    summary = models.JSONField(_("sammanfattning"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    # The task that runs the job (django_tasks_db's result id), for the queue's state on the page.
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)

    class Meta(ImportJobBase.Meta):
        verbose_name = _("import av händelser")
        verbose_name_plural = _("importer av händelser")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.SAVING}


class ColumnMapping(models.Model):
    """How an organisation's own CSV/XLSX columns map to incident fields (kolumnmappning)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incident_column_mappings"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="incident_column_mappings",
        verbose_name=_("aktör"),
    )
    # {field name: column heading in the organisation's file}
    mapping = models.JSONField(_("kolumner"), default=dict)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("kolumnmappning")
        verbose_name_plural = _("kolumnmappningar")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_column_mapping_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}"


class ReminderLog(models.Model):
    """A reminder sent to an organisation's reporters for a week (so it is not sent twice)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="incident_reminders"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("aktör")
    )
    week = models.CharField(_("vecka"), max_length=8)
    recipients = models.PositiveIntegerField(_("mottagare"), default=0)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week"], name="one_reminder_per_org_and_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.week}"


class PoliceFeed(models.Model):
    """A municipality that fetches the police's events feed on the schedule (every quarter of an
    hour, ``tasks.fetch_police_feed``); turned on in the admin or with ``samverka
    fetch_police_events --municipality SLUG --turn-on``. What the last fetch brought is kept
    for whoever wonders why no new events came."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="police_feed"
    )
    enabled = models.BooleanField(_("hämtas enligt schemat"), default=True)
    last_fetched_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)
    last_outcome = models.CharField(_("utfall"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("polisens händelseflöde")
        verbose_name_plural = _("polisens händelseflöden")
        ordering = ["municipality__name"]

    def __str__(self) -> str:
        return str(self.municipality)
