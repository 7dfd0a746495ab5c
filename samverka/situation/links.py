"""Related links from a proposal or a commitment back to the lägesbild finding it was made from
(``services.finding_act``), shown in the "Används i" box of its page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from samverka.core.extensions import RelatedLink
from samverka.situation.figures.typed import finding_anchor
from samverka.situation.models import FindingAction

if TYPE_CHECKING:
    from samverka.accounts.access import Access

SUBJECTS = {"meetings.Proposal": "proposal_id", "meetings.Commitment": "commitment_id"}


def findings_behind(subject: str, obj: Any, access: Access) -> list[RelatedLink]:
    """For a proposal or a commitment: the lägesbild and finding it was made from. Everyone
    with a role in the municipality reads its lägesbilder, so the link hides nothing."""
    column = SUBJECTS.get(subject)
    if column is None or getattr(obj, "municipality_id", None) != access.municipality.pk:
        return []
    actions = (
        FindingAction.objects.filter(municipality=access.municipality, **{column: obj.pk})
        .select_related("report__area")
        .order_by("pk")
    )
    links = []
    for action in actions:
        report = action.report
        url = reverse(
            "situation:detail",
            kwargs={"municipality": access.municipality.slug, "pk": report.pk},
        )
        links.append(
            RelatedLink(
                label=_("Underlag: lägesbild %(area)s, %(period)s (version %(v)s)")
                % {"area": report.area.name, "period": report.period.label, "v": report.version},
                url=f"{url}#{finding_anchor(action.finding_key)}-atgarder",
                detail=action.finding_label,
            )
        )
    return links
