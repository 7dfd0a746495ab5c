"""Writes of the lägesbild: start a draft, write the assessment and the colours, adopt (freeze
the figures), make a new version, publish, delete a draft. Each in one transaction with an
audit event; rule violations are ValidationErrors a coordinator can read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
from samverka.organisation.models import Group
from samverka.situation.access import default_group
from samverka.situation.figures import compute_situation
from samverka.situation.models import AreaStatus, Colour, ReportStatus, SituationReport
from samverka.situation.periods import MEAN_PERIODS, Period

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
def report_adopt(*, report: SituationReport, user: AnyUser | None) -> SituationReport:
    """Adopt (fastställ) a draft: its figures are computed one last time and stored with it, so
    that later reports do not change it."""
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
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
    report.save()
    audit(
        municipality=report.municipality,
        user=user,
        action="adopt",
        obj=report,
        summary=_("Fastställde %(r)s") % {"r": report},
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
