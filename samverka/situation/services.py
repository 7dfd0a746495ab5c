"""Writes of the lägesbild: start a draft, write the assessment and the colours, adopt (freeze
the figures), make a new version, publish, delete a draft. Each in one transaction with an
audit event; rule violations are ValidationErrors a coordinator can read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.services import check_same_municipality
from samverka.meetings import services as meeting_services
from samverka.organisation.models import Group
from samverka.situation.access import default_group
from samverka.situation.figures import compute_situation
from samverka.situation.models import (
    AreaStatus,
    Colour,
    FindingAction,
    ReportStatus,
    SituationReport,
)
from samverka.situation.periods import MEAN_PERIODS, Period
from samverka.situation.selectors import action_meeting, adoption_refusal, figures_for

if TYPE_CHECKING:
    from datetime import date

    from samverka.meetings.models import Meeting
    from samverka.organisation.models import Organisation, Person

MAX_TEXT = 20_000  # an assessment is a page or two, not a book
MAX_MEAN_PERIODS = 52


def _user(user: AnyUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def status_areas(report: SituationReport) -> list[Area]:
    """The areas that get a colour: the report area's sub-areas, or the area itself."""
    children = list(report.area.children.order_by("name"))
    return children or [report.area]


def _check_text(field: str, value: str) -> None:
    if "\x00" in value:
        raise ValidationError({field: _("Null-tecken är inte tillåtna.")})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("Texten är för lång (högst %(n)s tecken).") % {"n": MAX_TEXT}}
        )


@transaction.atomic
def report_create(
    *,
    municipality: Municipality,
    area: Area,
    period: Period,
    user: AnyUser | None,
    group: Group | None = None,
    mean_periods: int | None = None,
    is_example: bool = False,
) -> SituationReport:
    """Start a draft lägesbild for the area and period; its colours start from the suggestions.

    The version is one more than the latest of the same area and period."""
    check_same_municipality(municipality, area=area, group=group)
    n = mean_periods or MEAN_PERIODS[period.kind]
    if not 1 <= n <= MAX_MEAN_PERIODS:
        raise ValidationError(
            {"mean_periods": _("Medelvärdet tas över 1–%(n)s perioder.") % {"n": MAX_MEAN_PERIODS}}
        )
    existing = SituationReport.objects.select_for_update().filter(
        area=area, period_kind=period.kind, period_start=period.start
    )
    if existing.filter(status=ReportStatus.DRAFT).exists():
        raise ValidationError(
            _("Det finns redan ett utkast till lägesbild för %(area)s %(period)s.")
            % {"area": area, "period": period.label}
        )
    version = (existing.aggregate(v=Max("version"))["v"] or 0) + 1
    report = SituationReport.objects.create(
        municipality=municipality,
        area=area,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        version=version,
        group=group or default_group(municipality, area),
        mean_periods=n,
        created_by=_user(user),
        is_example=is_example,
    )
    suggestions = {
        s.area_id: s for s in compute_situation(area, period, mean_periods=n).status_suggestions
    }
    AreaStatus.objects.bulk_create(
        AreaStatus(
            report=report,
            area=a,
            colour=suggestions[a.pk].colour if a.pk in suggestions else Colour.GREEN,
            reasons="\n".join(suggestions[a.pk].reasons) if a.pk in suggestions else "",
        )
        for a in status_areas(report)
    )
    audit(municipality=municipality, user=user, action="create", obj=report)
    return report


def _require_draft(report: SituationReport) -> None:
    if not report.is_draft:
        raise ValidationError(
            _("Lägesbilden är fastställd och kan inte ändras. Gör en ny version för att ändra den.")
        )


@transaction.atomic
def report_update(
    *,
    report: SituationReport,
    user: AnyUser | None,
    assessment: str,
    sources_note: str = "",
    statuses: Mapping[int, tuple[str, str]] | None = None,
) -> SituationReport:
    """Write the beredningsgrupp's assessment, the sources left out and the colour per area
    (``statuses``: area id → (colour, reasons))."""
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    _check_text("assessment", assessment)
    _check_text("sources_note", sources_note)
    report.assessment = assessment.strip()
    report.sources_note = sources_note.strip()
    report.save(update_fields=["assessment", "sources_note", "updated_at"])
    allowed = {a.pk: a for a in status_areas(report)}
    for area_id, (colour, reasons) in (statuses or {}).items():
        if area_id not in allowed:
            raise ValidationError(_("Området hör inte till lägesbilden."))
        if colour not in Colour.values:
            raise ValidationError(_("Välj grön, gul eller röd."))
        _check_text("reasons", reasons)
        AreaStatus.objects.update_or_create(
            report=report,
            area=allowed[area_id],
            defaults={"colour": colour, "reasons": reasons.strip()},
        )
    audit(municipality=report.municipality, user=user, action="update", obj=report)
    return report


@transaction.atomic
def report_adopt(
    *, report: SituationReport, user: AnyUser | None, meeting: Meeting | None = None
) -> SituationReport:
    """Adopt (fastställ) a draft: its figures are computed one last time and stored with it, so
    that later reports do not change it.

    With ``meeting``, the adoption is made at that meeting of the compiling group (once it has
    begun) and its minutes record it, through the lägesbild's entry on its agenda."""
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    if meeting is not None:
        refusal = adoption_refusal(report, meeting)
        if refusal:
            raise ValidationError({"meeting": refusal})
    if not report.assessment.strip():
        raise ValidationError(
            {"assessment": _("Skriv beredningsgruppens bedömning innan lägesbilden fastställs.")}
        )
    report.snapshot = compute_situation(
        report.area, report.period, mean_periods=report.mean_periods
    ).to_json()
    report.status = ReportStatus.ADOPTED
    report.adopted_at = timezone.now()
    report.adopted_by = _user(user)
    report.adopted_at_meeting = meeting
    report.save()
    summary = _("Fastställde %(r)s") % {"r": report}
    if meeting is not None:
        summary = _("Fastställde %(r)s vid mötet %(m)s %(d)s") % {
            "r": report,
            "m": meeting.group.name,
            "d": timezone.localdate(meeting.starts_at).isoformat(),
        }
    audit(
        municipality=report.municipality,
        user=user,
        action="adopt",
        obj=report,
        summary=summary,
    )
    return report


@transaction.atomic
def report_new_version(*, report: SituationReport, user: AnyUser | None) -> SituationReport:
    """A new draft version of an adopted lägesbild, with its text and colours to start from;
    its figures are live again until it is adopted."""
    if report.is_draft:
        raise ValidationError(_("Lägesbilden är redan ett utkast."))
    latest = SituationReport.objects.select_for_update().same_key(report)
    if latest.filter(status=ReportStatus.DRAFT).exists():
        raise ValidationError(_("Det finns redan ett utkast till en ny version."))
    version = (latest.aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        with transaction.atomic():
            draft = SituationReport.objects.create(
                municipality=report.municipality,
                area=report.area,
                period_kind=report.period_kind,
                period_start=report.period_start,
                period_end=report.period_end,
                version=version,
                group=report.group,
                assessment=report.assessment,
                sources_note=report.sources_note,
                mean_periods=report.mean_periods,
                created_by=_user(user),
                is_example=report.is_example,
            )
    except IntegrityError:  # two clicks at once: the other one made it
        raise ValidationError(_("Det finns redan ett utkast till en ny version.")) from None
    AreaStatus.objects.bulk_create(
        AreaStatus(report=draft, area_id=s.area_id, colour=s.colour, reasons=s.reasons)
        for s in report.area_statuses.all()
    )
    audit(
        municipality=report.municipality,
        user=user,
        action="create",
        obj=draft,
        summary=_("Ny version av %(r)s") % {"r": report},
    )
    return draft


@transaction.atomic
def report_publish(
    *, report: SituationReport, user: AnyUser | None, publish: bool
) -> SituationReport:
    """Show (or stop showing) an adopted lägesbild on the public page, in coarse form."""
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    if publish and not report.is_adopted:
        raise ValidationError(_("Bara en fastställd lägesbild kan publiceras."))
    report.is_published = publish
    report.save(update_fields=["is_published", "updated_at"])
    audit(
        municipality=report.municipality,
        user=user,
        action="publish" if publish else "unpublish",
        obj=report,
    )
    return report


@transaction.atomic
def report_delete(*, report: SituationReport, user: AnyUser | None) -> None:
    """Delete a draft; an adopted lägesbild is kept for good."""
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    audit(municipality=report.municipality, user=user, action="delete", obj=report)
    report.delete()


class ActionKind:
    """What a finding leads to (the form's and the API's ``kind``)."""

    PROPOSAL = "proposal"
    COMMITMENT = "commitment"
    CHOICES = (PROPOSAL, COMMITMENT)


@transaction.atomic
def finding_act(
    *,
    report: SituationReport,
    finding_key: str,
    kind: str,
    title: str,
    text: str,
    user: AnyUser | None,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    due_date: date | None = None,
) -> FindingAction:
    """From one finding of an adopted lägesbild, in one action: a proposal from the compiling
    group to the group that decides (``kind="proposal"``), or a commitment the compiling group
    follows up (``kind="commitment"``), linked back to the finding.

    The proposal or commitment is made through the meetings app's services (their rules on who
    may propose, where a proposal goes and what a commitment needs hold as ever), at the meeting
    that adopted the lägesbild, else the group's latest or next meeting. Only an adopted
    lägesbild: its figures are frozen, so the finding keeps saying what it said."""
    if kind not in ActionKind.CHOICES:
        raise ValidationError({"kind": _("Välj förslag eller åtagande.")})
    if not report.is_adopted:
        raise ValidationError(
            _("Fastställ lägesbilden först: förslag och åtaganden görs från en fastställd.")
        )
    finding = figures_for(report).finding(str(finding_key))
    if finding is None:
        raise ValidationError({"finding": _("Fyndet finns inte i lägesbilden.")})
    _check_text("text", text)
    group = report.group
    if group is None:
        raise ValidationError(
            _("Lägesbilden har ingen grupp som sammanställer den, och därmed ingen som föreslår.")
        )
    meeting = action_meeting(report)
    if meeting is None:
        raise ValidationError(
            _("%(group)s har inget möte att lägga fram det från. Planera ett möte först.")
            % {"group": group.name}
        )
    proposal = commitment = None
    if kind == ActionKind.PROPOSAL:
        proposal = meeting_services.proposal_create(
            meeting=meeting, title=title, text=text, user=user
        )
    else:
        commitment = meeting_services.commitment_create(
            title=title,
            description=text,
            user=user,
            meeting=meeting,
            group=group,
            owner_person=owner_person,
            owner_organisation=owner_organisation,
            due_date=due_date,
        )
    action = FindingAction.objects.create(
        municipality=report.municipality,
        report=report,
        finding_key=finding.key,
        finding_label=finding.label[:300],
        proposal=proposal,
        commitment=commitment,
        created_by=_user(user),
    )
    audit(
        municipality=report.municipality,
        user=user,
        action="finding_action",
        obj=report,
        summary=_("%(what)s från %(finding)s: %(title)s")
        % {
            "what": _("Förslag") if proposal else _("Åtagande"),
            "finding": finding.label,
            "title": (proposal or commitment).title,  # type: ignore[union-attr]
        },
    )
    return action
