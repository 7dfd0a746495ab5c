"""Reads of the lägesbild: the figures of a version (frozen or live), the list, the versions,
a comparison of two versions figure by figure, the key findings with what they led to, and the
meetings a lägesbild is adopted at and proposed from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.meetings.models import Meeting, MeetingStatus, MinutesStatus
from samverka.organisation.models import GroupKind
from samverka.situation.figures import compute_situation
from samverka.situation.figures.typed import Comparison, Counted, SituationFigures, finding_anchor
from samverka.situation.models import Colour, FindingAction, SituationReport

if TYPE_CHECKING:
    from datetime import datetime


def figures_for(report: SituationReport) -> SituationFigures:
    """An adopted lägesbild's stored figures; a draft's computed now."""
    if report.is_adopted and report.snapshot:
        return SituationFigures.from_json(report.snapshot)
    return compute_situation(report.area, report.period, mean_periods=report.mean_periods)


def report_list(municipality: Municipality) -> QuerySet[SituationReport]:
    return (
        SituationReport.objects.in_municipality(municipality)
        .select_related("area", "group", "adopted_by")
        .defer("snapshot")
        .order_by("-period_start", "area__name", "-version")
    )


def versions_of(report: SituationReport) -> list[SituationReport]:
    return list(
        SituationReport.objects.same_key(report)
        .select_related("adopted_by")
        .defer("snapshot")
        .order_by("version")
    )


def _row(name: str, a: Counted | None, b: Counted | None) -> dict[str, Any]:
    current_a = a.current if a else None
    current_b = b.current if b else None
    mean_a = a.mean.reference if a else None
    mean_b = b.mean.reference if b else None
    flag_a = bool(a and a.mean.significant)
    flag_b = bool(b and b.mean.significant)
    return {
        "name": name,
        "a": current_a,
        "b": current_b,
        "difference": (current_b or 0) - (current_a or 0),
        "mean_a": mean_a,
        "mean_b": mean_b,
        "flag_a": flag_a,
        "flag_b": flag_b,
        "changed": current_a != current_b or mean_a != mean_b or flag_a != flag_b,
    }


def compare_figures(a: SituationFigures, b: SituationFigures) -> dict[str, Any]:
    """Figure by figure: the total, each category and each sub-area in A and in B."""
    rows = [_row("Totalt", a.total, b.total)]
    by_a = {c.code: c for c in a.categories}
    by_b = {c.code: c for c in b.categories}
    for code in [*by_a, *(k for k in by_b if k not in by_a)]:
        name = (by_b.get(code) or by_a[code]).name
        rows.append(_row(name, by_a.get(code), by_b.get(code)))
    sub_a = {s.name: s for s in a.subareas}
    sub_b = {s.name: s for s in b.subareas}
    subareas = [
        _row(name, sub_a.get(name), sub_b.get(name))
        for name in [*sub_a, *(k for k in sub_b if k not in sub_a)]
    ]
    hot_a = {(h.row, h.col) for h in a.hotspots.cells}
    hot_b = {(h.row, h.col) for h in b.hotspots.cells}
    return {
        "categories": rows,
        "subareas": subareas,
        "hotspots": {"a": len(hot_a), "b": len(hot_b), "both": len(hot_a & hot_b)},
        "coverage": {"a": a.coverage.share, "b": b.coverage.share},
        "changed": sum(r["changed"] for r in rows + subareas),
    }


# --- Key findings and what they led to ----------------------------------------------------------


@dataclass
class KeyFinding:
    """A finding worth taking further: an area the beredningsgrupp coloured red or yellow, a
    significant change against the mean, a hot spot — or any finding something was made from.
    ``actions`` are the proposals and commitments made from it."""

    key: str
    label: str
    value: str
    colour: str = ""  # "red" / "yellow" for an area's status
    reasons: str = ""
    actions: list[FindingAction] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The figure's place in the tables (finding-<key>)."""
        return finding_anchor(self.key)

    @property
    def item_id(self) -> str:
        """This entry's place in the key findings list, where its actions are shown."""
        return f"{self.anchor}-atgarder"


def status_finding_key(figures: SituationFigures, area_id: int) -> str:
    """The finding of an area that got a colour: its sub-area's, or the total when the
    lägesbild's area has no sub-areas (it is then coloured itself)."""
    if figures.subarea(area_id) is not None:
        return f"subarea:{area_id}"
    return "total"


def _rising(change: Comparison) -> bool:
    return change.significant and change.direction == "up"


def _rising_keys(figures: SituationFigures) -> list[str]:
    """The significant rises against the mean: total, categories, sub-areas and a sub-area's
    categories."""
    keys = ["total"] if _rising(figures.total.mean) else []
    keys += [c.finding_key for c in figures.categories if _rising(c.mean)]
    codes = {c.code: c for c in figures.categories}
    for a in figures.subareas:
        if _rising(a.mean):
            keys.append(a.finding_key)
        for code, change in a.category_changes.items():
            if code in codes and _rising(change):
                keys.append(f"{a.finding_key}/{codes[code].finding_key}")
    return keys


def key_findings(report: SituationReport, figures: SituationFigures) -> list[KeyFinding]:
    """Red areas first, then yellow ones, the significant rises, the hot spots, and then every
    other finding that a proposal or commitment was made from; each with its actions."""
    actions: dict[str, list[FindingAction]] = {}
    for action in report.finding_actions.select_related(
        "proposal__to_group", "commitment__group"
    ).order_by("created_at", "pk"):
        actions.setdefault(action.finding_key, []).append(action)
    found: dict[str, KeyFinding] = {}
    # One pass over the findings; finding(key) resolves the quiet ones a colour may point at.
    listed = {f.key: f for f in figures.findings()}

    def add(key: str, colour: str = "", reasons: str = "") -> None:
        if key in found:
            return
        finding = listed.get(key) or figures.finding(key)
        if finding is None:
            return
        found[key] = KeyFinding(
            key=key,
            label=finding.label,
            value=finding.value,
            colour=colour,
            reasons=reasons,
            actions=actions.get(key, []),
        )

    statuses = list(report.area_statuses.order_by("area__name"))
    for colour in (Colour.RED, Colour.YELLOW):
        for status in statuses:
            if status.colour == colour:
                add(status_finding_key(figures, status.area_id), colour, status.reasons)
    for key in _rising_keys(figures):
        add(key)
    for n in range(1, len(figures.hotspots.clusters) + 1):
        add(f"hotspot:{n}")
    for key in actions:
        add(key)
    for key, action_list in actions.items():  # a key no longer resolved: keep its label
        if key not in found:
            found[key] = KeyFinding(
                key=key, label=action_list[0].finding_label, value="", actions=action_list
            )
    return list(found.values())


# --- Meetings: where a lägesbild is adopted and proposed from -----------------------------------


def prepares_reports(group: Any) -> bool:
    """A group whose meetings deal with the lägesbild: a beredningsgrupp, or a group named as
    the compiler of a lägesbild."""
    return (
        group.kind == GroupKind.PREPARATION
        or SituationReport.objects.filter(group_id=group.pk).exists()
    )


def compiles_report(group: Any, report: SituationReport) -> bool:
    """Whether ``group`` compiles ``report``: its named group, or any beredningsgrupp of the
    municipality when no group is named."""
    if group.municipality_id != report.municipality_id:
        return False
    if report.group_id is not None:
        return bool(group.pk == report.group_id)
    return bool(group.kind == GroupKind.PREPARATION)


def adoption_refusal(
    report: SituationReport, meeting: Meeting, *, now: datetime | None = None
) -> str | None:
    """Why ``report`` cannot be adopted at ``meeting`` (a Swedish sentence), or None.

    The compiling group adopts at its own meeting once the meeting has begun, never at a
    cancelled one or one whose minutes are approved (approved minutes lock the record)."""
    if meeting.municipality_id != report.municipality_id:
        return _("Mötet finns inte i den här kommunen.")
    if not compiles_report(meeting.group, report):
        return _("Lägesbilden sammanställs av %(group)s, inte av %(other)s.") % {
            "group": report.group.name if report.group else _("en beredningsgrupp"),
            "other": meeting.group.name,
        }
    if meeting.status == MeetingStatus.CANCELLED:
        return _("Mötet är inställt.")
    if meeting.starts_at > (now or timezone.now()):
        return _(
            "Mötet har inte börjat ännu. Lägesbilden fastställs vid mötet, när det har börjat."
        )
    latest = meeting.minutes_versions.order_by("-version").first()
    if latest is not None and latest.status == MinutesStatus.APPROVED:
        return _("Mötets protokoll är justerat; ett fastställande kan inte läggas till i det.")
    if not report.is_draft:
        return _("Lägesbilden är redan fastställd.")
    return None


def action_meeting(report: SituationReport, *, now: datetime | None = None) -> Meeting | None:
    """The compiling group's meeting that a proposal or commitment from the lägesbild is made
    at: the meeting that adopted it; else the group's latest meeting that has begun; else its
    next one. None when the group has no meeting (or the lägesbild no group)."""
    if report.group_id is None:
        return None
    adopted_at = report.adopted_at_meeting
    if adopted_at is not None and adopted_at.status != MeetingStatus.CANCELLED:
        return adopted_at
    meetings = Meeting.objects.filter(group_id=report.group_id).exclude(
        status=MeetingStatus.CANCELLED
    )
    moment = now or timezone.now()
    return (
        meetings.filter(starts_at__lte=moment).order_by("-starts_at").first()
        or meetings.filter(starts_at__gt=moment).order_by("starts_at").first()
    )
