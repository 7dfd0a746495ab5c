"""The åtgärdsplan (action plan), its measures, their activities and the follow-up of each.

The plan is edited live while it is prepared; it is adopted only by a decision of a group with the
mandate to decide (``meetings.Decision``), and adopting freezes the plan's content as a version
(``PlanVersion.snapshot``), as the lägesbild is frozen when adopted. Versions can be compared.

Every measure is aimed at named causes and carried out by a responsible organisation and (often)
a time-limited working group that the beredningsgrupp appoints. Every measure is followed up at a
set interval; ``next_followup_due`` is kept by the services so an overdue follow-up can be found
in one query (it goes on the beredningsgrupp's next agenda).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.organisation.models import Group, Organisation
from samverka.process.models._common import Stamped


class ActionPlan(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("område (tomt: hela kommunen)"),
    )
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till"))
    prepared_by = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_action_plans",
        verbose_name=_("bereds av"),
    )
    summary = models.TextField(_("inledning"), blank=True)
    # The governing document this plan is (the law's "åtgärdsplan"), if one is registered.
    document = models.ForeignKey(
        "organisation.GoverningDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("styrande dokument"),
    )

    class Meta:
        verbose_name = _("åtgärdsplan")
        verbose_name_plural = _("åtgärdsplaner")
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="action_plan_title_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="action_plan_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """An adopted version of a plan: frozen content and the decision that adopted it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        related_name="adopted_plan_versions",
        verbose_name=_("beslut"),
    )
    snapshot = models.JSONField(_("planen vid beslutet"))
    note = models.CharField(_("vad som ändrats"), max_length=300, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    adopted_at = models.DateTimeField(_("antagen"), auto_now_add=True)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        verbose_name = _("version av åtgärdsplan")
        verbose_name_plural = _("versioner av åtgärdsplaner")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class MeasureKind(models.TextChoices):
    SITUATIONAL = "situational", _("Situationell")
    SOCIAL = "social", _("Social")


class MeasureTerm(models.TextChoices):
    SHORT = "short", _("Kort sikt")
    LONG = "long", _("Lång sikt")


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    ADOPTED = "adopted", _("Beslutad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")
    STOPPED = "stopped", _("Avbruten")


class Measure(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="measures"
    )
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("åtgärd"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    causes = models.ManyToManyField(
        "process.Cause", blank=True, related_name="measures", verbose_name=_("orsaker")
    )
    goals = models.ManyToManyField(
        "process.Goal", blank=True, related_name="measures", verbose_name=_("mål")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=MeasureKind.choices)
    term = models.CharField(_("sikt"), max_length=20, choices=MeasureTerm.choices)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarig aktör"),
    )
    working_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("arbetsgrupp"),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (kr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    # The logic model: activity → output → outcome → goal.
    logic_activity = models.TextField(_("aktivitet (vad görs)"), blank=True)
    logic_output = models.TextField(_("prestation (vad det ger)"), blank=True)
    logic_outcome = models.TextField(_("effekt (vad som förändras)"), blank=True)
    logic_goal = models.TextField(_("bidrar till målet"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED
    )
    adopted_decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_measures",
        verbose_name=_("beslut"),
    )
    # Roll-up weight of this measure in its goals' progress.
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)
    followup_every_weeks = models.PositiveSmallIntegerField(_("följs upp var n:e vecka"), default=8)
    next_followup_due = models.DateField(_("nästa uppföljning senast"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="measure_title_unique"),
            models.CheckConstraint(
                condition=models.Q(followup_every_weeks__gte=1), name="measure_followup_interval"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "next_followup_due"])]

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Klar")
    CANCELLED = "cancelled", _("Inställd")


class Activity(models.Model):
    """A concrete activity of a measure; its progress rolls up to the measure (weighted)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("aktivitet"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig aktör"),
    )
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("genomfört (procent)"), default=0, validators=[MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_example = models.BooleanField(_("exempeldata"), default=False)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["measure", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="activity_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AsPlanned(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvis")
    NO = "no", _("Nej")


class FollowUp(Stamped):
    """One follow-up of a measure (and, optionally, one of its activities)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="followups"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="followups")
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("aktivitet"),
    )
    made_on = models.DateField(_("uppföljningsdatum"))
    due_on = models.DateField(_("skulle göras senast"), null=True, blank=True)
    as_planned = models.CharField(
        _("genomfört som planerat?"), max_length=10, choices=AsPlanned.choices
    )
    outputs = models.TextField(_("prestationer"), blank=True)
    deviations = models.TextField(_("avvikelser"), blank=True)
    indicator_movement = models.TextField(_("hur indikatorerna rört sig"), blank=True)
    lessons = models.TextField(_("lärdomar"), blank=True)
    # The activity's progress after this follow-up (None: unchanged).
    progress = models.PositiveSmallIntegerField(
        _("genomfört (procent)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_followups",
        verbose_name=_("möte"),
    )

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["measure", "-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.measure} {self.made_on}"
