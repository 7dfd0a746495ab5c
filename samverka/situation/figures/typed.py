"""The lägesbild's figures as one typed shape with one JSON form.

``SituationFigures`` is what ``compute_situation`` returns and what every reader uses: the page
and the PDF (through the templates' attribute access), the XLSX, the GeoJSON, the API, the CLI,
the public version, the comparison of versions and the process app's findings.
``SituationFigures.to_json()`` is the JSON the API gives and the snapshot an adopted lägesbild
stores; ``SituationFigures.from_json()`` reads every stored schema version back (see
``SCHEMAS``), so adopted lägesbilder in existing databases keep loading.

Schema versions:

1. the first shape.
2. adds ``category_changes`` to each sub-area: the sub-area's count of each category against the
   mean of the previous periods (only categories with events now or then), so that a finding such
   as "Misshandel i Hammarkullen" can say how much it rose. A version-1 snapshot reads with it
   empty.
3. names each hot spot (``HotCluster.place``, ``basis``, ``distance_m``, ``subarea``; see
   ``places.name_hot_spots``). An older snapshot reads with them empty and its hot spots are
   named by their coordinates.

The typing is pragmatic where nothing reads inside: the map's cells and points stay lists of
numbers, the coverage's weeks a mapping from ISO week to state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SCHEMA = 3  # bump when the JSON changes shape, and teach from_json the old one
SCHEMAS = (1, 2, 3)  # every version from_json reads

Json = dict[str, Any]


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


# --- Comparisons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The current count against a reference (a count, or a mean per period), with its
    significance (samverka.lib.significance)."""

    current: int
    reference: float
    p_value: float
    direction: str  # "up", "down" or "same"
    significant: bool
    too_few: bool
    difference: float
    percent: float | None  # None when the reference is zero

    @classmethod
    def from_json(cls, d: Any) -> Comparison:
        d = _dict(d)
        return cls(
            current=d.get("current", 0),
            reference=d.get("reference", 0.0),
            p_value=d.get("p_value", 1.0),
            direction=d.get("direction", "same"),
            significant=bool(d.get("significant", False)),
            too_few=bool(d.get("too_few", True)),
            difference=d.get("difference", 0.0),
            percent=d.get("percent"),
        )

    def to_json(self) -> Json:
        return {
            "current": self.current,
            "reference": self.reference,
            "p_value": self.p_value,
            "direction": self.direction,
            "significant": self.significant,
            "too_few": self.too_few,
            "difference": self.difference,
            "percent": self.percent,
        }

    @property
    def rising(self) -> bool:
        return self.significant and self.direction == "up"


def _comparisons(d: Json) -> dict[str, Any]:
    return {
        "current": d.get("current", 0),
        "previous": Comparison.from_json(d.get("previous")),
        "last_year": Comparison.from_json(d.get("last_year")),
        "mean": Comparison.from_json(d.get("mean")),
    }


@dataclass(frozen=True)
class Counted:
    """A count now and its three comparisons: the previous period, the same period last year
    and the mean of the last N periods."""

    current: int
    previous: Comparison
    last_year: Comparison
    mean: Comparison

    @classmethod
    def from_json(cls, d: Any) -> Counted:
        return cls(**_comparisons(_dict(d)))

    def comparisons_json(self) -> Json:
        return {
            "current": self.current,
            "previous": self.previous.to_json(),
            "last_year": self.last_year.to_json(),
            "mean": self.mean.to_json(),
        }

    def to_json(self) -> Json:
        return self.comparisons_json()


# --- Where and when the lägesbild is about --------------------------------------------------------


@dataclass(frozen=True)
class AreaInfo:
    id: int
    name: str
    kind: str  # the kind's display name ("Stadsdel")

    @classmethod
    def from_json(cls, d: Any) -> AreaInfo:
        d = _dict(d)
        return cls(id=d.get("id", 0), name=d.get("name", ""), kind=d.get("kind", ""))

    def to_json(self) -> Json:
        return {"id": self.id, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class PeriodRef:
    """A period the figures name: the lägesbild's own or one it is compared with."""

    kind: str
    code: str
    label: str
    start: date | None
    last_day: date | None

    @classmethod
    def from_json(cls, d: Any) -> PeriodRef:
        d = _dict(d)
        return cls(
            kind=d.get("kind", ""),
            code=d.get("code", ""),
            label=d.get("label", ""),
            start=_date(d.get("start")),
            last_day=_date(d.get("last_day")),
        )

    def to_json(self) -> Json:
        return {
            "kind": self.kind,
            "code": self.code,
            "label": self.label,
            "start": _iso(self.start),
            "last_day": _iso(self.last_day),
        }


@dataclass(frozen=True)
class PeriodInfo(PeriodRef):
    """The lägesbild's period, with its ISO weeks and length in days."""

    weeks: tuple[str, ...] = ()
    days: int = 0

    @classmethod
    def from_json(cls, d: Any) -> PeriodInfo:
        d = _dict(d)
        ref = PeriodRef.from_json(d)
        return cls(
            kind=ref.kind,
            code=ref.code,
            label=ref.label,
            start=ref.start,
            last_day=ref.last_day,
            weeks=tuple(d.get("weeks", [])),
            days=d.get("days", 0),
        )

    def to_json(self) -> Json:
        return {**super().to_json(), "weeks": list(self.weeks), "days": self.days}


@dataclass(frozen=True)
class MeanReference:
    periods: int
    first: PeriodRef
    last: PeriodRef

    def to_json(self) -> Json:
        return {"periods": self.periods, "first": self.first.to_json(), "last": self.last.to_json()}


@dataclass(frozen=True)
class References:
    """The periods the comparisons are made against."""

    previous: PeriodRef
    last_year: PeriodRef
    mean: MeanReference

    @classmethod
    def from_json(cls, d: Any) -> References:
        d = _dict(d)
        mean = _dict(d.get("mean"))
        return cls(
            previous=PeriodRef.from_json(d.get("previous")),
            last_year=PeriodRef.from_json(d.get("last_year")),
            mean=MeanReference(
                periods=mean.get("periods", 0),
                first=PeriodRef.from_json(mean.get("first")),
                last=PeriodRef.from_json(mean.get("last")),
            ),
        )

    def to_json(self) -> Json:
        return {
            "previous": self.previous.to_json(),
            "last_year": self.last_year.to_json(),
            "mean": self.mean.to_json(),
        }


@dataclass(frozen=True)
class Significance:
    test: str
    alpha: float
    min_count: int

    @classmethod
    def from_json(cls, d: Any) -> Significance:
        d = _dict(d)
        return cls(
            test=d.get("test", ""), alpha=d.get("alpha", 0.01), min_count=d.get("min_count", 5)
        )

    def to_json(self) -> Json:
        return {"test": self.test, "alpha": self.alpha, "min_count": self.min_count}


# --- Counts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subcategory:
    id: int
    code: str
    name: str
    current: int
    previous: int  # the previous period's count (no significance: too fine for that)

    @property
    def finding_key(self) -> str:
        return f"subcategory:{self.id}"

    @classmethod
    def from_json(cls, d: Any) -> Subcategory:
        d = _dict(d)
        return cls(
            id=d.get("id", 0),
            code=d.get("code", ""),
            name=d.get("name", ""),
            current=d.get("current", 0),
            previous=d.get("previous", 0),
        )

    def to_json(self) -> Json:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "current": self.current,
            "previous": self.previous,
        }


@dataclass(frozen=True)
class CategoryCount(Counted):
    """A top-level category's count with its comparisons and its subcategories."""

    id: int = 0
    code: str = ""
    name: str = ""
    subcategories: tuple[Subcategory, ...] = ()

    @property
    def finding_key(self) -> str:
        return f"category:{self.id}"

    @classmethod
    def from_json(cls, d: Any) -> CategoryCount:
        d = _dict(d)
        return cls(
            id=d.get("id", 0),
            code=d.get("code", ""),
            name=d.get("name", ""),
            **_comparisons(d),
            subcategories=tuple(Subcategory.from_json(s) for s in d.get("subcategories", [])),
        )

    def to_json(self) -> Json:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            **self.comparisons_json(),
            "subcategories": [s.to_json() for s in self.subcategories],
        }


@dataclass(frozen=True)
class SubareaCount(Counted):
    """A sub-area's count with its comparisons, its count per category (by code) and the
    categories that rose significantly against the mean there."""

    id: int = 0
    name: str = ""
    by_category: dict[str, int] = field(default_factory=dict)
    rising_categories: tuple[str, ...] = ()
    # schema 2: category code -> the count now against the mean (codes with events only)
    category_changes: dict[str, Comparison] = field(default_factory=dict)

    @property
    def finding_key(self) -> str:
        return f"subarea:{self.id}"

    @classmethod
    def from_json(cls, d: Any) -> SubareaCount:
        d = _dict(d)
        return cls(
            id=d.get("id", 0),
            name=d.get("name", ""),
            **_comparisons(d),
            by_category=dict(_dict(d.get("by_category"))),
            rising_categories=tuple(d.get("rising_categories", [])),
            category_changes={
                code: Comparison.from_json(c)
                for code, c in _dict(d.get("category_changes")).items()
            },
        )

    def to_json(self) -> Json:
        return {
            "id": self.id,
            "name": self.name,
            **self.comparisons_json(),
            "by_category": dict(self.by_category),
            "rising_categories": list(self.rising_categories),
            "category_changes": {code: c.to_json() for code, c in self.category_changes.items()},
        }


@dataclass(frozen=True)
class TrendPoint:
    code: str
    label: str
    start: date | None
    count: int

    @classmethod
    def from_json(cls, d: Any) -> TrendPoint:
        d = _dict(d)
        return cls(
            code=d.get("code", ""),
            label=d.get("label", ""),
            start=_date(d.get("start")),
            count=d.get("count", 0),
        )

    def to_json(self) -> Json:
        return {
            "code": self.code,
            "label": self.label,
            "start": _iso(self.start),
            "count": self.count,
        }


# --- Where and when -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekdayHour:
    """Events by weekday (Monday first) and hour of the start time."""

    weekdays: tuple[str, ...]
    rows: tuple[tuple[int, ...], ...]  # 7 × 24
    max: int
    by_weekday: tuple[int, ...]
    by_hour: tuple[int, ...]

    @classmethod
    def from_json(cls, d: Any) -> WeekdayHour:
        d = _dict(d)
        return cls(
            weekdays=tuple(d.get("weekdays", [])),
            rows=tuple(tuple(row) for row in d.get("rows", [])),
            max=d.get("max", 0),
            by_weekday=tuple(d.get("by_weekday", [])),
            by_hour=tuple(d.get("by_hour", [])),
        )

    def to_json(self) -> Json:
        return {
            "weekdays": list(self.weekdays),
            "rows": [list(row) for row in self.rows],
            "max": self.max,
            "by_weekday": list(self.by_weekday),
            "by_hour": list(self.by_hour),
        }


@dataclass(frozen=True)
class RepeatName:
    """A place name (case and spacing ignored) reported repeatedly."""

    name: str
    reports: int
    events: int

    def to_json(self) -> Json:
        return {"name": self.name, "reports": self.reports, "events": self.events}


@dataclass(frozen=True)
class RepeatCell:
    """A 50 m cell reported repeatedly (its centre, and one place name given there)."""

    lat: float
    lon: float
    reports: int
    events: int
    place_name: str

    def to_json(self) -> Json:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "reports": self.reports,
            "events": self.events,
            "place_name": self.place_name,
        }


@dataclass(frozen=True)
class RepeatPlaces:
    threshold: int
    cell_m: int
    by_name: tuple[RepeatName, ...]
    by_cell: tuple[RepeatCell, ...]

    @classmethod
    def from_json(cls, d: Any) -> RepeatPlaces:
        d = _dict(d)
        return cls(
            threshold=d.get("threshold", 3),
            cell_m=d.get("cell_m", 50),
            by_name=tuple(
                RepeatName(
                    name=p.get("name", ""), reports=p.get("reports", 0), events=p.get("events", 0)
                )
                for p in d.get("by_name", [])
            ),
            by_cell=tuple(
                RepeatCell(
                    lat=p.get("lat", 0.0),
                    lon=p.get("lon", 0.0),
                    reports=p.get("reports", 0),
                    events=p.get("events", 0),
                    place_name=p.get("place_name", ""),
                )
                for p in d.get("by_cell", [])
            ),
        )

    def to_json(self) -> Json:
        return {
            "threshold": self.threshold,
            "cell_m": self.cell_m,
            "by_name": [p.to_json() for p in self.by_name],
            "by_cell": [p.to_json() for p in self.by_cell],
        }

    def numbered(self) -> list[tuple[int, RepeatName | RepeatCell]]:
        """Every repeat place with its number (from 1): the names first, then the cells —
        the ``n`` of the finding ``repeat_place:<n>``."""
        return list(enumerate([*self.by_name, *self.by_cell], start=1))


@dataclass(frozen=True)
class MapGrid:
    cell_m: float
    lat0: float
    dlat: float
    dlon: float

    @classmethod
    def from_json(cls, d: Any) -> MapGrid:
        d = _dict(d)
        return cls(
            cell_m=d.get("cell_m", 250),
            lat0=d.get("lat0", 0.0),
            dlat=d.get("dlat", 0.0),
            dlon=d.get("dlon", 0.0),
        )

    def to_json(self) -> Json:
        return {"cell_m": self.cell_m, "lat0": self.lat0, "dlat": self.dlat, "dlon": self.dlon}


@dataclass(frozen=True)
class MapFigures:
    grid: MapGrid
    cells: list[list[int]]  # [row, col, events]
    points: list[list[Any]] | None  # [lat, lon, category name, events]; None when too many
    reports_with_point: int

    @classmethod
    def from_json(cls, d: Any) -> MapFigures:
        d = _dict(d)
        points = d.get("points")
        return cls(
            grid=MapGrid.from_json(d.get("grid")),
            cells=[list(c) for c in d.get("cells", [])],
            points=None if points is None else [list(p) for p in points],
            reports_with_point=d.get("reports_with_point", 0),
        )

    def to_json(self) -> Json:
        return {
            "grid": self.grid.to_json(),
            "cells": [list(c) for c in self.cells],
            "points": None if self.points is None else [list(p) for p in self.points],
            "reports_with_point": self.reports_with_point,
        }


@dataclass(frozen=True)
class HotCell:
    row: int
    col: int
    lat: float
    lon: float
    count: int
    neighbourhood: int
    z: float
    confidence: int

    def to_json(self) -> Json:
        return {
            "row": self.row,
            "col": self.col,
            "lat": self.lat,
            "lon": self.lon,
            "count": self.count,
            "neighbourhood": self.neighbourhood,
            "z": self.z,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class HotCluster:
    """Hot cells that touch, as one hot spot (its centre is the cell with the most events),
    named by a place: ``basis`` "reports" (the place name its reports give most often), "near"
    (a known place ``distance_m`` from its centre) or "area" (the area it lies in); empty in
    snapshots from before names (schema < 3), which are named by their coordinates."""

    lat: float
    lon: float
    cells: int
    events: int
    z: float
    confidence: int
    place: str = ""
    basis: str = ""
    distance_m: int = 0
    subarea: str = ""  # the sub-area it lies in, when the lägesbild's area has sub-areas

    @property
    def coordinates(self) -> str:
        return f"{self.lat:.4f}° N, {self.lon:.4f}° E".replace(".", ",")

    @property
    def label(self) -> str:
        """The hot spot's name as people say it: "Torget, Hammarkullen", "nära Torget (120 m)"."""
        if not self.place:
            return self.coordinates
        if self.basis == "near":
            name = _("nära %(place)s (%(m)s m)") % {"place": self.place, "m": self.distance_m}
        else:
            name = self.place
        if self.subarea and self.subarea != self.place:
            name = f"{name}, {self.subarea}"
        return name

    def to_json(self) -> Json:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "cells": self.cells,
            "events": self.events,
            "z": self.z,
            "confidence": self.confidence,
            "place": self.place,
            "basis": self.basis,
            "distance_m": self.distance_m,
            "subarea": self.subarea,
        }


@dataclass(frozen=True)
class Hotspots:
    method: str
    cell_m: int
    radius: int
    fdr: float
    cells: tuple[HotCell, ...]
    clusters: tuple[HotCluster, ...]

    @classmethod
    def from_json(cls, d: Any) -> Hotspots:
        d = _dict(d)
        return cls(
            method=d.get("method", "Getis-Ord Gi*"),
            cell_m=d.get("cell_m", 250),
            radius=d.get("radius", 1),
            fdr=d.get("fdr", 0.05),
            cells=tuple(
                HotCell(
                    row=h.get("row", 0),
                    col=h.get("col", 0),
                    lat=h.get("lat", 0.0),
                    lon=h.get("lon", 0.0),
                    count=h.get("count", 0),
                    neighbourhood=h.get("neighbourhood", 0),
                    z=h.get("z", 0.0),
                    confidence=h.get("confidence", 0),
                )
                for h in d.get("cells", [])
            ),
            clusters=tuple(
                HotCluster(
                    lat=h.get("lat", 0.0),
                    lon=h.get("lon", 0.0),
                    cells=h.get("cells", 0),
                    events=h.get("events", 0),
                    z=h.get("z", 0.0),
                    confidence=h.get("confidence", 0),
                    place=h.get("place", ""),
                    basis=h.get("basis", ""),
                    distance_m=h.get("distance_m", 0),
                    subarea=h.get("subarea", ""),
                )
                for h in d.get("clusters", [])
            ),
        )

    def to_json(self) -> Json:
        return {
            "method": self.method,
            "cell_m": self.cell_m,
            "radius": self.radius,
            "fdr": self.fdr,
            "cells": [h.to_json() for h in self.cells],
            "clusters": [h.to_json() for h in self.clusters],
        }


# --- Reporting, sources, suggested colours -------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    organisation_id: int
    organisation: str
    by_week: dict[str, str]  # ISO week -> "reported", "nothing_to_report" or "missing"
    reported: int
    nothing_to_report: int
    missing: int

    def to_json(self) -> Json:
        return {
            "organisation_id": self.organisation_id,
            "organisation": self.organisation,
            "by_week": dict(self.by_week),
            "reported": self.reported,
            "nothing_to_report": self.nothing_to_report,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class Coverage:
    weeks: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    expected: int
    answered: int
    share: float | None  # None when nobody is expected to report
    missing_organisations: tuple[str, ...]

    @classmethod
    def from_json(cls, d: Any) -> Coverage:
        d = _dict(d)
        return cls(
            weeks=tuple(d.get("weeks", [])),
            rows=tuple(
                CoverageRow(
                    organisation_id=r.get("organisation_id", 0),
                    organisation=r.get("organisation", ""),
                    by_week=dict(_dict(r.get("by_week"))),
                    reported=r.get("reported", 0),
                    nothing_to_report=r.get("nothing_to_report", 0),
                    missing=r.get("missing", 0),
                )
                for r in d.get("rows", [])
            ),
            expected=d.get("expected", 0),
            answered=d.get("answered", 0),
            share=d.get("share"),
            missing_organisations=tuple(d.get("missing_organisations", [])),
        )

    def to_json(self) -> Json:
        return {
            "weeks": list(self.weeks),
            "rows": [r.to_json() for r in self.rows],
            "expected": self.expected,
            "answered": self.answered,
            "share": self.share,
            "missing_organisations": list(self.missing_organisations),
        }


@dataclass(frozen=True)
class SourceUse:
    source: str
    label: str
    reports: int
    events: int

    def to_json(self) -> Json:
        return {
            "source": self.source,
            "label": self.label,
            "reports": self.reports,
            "events": self.events,
        }


@dataclass(frozen=True)
class OrganisationUse:
    name: str
    reports: int
    events: int

    def to_json(self) -> Json:
        return {"name": self.name, "reports": self.reports, "events": self.events}


@dataclass(frozen=True)
class LeftOut:
    duplicates: int
    without_point: int
    unreviewed_included: int

    def to_json(self) -> Json:
        return {
            "duplicates": self.duplicates,
            "without_point": self.without_point,
            "unreviewed_included": self.unreviewed_included,
        }


@dataclass(frozen=True)
class Sources:
    used: tuple[SourceUse, ...]
    organisations: tuple[OrganisationUse, ...]
    left_out: LeftOut

    @classmethod
    def from_json(cls, d: Any) -> Sources:
        d = _dict(d)
        left = _dict(d.get("left_out"))
        return cls(
            used=tuple(
                SourceUse(
                    source=s.get("source", ""),
                    label=s.get("label", ""),
                    reports=s.get("reports", 0),
                    events=s.get("events", 0),
                )
                for s in d.get("used", [])
            ),
            organisations=tuple(
                OrganisationUse(
                    name=o.get("name", ""), reports=o.get("reports", 0), events=o.get("events", 0)
                )
                for o in d.get("organisations", [])
            ),
            left_out=LeftOut(
                duplicates=left.get("duplicates", 0),
                without_point=left.get("without_point", 0),
                unreviewed_included=left.get("unreviewed_included", 0),
            ),
        )

    def to_json(self) -> Json:
        return {
            "used": [s.to_json() for s in self.used],
            "organisations": [o.to_json() for o in self.organisations],
            "left_out": self.left_out.to_json(),
        }


@dataclass(frozen=True)
class StatusSuggestion:
    """A suggested colour for an area, with the reasons in words."""

    area_id: int
    area: str
    colour: str
    reasons: tuple[str, ...]

    def to_json(self) -> Json:
        return {
            "area_id": self.area_id,
            "area": self.area,
            "colour": self.colour,
            "reasons": list(self.reasons),
        }


# --- Findings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something a version of the lägesbild showed that a problem can cite as evidence: a stable
    key within the version, a Swedish label ("Misshandel i Hammarkullen") and what it showed
    ("14 händelser, +40 % mot snittet för de 6 föregående perioderna (10), ingen säker
    förändring")."""

    key: str
    label: str
    value: str

    @property
    def anchor(self) -> str:
        return finding_anchor(self.key)


def finding_anchor(key: str) -> str:
    """The id of the finding's place on the lägesbild page: ``subarea:7/category:3`` →
    ``finding-subarea-7-category-3``."""
    return "finding-" + key.replace(":", "-").replace("/", "-")


def _number(value: float) -> str:
    """10 → "10", 10.5 → "10,5" (Swedish decimal comma, one decimal)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _events(n: int) -> str:
    return ngettext("%(n)s händelse", "%(n)s händelser", n) % {"n": n}


def _verdict(change: Comparison) -> str:
    if change.significant:
        return _("säker ökning") if change.direction == "up" else _("säker minskning")
    if change.too_few:
        return _("för få för att bedöma")
    return _("ingen säker förändring")


def _against_mean(change: Comparison, periods: int) -> str:
    """ "+40 % mot snittet för de 6 föregående perioderna (10), ingen säker förändring"."""
    if periods == 1:
        against = _("den föregående perioden")
    else:
        against = _("snittet för de %(n)s föregående perioderna") % {"n": periods}
    if change.reference == 0:
        text = _("inga händelser under %(against)s") % {
            "against": _("den föregående perioden")
            if periods == 1
            else _("de %(n)s föregående perioderna") % {"n": periods}
        }
    elif change.percent is None or change.direction == "same":
        text = _("samma som %(against)s (%(ref)s)") % {
            "against": against,
            "ref": _number(change.reference),
        }
    else:
        sign = "+" if change.percent > 0 else "−"
        text = _("%(sign)s%(p)s %% mot %(against)s (%(ref)s)") % {
            "sign": sign,
            "p": round(abs(change.percent)),
            "against": against,
            "ref": _number(change.reference),
        }
    return f"{text}, {_verdict(change)}"


def _counted_value(row: Counted, periods: int) -> str:
    return f"{_events(row.current)}, {_against_mean(row.mean, periods)}"


# --- The whole --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SituationFigures:
    """Every figure of one lägesbild: one area (and everything below it), one period."""

    schema: int  # the version the figures were computed with (SCHEMAS)
    computed_at: datetime | None
    area: AreaInfo
    period: PeriodInfo
    significance: Significance
    total: Counted
    categories: tuple[CategoryCount, ...]
    subareas: tuple[SubareaCount, ...]
    trend: tuple[TrendPoint, ...]
    references: References
    weekday_hour: WeekdayHour
    repeat_places: RepeatPlaces
    map: MapFigures
    hotspots: Hotspots
    coverage: Coverage
    sources: Sources
    status_suggestions: tuple[StatusSuggestion, ...]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SituationFigures:
        """Read the JSON of any stored schema version (``SCHEMAS``): a key an older version did
        not have reads as empty. ``schema`` keeps the version the figures were computed with;
        ``to_json`` always writes the current shape."""
        data = dict(d)
        schema = data.get("schema", 1)
        if schema not in SCHEMAS:
            raise ValueError(f"Unknown schema of the lägesbild's figures: {schema!r}")
        try:
            computed_at = datetime.fromisoformat(str(data.get("computed_at") or ""))
        except ValueError:
            computed_at = None
        return cls(
            schema=schema,
            computed_at=computed_at,
            area=AreaInfo.from_json(data.get("area")),
            period=PeriodInfo.from_json(data.get("period")),
            significance=Significance.from_json(data.get("significance")),
            total=Counted.from_json(data.get("total")),
            categories=tuple(CategoryCount.from_json(c) for c in data.get("categories", [])),
            subareas=tuple(SubareaCount.from_json(s) for s in data.get("subareas", [])),
            trend=tuple(TrendPoint.from_json(t) for t in data.get("trend", [])),
            references=References.from_json(data.get("references")),
            weekday_hour=WeekdayHour.from_json(data.get("weekday_hour")),
            repeat_places=RepeatPlaces.from_json(data.get("repeat_places")),
            map=MapFigures.from_json(data.get("map")),
            hotspots=Hotspots.from_json(data.get("hotspots")),
            coverage=Coverage.from_json(data.get("coverage")),
            sources=Sources.from_json(data.get("sources")),
            status_suggestions=tuple(
                StatusSuggestion(
                    area_id=s.get("area_id", 0),
                    area=s.get("area", ""),
                    colour=s.get("colour", ""),
                    reasons=tuple(s.get("reasons", [])),
                )
                for s in data.get("status_suggestions", [])
            ),
        )

    def to_json(self) -> Json:
        """The one JSON form: what the API gives, the CLI writes and a snapshot stores."""
        return {
            "schema": self.schema,
            "computed_at": self.computed_at.isoformat(timespec="seconds")
            if self.computed_at
            else None,
            "area": self.area.to_json(),
            "period": self.period.to_json(),
            "significance": self.significance.to_json(),
            "total": self.total.to_json(),
            "categories": [c.to_json() for c in self.categories],
            "subareas": [s.to_json() for s in self.subareas],
            "trend": [t.to_json() for t in self.trend],
            "references": self.references.to_json(),
            "weekday_hour": self.weekday_hour.to_json(),
            "repeat_places": self.repeat_places.to_json(),
            "map": self.map.to_json(),
            "hotspots": self.hotspots.to_json(),
            "coverage": self.coverage.to_json(),
            "sources": self.sources.to_json(),
            "status_suggestions": [s.to_json() for s in self.status_suggestions],
        }

    # --- Lookups ---

    def category(self, category_id: int) -> CategoryCount | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def subarea(self, area_id: int) -> SubareaCount | None:
        return next((s for s in self.subareas if s.id == area_id), None)

    def category_names(self) -> dict[str, str]:
        """Category code -> name."""
        return {c.code: c.name for c in self.categories}

    # --- Findings ---

    def _findings(self) -> Iterator[tuple[Finding, bool]]:
        """Every finding with whether it is worth listing (something to show: events now or in
        the reference periods); ``finding()`` resolves the quiet ones too."""
        periods = self.references.mean.periods
        where = self.area.name
        total = self.total
        yield (
            Finding(
                "total",
                _("Alla händelser i %(area)s") % {"area": where},
                _counted_value(total, periods),
            ),
            True,
        )
        for c in self.categories:
            yield (
                Finding(
                    c.finding_key,
                    _("%(what)s i %(area)s") % {"what": c.name, "area": where},
                    _counted_value(c, periods),
                ),
                bool(c.current or c.mean.reference),
            )
            for s in c.subcategories:
                value = (
                    _events(s.current) + ", " + (_("%(n)s föregående period") % {"n": s.previous})
                )
                yield (
                    Finding(
                        s.finding_key,
                        _("%(what)s (%(parent)s) i %(area)s")
                        % {"what": s.name, "parent": c.name.lower(), "area": where},
                        value,
                    ),
                    bool(s.current or s.previous),
                )
        for a in self.subareas:
            yield (
                Finding(
                    a.finding_key,
                    _("Alla händelser i %(area)s") % {"area": a.name},
                    _counted_value(a, periods),
                ),
                True,
            )
            for c in self.categories:
                n = int(a.by_category.get(c.code, 0))
                change = a.category_changes.get(c.code)
                if change is not None:
                    value = f"{_events(n)}, {_against_mean(change, periods)}"
                elif c.name in a.rising_categories:  # schema 1: only the flag was kept
                    value = f"{_events(n)}, {_('säker ökning mot snittet')}"
                else:
                    value = _events(n)
                yield (
                    Finding(
                        f"{a.finding_key}/{c.finding_key}",
                        _("%(what)s i %(area)s") % {"what": c.name, "area": a.name},
                        value,
                    ),
                    bool(n or (change is not None and change.reference)),
                )
        for n, h in enumerate(self.hotspots.clusters, start=1):
            yield (
                Finding(
                    f"hotspot:{n}",
                    _("Hot spot %(n)s i %(area)s (%(lat)s° N, %(lon)s° E)")
                    % {
                        "n": n,
                        "area": where,
                        "lat": f"{h.lat:.4f}".replace(".", ","),
                        "lon": f"{h.lon:.4f}".replace(".", ","),
                    },
                    ngettext(
                        "%(events)s i %(cells)s ruta om %(m)s m, Gi* z %(z)s, %(c)s %% säkerhet",
                        "%(events)s i %(cells)s rutor om %(m)s m, Gi* z %(z)s, %(c)s %% säkerhet",
                        h.cells,
                    )
                    % {
                        "events": _events(h.events),
                        "cells": h.cells,
                        "m": int(self.hotspots.cell_m),
                        "z": f"{h.z:.1f}".replace(".", ","),
                        "c": h.confidence,
                    },
                ),
                True,
            )
        for n, p in self.repeat_places.numbered():
            if isinstance(p, RepeatName):
                place = p.name
            else:
                place = _("%(name)s%(lat)s° N, %(lon)s° E (ruta om %(m)s m)") % {
                    "name": f"{p.place_name}, " if p.place_name else "",
                    "lat": f"{p.lat:.4f}".replace(".", ","),
                    "lon": f"{p.lon:.4f}".replace(".", ","),
                    "m": self.repeat_places.cell_m,
                }
            yield (
                Finding(
                    f"repeat_place:{n}",
                    _("Upprepad plats i %(area)s: %(place)s") % {"area": where, "place": place},
                    ngettext("%(r)s rapport", "%(r)s rapporter", p.reports) % {"r": p.reports}
                    + ", "
                    + _events(p.events),
                ),
                True,
            )

    def findings(self) -> list[Finding]:
        """The citable findings of this version, in the page's order: the total, each category
        (and its subcategories), each sub-area (and its categories), the hot spots, the repeat
        places — those with something to show."""
        return [finding for finding, notable in self._findings() if notable]

    def finding(self, key: str) -> Finding | None:
        """The finding with this key (also one with nothing to show), or None."""
        return next((f for f, _notable in self._findings() if f.key == key), None)
