"""SSPF's section of the lägesbild and the annual report (``register_situation_section``).

Every role of the municipality reads those, so the section holds numbers only — never a name,
a pseudonym or a case — and every number under five is shown as "färre än 5" (``suppressed``),
the same rule as the SSPF overview page.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.extensions import SituationSection
from samverka.organisation.models import Group, GroupKind
from samverka.sspf.selectors import period_counts, suppressed

TEMPLATE = "sspf/_situation_section.html"


def sspf_section(
    municipality: Municipality, area: Area | None, start: date, end: date
) -> SituationSection | None:
    """The counts of SSPF cases in the area and period; nothing in a municipality without SSPF
    (no SSPF group and no case)."""
    counts = period_counts(municipality, area, start, end)
    if counts.is_empty and not (
        Group.objects.filter(municipality=municipality, kind=GroupKind.SSPF).exists()
    ):
        return None
    rows = [
        (row.label, suppressed(row.opened), suppressed(row.active), suppressed(row.closed))
        for row in [*counts.by_kind, counts.total]
    ]
    # In the XLSX a shown count stays a number, so that a sheet can sum it.
    sheet_rows = tuple(
        (row.label, _cell(row.opened), _cell(row.active), _cell(row.closed))
        for row in [*counts.by_kind, counts.total]
    )
    headers = (
        _("Oron gäller"),
        _("Nya ärenden"),
        _("Pågående vid periodens slut"),
        _("Avslutade"),
    )
    return SituationSection(
        key="sspf",
        title=_("SSPF-ärenden"),
        template=TEMPLATE,
        context={"headers": headers, "rows": rows, "is_empty": counts.is_empty},
        sheet_headers=headers,
        sheet_rows=sheet_rows,
    )


def _cell(value: int) -> int | str:
    shown = suppressed(value)
    return value if shown == str(value) else shown
