"""The lägesbild as files: GeoJSON (RFC 7946, for QGIS and ogr2ogr), XLSX (a sheet per table)
and PDF (WeasyPrint, from the same figures partial as the page). The page, the CLI and the API
call these with the same typed figures (``SituationFigures``)."""

from __future__ import annotations

import io
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from samverka.areas.models import Area
from samverka.core.export import safe_cell
from samverka.core.extensions import report_sections
from samverka.core.pdf import html_to_pdf
from samverka.situation.figures.typed import Comparison, Counted, SituationFigures
from samverka.situation.models import SituationReport
from samverka.situation.presentation import area_shapes, page_context

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GEOJSON_TYPE = "application/geo+json"
STATE_WORDS = {
    "reported": "rapporterat",
    "nothing_to_report": "inget att rapportera",
    "missing": "saknas",
}
# How a hot spot got its name (HotCluster.basis); empty: a snapshot from before names.
HOTSPOT_BASIS = {
    "reports": "platsnamnet i rapporterna",
    "near": "känd plats i närheten",
    "area": "området",
}


def filename(figures: SituationFigures, version: int | None = None) -> str:
    stem = f"lagesbild-{slugify(figures.area.name)}-{figures.period.code}"
    stem = stem.replace("/", "-")
    return f"{stem}-v{version}" if version else stem


# --- GeoJSON ------------------------------------------------------------------------------------


def _cell_polygon(row: int, col: int, dlat: float, dlon: float) -> dict[str, Any]:
    south, west = row * dlat, col * dlon
    north, east = south + dlat, west + dlon
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    # RFC 7946: counterclockwise exterior rings, longitude first, at most ~7 decimals.
    return {"type": "Polygon", "coordinates": [[[round(x, 7), round(y, 7)] for x, y in ring]]}


def to_geojson(
    figures: SituationFigures,
    area: Area | None = None,
    statuses: list[dict[str, Any]] | None = None,
) -> bytes:
    """The map's cells (with the hot spots marked) and the areas' boundaries, as one
    FeatureCollection in WGS84 lon/lat (RFC 7946 has no crs member: WGS84 is implied)."""
    grid = figures.map.grid
    hot = {(h.row, h.col): h for h in figures.hotspots.cells}
    features: list[dict[str, Any]] = []
    for row, col, n in figures.map.cells:
        spot = hot.get((row, col))
        features.append(
            {
                "type": "Feature",
                "geometry": _cell_polygon(row, col, grid.dlat, grid.dlon),
                "properties": {
                    "typ": "ruta",
                    "namn": f"{row}:{col}",
                    "handelser": n,
                    "rutstorlek_m": int(grid.cell_m),
                    "hotspot": spot is not None,
                    "gi_z": spot.z if spot else None,
                    "konfidens": spot.confidence if spot else None,
                },
            }
        )
    colours = {s["area"]: s["colour"] for s in statuses or []}
    if area is not None:
        for shape in area_shapes(area):
            if shape["boundary"]:
                features.append(
                    {
                        "type": "Feature",
                        "geometry": shape["boundary"],
                        "properties": {
                            "typ": "område",
                            "namn": shape["name"],
                            "handelser": None,
                            "rutstorlek_m": None,
                            "hotspot": None,
                            "gi_z": None,
                            "konfidens": colours.get(shape["name"]),
                        },
                    }
                )
    collection = {
        "type": "FeatureCollection",
        "name": filename(figures),
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


# --- XLSX ---------------------------------------------------------------------------------------


def _change_cells(change: Comparison) -> list[Any]:
    flag = ""
    if change.significant:
        flag = "säker ökning" if change.direction == "up" else "säker minskning"
    elif change.too_few:
        flag = "för få för att bedöma"
    return [change.reference, change.percent, flag]


def to_xlsx(
    figures: SituationFigures,
    *,
    report: SituationReport | None = None,
    statuses: list[dict[str, Any]] | None = None,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, headers: list[str], rows: list[list[Any]]) -> None:
        ws = workbook.create_sheet(title[:31])
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            width = max(
                [len(str(header))] + [len(str(r[index - 1])) for r in rows if len(r) >= index]
            )
            ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(
                width + 2, 60
            )

    summary = workbook.active
    assert summary is not None
    summary.title = "Sammanfattning"
    period = figures.period
    computed_at = figures.computed_at.isoformat(timespec="seconds") if figures.computed_at else None
    rows: list[list[Any]] = [
        ["Lägesbild", figures.area.name],
        ["Period", period.label],
        ["Periodkod", period.code],
        ["Första dag", period.start.isoformat() if period.start else ""],
        ["Sista dag", period.last_day.isoformat() if period.last_day else ""],
        ["Beräknad", computed_at],
        ["Händelser", figures.total.current],
        ["Signifikanstest", figures.significance.test],
        ["Signifikansnivå", figures.significance.alpha],
        ["Minsta antal för att bedöma", figures.significance.min_count],
    ]
    if report is not None:
        rows += [
            ["Version", report.version],
            ["Status", report.get_status_display()],
            [
                "Fastställd",
                timezone.localtime(report.adopted_at).strftime("%Y-%m-%d %H:%M")
                if report.adopted_at
                else "",
            ],
            ["Bedömning", report.assessment],
            ["Källor som inte använts", report.sources_note],
        ]
    for row in rows:
        summary.append([safe_cell(v) for v in row])
    for cell in summary["A"]:
        cell.font = bold
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 80

    compare_headers = [
        "Nu",
        "Föregående period",
        "Förändring %",
        "Bedömning",
        "Samma period förra året",
        "Förändring %",
        "Bedömning",
        f"Medel {figures.references.mean.periods} perioder",
        "Förändring %",
        "Bedömning",
    ]

    def compare_row(name: str, row: Counted) -> list[Any]:
        return [
            name,
            row.current,
            *_change_cells(row.previous),
            *_change_cells(row.last_year),
            *_change_cells(row.mean),
        ]

    sheet(
        "Kategorier",
        ["Kategori", *compare_headers],
        [compare_row("Totalt", figures.total)]
        + [compare_row(c.name, c) for c in figures.categories],
    )
    sheet(
        "Underkategorier",
        ["Kategori", "Underkategori", "Nu", "Föregående period"],
        [
            [c.name, s.name, s.current, s.previous]
            for c in figures.categories
            for s in c.subcategories
        ],
    )
    if figures.subareas:
        names = [c.name for c in figures.categories]
        codes = [c.code for c in figures.categories]
        sheet(
            "Delområden",
            ["Delområde", *compare_headers, *names],
            [
                compare_row(a.name, a) + [a.by_category.get(code, 0) for code in codes]
                for a in figures.subareas
            ],
        )
    if statuses:
        sheet(
            "Status",
            ["Område", "Status", "Skäl"],
            [
                [
                    s["area"],
                    {"green": "grön", "yellow": "gul", "red": "röd"}[s["colour"]],
                    s["reasons"],
                ]
                for s in statuses
            ],
        )
    wh = figures.weekday_hour
    sheet(
        "Veckodag och timme",
        ["Veckodag", *[f"{h:02d}" for h in range(24)], "Totalt"],
        [[d, *r, t] for d, r, t in zip(wh.weekdays, wh.rows, wh.by_weekday, strict=True)],
    )
    sheet(
        "Upprepade platser",
        ["Typ", "Plats", "Latitud", "Longitud", "Rapporter", "Händelser"],
        [
            ["platsnamn", p.name, None, None, p.reports, p.events]
            for p in figures.repeat_places.by_name
        ]
        + [
            ["ruta 50 m", p.place_name, p.lat, p.lon, p.reports, p.events]
            for p in figures.repeat_places.by_cell
        ],
    )
    sheet(
        "Trend",
        ["Period", "Kod", "Första dag", "Händelser"],
        [[t.label, t.code, t.start.isoformat() if t.start else "", t.count] for t in figures.trend],
    )
    grid = figures.map.grid
    hot = {(h.row, h.col): h for h in figures.hotspots.cells}
    sheet(
        "Rutor",
        [
            "Rad",
            "Kolumn",
            "Latitud (mitt)",
            "Longitud (mitt)",
            "Händelser",
            "Hot spot",
            "Gi* z",
            "Konfidens %",
        ],
        [
            [
                r,
                c,
                round((r + 0.5) * grid.dlat, 6),
                round((c + 0.5) * grid.dlon, 6),
                n,
                "ja" if (r, c) in hot else "nej",
                hot[(r, c)].z if (r, c) in hot else None,
                hot[(r, c)].confidence if (r, c) in hot else None,
            ]
            for r, c, n in figures.map.cells
        ],
    )
    sheet(
        "Hot spots",
        [
            "Plats",
            "Grund för namnet",
            "Delområde",
            "Latitud (mitt)",
            "Longitud (mitt)",
            "Rutor",
            "Händelser",
            "Högsta Gi* z",
            "Konfidens %",
        ],
        [
            [
                h.label,
                HOTSPOT_BASIS.get(h.basis, ""),
                h.subarea,
                h.lat,
                h.lon,
                h.cells,
                h.events,
                h.z,
                h.confidence,
            ]
            for h in figures.hotspots.clusters
        ],
    )
    coverage = figures.coverage
    sheet(
        "Rapportering",
        ["Aktör", *coverage.weeks, "Rapporterat", "Inget att rapportera", "Saknas"],
        [
            [
                r.organisation,
                *[STATE_WORDS.get(r.by_week.get(w, ""), "") for w in coverage.weeks],
                r.reported,
                r.nothing_to_report,
                r.missing,
            ]
            for r in coverage.rows
        ],
    )
    src = figures.sources
    sheet(
        "Källor",
        ["Källa", "Rapporter", "Händelser"],
        [[s.label, s.reports, s.events] for s in src.used]
        + [[f"Aktör: {o.name or 'okänd'}", o.reports, o.events] for o in src.organisations]
        + [
            ["Utelämnat: dubbletter", src.left_out.duplicates, None],
            ["Utan punkt (inte på kartan)", src.left_out.without_point, None],
            ["Ännu inte granskade (räknas)", src.left_out.unreviewed_included, None],
        ],
    )
    # Sections later apps add (samverka.core.extensions.register_situation_section).
    for section in report_sections(report) if report is not None else []:
        if section.sheet_headers:
            sheet(section.title, list(section.sheet_headers), [list(r) for r in section.sheet_rows])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def to_pdf(
    figures: SituationFigures,
    area: Area,
    *,
    report: SituationReport | None = None,
    statuses: list[dict[str, Any]] | None = None,
) -> bytes:
    """The lägesbild for the steering group, printed by WeasyPrint from the page's partial."""
    html = render_to_string(
        "situation/report_pdf.html",
        {
            **page_context(figures, area, uid="pdf"),
            "report": report,
            "statuses": statuses or [],
            "printed_at": timezone.localtime(),
            "pdf": True,
        },
    )
    # The one renderer: no base in the source tree, nothing fetched outside static files.
    return html_to_pdf(html)


def statuses_of(report: SituationReport | None) -> list[dict[str, Any]]:
    if report is None:
        return []
    return [s.as_dict() for s in report.area_statuses.select_related("area").order_by("area__name")]
