"""The process at a glance: how far a municipality has come in each step of the cycle, and what
needs attention before the beredningsgrupp's next meeting.

The cycle is the fact sheet's "heart of Trygg i Göteborg": lägesbild → problem → cause →
measures → follow-up → lessons → evaluation (and back to the next lägesbild). Each step is counted
in one query and linked to its list page. A step whose page is not there (yet) is shown without a
link rather than breaking the overview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.process.models import (
    CauseAnalysis,
    CitizenPromise,
    DialogueNote,
    Evaluation,
    FollowUp,
    Goal,
    Lesson,
    Measure,
    MeasureStatus,
    Problem,
    ProblemStatus,
)
from samverka.situation.models import ReportStatus, SituationReport

# Measures that are (or should be) carried out, and so followed up.
ACTIVE_MEASURE_STATUSES = (MeasureStatus.ADOPTED, MeasureStatus.IN_PROGRESS)


def url_or_none(name: str, municipality: Municipality, **kwargs: object) -> str | None:
    """The URL of a page of the municipality, or None when no such page is installed."""
    try:
        return reverse(name, kwargs={"municipality": municipality.slug, **kwargs})
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    explanation: str
    count: int
    url: str | None


@dataclass(frozen=True)
class Attention:
    overdue: list[Measure] = field(default_factory=list)
    without_cause_analysis: list[Problem] = field(default_factory=list)
    without_followup: list[Measure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.without_cause_analysis) + len(self.without_followup)


def overdue_measures(municipality: Municipality, today: date) -> QuerySet[Measure]:
    """Measures being carried out whose next follow-up should have been made before today."""
    return (
        Measure.objects.filter(
            municipality=municipality,
            status__in=ACTIVE_MEASURE_STATUSES,
            next_followup_due__lt=today,
        )
        .select_related("plan")
        .order_by("next_followup_due", "title")
    )


def problems_without_cause_analysis(municipality: Municipality) -> QuerySet[Problem]:
    """Open problems (proposed or prioritised) that have no cause analysis yet."""
    return Problem.objects.filter(
        municipality=municipality,
        status__in=(ProblemStatus.PROPOSED, ProblemStatus.PRIORITISED),
        cause_analysis__isnull=True,
    ).order_by("priority", "title")


def measures_without_followup(municipality: Municipality) -> QuerySet[Measure]:
    """Measures being carried out that have never been followed up."""
    return (
        Measure.objects.filter(
            municipality=municipality,
            status__in=ACTIVE_MEASURE_STATUSES,
            followups__isnull=True,
        )
        .select_related("plan")
        .order_by("plan__title", "title")
    )


def attention(municipality: Municipality, today: date) -> Attention:
    return Attention(
        overdue=list(overdue_measures(municipality, today)),
        without_cause_analysis=list(problems_without_cause_analysis(municipality)),
        without_followup=list(measures_without_followup(municipality)),
    )


def cycle(municipality: Municipality) -> list[Step]:
    """The steps of the cycle in order, each with its count and the page that lists it."""
    m = municipality
    return [
        Step(
            "situation",
            _("Lägesbild"),
            _("Fastställda lägesbilder: vad som händer, var och hur ofta."),
            SituationReport.objects.filter(municipality=m, status=ReportStatus.ADOPTED).count(),
            url_or_none("situation:index", m),
        ),
        Step(
            "problems",
            _("Problem"),
            _("Problem som lägesbilden, undersökningar och dialoger pekar på."),
            Problem.objects.filter(municipality=m).count(),
            url_or_none("process:problem_list", m),
        ),
        Step(
            "causes",
            _("Orsaker"),
            _("Orsaksanalyser enligt problemanalystriangeln."),
            CauseAnalysis.objects.filter(problem__municipality=m).count(),
            url_or_none("process:problem_list", m),
        ),
        Step(
            "measures",
            _("Åtgärder"),
            _("Åtgärder i åtgärdsplanen, riktade mot orsakerna."),
            Measure.objects.filter(municipality=m).count(),
            url_or_none("process:plan_list", m),
        ),
        Step(
            "followups",
            _("Uppföljning"),
            _("Uppföljningar av åtgärdernas aktiviteter."),
            FollowUp.objects.filter(municipality=m).count(),
            url_or_none("process:followups_overdue", m),
        ),
        Step(
            "lessons",
            _("Lärdomar"),
            _("Vad ni lärt er, sökbart över åtgärder och år."),
            Lesson.objects.filter(municipality=m).count(),
            url_or_none("process:lesson_list", m),
        ),
        Step(
            "evaluations",
            _("Utvärdering"),
            _("Process- och effektutvärderingar."),
            Evaluation.objects.filter(municipality=m).count(),
            url_or_none("process:evaluation_list", m),
        ),
    ]


def related_parts(municipality: Municipality) -> list[Step]:
    """The parts beside the cycle: goals, dialogues and medborgarlöften."""
    m = municipality
    return [
        Step(
            "goals",
            _("Mål och indikatorer"),
            _("Mål ur styrande dokument, med indikatorer som följer upp dem."),
            Goal.objects.filter(municipality=m).count(),
            url_or_none("process:goal_list", m),
        ),
        Step(
            "dialogues",
            _("Dialoger"),
            _("Medborgar- och medarbetardialoger, enkäter och trygghetsvandringar."),
            DialogueNote.objects.filter(municipality=m).count(),
            url_or_none("process:dialogue_list", m),
        ),
        Step(
            "promises",
            _("Medborgarlöften"),
            _("Löften till invånarna: från dialog till undertecknat löfte och uppföljning."),
            CitizenPromise.objects.filter(municipality=m).count(),
            url_or_none("process:promise_list", m),
        ),
    ]
