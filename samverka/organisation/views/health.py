"""The health check: does the organisation follow Brå's guidance? Findings and all rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.organisation.health import Severity, all_rules, run_health_check

# Where a finding's subject lives: subject_kind → URL name (with the subject's id as pk).
SUBJECT_URLS = {
    "group": "organisation:group_detail",
    "area": "areas:detail",
    "document": "organisation:document_detail",
    "organisation": "organisation:organisation_detail",
    "person": "organisation:person_detail",
}


def subject_url(place: Municipality, kind: str, subject_id: int | str | None) -> str:
    if kind == "question":
        # One question links to its answer page; the summary of all questions to the checklist.
        if subject_id:
            return reverse(
                "organisation:checklist_answer",
                kwargs={"municipality": place.slug, "key": subject_id},
            )
        return reverse("organisation:checklist", kwargs={"municipality": place.slug})
    if kind == "municipality":
        return reverse("organisation:municipality", kwargs={"municipality": place.slug})
    if kind in SUBJECT_URLS and subject_id is not None:
        return reverse(SUBJECT_URLS[kind], kwargs={"municipality": place.slug, "pk": subject_id})
    return ""


@require_GET
def health(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    findings = run_health_check(place)
    failed_rules = {finding.rule for finding in findings}
    sections = [
        {
            "severity": severity,
            "label": severity.label,
            "findings": [
                {"finding": f, "url": f.url or subject_url(place, f.subject_kind, f.subject_id)}
                for f in findings
                if f.severity == severity
            ],
        }
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    return render(
        request,
        "organisation/health.html",
        {
            "municipality": place,
            "nav": "health",
            "sections": sections,
            "total": len(findings),
            "rules": [
                {"rule": rule, "passed": rule.code not in failed_rules} for rule in all_rules()
            ],
        },
    )


@require_GET
def health_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    place = access.municipality
    rows = (
        [
            f.severity.label,
            f.title,
            f.subject_name,
            f.explanation,
            f.rule,
            request.build_absolute_uri(url)
            if (url := f.url or subject_url(place, f.subject_kind, f.subject_id))
            else "",
            f.basis.label,
            f.source,
        ]
        for f in run_health_check(place)
    )
    return table_response(
        fmt,
        filename=f"halsokontroll-{place.slug}",
        headers=[
            _("Allvarlighet"),
            _("Iakttagelse"),
            _("Gäller"),
            _("Förklaring"),
            _("Regel"),
            _("Länk"),
            _("Grund"),
            _("Källa"),
        ],
        rows=rows,
    )
