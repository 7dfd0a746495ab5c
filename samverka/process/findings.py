"""What a lägesbild version showed, as findings a problem can cite.

A finding has a stable key within its version — ``total``, ``category:<id>``, ``subarea:<id>``,
``subarea:<id>/category:<id>`` or ``hotspot:<n>`` (the n:th hot spot, from 1) — and a Swedish
label and value that the problem's evidence copies, so the evidence reads the same later.

Reads the lägesbild's figures through ``samverka.situation.selectors.figures_for`` (today an
untyped dict; the function names here stay when it becomes typed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samverka.situation.models import SituationReport
from samverka.situation.selectors import figures_for


@dataclass(frozen=True)
class Finding:
    key: str
    label: str
    value: str


def finding_anchor(key: str) -> str:
    """The id of the finding's place on the lägesbild page (``finding-category-12``)."""
    return "finding-" + key.replace(":", "-").replace("/", "-")


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",").replace("-", "−")


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _number(value)


def _comparison(change: dict[str, Any] | None, against: str) -> str:
    if not change:
        return ""
    text = f"{_signed(change.get('difference', 0))} mot {against}"
    percent = change.get("percent")
    if percent is not None:
        text += f" ({_signed(percent)} %)"
    if change.get("too_few"):
        text += ", för få för att bedöma"
    elif change.get("significant"):
        word = "ökning" if change.get("direction") == "up" else "minskning"
        text += f", statistiskt säkerställd {word}"
    return text


def _counted(row: dict[str, Any], mean_periods: int) -> str:
    current = int(row.get("current", 0))
    parts = [f"{current} händelser"]
    previous = _comparison(row.get("previous"), "föregående period")
    if previous:
        parts.append(previous)
    mean = _comparison(row.get("mean"), f"medel av {mean_periods} perioder")
    if mean:
        parts.append(mean)
    return "; ".join(parts)


def _from_figures(figures: dict[str, Any]) -> list[Finding]:
    if not figures:
        return []
    mean_periods = int(figures.get("references", {}).get("mean", {}).get("periods", 0) or 0)
    area = figures.get("area", {}).get("name", "")
    period = figures.get("period", {}).get("label", "")
    where = ", ".join(part for part in (area, period) if part)
    found: list[Finding] = []
    if "total" in figures:
        found.append(
            Finding(
                "total",
                f"Alla händelser ({where})" if where else "Alla händelser",
                _counted(figures["total"], mean_periods),
            )
        )
    categories = figures.get("categories", [])
    for row in categories:
        found.append(
            Finding(
                f"category:{row['id']}",
                f"{row['name']} ({where})" if where else row["name"],
                _counted(row, mean_periods),
            )
        )
    for row in figures.get("subareas", []):
        found.append(
            Finding(
                f"subarea:{row['id']}",
                f"Alla händelser i {row['name']}",
                _counted(row, mean_periods),
            )
        )
        by_code = row.get("by_category", {})
        rising = set(row.get("rising_categories", []))
        for category in categories:
            n = by_code.get(category.get("code"))
            if not n:
                continue
            value = f"{n} händelser"
            if category["name"] in rising:
                value += "; statistiskt säkerställd ökning mot medel"
            found.append(
                Finding(
                    f"subarea:{row['id']}/category:{category['id']}",
                    f"{category['name']} i {row['name']}",
                    value,
                )
            )
    clusters = figures.get("hotspots", {}).get("clusters", [])
    for n, cluster in enumerate(clusters, start=1):
        confidence = cluster.get("confidence")
        value = f"{cluster.get('events', 0)} händelser i {cluster.get('cells', 0)} rutor"
        if confidence:
            value += f", {_number(float(confidence))} % säkerhet"
        found.append(Finding(f"hotspot:{n}", f"Brännpunkt {n} ({where})", value))
    return found


def findings_of(report: SituationReport) -> list[Finding]:
    """Every finding the version shows, in the page's order."""
    figures: Any = figures_for(report)
    if hasattr(figures, "findings"):  # the typed figures name their own findings
        return [Finding(f.key, f.label, f.value) for f in figures.findings()]
    return _from_figures(figures)


def finding_of(report: SituationReport, key: str) -> Finding | None:
    figures: Any = figures_for(report)
    if hasattr(figures, "finding"):
        found = figures.finding(key)
        return None if found is None else Finding(found.key, found.label, found.value)
    return next((f for f in _from_figures(figures) if f.key == key), None)
