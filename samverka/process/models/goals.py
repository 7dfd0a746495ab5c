"""Goals, sub-goals and the indicators that follow them up.

A goal belongs to a governing document (budget, samverkansöverenskommelse, medborgarlöfte …);
the document's one-goal-per-line text is promoted to rows and kept (``source_line``), so the
document still reads as written. Sub-goals break a goal down. An indicator measures a goal: by
hand, counted from the incident reports (the lägesbild's counts) or read from a statistics series;
its values per period say who entered and who approved them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.organisation.models import GoverningDocument
from samverka.process.models._common import Stamped


class Goal(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="process_goals"
    )
    document = models.ForeignKey(
        GoverningDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goal_rows",
        verbose_name=_("styrande dokument"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subgoals",
        verbose_name=_("delmål till"),
    )
    title = models.CharField(_("mål"), max_length=300, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    # The document's line this goal was promoted from (empty for goals added as rows).
    source_line = models.CharField(_("ursprunglig formulering"), max_length=500, blank=True)
    problems = models.ManyToManyField(
        "process.Problem", blank=True, related_name="goals", verbose_name=_("problem")
    )
    # Roll-up weight of this (sub-)goal in its parent's progress.
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["document__title", "parent_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Förs in för hand")
    INCIDENTS = "incidents", _("Räknas från händelserapporterna")
    STATISTICS = "statistics", _("Hämtas från en statistikserie")


class Direction(models.TextChoices):
    DECREASE = "decrease", _("Lägre är bättre")
    INCREASE = "increase", _("Högre är bättre")


class IndicatorPeriod(models.TextChoices):
    MONTH = "month", _("Månad")
    QUARTER = "quarter", _("Kvartal")
    HALF_YEAR = "half_year", _("Halvår")
    YEAR = "year", _("År")


class Indicator(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="process_indicators"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("namn"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(_("enhet"), max_length=60, validators=[validate_single_line])
    source = models.CharField(_("källa"), max_length=20, choices=IndicatorSource.choices)
    period = models.CharField(
        _("period"), max_length=20, choices=IndicatorPeriod.choices, default=IndicatorPeriod.YEAR
    )
    direction = models.CharField(
        _("riktning"), max_length=20, choices=Direction.choices, default=Direction.DECREASE
    )
    # For INCIDENTS: the area (and its subtree) and the category (empty: every category).
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_indicators",
        verbose_name=_("område"),
    )
    category = models.ForeignKey(
        "incidents.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_indicators",
        verbose_name=_("kategori"),
    )
    # For STATISTICS: the series and the geography it is read for.
    series = models.ForeignKey(
        "stats.Series",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_indicators",
        verbose_name=_("statistikserie"),
    )
    geography = models.ForeignKey(
        "stats.Geography",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_indicators",
        verbose_name=_("geografi"),
    )
    baseline_value = models.DecimalField(
        _("utgångsvärde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_label = models.CharField(
        _("utgångsvärdet gäller"), max_length=60, blank=True, validators=[validate_single_line]
    )
    target_value = models.DecimalField(
        _("målvärde"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    deadline = models.DateField(_("målet ska nås senast"), null=True, blank=True)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["goal", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """The indicator's value for one period; approved by someone other than who entered it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("periodens första dag"))
    period_end = models.DateField(_("periodens sista dag"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=3)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inmatat av"),
    )
    entered_at = models.DateTimeField(_("inmatat"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkänt av"),
    )
    approved_at = models.DateTimeField(_("godkänt"), null=True, blank=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="indicator_value_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start})"
