"""The built-in example's lägesbilder: after the incidents loader has filled Angered with
synthetic reports, the beredningsgrupp's biweekly lägesbilder of recent months are compiled and
adopted, each with a short invented assessment that says it is an example."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.progress import Progress
from samverka.incidents.models import Incident
from samverka.situation import services
from samverka.situation.figures import SituationFigures, compute_situation
from samverka.situation.models import AreaStatus, SituationReport
from samverka.situation.periods import PeriodKind, latest_complete

EXAMPLE_AREA = "Angered"
PERIODS = 6  # the last six two-week periods before today: about three months


def _assessment(figures: SituationFigures) -> str:
    """A short invented assessment, written from the figures the way a beredningsgrupp might."""
    parts = [_("Exempel – påhittad bedömning för demonstrationen.")]
    categories = sorted(figures.categories, key=lambda c: -c.current)
    if categories and categories[0].current:
        parts.append(
            _("%(n)s händelser under perioden; vanligast var %(what)s (%(k)s).")
            % {
                "n": figures.total.current,
                "what": categories[0].name.lower(),
                "k": categories[0].current,
            }
        )
    rising = [c.name.lower() for c in figures.categories if c.mean.rising]
    if rising:
        parts.append(
            _(
                "Säker ökning mot medelvärdet för %(what)s: beredningsgruppen föreslår att "
                "trygghetsgruppen i området går igenom platserna."
            )
            % {"what": ", ".join(rising)}
        )
    else:
        parts.append(_("Inga säkra förändringar mot medelvärdet."))
    hot = len(figures.hotspots.clusters)
    if hot:
        parts.append(_("Kartan visar %(n)s hot spots.") % {"n": hot})
    missing = figures.coverage.missing_organisations
    if missing:
        parts.append(
            _("Rapporter saknas från %(who)s; läget kan vara sämre än siffrorna visar.")
            % {"who": ", ".join(missing[:3])}
        )
    return " ".join(parts)


def load_example(municipality: Municipality, progress: Progress) -> str:
    """Adopt Angered's lägesbilder of the last six two-week periods (idempotent)."""
    area = Area.objects.filter(municipality=municipality, name=EXAMPLE_AREA).first()
    if area is None or not Incident.objects.filter(municipality=municipality).exists():
        return ""
    latest = latest_complete(PeriodKind.BIWEEK, timezone.localdate())
    periods = list(reversed([latest, *latest.earlier(PERIODS - 1)]))
    adopted = 0
    for index, period in enumerate(periods, start=1):
        progress("lägesbilder", index - 1, len(periods))
        exists = SituationReport.objects.filter(
            area=area, period_kind=period.kind, period_start=period.start
        ).exists()
        if exists:
            continue
        with transaction.atomic():
            report = services.report_create(
                municipality=municipality, area=area, period=period, user=None, is_example=True
            )
            figures = compute_situation(area, period, mean_periods=report.mean_periods)
            statuses = {
                s.area_id: (s.colour, s.reasons) for s in AreaStatus.objects.filter(report=report)
            }
            services.report_update(
                report=report,
                user=None,
                assessment=_assessment(figures),
                sources_note=_(
                    "Exempel: polisens anmälningsstatistik och trygghetsundersökningen ingår "
                    "inte; händelserna är syntetiska."
                ),
                statuses=statuses,
            )
            services.report_adopt(report=report, user=None)
        adopted += 1
    progress("lägesbilder", len(periods), len(periods))
    if not adopted:
        return ""
    return _("%(n)s fastställda lägesbilder för %(area)s (%(first)s – %(last)s)") % {
        "n": adopted,
        "area": area.name,
        "first": periods[0].label,
        "last": periods[-1].label,
    }
