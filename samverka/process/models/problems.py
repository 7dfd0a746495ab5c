"""The problem picture (problembild) and its cause analysis (orsaksanalys).

A problem is established from evidence — a lägesbild version and the figure or area status it
showed, a statistics series, a survey result, notes from a dialogue — and prioritised by the
beredningsgrupp; a decision of a group with the mandate to decide confirms the priority.

The cause analysis follows Brå's handbook *Orsaksanalys i lokalt brottsförebyggande arbete*
(2018): the problem analysis triangle (offender, victim or target, place) with those who could act
on each side (handler, guardian, place manager), and the causes as a tree, each with its evidence
and how certain it is.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.organisation.models import Group
from samverka.process.models._common import Stamped


class ProblemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslaget")
    PRIORITISED = "prioritised", _("Prioriterat")  # the priority is confirmed by a decision
    CLOSED = "closed", _("Avslutat")


class Problem(Stamped):
    """A local crime or safety problem the actors work on together."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="process_problems"
    )
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    areas = models.ManyToManyField(Area, related_name="process_problems", verbose_name=_("områden"))
    since = models.DateField(_("sedan"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.PROPOSED
    )
    # The beredningsgrupp's order of priority (1 first); confirmed by ``priority_decision``.
    priority = models.PositiveSmallIntegerField(_("prioritet"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_problems",
        verbose_name=_("beretts av"),
    )
    priority_decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prioritised_problems",
        verbose_name=_("beslut om prioritering"),
    )
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem")
        ordering = ["priority", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="problem_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    SITUATION = "situation", _("Lägesbild")
    STATISTICS = "statistics", _("Statistik")
    SURVEY = "survey", _("Trygghetsundersökning")
    DIALOGUE = "dialogue", _("Dialog")
    OTHER = "other", _("Annat underlag")


class ProblemEvidence(Stamped):
    """One piece of evidence for a problem.

    A lägesbild finding names the version (``situation_report``) and what it showed: a figure of
    its typed figures (``figure_key``, e.g. ``category:12`` or ``subarea:7``) or an area's colour
    (``area_status``). The label and value are copied when the link is made, so the evidence still
    reads the same if a later version of the lägesbild shows something else."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("typ av underlag"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("rubrik"), max_length=200, validators=[validate_single_line])
    note = models.TextField(_("vad underlaget visar"), blank=True)
    situation_report = models.ForeignKey(
        "situation.SituationReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_evidence",
        verbose_name=_("lägesbild"),
    )
    area_status = models.ForeignKey(
        "situation.AreaStatus",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="process_evidence",
        verbose_name=_("områdesstatus"),
    )
    figure_key = models.CharField(_("siffra"), max_length=100, blank=True)
    figure_label = models.CharField(_("vad siffran gäller"), max_length=300, blank=True)
    figure_value = models.CharField(_("vad den visade"), max_length=300, blank=True)
    series = models.ForeignKey(
        "stats.Series",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_evidence",
        verbose_name=_("statistikserie"),
    )
    dialogue = models.ForeignKey(
        "process.DialogueNote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("dialog"),
    )
    source_url = models.URLField(_("länk till källan"), max_length=500, blank=True)
    observed_on = models.DateField(_("gäller datum"), null=True, blank=True)

    class Meta:
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")
        ordering = ["problem", "kind", "-observed_on", "pk"]

    def __str__(self) -> str:
        return self.title


class CauseAnalysis(Stamped):
    """The problem analysis triangle of one problem (one analysis per problem)."""

    problem = models.OneToOneField(Problem, on_delete=models.CASCADE, related_name="cause_analysis")
    offender = models.TextField(_("gärningsperson"), blank=True)
    target = models.TextField(_("offer eller mål"), blank=True)
    place = models.TextField(_("plats"), blank=True)
    # Those who could act on each side of the triangle.
    handler = models.TextField(_("påverkare (nära gärningspersonen)"), blank=True)
    guardian = models.TextField(_("väktare (skyddar offret eller målet)"), blank=True)
    place_manager = models.TextField(_("platsansvarig"), blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)

    class Meta:
        verbose_name = _("orsaksanalys")
        verbose_name_plural = _("orsaksanalyser")

    def __str__(self) -> str:
        return f"{self.problem}"


class TriangleSide(models.TextChoices):
    OFFENDER = "offender", _("Gärningsperson")
    TARGET = "target", _("Offer eller mål")
    PLACE = "place", _("Plats")
    CONTEXT = "context", _("Bakomliggande")  # a cause behind all three (e.g. segregation)


class Certainty(models.TextChoices):
    ESTABLISHED = "established", _("Belagd")
    LIKELY = "likely", _("Trolig")
    ASSUMED = "assumed", _("Antagande")


class Cause(Stamped):
    """One cause in the analysis' tree; a child explains its parent."""

    analysis = models.ForeignKey(CauseAnalysis, on_delete=models.CASCADE, related_name="causes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("förklarar"),
    )
    side = models.CharField(_("sida i triangeln"), max_length=20, choices=TriangleSide.choices)
    title = models.CharField(_("orsak"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("beskrivning"), blank=True)
    evidence = models.TextField(_("underlag"), blank=True)
    certainty = models.CharField(
        _("hur säker"), max_length=20, choices=Certainty.choices, default=Certainty.LIKELY
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("orsak")
        verbose_name_plural = _("orsaker")
        ordering = ["analysis", "position", "pk"]

    def __str__(self) -> str:
        return self.title
