"""The lägesbild (situation picture): one version for one area and one period, compiled by the
beredningsgrupp, and the colour status it gives each area.

A draft's figures are computed live from the incident reports every time it is shown. When the
lägesbild is adopted (fastställd) the computed figures are stored with it as a JSON snapshot, so
that a report that arrives late never changes what was adopted; a new version can be made, which
is live again until it too is adopted. Versions are compared figure by figure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.organisation.models import Group
from samverka.situation.periods import Period, PeriodKind


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Fastställd")


class Colour(models.TextChoices):
    GREEN = "green", _("Grön")
    YELLOW = "yellow", _("Gul")
    RED = "red", _("Röd")


class SituationReportQuerySet(models.QuerySet["SituationReport"]):
    def in_municipality(self, municipality: Municipality) -> SituationReportQuerySet:
        return self.filter(municipality=municipality)

    def adopted(self) -> SituationReportQuerySet:
        return self.filter(status=ReportStatus.ADOPTED)

    def published(self) -> SituationReportQuerySet:
        return self.filter(status=ReportStatus.ADOPTED, is_published=True)

    def same_key(self, report: SituationReport) -> SituationReportQuerySet:
        """Every version of the same area and period."""
        return self.filter(
            area_id=report.area_id,
            period_kind=report.period_kind,
            period_start=report.period_start,
        )


class SituationReport(models.Model):
    """A lägesbild: one version for one area and one period."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="situation_reports"
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="situation_reports", verbose_name=_("område")
    )
    period_kind = models.CharField(_("periodtyp"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("periodens första dag"))
    period_end = models.DateField(_("dagen efter periodens sista dag"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="situation_reports",
        verbose_name=_("sammanställs av"),
        help_text=_("Gruppen vars medlemmar skriver bedömningen och fastställer lägesbilden."),
    )
    assessment = models.TextField(
        _("bedömning"),
        blank=True,
        help_text=_("Beredningsgruppens samlade bedömning av läget: vad siffrorna betyder."),
    )
    sources_note = models.TextField(
        _("källor som inte använts"),
        blank=True,
        help_text=_(
            "Andra källor ni har vägt in eller valt bort, och varför (t.ex. polisens "
            "anmälningsstatistik, trygghetsundersökningen)."
        ),
    )
    mean_periods = models.PositiveSmallIntegerField(_("antal perioder i medelvärdet"), default=6)
    # The computed figures, stored when adopted (None while a draft: a draft is computed live).
    snapshot = models.JSONField(_("siffror vid fastställandet"), null=True, blank=True)
    is_published = models.BooleanField(
        _("publicerad"),
        default=False,
        help_text=_("En fastställd lägesbild kan visas offentligt i grövre form."),
    )
    is_example = models.BooleanField(_("exempel"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd av"),
    )
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    # The beredningsgrupp's meeting whose minutes record the adoption (None: adopted on the page
    # outside a meeting, or before meetings were recorded).
    adopted_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd vid mötet"),
    )

    objects = SituationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        ordering = ["-period_start", "area__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period_kind", "period_start", "version"],
                name="situation_report_version_unique",
            ),
            # One draft at a time per area and period: the next version starts from it.
            models.UniqueConstraint(
                fields=["area", "period_kind", "period_start"],
                condition=models.Q(status="draft"),
                name="situation_report_one_draft",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.area} {self.period.label} v{self.version}"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def is_adopted(self) -> bool:
        return self.status == ReportStatus.ADOPTED

    def period_last_day(self) -> date:
        return self.period.last_day


class AreaStatus(models.Model):
    """The beredningsgrupp's colour for one area in one lägesbild, with the reasons for it."""

    report = models.ForeignKey(
        SituationReport, on_delete=models.CASCADE, related_name="area_statuses"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="+", verbose_name=_("område")
    )
    colour = models.CharField(_("status"), max_length=10, choices=Colour.choices)
    reasons = models.TextField(_("skäl"), blank=True)

    class Meta:
        verbose_name = _("områdesstatus")
        verbose_name_plural = _("områdesstatus")
        ordering = ["report", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["report", "area"], name="one_status_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_colour_display()}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "area_id": self.area_id,
            "area": self.area.name,
            "colour": self.colour,
            "reasons": self.reasons,
        }


class FindingAction(models.Model):
    """What a finding of an adopted lägesbild led to: a proposal to the deciding group or a
    commitment, made from the finding in one action (services.finding_act).

    The finding is named by its key within the version (``SituationFigures.finding``) and its
    label as it read then; an adopted version's figures are frozen, so the key keeps pointing at
    the same figure. The link is shown both ways: next to the finding on the lägesbild, and in
    the "Används i" box of the proposal or commitment (links.py)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="finding_actions",
        verbose_name=_("lägesbild"),
    )
    finding_key = models.CharField(_("fynd"), max_length=100)
    finding_label = models.CharField(_("fyndet"), max_length=300)
    proposal = models.ForeignKey(
        "meetings.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("förslag"),
    )
    commitment = models.ForeignKey(
        "meetings.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åtagande"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjord av"),
    )
    created_at = models.DateTimeField(_("gjord"), auto_now_add=True)

    class Meta:
        verbose_name = _("åtgärd från fynd")
        verbose_name_plural = _("åtgärder från fynd")
        ordering = ["report", "finding_key", "created_at", "pk"]
        constraints = [
            # Exactly one of the two: a proposal or a commitment.
            models.CheckConstraint(
                condition=(
                    models.Q(proposal__isnull=False, commitment__isnull=True)
                    | models.Q(proposal__isnull=True, commitment__isnull=False)
                ),
                name="finding_action_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.finding_label}"

    @property
    def target(self) -> Any:
        """The proposal or the commitment."""
        return self.proposal or self.commitment


# --- Precomputed aggregates (PostgreSQL) --------------------------------------------------------
# Kept up to date by statement-level triggers on the incidents table (see aggregates.py and the
# migration), so every write — the form, the API, an import's COPY, a status change, a delete —
# moves them in the same transaction. Plain integer columns, no foreign keys: the rows are a
# derived sum, never edited, and the triggers must stay simple.


class MonthlyCount(models.Model):
    """Events (event_count summed, duplicates left out) per area, local month, category and
    subcategory (0 = none): what lägesbilder of months, tertials and years read."""

    municipality_id = models.BigIntegerField()
    area_id = models.BigIntegerField()
    month = models.DateField()  # the first day of the month (local time)
    category_id = models.BigIntegerField()
    subcategory_id = models.BigIntegerField(default=0)
    events = models.BigIntegerField(default=0)
    reports = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("händelser per månad")
        verbose_name_plural = _("händelser per månad")
        constraints = [
            models.UniqueConstraint(
                fields=["area_id", "month", "category_id", "subcategory_id"],
                include=["events"],
                name="monthly_count_key",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.area_id} {self.month:%Y-%m} {self.category_id}/{self.subcategory_id}: "
            f"{self.events}"
        )


class WeeklyCount(models.Model):
    """The same per ISO week (``week`` = its Monday): what lägesbilder of one and two weeks,
    the default, read."""

    municipality_id = models.BigIntegerField()
    area_id = models.BigIntegerField()
    week = models.DateField()
    category_id = models.BigIntegerField()
    subcategory_id = models.BigIntegerField(default=0)
    events = models.BigIntegerField(default=0)
    reports = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("händelser per vecka")
        verbose_name_plural = _("händelser per vecka")
        constraints = [
            models.UniqueConstraint(
                fields=["area_id", "week", "category_id", "subcategory_id"],
                include=["events"],
                name="weekly_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.week} {self.category_id}/{self.subcategory_id}: {self.events}"


class CellCount(models.Model):
    """Events per month and 250 m cell of the national grid (samverka.lib.hotspots): the map
    data of long spans (a million reports become some tens of thousands of rows)."""

    municipality_id = models.BigIntegerField()
    month = models.DateField()  # the first day of the month (local time)
    row = models.IntegerField()
    col = models.IntegerField()
    events = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("händelser per ruta och månad")
        verbose_name_plural = _("händelser per ruta och månad")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_id", "month", "row", "col"],
                include=["events"],
                name="cell_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.row}:{self.col}: {self.events}"
