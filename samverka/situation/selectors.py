"""Reads of the lägesbild: the figures of a version (frozen or live), the list, the versions,
and a comparison of two versions figure by figure."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from samverka.accounts.models import Municipality
from samverka.situation.figures import compute_situation
from samverka.situation.figures.typed import Counted, SituationFigures
from samverka.situation.models import SituationReport


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
