"""Related links from a lägesbild version to the problems whose evidence cites it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from samverka.core.extensions import RelatedLink

if TYPE_CHECKING:
    from samverka.accounts.access import Access

SUBJECT = "situation.SituationReport"


def problems_citing_report(subject: str, obj: Any, access: Access) -> list[RelatedLink]:
    """For a lägesbild version: each problem citing it, with the finding it cites."""
    from samverka.process.access import may_read
    from samverka.process.models import ProblemEvidence

    if subject != SUBJECT or not may_read(access):
        return []
    if getattr(obj, "municipality_id", None) != access.municipality.pk:
        return []
    evidence = (
        ProblemEvidence.objects.filter(
            situation_report_id=obj.pk, problem__municipality=access.municipality
        )
        .select_related("problem")
        .order_by("problem__title", "pk")
    )
    return [
        RelatedLink(
            label=item.problem.title,
            url=reverse(
                "process:problem_detail",
                kwargs={"municipality": access.municipality.slug, "pk": item.problem_id},
            ),
            detail=item.figure_label or item.title,
        )
        for item in evidence
    ]
