"""Who reported, which sources the figures rest on and which were left out, and a suggested
colour per area — so that a quiet week is never read as a safe week."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from samverka.incidents.models import Incident, PlacePrecision, ReviewStatus, Source
from samverka.incidents.selectors import MISSING, NOTHING_TO_REPORT, REPORTED, coverage
from samverka.situation.figures.base import Scope
from samverka.situation.periods import Period

# Coverage below this share of expected weekly reports makes an area at least yellow.
MIN_COVERAGE = 0.75


def reporting_coverage(scope: Scope, period: Period) -> dict[str, Any]:
    """Per roster organisation: each week's state, and the totals."""
    weeks = period.weeks()
    rows: list[dict[str, Any]] = []
    for row in coverage(scope.area, weeks):
        states = list(row.by_week.values())
        rows.append(
            {
                "organisation_id": row.organisation.pk,
                "organisation": row.organisation.name,
                "by_week": dict(row.by_week),
                "reported": states.count(REPORTED),
                "nothing_to_report": states.count(NOTHING_TO_REPORT),
                "missing": states.count(MISSING),
            }
        )
    expected = len(rows) * len(weeks)
    answered = sum(r["reported"] + r["nothing_to_report"] for r in rows)
    return {
        "weeks": weeks,
        "rows": rows,
        "expected": expected,
        "answered": answered,
        "share": round(answered / expected, 3) if expected else None,
        "missing_organisations": [r["organisation"] for r in rows if r["missing"]],
    }


def sources(scope: Scope, current: QuerySet[Incident], period: Period) -> dict[str, Any]:
    """The sources counted, the reporting organisations, and what the figures leave out."""
    labels = dict(Source.choices)
    used = [
        {
            "source": row["source"],
            "label": str(labels.get(row["source"], row["source"])),
            "reports": row["reports"],
            "events": row["events"],
        }
        for row in current.values("source")
        .annotate(reports=Count("pk"), events=Sum("event_count"))
        .order_by("-events", "source")
    ]
    organisations = [
        {
            "name": row["organisation__name"] or "",
            "reports": row["reports"],
            "events": row["events"],
        }
        for row in current.values("organisation__name")
        .annotate(reports=Count("pk"), events=Sum("event_count"))
        .order_by("-events", "organisation__name")
    ]
    start, end = period.bounds()
    duplicates = (
        Incident.objects.filter(
            municipality=scope.municipality,
            area_id__in=scope.area_ids,
            status=ReviewStatus.DUPLICATE,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .order_by()
        .count()
    )
    totals = current.aggregate(
        unreviewed=Count("pk", filter=Q(status=ReviewStatus.NEW)),
        # A point that is only the municipality's centre is no point (PlacePrecision).
        without_point=Count(
            "pk",
            filter=Q(latitude__isnull=True)
            | Q(longitude__isnull=True)
            | ~Q(place_precision=PlacePrecision.AS_REPORTED),
        ),
    )
    return {
        "used": used,
        "organisations": organisations,
        "left_out": {
            "duplicates": duplicates,
            "without_point": totals["without_point"],
            "unreviewed_included": totals["unreviewed"],
        },
    }


def suggest_statuses(
    scope: Scope, counts: dict[str, Any], coverage_figures: dict[str, Any]
) -> list[dict[str, Any]]:
    """A suggested colour per area (the sub-areas, or the area itself without any), with the
    reasons in words. The beredningsgrupp decides; this is where it starts from.

    red: the area's events rose significantly against both the mean of the last periods and the
    same period last year. yellow: a significant rise against one of them, or in one category,
    or fewer than 75 % of the expected weekly reports. green: otherwise.
    """
    share = coverage_figures.get("share")
    low_coverage = share is not None and share < MIN_COVERAGE
    units = counts["subareas"] or [
        {
            "id": scope.area.pk,
            "name": scope.area.name,
            **{k: counts["total"][k] for k in ("current", "previous", "last_year", "mean")},
            "rising_categories": [
                c["name"]
                for c in counts["categories"]
                if c["mean"]["significant"] and c["mean"]["direction"] == "up"
            ],
        }
    ]
    suggestions = []
    for unit in units:
        if unit["id"] == scope.area.pk and counts["subareas"]:
            continue  # reports on the area itself have no status of their own
        rising_mean = unit["mean"]["significant"] and unit["mean"]["direction"] == "up"
        rising_year = unit["last_year"]["significant"] and unit["last_year"]["direction"] == "up"
        reasons = []
        if rising_mean:
            reasons.append(
                _("Fler händelser än medelvärdet (%(now)s mot %(ref)s).")
                % {"now": unit["current"], "ref": f"{unit['mean']['reference']:g}"}
            )
        if rising_year:
            reasons.append(
                _("Fler händelser än samma period förra året (%(now)s mot %(ref)s).")
                % {"now": unit["current"], "ref": f"{unit['last_year']['reference']:g}"}
            )
        if unit.get("rising_categories"):
            reasons.append(
                _("Ökning i %(what)s.") % {"what": ", ".join(unit["rising_categories"]).lower()}
            )
        if low_coverage and share is not None:
            reasons.append(
                _("Bara %(p)s %% av de väntade veckorapporterna har kommit in.")
                % {"p": round(100 * share)}
            )
        if rising_mean and rising_year:
            colour = "red"
        elif reasons:
            colour = "yellow"
        else:
            colour = "green"
            reasons.append(_("Inga säkra förändringar och rapporteringen är god."))
        suggestions.append(
            {"area_id": unit["id"], "area": unit["name"], "colour": colour, "reasons": reasons}
        )
    return suggestions
