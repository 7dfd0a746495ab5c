"""What of a fact sheet fits on Brå's four pages: lists shortened to "och N till", long free text
cut at a word with "…".

Brå's fact sheet on Angered is four A4 pages, and a fact sheet printed by samverka must never be
more, whatever a municipality has typed: forty groups, a page-long purpose, a rewritten guidance
box. The page shows everything (``Fit.everything``); the PDF shows what ``Fit.for_print(level)``
keeps. Level 0 is generous and fits Angered's text with room to spare; if the printed document
still runs over four pages, the printer tries level 1 and then 2, each keeping less, and prints
the last (see ``samverka.reports.rendering.fact_sheet_pdf``). Nothing is dropped silently: a
shortened list ends with "och N till", and a shortened text with "…" and a pointer to the page
where the whole fact sheet is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.utils.translation import gettext as _

from samverka.organisation.models import GoverningDocument, Person
from samverka.reports.texts import Block

T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """How much the print keeps of each list and text (None: all of it)."""

    documents: int | None  # governing documents per kind
    goals: int | None  # goals of one document
    groups: int | None
    organisations: int | None  # organisations named in one group's composition
    area_groups: int | None
    functions: int | None  # a coordination unit's specialist functions
    rows: int | None  # rows of a table (survey, trend, categories)
    contacts: int | None
    sources: int | None
    text: int | None  # characters of one free text (a purpose, a summary, an answer)
    box: int | None  # characters of one guidance box of the text library
    items: int | None  # items of one list in a guidance box


EVERYTHING = Budget(*([None] * 12))
# Level 0 keeps all of Angered; 1 and 2 are for municipalities with much more to say.
PRINT_LEVELS = (
    Budget(3, 6, 7, 10, 14, 10, 6, 2, 10, 700, 1400, 7),
    Budget(2, 4, 5, 7, 10, 8, 5, 1, 8, 300, 1000, 5),
    Budget(1, 3, 3, 5, 6, 6, 4, 1, 6, 160, 600, 4),
)


@dataclass(frozen=True)
class Shortened(Generic[T]):
    """A list as printed: the items kept and how many more there are ("och N till")."""

    items: list[T]
    more: int

    @property
    def more_text(self) -> str:
        return _("och %(n)s till") % {"n": self.more} if self.more else ""

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def shorten(items: list[T] | tuple[T, ...], limit: int | None) -> Shortened[T]:
    items = list(items)
    if limit is None or len(items) <= limit:
        return Shortened(items, 0)
    return Shortened(items[:limit], len(items) - limit)


def clip(text: str, limit: int | None) -> str:
    """``text`` cut at the last whole word within ``limit`` characters, with "…"."""
    text = text.strip()
    if limit is None or len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.–-") + "…"


@dataclass(frozen=True)
class FittedText:
    key: str
    title: str
    blocks: list[Block]
    shortened: bool


def fit_blocks(blocks: list[Block], *, chars: int | None, items: int | None) -> tuple[list, bool]:
    """Paragraphs and lists of a text within a character budget; lists end with "och N till"."""
    if chars is None and items is None:
        return list(blocks), False
    kept: list[Block] = []
    left = chars if chars is not None else 10**9
    shortened = False
    for block in blocks:
        if left <= 0:
            shortened = True
            break
        if block.kind == "ul":
            listed = shorten(block.lines, items)
            lines = [clip(line, left) for line in listed.items]
            if listed.more:
                lines.append(listed.more_text)
                shortened = True
            kept.append(Block("ul", tuple(lines)))
            left -= sum(len(line) for line in lines)
        else:
            text = clip(block.lines[0], left)
            shortened = shortened or text != block.lines[0]
            kept.append(Block("p", (text,)))
            left -= len(text)
    return kept, shortened


@dataclass(frozen=True)
class FittedDocument:
    document: GoverningDocument
    title: str
    summary: str
    goals: Shortened[str]


@dataclass(frozen=True)
class FittedGroup:
    entry: Any  # a factsheet.GroupEntry
    purpose: str
    organisations: Shortened[str]
    acute: Shortened[str]


@dataclass(frozen=True)
class FittedUnit:
    unit: Any  # a factsheet.CoordinationUnit
    purpose: str
    functions: Shortened[str]


@dataclass(frozen=True)
class Fit:
    """Everything of one fact sheet that the template lists, as much as the budget keeps."""

    budget: Budget
    clipped: bool  # some free text (a purpose, a summary, an answer) ends in "…"
    texts: dict[str, FittedText]
    agreements: Shortened[FittedDocument]
    citizen_promises: Shortened[FittedDocument]
    documents: Shortened[FittedDocument]
    groups: Shortened[FittedGroup]
    area_groups: Shortened[Any]
    area_organisations: Shortened[str]
    units: Shortened[FittedUnit]
    follow_up: Shortened[str]
    contacts: Shortened[Person]
    survey: Shortened[Any]
    warnings: Shortened[str]
    trend_rows: Shortened[dict[str, Any]]
    categories: Shortened[dict[str, Any]]
    sources: Shortened[str]

    @property
    def shortened(self) -> bool:
        """Whether the print leaves anything out (it then says where the whole sheet is)."""
        lists = (
            self.agreements,
            self.citizen_promises,
            self.documents,
            self.groups,
            self.area_groups,
            self.area_organisations,
            self.units,
            self.follow_up,
            self.contacts,
            self.survey,
            self.warnings,
            self.trend_rows,
            self.categories,
            self.sources,
        )
        return (
            self.clipped
            or any(s.more for s in lists)
            or any(t.shortened for t in self.texts.values())
            or any(d.goals.more for d in self.documents)
            or any(g.organisations.more or g.acute.more for g in self.groups)
            or any(u.functions.more for u in self.units)
        )

    @classmethod
    def everything(cls, sheet: Any) -> Fit:
        return fit(sheet, EVERYTHING)

    @classmethod
    def for_print(cls, sheet: Any, level: int) -> Fit:
        return fit(sheet, PRINT_LEVELS[level])


def fit(sheet: Any, budget: Budget) -> Fit:
    """``sheet`` (a ``factsheet.FactSheet``) as ``budget`` keeps it."""
    clipped: list[bool] = []

    def cut(text: str) -> str:
        kept = clip(text, budget.text)
        if kept != text.strip():
            clipped.append(True)
        return kept

    def _document(document: GoverningDocument) -> FittedDocument:
        return FittedDocument(
            document,
            cut(document.title),
            cut(document.summary),
            shorten([cut(g) for g in document.goal_list()], budget.goals),
        )

    texts = {}
    for key, text in sheet.texts.items():
        kept, shortened = fit_blocks(text.blocks, chars=budget.box, items=budget.items)
        texts[key] = FittedText(key, clip(text.title, budget.text), kept, shortened)

    def documents(items: list[GoverningDocument]) -> Shortened[FittedDocument]:
        return shorten([_document(d) for d in items], budget.documents)

    # The newest rows of a table over time are the ones a reader needs.
    trend = sheet.trend_rows
    trend_kept = shorten(list(reversed(trend)), budget.rows)
    return Fit(
        budget=budget,
        texts=texts,
        agreements=documents(sheet.agreements),
        citizen_promises=documents(sheet.citizen_promises),
        documents=documents(sheet.documents),
        groups=shorten(
            [
                FittedGroup(
                    entry,
                    cut(entry.group.purpose),
                    shorten(entry.organisations, budget.organisations),
                    shorten(entry.acute, budget.organisations),
                )
                for entry in sheet.groups
            ],
            budget.groups,
        ),
        area_groups=shorten(sheet.area_groups.groups, budget.area_groups),
        area_organisations=shorten(sheet.area_groups.organisations, budget.organisations),
        units=shorten(
            [
                FittedUnit(
                    unit,
                    cut(unit.group.purpose),
                    shorten(unit.functions, budget.functions),
                )
                for unit in sheet.units
            ],
            budget.groups,
        ),
        follow_up=shorten([cut(a) for a in sheet.follow_up], budget.documents),
        contacts=shorten(sheet.contacts, budget.contacts),
        survey=shorten(sheet.reference.survey, budget.rows),
        warnings=shorten(sheet.reference.warnings, budget.rows),
        trend_rows=Shortened(list(reversed(trend_kept.items)), trend_kept.more),
        categories=shorten(sheet.categories, budget.rows),
        sources=shorten(sheet.sources, budget.sources),
        clipped=bool(clipped),  # last: keyword arguments are evaluated in order
    )
