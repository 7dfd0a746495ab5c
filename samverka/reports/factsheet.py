"""The fact sheet (faktablad) for any area, in the structure of Brå's fact sheet on Angered.

``build_fact_sheet(area)`` gathers everything as plain data: the figures (from
``samverka.stats.selectors.reference_values``, so the page, the PDF, the JSON and the lägesbild
agree), the charts, the governing documents and the citizen promise's goals, the organisation
chart, the groups with cadence and composition, the coordination unit's specialist functions,
follow-up, the public contact and Brå's guidance boxes from the municipality's text library.
A figure that does not exist says "uppgift saknas"; nothing is filled in by guesswork.

What belongs to an area: documents for the whole municipality, for the area, for an area it
lies in or for an area within it; groups working in the area or in an area within it (for the
municipality level also groups without an area). Composition is given as the organisations
represented, never as names of people, so the fact sheet can be shown to anyone; SSPF groups
are only counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.lib.rates import format_number
from samverka.organisation.chart import build_chart, render_svg
from samverka.organisation.models import (
    DocumentKind,
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    Person,
    SpecialistFunction,
)
from samverka.organisation.selectors import current_setup_answers, is_past_end, public_contacts
from samverka.reports.models import FactSheetText
from samverka.reports.texts import DEFAULTS, Block, blocks
from samverka.stats import charts
from samverka.stats.selectors import (
    CRIME_TOTAL,
    Figure,
    ReferenceValues,
    crime_comparison,
    offence_categories,
    provenance_text,
    reference_values,
)

TITLE = "Organisera lokalt brottsförebyggande arbete"


def is_example_figure(figure: Figure) -> bool:
    """Whether the figure, or the population its rate was computed from, is made-up example
    data: the fact box marks it where it stands, not only in the sources at the end."""
    return any(
        provenance is not None and provenance.is_synthetic
        for provenance in (figure.provenance, figure.population_provenance)
    )


def example_mark(figure: Figure) -> str:
    """ " (exempel)" after a made-up figure's value, else nothing."""
    return " " + _("(exempel)") if not figure.missing and is_example_figure(figure) else ""


FOLLOW_UP_QUESTIONS = ("uppfoljning_dokument", "mal_uppnadda", "utvardering")


@dataclass
class Text:
    key: str
    title: str
    body: str
    blocks: list[Block]
    edited: bool


def text_library(municipality: Municipality) -> dict[str, Text]:
    """Every text of the library: the municipality's own version, else Brå's default."""
    own = {t.key: t for t in FactSheetText.objects.filter(municipality=municipality)}
    library = {}
    for default in DEFAULTS:
        row = own.get(default.key)
        title, body = (row.title, row.body) if row else (default.title, default.body)
        library[default.key] = Text(default.key, title, body, blocks(body), row is not None)
    return library


@dataclass
class GroupEntry:
    group: Group
    cadence: str
    organisations: list[str]
    acute: list[str]


@dataclass
class AreaGroups:
    """The area safety groups, summed up as the fact sheet does ("Delområden med egna
    trygghetsgrupper"): which there are, and which organisations take part in them."""

    groups: list[Group]
    organisations: list[str]


@dataclass
class CoordinationUnit:
    group: Group
    functions: list[str]


@dataclass
class FactSheet:
    municipality: Municipality
    area: Area
    heading: str  # "Stadsdelen Angered"
    generated_at: Any
    reference: ReferenceValues
    texts: dict[str, Text]
    agreements: list[GoverningDocument]
    citizen_promises: list[GoverningDocument]
    documents: list[GoverningDocument]
    groups: list[GroupEntry]
    area_groups: AreaGroups
    sspf_count: int
    units: list[CoordinationUnit]
    follow_up: list[str]
    contacts: list[Person]
    org_chart_svg: str
    trend_svg: str
    trend_rows: list[dict[str, Any]]
    categories_svg: str
    categories_year: int | None
    categories: list[dict[str, Any]]
    sources: list[str] = field(default_factory=list)

    # --- the sentences of the figure box, as the fact sheet writes them ----------------------

    @property
    def population_text(self) -> str:
        figure = self.reference.population
        if figure.missing:
            return _("uppgift saknas")
        return _("%(n)s invånare (%(year)s)") % {
            "n": figure.display(),
            "year": figure.year,
        } + example_mark(figure)

    @property
    def crime_text(self) -> str:
        area, country = self.reference.crime_rate, self.reference.crime_rate_country
        if area.missing:
            text = _("uppgift saknas")
        else:
            note = (_("preliminär siffra för %(year)s") if area.preliminary else "%(year)s") % {
                "year": area.year
            }
            text = f"{area.display()} ({note}){example_mark(area)}"
        comparison = country.display() + example_mark(country)
        if not country.missing and area.missing:
            comparison += f" ({country.year})"
        return _("%(area)s jfr hela landet %(country)s") % {"area": text, "country": comparison}

    @property
    def victimisation_text(self) -> str:
        figure = self.reference.victimisation
        country = self.reference.victimisation_country
        place = figure.place or self.area.name
        if figure.missing:
            own = _("Uppgift saknas för %(place)s.") % {"place": place}
        else:
            own = _(
                "%(share)s procent av svarande i %(place)s uppger att de under %(year)s "
                "utsattes för brott mot enskild person*."
            ) % {"share": figure.display(), "place": place, "year": figure.year}
            own += example_mark(figure)
        if country.missing:
            whole = _("Värdet för hela landet: uppgift saknas.")
        else:
            survey = country.survey_year or figure.survey_year
            edition = (
                _(" (Nationella trygghetsundersökningen %(year)s)") % {"year": survey}
                if survey
                else ""
            )
            whole = _("Värdet för hela landet är %(share)s procent%(edition)s") % {
                "share": country.display() + example_mark(country),
                "edition": edition,
            }
            if figure.missing:
                whole += _(", avser %(year)s") % {"year": country.year}
        return f"{own} {whole}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "municipality": self.municipality.slug,
            "area": {"id": self.area.pk, "name": self.area.name, "heading": self.heading},
            "generated_at": self.generated_at.isoformat(),
            "figures": {
                "population": self.population_text,
                "reported_crimes_per_100k": self.crime_text,
                "victimisation": self.victimisation_text,
            },
            "reference_values": self.reference.as_dict(),
            "agreements": [_document(d) for d in self.agreements],
            "citizen_promises": [_document(d) for d in self.citizen_promises],
            "governing_documents": [_document(d) for d in self.documents],
            "groups": [
                {
                    "name": entry.group.name,
                    "kind": entry.group.get_kind_display(),
                    "mandate": entry.group.get_mandate_display(),
                    "cadence": entry.cadence,
                    "organisations": entry.organisations,
                    "acute_meetings": entry.acute,
                    "purpose": entry.group.purpose,
                }
                for entry in self.groups
            ],
            "area_safety_groups": {
                "groups": [
                    {"name": g.name, "area": g.area.name if g.area else None}
                    for g in self.area_groups.groups
                ],
                "organisations": self.area_groups.organisations,
            },
            "sspf_groups": self.sspf_count,
            "coordination_units": [
                {
                    "name": unit.group.name,
                    "purpose": unit.group.purpose,
                    "functions": unit.functions,
                }
                for unit in self.units
            ],
            "follow_up": self.follow_up,
            "contacts": [
                {"name": p.name, "title": p.title, "email": p.email, "phone": p.phone}
                for p in self.contacts
            ],
            "texts": {key: {"title": t.title, "body": t.body} for key, t in self.texts.items()},
            "sources": self.sources,
        }


def _document(document: GoverningDocument) -> dict[str, Any]:
    return {
        "title": document.title,
        "kind": document.get_kind_display(),
        "summary": document.summary,
        "goals": document.goal_list(),
        "valid_from": document.valid_from.isoformat() if document.valid_from else None,
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
    }


def area_heading(area: Area) -> str:
    """ "Stadsdelen Angered", "Stadsområde Nordost", "Göteborgs Stad"."""
    if area.kind == AreaKind.MUNICIPALITY:
        return area.municipality.name
    if area.kind == AreaKind.DISTRICT:
        return _("Stadsdelen %(name)s") % {"name": area.name}
    return f"{area.get_kind_display()} {area.name}"


def _area_family(area: Area) -> tuple[set[int], set[int]]:
    """(ids of the area and the areas within it, ids of the areas it lies in)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Area.objects.filter(municipality=area.municipality).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    within = {area.pk}
    stack = [area.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in within:
                within.add(child)
                stack.append(child)
    return within, {a.pk for a in area.ancestors()}


def _documents(area: Area, within: set[int], above: set[int]) -> list[GoverningDocument]:
    documents = (
        GoverningDocument.objects.filter(municipality=area.municipality)
        .select_related("area")
        .order_by("-valid_from", "title")
    )
    return [d for d in documents if d.area_id is None or d.area_id in within | above]


def _groups(
    area: Area, within: set[int]
) -> tuple[list[GroupEntry], AreaGroups, int, list[CoordinationUnit]]:
    today = timezone.localdate()
    queryset = Group.objects.filter(municipality=area.municipality).select_related("area")
    groups = [
        g
        for g in queryset.order_by("name")
        if (g.area_id in within or (g.area_id is None and area.kind == AreaKind.MUNICIPALITY))
        and not is_past_end(g, today=today)
    ]
    order = {kind: index for index, kind in enumerate(GroupKind.values)}
    groups.sort(key=lambda g: (order.get(g.kind, 99), g.name))
    memberships: dict[int, list[str]] = {}
    for group_id, organisation in (
        Membership.objects.filter(group__in=[g.pk for g in groups], organisation__isnull=False)
        .order_by("organisation__name")
        .values_list("group_id", "organisation__name")
    ):
        names = memberships.setdefault(group_id, [])
        if organisation not in names:
            names.append(organisation)
    functions: dict[int, list[str]] = {}
    for group_id, name in SpecialistFunction.objects.filter(
        group__in=[g.pk for g in groups]
    ).values_list("group_id", "name"):
        functions.setdefault(group_id, []).append(name)
    entries = [
        GroupEntry(g, g.cadence_label(), memberships.get(g.pk, []), g.acute_trigger_list())
        for g in groups
        if g.kind not in (GroupKind.SSPF, GroupKind.COORDINATION_UNIT, GroupKind.AREA_SAFETY)
    ]
    safety = [g for g in groups if g.kind == GroupKind.AREA_SAFETY]
    taking_part = sorted({name for g in safety for name in memberships.get(g.pk, [])})
    units = [
        CoordinationUnit(g, sorted(functions.get(g.pk, []), key=str.lower))
        for g in groups
        if g.kind == GroupKind.COORDINATION_UNIT
    ]
    sspf = sum(1 for g in groups if g.kind == GroupKind.SSPF)
    return entries, AreaGroups(safety, taking_part), sspf, units


def _figure_value(figure: Figure) -> float | None:
    return float(figure.value) if figure.value is not None else None


def _trend(area: Area) -> tuple[str, list[dict[str, Any]]]:
    comparison = crime_comparison(area, CRIME_TOTAL)
    rows = [{"year": row.year, "area": row.area, "country": row.country} for row in comparison.rows]
    lines = [
        charts.Line(
            area.name, tuple((row.year, _figure_value(row.area)) for row in comparison.rows)
        ),
        charts.Line(
            _("Hela landet"),
            tuple((row.year, _figure_value(row.country)) for row in comparison.rows),
        ),
    ]
    desc = " ".join(
        f"{row.year}: {area.name} {row.area.display()}, hela landet {row.country.display()}."
        for row in comparison.rows
    ) or _("Uppgift saknas.")
    svg = charts.line_chart(
        ident=f"faktablad-trend-{area.pk}",
        title=_("Anmälda brott per 100 000 invånare"),
        desc=desc,
        lines=lines,
        unit=_("per 100 000 inv."),
    )
    return svg, rows


def _categories(area: Area) -> tuple[str, int | None, list[dict[str, Any]]]:
    year, bars = offence_categories(area)
    if not bars:
        return "", year, []
    svg = charts.bar_chart(
        ident=f"faktablad-kategorier-{area.pk}",
        title=_("Anmälda brott per brottskategori %(year)s") % {"year": year},
        desc=" ".join(f"{bar.name}: {bar.figure.display()}." for bar in bars),
        bars=[charts.Bar(bar.name, _figure_value(bar.figure)) for bar in bars],
        unit=_("per 100 000 inv."),
    )
    return svg, year, [{"name": bar.name, "figure": bar.figure} for bar in bars]


def _sources(reference: ReferenceValues) -> list[str]:
    figures = [
        reference.population,
        reference.crime_rate,
        reference.crime_rate_country,
        reference.victimisation,
        reference.victimisation_country,
        *reference.survey,
    ]
    sources: list[str] = []
    for figure in figures:
        for text in (
            provenance_text(figure.provenance) or figure.source_note,
            provenance_text(figure.population_provenance),
        ):
            if text and text not in sources:
                sources.append(text)
    return sources


def build_fact_sheet(area: Area, *, year: int | None = None) -> FactSheet:
    municipality = area.municipality
    within, above = _area_family(area)
    documents = _documents(area, within, above)
    reference = reference_values(area, year)
    groups, area_groups, sspf, units = _groups(area, within)
    answers = current_setup_answers(municipality=municipality)
    trend_svg, trend_rows = _trend(area)
    categories_svg, categories_year, categories = _categories(area)
    chart_title = _("Organisation för det brottsförebyggande arbetet i %(name)s") % {
        "name": municipality.name
    }
    return FactSheet(
        municipality=municipality,
        area=area,
        heading=area_heading(area),
        generated_at=timezone.localtime(),
        reference=reference,
        texts=text_library(municipality),
        agreements=[d for d in documents if d.kind == DocumentKind.COLLABORATION_AGREEMENT],
        citizen_promises=[d for d in documents if d.kind == DocumentKind.CITIZEN_PROMISE],
        documents=[
            d
            for d in documents
            if d.kind not in (DocumentKind.COLLABORATION_AGREEMENT, DocumentKind.CITIZEN_PROMISE)
        ],
        groups=groups,
        area_groups=area_groups,
        sspf_count=sspf,
        units=units,
        follow_up=[answers[key].answer for key in FOLLOW_UP_QUESTIONS if key in answers],
        contacts=public_contacts(municipality=municipality),
        # The section's heading already says what the chart is: not drawn twice.
        org_chart_svg=render_svg(build_chart(municipality), title=chart_title, show_title=False),
        trend_svg=trend_svg,
        trend_rows=trend_rows,
        categories_svg=categories_svg,
        categories_year=categories_year,
        categories=categories,
        sources=_sources(reference),
    )


__all__ = ["FactSheet", "build_fact_sheet", "format_number", "text_library"]
