"""The five file formats: which columns each has, and how a row becomes values.

Each format maps the file's headings to its columns (case, spaces and a trailing full stop do
not matter; several spellings are accepted, see docs/statistics-formats.md), refuses columns it
does not know, and checks every row, collecting every problem with its line and column. Nothing
here writes to the database; ``apply`` does that once the whole file is known to be good.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.lib.tabular import normalise_heading
from samverka.stats.importers.errors import RowError
from samverka.stats.importers.reading import (
    Cell,
    CellError,
    Table,
    cell_text,
    parse_flag,
    parse_number,
    parse_year,
)
from samverka.stats.models import (
    Geography,
    GeographyKind,
    ImportFormat,
    PopulationBasis,
    SkrGroup,
    Source,
    Unit,
)
from samverka.stats.places import PlaceIndex, PlaceNotFound, normalise_code

DEFAULT_CATEGORY = "Samtliga brott"
POPULATION_NAME = "Folkmängd 31 december"
MEAN_POPULATION_NAME = "Medelfolkmängd"
HUNDRED = Decimal(100)
MAX_POPULATION = Decimal(20_000_000)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the heading the documentation uses
    aliases: tuple[str, ...]


@dataclass
class ParsedValue:
    line: int
    source: str
    category: str
    category_name: str
    unit: str
    year: int
    value: Decimal | None
    geography: Geography | None = None
    area: Area | None = None
    suppressed: bool = False
    preliminary: bool = False
    series_break: bool = False
    survey_year: int | None = None
    sample_size: int | None = None
    population_basis: str = ""

    def key(self) -> tuple[object, ...]:
        place = ("g", self.geography.pk) if self.geography else ("a", self.area and self.area.pk)
        return (self.source, self.category, self.unit, place, self.year)


@dataclass
class ParsedGeography:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    skr_group: str | None  # None: the file has no such column, keep what is stored
    # A local police area's municipalities; None: the file has no such column
    municipalities: tuple[str, ...] | None = None


@dataclass
class Options:
    """What the form or the command line says about the whole file."""

    year: int | None = None
    preliminary: bool | None = None
    population_basis: str | None = None
    # A ``geografi`` file that is the reference geography (``update_reference_geography``):
    # SCB's and the police's rules on codes and hierarchy are checked row by row.
    reference: bool = False


@dataclass
class Parsed:
    format: str
    values: list[ParsedValue] = field(default_factory=list)
    geographies: list[ParsedGeography] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


# --- places ----------------------------------------------------------------------------------


class GeographyIndex:
    """Every geography by code and by name, read once per file (``samverka.stats.places``)."""

    def __init__(self, extra: Iterable[ParsedGeography] = ()) -> None:
        self.places = PlaceIndex()
        self.by_code = self.places.by_code

    def find(self, code: str, name: str, *, after: Geography | None = None) -> Geography:
        """By code when one is given, otherwise by name; raises CellError naming the problem."""
        try:
            return self.places.find(code, name, after=after)
        except PlaceNotFound as exc:
            raise CellError(str(exc)) from None


class AreaIndex:
    """The municipality's areas by name and by their codes."""

    def __init__(self, municipality: Municipality) -> None:
        self.by_key: dict[str, list[Area]] = {}
        for area in Area.objects.filter(municipality=municipality):
            keys = {area.name, area.scb_code, area.deso_code, area.regso_code, area.local_code}
            for key in keys:
                if key:
                    self.by_key.setdefault(key.lower().strip(), []).append(area)

    def find(self, text: str) -> Area:
        found = self.by_key.get(text.lower().strip(), [])
        if not found:
            raise CellError(
                _("Okänt område ”%(name)s” – det finns inget sådant område i kommunen.")
                % {"name": text[:60]}
            )
        if len({a.pk for a in found}) > 1:
            raise CellError(_("”%(name)s” passar flera områden.") % {"name": text[:60]})
        return found[0]


# --- headings ----------------------------------------------------------------------------------


def _map_headings(
    table: Table, columns: list[Column], errors: list[RowError], *, extra: Callable[[str], bool]
) -> dict[str, int]:
    """Column key → index; unknown and repeated headings are errors (``extra`` lets the SCB
    format keep year columns)."""
    lookup = {normalise_heading(alias): column for column in columns for alias in column.aliases}
    found: dict[str, int] = {}
    for index, heading in enumerate(table.headers):
        column = lookup.get(normalise_heading(heading))
        if column is None:
            if extra(heading):
                continue
            known = ", ".join(f"”{c.label}”" for c in columns)
            errors.append(
                RowError(
                    table.header_line,
                    heading or _("(tom rubrik, kolumn %(n)s)") % {"n": index + 1},
                    _("okänd kolumn. Formatet har kolumnerna %(known)s.") % {"known": known},
                )
            )
        elif column.key in found:
            errors.append(RowError(table.header_line, heading, _("kolumnen finns två gånger.")))
        else:
            found[column.key] = index
    return found


def _header_line(table: Table) -> int:
    return table.header_line


def _require(
    table: Table,
    found: dict[str, int],
    errors: list[RowError],
    alternatives: list[tuple[str, ...]],
    columns: list[Column],
) -> None:
    labels = {c.key: c.label for c in columns}
    for keys in alternatives:
        if not any(k in found for k in keys):
            names = _(" eller ").join(f"”{labels[k]}”" for k in keys)
            errors.append(
                RowError(
                    _header_line(table), "", _("kolumnen %(names)s saknas.") % {"names": names}
                )
            )


def _cell(row: list[Cell], found: dict[str, int], key: str) -> Cell:
    index = found.get(key)
    return row[index] if index is not None and index < len(row) else None


def _heading(table: Table, found: dict[str, int], key: str) -> str:
    index = found.get(key)
    return table.headers[index] if index is not None else key


def _meta(table: Table, key: str) -> str:
    entry = table.metadata.get(key)
    return entry[1] if entry else ""


def _category(text: str) -> tuple[str, str]:
    name = re.sub(r"\s+", " ", text).strip()[:300]
    return slugify(name)[:120], name


BASIS_WORDS = {
    "medelfolkmängd": PopulationBasis.MEAN,
    "medelfolkmangd": PopulationBasis.MEAN,
    "mean": PopulationBasis.MEAN,
    "folkmängd 31 december": PopulationBasis.YEAR_END,
    "31 december": PopulationBasis.YEAR_END,
    "year_end": PopulationBasis.YEAR_END,
    "": PopulationBasis.UNKNOWN,
}


# --- the formats -----------------------------------------------------------------------------

PLACE_COLUMNS = [
    Column("region", "Region", ("region", "kommun", "område", "omrade", "namn", "regionnamn")),
    Column("code", "Regionkod", ("regionkod", "kod", "kommunkod", "områdeskod", "omradeskod")),
]
YEAR_COLUMN = Column("year", "År", ("år", "ar", "year", "avser år", "period"))

BRA_COLUMNS = [
    *PLACE_COLUMNS,
    YEAR_COLUMN,
    Column("category", "Brottskategori", ("brottskategori", "brottstyp", "brott", "kategori")),
    Column("count", "Antal", ("antal", "antal anmälda brott", "anmälda brott")),
    Column(
        "rate",
        "Per 100 000 inv.",
        (
            "per 100 000 inv",
            "per 100 000 invånare",
            "anmälda brott per 100 000 invånare",
            "per 100 000 inv (medelfolkmängd)",
        ),
    ),
    Column("preliminary", "Preliminär", ("preliminär", "preliminärt", "prel")),
    Column("series_break", "Seriebrott", ("seriebrott",)),
]
SCB_COLUMNS = [
    *PLACE_COLUMNS,
    YEAR_COLUMN,
    Column(
        "population",
        "Folkmängd",
        ("folkmängd", "folkmangd", "befolkning", "antal invånare", "medelfolkmängd"),
    ),
]
NTU_COLUMNS = [
    *PLACE_COLUMNS,
    YEAR_COLUMN,
    Column("survey_year", "Undersökningsår", ("undersökningsår", "ntu-år", "ntu år", "ntu")),
    Column("indicator", "Indikator", ("indikator", "fråga", "fraga", "brottstyp", "mått")),
    Column("share", "Andel (%)", ("andel (%)", "andel", "procent", "andel procent", "andel i %")),
    Column("sample", "Antal svarande", ("antal svarande", "svarande", "n", "urval")),
]
SURVEY_COLUMNS = [
    Column("area", "Område", ("område", "omrade", "områdeskod", "omradeskod")),
    YEAR_COLUMN,
    Column("question", "Fråga", ("fråga", "fraga", "indikator", "mått")),
    Column("share", "Andel (%)", ("andel (%)", "andel", "procent", "andel procent", "andel i %")),
    Column("sample", "Antal svarande", ("antal svarande", "svarande", "n")),
]
GEOGRAPHY_COLUMNS = [
    Column("code", "Kod", ("kod", "code", "regionkod")),
    Column("name", "Namn", ("namn", "name", "region")),
    Column("kind", "Typ", ("typ", "kind")),
    Column("parent", "Ingår i", ("ingår i", "ingar i", "förälder", "parent")),
    Column("skr_group", "Kommungrupp", ("kommungrupp", "skr-grupp", "kommungrupp (skr)")),
    Column("municipalities", "Kommuner", ("kommuner", "kommunkoder", "betjänar kommuner")),
]
COLUMNS = {
    ImportFormat.BRA: BRA_COLUMNS,
    ImportFormat.SCB: SCB_COLUMNS,
    ImportFormat.NTU: NTU_COLUMNS,
    ImportFormat.SURVEY: SURVEY_COLUMNS,
    ImportFormat.GEOGRAPHY: GEOGRAPHY_COLUMNS,
}
METADATA_KEYS = {
    "källa",
    "utgivare",
    "tabell",
    "url",
    "adress",
    "hämtad",
    "hämtad av",
    "källhänvisning",
    "år",
    "preliminär",
    "påhittad",
    "befolkningsunderlag",
    "undersökningsår",
}


def _check_metadata(table: Table, errors: list[RowError]) -> None:
    for key, (line, _value) in table.metadata.items():
        if key not in METADATA_KEYS:
            errors.append(
                RowError(
                    line,
                    "",
                    _("okänd uppgift ”%(key)s” i filens huvud. Tillåtna: %(keys)s.")
                    % {"key": key[:40], "keys": ", ".join(sorted(METADATA_KEYS))},
                )
            )


class _Rows:
    """Helpers for one format's pass over the rows: errors with the right heading."""

    def __init__(self, table: Table, found: dict[str, int], parsed: Parsed) -> None:
        self.table = table
        self.found = found
        self.parsed = parsed

    def error(self, line: int, key: str, exc: Exception | str) -> None:
        column = _heading(self.table, self.found, key) if key else ""
        self.parsed.errors.append(RowError(line, column, str(exc)))


def _file_year(table: Table, options: Options, errors: list[RowError]) -> int | None:
    if options.year is not None:
        return options.year
    text = _meta(table, "år")
    if not text:
        return None
    try:
        return parse_year(text)
    except CellError as exc:
        errors.append(RowError(table.metadata["år"][0], "", str(exc)))
        return None


def _file_flag(table: Table, key: str, override: bool | None, errors: list[RowError]) -> bool:
    if override is not None:
        return override
    text = _meta(table, key)
    try:
        return parse_flag(text) if text else False
    except CellError as exc:
        errors.append(RowError(table.metadata[key][0], "", str(exc)))
        return False


def _file_basis(table: Table, options: Options, errors: list[RowError]) -> str:
    if options.population_basis is not None:
        return options.population_basis
    text = _meta(table, "befolkningsunderlag").lower()
    if text not in BASIS_WORDS:
        errors.append(
            RowError(
                table.metadata["befolkningsunderlag"][0],
                "",
                _("befolkningsunderlag ska vara ”medelfolkmängd” eller ”folkmängd 31 december”."),
            )
        )
        return ""
    return BASIS_WORDS[text]


def _place(
    rows: _Rows,
    line: int,
    row: list[Cell],
    index: GeographyIndex,
    *,
    after: Geography | None = None,
) -> Geography | None:
    code = cell_text(_cell(row, rows.found, "code"))
    name = cell_text(_cell(row, rows.found, "region"))
    if not code and not name:
        rows.error(line, "code" if "code" in rows.found else "region", _("Området saknas."))
        return None
    try:
        return index.find(code, name, after=after)
    except CellError as exc:
        rows.error(line, "code" if code else "region", exc)
        return None


def _row_year(rows: _Rows, line: int, row: list[Cell], default: int | None) -> int | None:
    if "year" not in rows.found:
        return default
    try:
        return parse_year(_cell(row, rows.found, "year"))
    except CellError as exc:
        rows.error(line, "year", exc)
        return None


def _flag(rows: _Rows, line: int, row: list[Cell], key: str, default: bool) -> bool:
    if key not in rows.found:
        return default
    text = cell_text(_cell(row, rows.found, key))
    if not text:
        return default
    try:
        return parse_flag(text)
    except CellError as exc:
        rows.error(line, key, exc)
        return default


BRA_HEADERLESS = ["Kommun", "Antal", "Per 100 000 inv."]


def _bra_without_header(table: Table) -> Table | None:
    """Brå's yearly file as published up to 2022 has no header row: "Ale kommun;1 234;4 321,5"
    is its first line. Read it as the columns Kommun;Antal;Per 100 000 inv. when no heading is
    one the format knows and the second cell is a number; None otherwise."""
    if not 2 <= len(table.headers) <= len(BRA_HEADERLESS):
        return None
    known = {normalise_heading(a) for column in BRA_COLUMNS for a in column.aliases}
    if any(normalise_heading(h) in known for h in table.headers):
        return None
    try:
        parse_number(table.headers[1], allow_suppressed=True)
    except CellError:
        return None
    first: list[Cell] = list(table.headers)
    return Table(
        headers=BRA_HEADERLESS[: len(table.headers)],
        rows=[(table.header_line, first), *table.rows],
        metadata=table.metadata,
        header_line=table.header_line,
    )


def parse_bra(table: Table, parsed: Parsed, options: Options, index: GeographyIndex) -> None:
    """Brå's reported offences: one row per place, year and offence category.

    Brå's yearly per-municipality file is read as published, with or without its header row;
    its places are resolved as ``samverka.stats.places`` describes (every spelling of the 290
    municipalities, "Hela landet", city districts under their city). A row whose place cannot
    be found is an error on its line: nothing is left out silently.
    """
    table = _bra_without_header(table) or table
    found = _map_headings(table, BRA_COLUMNS, parsed.errors, extra=lambda h: False)
    _require(table, found, parsed.errors, [("region", "code"), ("count", "rate")], BRA_COLUMNS)
    year = _file_year(table, options, parsed.errors)
    if "year" not in found and year is None:
        parsed.errors.append(
            RowError(
                _header_line(table),
                "",
                _("kolumnen ”År” saknas; ange året i en kolumn eller som ”# år: 2024” överst."),
            )
        )
    if parsed.errors:
        return
    preliminary = _file_flag(table, "preliminär", options.preliminary, parsed.errors)
    basis = _file_basis(table, options, parsed.errors)
    rows = _Rows(table, found, parsed)
    municipality: Geography | None = None  # the row above's, whose districts may follow
    for line, row in table.rows:
        parsed.rows += 1
        place = _place(rows, line, row, index, after=municipality)
        if place is not None and place.kind != GeographyKind.DISTRICT:
            municipality = place if place.kind == GeographyKind.MUNICIPALITY else None
        row_year = _row_year(rows, line, row, year)
        category_text = cell_text(_cell(row, found, "category")) or DEFAULT_CATEGORY
        category, name = _category(category_text)
        if not category:
            rows.error(line, "category", _("Brottskategorin saknas."))
        # "All values are preliminary/final" on the form or command line overrides the column.
        is_preliminary = (
            options.preliminary
            if options.preliminary is not None
            else _flag(rows, line, row, "preliminary", preliminary)
        )
        series_break = _flag(rows, line, row, "series_break", False)
        for key, unit in (("count", Unit.COUNT), ("rate", Unit.PER_100K)):
            if key not in found:
                continue
            try:
                value = parse_number(
                    _cell(row, found, key), allow_suppressed=True, integer=key == "count"
                )
            except CellError as exc:
                rows.error(line, key, exc)
                continue
            if place is None or row_year is None or not category:
                continue
            parsed.values.append(
                ParsedValue(
                    line=line,
                    source=Source.BRA,
                    category=category,
                    category_name=name,
                    unit=unit,
                    year=row_year,
                    value=value,
                    geography=place,
                    suppressed=value is None,
                    preliminary=is_preliminary,
                    series_break=series_break,
                    population_basis=basis if unit == Unit.PER_100K else "",
                )
            )


_YEAR_IN_HEADING = re.compile(r"(?<!\d)(19\d\d|20\d\d|2100)(?!\d)")


def parse_scb(table: Table, parsed: Parsed, options: Options, index: GeographyIndex) -> None:
    """SCB's population: long (Region;År;Folkmängd) or wide as SCB exports it (region;2018;…)."""

    def is_year_column(heading: str) -> bool:
        return bool(_YEAR_IN_HEADING.search(heading))

    found = _map_headings(table, SCB_COLUMNS, parsed.errors, extra=is_year_column)
    mean = any("medelfolkm" in normalise_heading(h) for h in table.headers)
    category, name = (
        ("medelfolkmangd", MEAN_POPULATION_NAME) if mean else ("folkmangd", POPULATION_NAME)
    )
    year_columns = {
        i: int(match.group(1))
        for i, heading in enumerate(table.headers)
        if i not in found.values() and (match := _YEAR_IN_HEADING.search(heading))
    }
    _require(table, found, parsed.errors, [("region", "code")], SCB_COLUMNS)
    long = "population" in found
    if long and "year" not in found:
        parsed.errors.append(RowError(_header_line(table), "", _("kolumnen ”År” saknas.")))
    if not long and not year_columns:
        parsed.errors.append(
            RowError(
                _header_line(table),
                "",
                _("kolumnen ”Folkmängd” saknas, och inga kolumner har ett årtal i rubriken."),
            )
        )
    if parsed.errors:
        return
    rows = _Rows(table, found, parsed)
    for line, row in table.rows:
        parsed.rows += 1
        region = cell_text(_cell(row, found, "region"))
        code = cell_text(_cell(row, found, "code"))
        if not code and region:
            first, _sep, rest = region.partition(" ")
            if first.lower() in index.by_code:  # SCB writes "1480 Göteborg"
                code, region = first, rest
        place = None
        try:
            place = index.find(code, region)
        except CellError as exc:
            rows.error(line, "code" if code else "region", exc)
        cells = (
            [(_cell(row, found, "population"), _row_year(rows, line, row, None), "population")]
            if long
            else [(row[i], year, table.headers[i]) for i, year in year_columns.items()]
        )
        for cell, year, key in cells:
            try:
                value = parse_number(
                    cell, allow_suppressed=False, integer=True, maximum=MAX_POPULATION
                )
            except CellError as exc:
                if long:
                    rows.error(line, key, exc)
                else:
                    parsed.errors.append(RowError(line, key, str(exc)))
                continue
            if place is None or year is None:
                continue
            parsed.values.append(
                ParsedValue(
                    line=line,
                    source=Source.SCB,
                    category=category,
                    category_name=name,
                    unit=Unit.COUNT,
                    year=year,
                    value=value,
                    geography=place,
                )
            )


def _share_and_sample(
    rows: _Rows, line: int, row: list[Cell], *, suppressible: bool, sample_required: bool
) -> tuple[Decimal | None, int | None, bool]:
    """(share, sample size, ok)."""
    ok = True
    share: Decimal | None = None
    try:
        share = parse_number(
            _cell(row, rows.found, "share"), allow_suppressed=suppressible, maximum=HUNDRED
        )
    except CellError as exc:
        rows.error(line, "share", exc)
        ok = False
    sample: int | None = None
    text = _cell(row, rows.found, "sample")
    if "sample" in rows.found and (sample_required or cell_text(text)):
        try:
            number = parse_number(text, allow_suppressed=False, integer=True)
            sample = int(number) if number is not None else None
            if sample == 0:
                raise CellError(_("Antalet svarande måste vara minst 1."))
        except CellError as exc:
            rows.error(line, "sample", exc)
            ok = False
    return share, sample, ok


def parse_ntu(table: Table, parsed: Parsed, options: Options, index: GeographyIndex) -> None:
    """NTU's indicators: share of respondents per place, year and indicator."""
    found = _map_headings(table, NTU_COLUMNS, parsed.errors, extra=lambda h: False)
    _require(
        table,
        found,
        parsed.errors,
        [("region", "code"), ("year",), ("indicator",), ("share",)],
        NTU_COLUMNS,
    )
    survey_year_default: int | None = None
    if _meta(table, "undersökningsår"):
        try:
            survey_year_default = parse_year(_meta(table, "undersökningsår"))
        except CellError as exc:
            parsed.errors.append(RowError(table.metadata["undersökningsår"][0], "", str(exc)))
    if parsed.errors:
        return
    rows = _Rows(table, found, parsed)
    for line, row in table.rows:
        parsed.rows += 1
        place = _place(rows, line, row, index)
        year = _row_year(rows, line, row, None)
        survey_year = survey_year_default
        if "survey_year" in found and cell_text(_cell(row, found, "survey_year")):
            try:
                survey_year = parse_year(_cell(row, found, "survey_year"))
            except CellError as exc:
                rows.error(line, "survey_year", exc)
        if survey_year is None and year is not None:
            survey_year = year + 1  # NTU YYYY asks about the year before
        category, name = _category(cell_text(_cell(row, found, "indicator")))
        if not category:
            rows.error(line, "indicator", _("Indikatorn saknas."))
        share, sample, ok = _share_and_sample(
            rows, line, row, suppressible=True, sample_required=False
        )
        if not ok or place is None or year is None or not category:
            continue
        parsed.values.append(
            ParsedValue(
                line=line,
                source=Source.NTU,
                category=category,
                category_name=name,
                unit=Unit.PERCENT,
                year=year,
                value=share,
                geography=place,
                suppressed=share is None,
                survey_year=survey_year,
                sample_size=sample,
            )
        )


def parse_survey(table: Table, parsed: Parsed, options: Options, areas: AreaIndex | None) -> None:
    """The municipality's own safety survey: share of respondents per area, year and question."""
    found = _map_headings(table, SURVEY_COLUMNS, parsed.errors, extra=lambda h: False)
    _require(
        table,
        found,
        parsed.errors,
        [("area",), ("year",), ("question",), ("share",), ("sample",)],
        SURVEY_COLUMNS,
    )
    if areas is None:
        parsed.errors.append(
            RowError(
                None, "", _("En lokal trygghetsundersökning hör till en kommun; ange kommunen.")
            )
        )
    if parsed.errors or areas is None:
        return
    rows = _Rows(table, found, parsed)
    for line, row in table.rows:
        parsed.rows += 1
        area = None
        text = cell_text(_cell(row, found, "area"))
        if not text:
            rows.error(line, "area", _("Området saknas."))
        else:
            try:
                area = areas.find(text)
            except CellError as exc:
                rows.error(line, "area", exc)
        year = _row_year(rows, line, row, None)
        category, name = _category(cell_text(_cell(row, found, "question")))
        if not category:
            rows.error(line, "question", _("Frågan saknas."))
        share, sample, ok = _share_and_sample(
            rows, line, row, suppressible=False, sample_required=True
        )
        if not ok or area is None or year is None or not category:
            continue
        parsed.values.append(
            ParsedValue(
                line=line,
                source=Source.SURVEY,
                category=category,
                category_name=name,
                unit=Unit.PERCENT,
                year=year,
                value=share,
                area=area,
                sample_size=sample,
            )
        )


KIND_WORDS = {
    "riket": GeographyKind.COUNTRY,
    "land": GeographyKind.COUNTRY,
    "län": GeographyKind.COUNTY,
    "lan": GeographyKind.COUNTY,
    "kommun": GeographyKind.MUNICIPALITY,
    "stadsområde": GeographyKind.DISTRICT,
    "stadsdel": GeographyKind.DISTRICT,
    "stadsdelsområde": GeographyKind.DISTRICT,
    "lokalpolisområde": GeographyKind.LOCAL_POLICE_AREA,
    "polisregion": GeographyKind.POLICE_REGION,
    "annat": GeographyKind.OTHER,
    **{kind.value: kind for kind in GeographyKind},
}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")


_MUNICIPALITY_CODES = re.compile(r"[\s,;]+")


def parse_geographies(
    table: Table, parsed: Parsed, index: GeographyIndex, *, reference: bool = False
) -> None:
    """Reference geographies: code, name, kind, the code it lies within, SKR group, and the
    municipalities a local police area serves (codes separated by spaces or commas).

    With ``reference`` the file is the reference geography of all Sweden, and SCB's and the
    police's rules are checked too (``check_reference_rows``)."""
    found = _map_headings(table, GEOGRAPHY_COLUMNS, parsed.errors, extra=lambda h: False)
    _require(table, found, parsed.errors, [("code",), ("name",), ("kind",)], GEOGRAPHY_COLUMNS)
    if parsed.errors:
        return
    rows = _Rows(table, found, parsed)
    in_file: dict[str, int] = {}
    for line, row in table.rows:
        parsed.rows += 1
        code = cell_text(_cell(row, found, "code"))
        if reference:
            code = normalise_code(code)  # Excel's 114 for "0114"
        name = re.sub(r"\s+", " ", cell_text(_cell(row, found, "name")))
        kind = KIND_WORDS.get(cell_text(_cell(row, found, "kind")).lower())
        parent = cell_text(_cell(row, found, "parent"))
        if reference:
            parent = normalise_code(parent)
        skr = cell_text(_cell(row, found, "skr_group")).upper()[:2]
        served = cell_text(_cell(row, found, "municipalities"))
        municipalities = (
            tuple(normalise_code(c) for c in _MUNICIPALITY_CODES.split(served) if c)
            if "municipalities" in found
            else None
        )
        good = True
        if not _CODE.match(code):
            rows.error(line, "code", _("Koden ska vara 1–40 bokstäver (a–z), siffror eller -."))
            good = False
        elif code.lower() in in_file:
            rows.error(
                line,
                "code",
                _("Koden finns redan på rad %(line)s.") % {"line": in_file[code.lower()]},
            )
            good = False
        if not name or len(name) > 200:
            rows.error(line, "name", _("Namnet saknas eller är längre än 200 tecken."))
            good = False
        if kind is None:
            rows.error(
                line,
                "kind",
                _(
                    "Typen ska vara riket, län, polisregion, kommun, stadsområde, "
                    "lokalpolisområde eller annat."
                ),
            )
            good = False
        if skr and skr not in SkrGroup.values:
            rows.error(line, "skr_group", _("Okänd kommungrupp; ange A1–C9 enligt SKR."))
            good = False
        if municipalities and kind != GeographyKind.LOCAL_POLICE_AREA:
            rows.error(
                line,
                "municipalities",
                _("Bara ett lokalpolisområde betjänar kommuner; lämna kolumnen tom."),
            )
            good = False
        if good:
            in_file[code.lower()] = line
            parsed.geographies.append(
                ParsedGeography(
                    line,
                    code,
                    name,
                    str(kind),
                    parent,
                    skr if "skr_group" in found else None,
                    municipalities,
                )
            )
    kinds = {item.code.lower(): item.kind for item in parsed.geographies}
    for item in parsed.geographies:
        if (
            item.parent_code
            and item.parent_code.lower() not in in_file
            and item.parent_code.lower() not in index.by_code
        ):
            parsed.errors.append(
                RowError(
                    item.line,
                    _heading(table, found, "parent"),
                    _("Okänd områdeskod ”%(code)s”.") % {"code": item.parent_code[:40]},
                )
            )
        if item.parent_code.lower() == item.code.lower():
            parsed.errors.append(
                RowError(
                    item.line,
                    _heading(table, found, "parent"),
                    _("Ett område kan inte ingå i sig självt."),
                )
            )
        for served_code in item.municipalities or ():
            stored = index.by_code.get(served_code.lower())
            served_kind = kinds.get(served_code.lower()) or (stored.kind if stored else None)
            if served_kind != GeographyKind.MUNICIPALITY:
                parsed.errors.append(
                    RowError(
                        item.line,
                        _heading(table, found, "municipalities"),
                        _("”%(code)s” är ingen kommunkod i filen eller bland statistikområdena.")
                        % {"code": served_code[:40]},
                    )
                )
    if reference:
        check_reference_rows(parsed, _heading(table, found, "code"))


# The kind of geography each kind lies within in the reference geography.
REFERENCE_PARENT_KIND = {
    GeographyKind.POLICE_REGION: GeographyKind.COUNTRY,
    GeographyKind.COUNTY: GeographyKind.POLICE_REGION,
    GeographyKind.MUNICIPALITY: GeographyKind.COUNTY,
    GeographyKind.LOCAL_POLICE_AREA: GeographyKind.COUNTY,
}
REFERENCE_CODES = {
    GeographyKind.COUNTRY: (re.compile(r"00"), "00"),
    GeographyKind.COUNTY: (re.compile(r"\d\d"), gettext_lazy("två siffror (SCB:s länskod)")),
    GeographyKind.MUNICIPALITY: (
        re.compile(r"\d{4}"),
        gettext_lazy("fyra siffror (SCB:s kommunkod)"),
    ),
    GeographyKind.POLICE_REGION: (re.compile(r"polisregion-[a-z0-9-]+"), "polisregion-…"),
    GeographyKind.LOCAL_POLICE_AREA: (re.compile(r"lpo-[a-z0-9-]+"), "lpo-…"),
}


def check_reference_rows(parsed: Parsed, code_heading: str) -> None:
    """SCB's and the police's rules, row by row: a municipality's code is four digits whose
    first two are its county's, a county lies within a police region, a police region within
    the country, a local police area within a county and serving at least one municipality."""
    items = {item.code.lower(): item for item in parsed.geographies}
    stored = {g.code.lower(): g for g in Geography.objects.all()}

    def kind_of(code: str) -> str | None:
        if code.lower() in items:
            return items[code.lower()].kind
        found = stored.get(code.lower())
        return found.kind if found else None

    for item in parsed.geographies:
        rule = REFERENCE_CODES.get(item.kind)  # type: ignore[call-overload]
        if rule and not rule[0].fullmatch(item.code):
            parsed.errors.append(
                RowError(
                    item.line,
                    code_heading,
                    _("Koden för typen %(kind)s ska vara %(rule)s, inte ”%(code)s”.")
                    % {"kind": GeographyKind(item.kind).label, "rule": rule[1], "code": item.code},
                )
            )
            continue
        wanted = REFERENCE_PARENT_KIND.get(item.kind)  # type: ignore[call-overload]
        if wanted is not None and kind_of(item.parent_code) != wanted:
            parsed.errors.append(
                RowError(
                    item.line,
                    "",
                    _("%(kind)s ska ingå i en geografi av typen %(parent)s.")
                    % {
                        "kind": GeographyKind(item.kind).label,
                        "parent": GeographyKind(wanted).label.lower(),
                    },
                )
            )
        elif item.kind == GeographyKind.MUNICIPALITY and item.code[:2] != item.parent_code:
            parsed.errors.append(
                RowError(
                    item.line,
                    code_heading,
                    _(
                        "Kommunkoden %(code)s börjar inte med länskoden %(county)s som "
                        "kommunen ingår i."
                    )
                    % {"code": item.code, "county": item.parent_code},
                )
            )
        if item.kind == GeographyKind.LOCAL_POLICE_AREA and not item.municipalities:
            parsed.errors.append(
                RowError(
                    item.line,
                    "",
                    _("Ange kommunerna som lokalpolisområdet betjänar (kommunkoder)."),
                )
            )


def check_duplicates(parsed: Parsed) -> None:
    """The same figure twice in one file is an error: which of them should win?"""
    seen: dict[tuple[object, ...], int] = {}
    for value in parsed.values:
        key = value.key()
        if key in seen:
            parsed.errors.append(
                RowError(
                    value.line,
                    "",
                    _("samma värde (område, år, kategori) finns redan på rad %(line)s.")
                    % {"line": seen[key]},
                )
            )
        else:
            seen[key] = value.line


def parse_table(
    table: Table, fmt: str, *, options: Options, municipality: Municipality | None
) -> Parsed:
    parsed = Parsed(format=fmt)
    _check_metadata(table, parsed.errors)
    index = GeographyIndex()
    if fmt == ImportFormat.BRA:
        parse_bra(table, parsed, options, index)
    elif fmt == ImportFormat.SCB:
        parse_scb(table, parsed, options, index)
    elif fmt == ImportFormat.NTU:
        parse_ntu(table, parsed, options, index)
    elif fmt == ImportFormat.SURVEY:
        parse_survey(table, parsed, options, AreaIndex(municipality) if municipality else None)
    elif fmt == ImportFormat.GEOGRAPHY:
        parse_geographies(table, parsed, index, reference=options.reference)
    else:
        parsed.errors.append(RowError(None, "", _("Okänt format ”%(f)s”.") % {"f": fmt[:20]}))
    check_duplicates(parsed)
    if not parsed.errors and not parsed.values and not parsed.geographies:
        parsed.errors.append(RowError(None, "", _("Filen har inga rader med värden.")))
    parsed.errors.sort(key=lambda e: e.line or 0)
    return parsed
