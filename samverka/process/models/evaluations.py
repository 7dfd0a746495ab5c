"""Evaluations of measures and the library of lessons learned.

A process evaluation asks whether a measure was done as planned and reached whom it should. An
effect evaluation compares an indicator before and after in the target area against a comparison
area (difference-in-differences); the computed result is stored with the evaluation so that it
reads the same later, with the inputs it was computed from.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.process.models._common import Stamped
from samverka.process.models.plans import MeasureKind


class EvaluationKind(models.TextChoices):
    PROCESS = "process", _("Processutvärdering")
    EFFECT = "effect", _("Effektutvärdering")


class Evaluation(Stamped):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="evaluations"
    )
    measure = models.ForeignKey(
        "process.Measure", on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=EvaluationKind.choices)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    made_on = models.DateField(_("datum"))
    made_by_name = models.CharField(
        _("utförd av"), max_length=200, blank=True, validators=[validate_single_line]
    )
    # Process evaluation.
    as_planned = models.TextField(_("genomfördes det som planerat?"), blank=True)
    reached = models.TextField(_("nådde det dem det var tänkt för?"), blank=True)
    # Effect evaluation: incident counts in the target and comparison areas, before and after.
    target_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("målområde"),
    )
    comparison_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämförelseområde"),
    )
    category = models.ForeignKey(
        "incidents.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kategori (tom: alla)"),
    )
    indicator = models.ForeignKey(
        "process.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("indikator"),
    )
    before_start = models.DateField(_("före: från"), null=True, blank=True)
    before_end = models.DateField(_("före: till och med"), null=True, blank=True)
    after_start = models.DateField(_("efter: från"), null=True, blank=True)
    after_end = models.DateField(_("efter: till och med"), null=True, blank=True)
    # The computed estimate, interval, counts, warnings and displacement check (JSON, see
    # samverka.process.effect), frozen when the evaluation is saved.
    result = models.JSONField(_("resultat"), null=True, blank=True)
    conclusions = models.TextField(_("slutsatser"), blank=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        ordering = ["-made_on", "title"]

    def __str__(self) -> str:
        return self.title


class Lesson(Stamped):
    """A lesson learned, kept in a library searchable across measures and years."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("lärdom"), max_length=200, validators=[validate_single_line])
    text = models.TextField(_("beskrivning"))
    measure = models.ForeignKey(
        "process.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("åtgärd"),
    )
    problem = models.ForeignKey(
        "process.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("problem"),
    )
    followup = models.ForeignKey(
        "process.FollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lesson_rows",
        verbose_name=_("uppföljning"),
    )
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("utvärdering"),
    )
    # Copied from the measure when there is one, so the library filters without joins and a
    # lesson outlives its measure.
    measure_kind = models.CharField(
        _("typ av åtgärd"), max_length=20, choices=MeasureKind.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("år"))
    tags = models.CharField(
        _("nyckelord"), max_length=300, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("lärdom")
        verbose_name_plural = _("lärdomar")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title
