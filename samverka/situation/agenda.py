"""The lägesbild on the beredningsgrupp's agenda (an agenda source, registered in ``apps.py``).

The beredningsgrupp compiles the lägesbild and meets every other week: each of its meetings
lists the lägesbild of the period the meeting falls in, the one adopted at the meeting, and the
latest one still waiting to be adopted — each with a link and its key findings (red and yellow
areas, significant rises, hot spots). The meetings app shows the entries under the follow-up
item, on the meeting page, in the agenda and the minutes (page and PDF) and in the API, so the
minutes record "fastställd vid mötet".

A source gets only the meeting, never the viewer: what it brings is what everyone who sees the
agenda may see. Everyone with a role in the municipality reads the lägesbilder; the entry
carries labels and figures, never the assessment's text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.core.extensions import AgendaEntry
from samverka.meetings.models import MeetingStatus
from samverka.organisation.models import GroupKind
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.selectors import KeyFinding, figures_for, key_findings, prepares_reports

SOURCE_LABEL = "Lägesbild"
MAX_FINDINGS = 4  # an agenda line, not the lägesbild: the rest is one click away


def reports_for_meeting(meeting: Any) -> list[SituationReport]:
    """The lägesbilder a meeting of a compiling group deals with: the ones adopted at it, the
    newest version of each whose period covers the meeting's day, and the latest draft whose
    period has begun by then (the one waiting to be adopted), newest period first."""
    group = meeting.group
    day = timezone.localdate(meeting.starts_at)
    own = Q(group_id=group.pk)
    if group.kind == GroupKind.PREPARATION:
        own |= Q(group__isnull=True)  # compiled by the coordinators: every beredningsgrupp's
    reports = (
        SituationReport.objects.filter(municipality_id=meeting.municipality_id)
        .filter(own)
        .select_related("area", "group", "adopted_at_meeting")
    )
    chosen: dict[int, SituationReport] = {
        r.pk: r
        for r in SituationReport.objects.filter(adopted_at_meeting=meeting).select_related(
            "area", "group", "adopted_at_meeting"
        )
    }
    newest: dict[tuple[int, str, Any], SituationReport] = {}
    for report in reports.filter(period_start__lte=day, period_end__gt=day).order_by("version"):
        newest[(report.area_id, report.period_kind, report.period_start)] = report
    for report in newest.values():
        chosen.setdefault(report.pk, report)
    if not any(r.is_draft for r in chosen.values()):
        waiting = (
            reports.filter(status=ReportStatus.DRAFT, period_start__lte=day)
            .order_by("-period_end", "-pk")
            .first()
        )
        if waiting is not None:
            chosen.setdefault(waiting.pk, waiting)
    return sorted(
        chosen.values(), key=lambda r: (-r.period_start.toordinal(), r.area.name, -r.version)
    )


def _finding_text(finding: KeyFinding) -> str:
    if finding.colour:
        colour = _("röd") if finding.colour == "red" else _("gul")
        return _("%(label)s: %(colour)s") % {"label": finding.label, "colour": colour}
    return f"{finding.label}: {finding.value}"


def _status_text(report: SituationReport, meeting: Any) -> str:
    if report.is_adopted and report.adopted_at_meeting_id == meeting.pk:
        return _("Fastställd vid detta möte.")
    if report.is_adopted:
        adopted = report.adopted_at_meeting
        if adopted is not None:
            return _("Fastställd vid mötet %(date)s.") % {
                "date": timezone.localdate(adopted.starts_at).isoformat()
            }
        when = timezone.localdate(report.adopted_at) if report.adopted_at else None
        return _("Fastställd %(date)s.") % {"date": when.isoformat() if when else "–"}
    return _("Utkast, att fastställa.")


def lagesbild_entries(meeting: Any) -> Iterable[AgendaEntry]:
    """For a meeting of a group that compiles lägesbilder (not a cancelled one): each lägesbild
    of its period with its status and key findings."""
    if meeting.status == MeetingStatus.CANCELLED or not prepares_reports(meeting.group):
        return []
    entries = []
    slug = meeting.municipality.slug
    for report in reports_for_meeting(meeting):
        findings = key_findings(report, figures_for(report))
        parts = [_status_text(report, meeting)]
        if findings:
            shown = "; ".join(_finding_text(f) for f in findings[:MAX_FINDINGS])
            more = len(findings) - MAX_FINDINGS
            if more > 0:
                shown += " " + _("(och %(n)s till)") % {"n": more}
            parts.append(_("Viktigaste fynd: %(findings)s.") % {"findings": shown})
        else:
            parts.append(_("Inga röda eller gula områden och inga säkra ökningar."))
        url = reverse("situation:detail", kwargs={"municipality": slug, "pk": report.pk})
        entries.append(
            AgendaEntry(
                key=f"situation.report:{report.pk}",
                title=_("Lägesbild %(area)s, %(period)s (version %(v)s)")
                % {"area": report.area.name, "period": report.period.label, "v": report.version},
                detail=" ".join(parts),
                url=f"{url}?mote={meeting.pk}",
                source=SOURCE_LABEL,
            )
        )
    return entries
