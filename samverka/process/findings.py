"""What a lägesbild version showed, as findings a problem can cite.

A finding has a stable key within its version — ``total``, ``category:<id>``,
``subcategory:<id>``, ``subarea:<id>``, ``subarea:<id>/category:<id>``, ``hotspot:<n>`` or
``repeat_place:<n>`` (counted from 1) — and a Swedish label and value that the problem's evidence
copies, so the evidence reads the same later. The lägesbild's typed figures name their own
findings (``SituationFigures.findings()``, samverka/situation/figures/typed.py); this module reads
them for a version and keeps the names the process app uses.
"""

from __future__ import annotations

from samverka.situation.figures.typed import Finding, finding_anchor
from samverka.situation.models import SituationReport
from samverka.situation.selectors import figures_for

__all__ = ["Finding", "finding_anchor", "finding_of", "findings_of"]


def findings_of(report: SituationReport) -> list[Finding]:
    """Every finding the version shows, in the page's order."""
    return figures_for(report).findings()


def finding_of(report: SituationReport, key: str) -> Finding | None:
    """The finding with this key in the version, or None."""
    return figures_for(report).finding(key)
