"""An åtgärdsplan as one document, shared by the page, the PDF, the XLSX and the CLI's JSON: the
areas and problems it answers, the causes, the measures with their activities, progress (with
the weights) and follow-ups, and the decision that adopted it."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from samverka.core.export import safe_cell
from samverka.core.pdf import html_to_pdf
from samverka.core.progress import Progress, no_progress
from samverka.process.models import ActionPlan, Cause, FollowUp, Measure, Problem
from samverka.process.rollup import plan_rollup
from samverka.process.services.plans import (
    decision_dict,
    is_overdue,
    measure_snapshot,
)


def _followup_dict(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "made_on": f.made_on.isoformat(),
        "due_on": f.due_on.isoformat() if f.due_on else None,
        "late": bool(f.due_on and f.made_on > f.due_on),
        "as_planned": f.as_planned,
        "as_planned_label": str(f.get_as_planned_display()),
        "activity": f.activity.title if f.activity else None,
        "progress": f.progress,
        "outputs": f.outputs,
        "deviations": f.deviations,
        "indicator_movement": f.indicator_movement,
        "lessons": f.lessons,
    }


def plan_document(
    plan: ActionPlan, *, today: date | None = None, progress: Progress = no_progress
) -> dict[str, Any]:
    """The plan as plain JSON-able data."""
    today = today or timezone.localdate()
    measures = list(
        Measure.objects.filter(plan=plan)
        .select_related(
            "responsible_organisation", "working_group", "adopted_decision__meeting__group"
        )
        .prefetch_related(
            Prefetch(
                "followups", FollowUp.objects.select_related("activity").order_by("made_on", "pk")
            )
        )
        .order_by("position", "pk")
    )
    total = len(measures) + 2
    progress("åtgärdsplan", 0, total)
    rollup = plan_rollup(plan)
    problems = list(
        Problem.objects.filter(cause_analysis__causes__measures__plan=plan)
        .distinct()
        .prefetch_related("areas")
        .order_by("priority", "title")
    )
    latest = plan.versions.select_related("decision__meeting__group").order_by("-number").first()
    areas = sorted(
        {a.name for p in problems for a in p.areas.all()}
        | ({plan.area.name} if plan.area else set())
    )
    progress("åtgärdsplan", 1, total)
    measure_rows = []
    for index, m in enumerate(measures, start=2):
        row = measure_snapshot(m)
        r = rollup.measures[m.pk]
        row["progress"] = {
            "percent": round(r.progress, 1),
            "basis": r.basis,
            "parts": [
                {"label": p.label, "weight": p.weight, "progress": p.progress, "counted": p.counted}
                for p in r.parts
            ],
        }
        row["next_followup_due"] = m.next_followup_due.isoformat() if m.next_followup_due else None
        row["followup_overdue"] = is_overdue(m, today)
        row["followups"] = [_followup_dict(f) for f in m.followups.all()]
        measure_rows.append(row)
        progress("åtgärdsplan", index, total)
    document = {
        "municipality": {"name": plan.municipality.name, "slug": plan.municipality.slug},
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "area": plan.area.name if plan.area else None,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "prepared_by": plan.prepared_by.name if plan.prepared_by else None,
            "summary": plan.summary,
            "document": plan.document.title if plan.document else None,
        },
        "adopted": None
        if latest is None
        else {
            "version": latest.number,
            "adopted_at": latest.adopted_at.isoformat(),
            "note": latest.note,
            "decision": decision_dict(latest.decision),
        },
        "progress": {
            "percent": round(rollup.plan.progress, 1),
            "parts": [
                {"measure": p.label, "weight": p.weight, "progress": p.progress}
                for p in rollup.plan.parts
            ],
        },
        "areas": areas,
        "problems": [
            {
                "id": p.pk,
                "title": p.title,
                "areas": sorted(a.name for a in p.areas.all()),
                "status": p.status,
                "causes": [
                    {
                        "id": c.pk,
                        "title": c.title,
                        "side": c.side,
                        "certainty": c.certainty,
                        "measures": [m.title for m in c.measures.filter(plan=plan).order_by("pk")],
                    }
                    for c in Cause.objects.filter(analysis__problem=p).order_by("position", "pk")
                ],
            }
            for p in problems
        ],
        "measures": measure_rows,
        "printed_at": timezone.now().isoformat(),
    }
    progress("åtgärdsplan", total, total)
    return document


def plan_pdf(plan: ActionPlan, *, progress: Progress = no_progress) -> bytes:
    document = plan_document(plan, progress=progress)
    html = render_to_string("process/plans/plan_pdf.html", {"doc": document})
    return html_to_pdf(html)


def plan_xlsx(plan: ActionPlan, *, progress: Progress = no_progress) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    doc = plan_document(plan, progress=progress)
    workbook = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    decision = (doc["adopted"] or {}).get("decision") or {}
    sheets.append(
        (
            "Plan",
            ["Fält", "Värde"],
            [
                ["Rubrik", doc["plan"]["title"]],
                ["Kommun", doc["municipality"]["name"]],
                ["Gäller", f"{doc['plan']['period_start']} – {doc['plan']['period_end']}"],
                ["Områden", ", ".join(doc["areas"])],
                ["Bereds av", doc["plan"]["prepared_by"] or ""],
                ["Antagen version", (doc["adopted"] or {}).get("version") or "ej antagen"],
                [
                    "Beslut",
                    f"{decision.get('group')} {decision.get('date')} § {decision.get('number')} "
                    f"{decision.get('title')}"
                    if decision
                    else "",
                ],
                ["Genomfört (vägt, %)", doc["progress"]["percent"]],
            ],
        )
    )
    sheets.append(
        (
            "Åtgärder",
            [
                "Åtgärd",
                "Orsaker",
                "Typ",
                "Sikt",
                "Ansvarig aktör",
                "Arbetsgrupp",
                "Start",
                "Slut",
                "Budget (kr)",
                "Status",
                "Vikt",
                "Genomfört (%)",
                "Nästa uppföljning",
                "Försenad",
            ],
            [
                [
                    m["title"],
                    "; ".join(f"{c['problem']}: {c['title']}" for c in m["causes"]),
                    m["kind_label"],
                    m["term_label"],
                    m["responsible_organisation"] or "",
                    m["working_group"] or "",
                    m["start"] or "",
                    m["end"] or "",
                    int(m["budget"]) if m["budget"] else "",
                    m["status_label"],
                    m["weight"],
                    m["progress"]["percent"],
                    m["next_followup_due"] or "",
                    "ja" if m["followup_overdue"] else "nej",
                ]
                for m in doc["measures"]
            ],
        )
    )
    sheets.append(
        (
            "Aktiviteter",
            ["Åtgärd", "Aktivitet", "Ansvarig", "Start", "Slut", "Status", "Genomfört (%)", "Vikt"],
            [
                [
                    m["title"],
                    a["title"],
                    a["responsible_organisation"] or "",
                    a["planned_start"] or "",
                    a["planned_end"] or "",
                    a["status"],
                    a["progress"],
                    a["weight"],
                ]
                for m in doc["measures"]
                for a in m["activities"]
            ],
        )
    )
    sheets.append(
        (
            "Uppföljningar",
            [
                "Åtgärd",
                "Datum",
                "Skulle göras senast",
                "Som planerat",
                "Aktivitet",
                "Prestationer",
                "Avvikelser",
                "Indikatorer",
                "Lärdomar",
            ],
            [
                [
                    m["title"],
                    f["made_on"],
                    f["due_on"] or "",
                    f["as_planned_label"],
                    f["activity"] or "",
                    f["outputs"],
                    f["deviations"],
                    f["indicator_movement"],
                    f["lessons"],
                ]
                for m in doc["measures"]
                for f in m["followups"]
            ],
        )
    )
    first = True
    for title, headers, rows in sheets:
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title
        sheet.append([safe_cell(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
