"""Rates and comparisons for crime and survey statistics, as Brå advises them to be made.

Knows nothing of Django: the stats and reports apps, the API, the commands and the tests all call
these functions directly, so a figure on the page, in the PDF and in the JSON is computed once.

Per 100 000 inhabitants
    ``rate_per_100k(count, population_year_end=…, population_previous_year_end=…)`` divides by the
    *mean population* when the population at the end of the previous year is known too (Brå's
    own rates use the mean population, "medelfolkmängd"), otherwise by the population at the end
    of the year, and says which one it used (``Rate.basis``), so that no rate is shown without
    the population behind it. The mean is the mean of the two year-end figures, the usual
    approximation when SCB's own mean population is not at hand.

Against similar municipalities
    ``middle_band(values)`` is the middle 50 % of a group (SKR's municipality groups): from the
    first to the third quartile, the interquartile range, with quartiles by linear interpolation
    between order statistics (Hyndman & Fan type 7, as numpy, R and Excel's QUARTILE.INC).
    ``band_position`` says whether a value lies below, within or above the band.

Survey shares
    ``survey_share(percent, n)`` gives the 95 % confidence interval of a share from its sample
    size by the **Wilson score interval** (Wilson 1927), which, unlike the textbook normal
    approximation, stays within 0–100 % and keeps its coverage for small samples and shares near
    0 or 100 %. It treats the sample as a simple random sample; NTU weights its answers, so for
    NTU the interval is an indication, narrower than NTU's own.

Warnings
    ``small_count_warning`` — a count below ``SMALL_COUNT`` (20): a Poisson count's relative
    standard error is 1/√n, above 22 % below 20 events, so a rate from it moves a lot by chance.
    ``wide_interval`` — a survey interval wider than ``WIDE_INTERVAL`` (±10 percentage points)
    or a sample below ``SMALL_SAMPLE`` (100 answers).
    ``series_warnings`` — gaps between years and breaks in a series (a changed definition,
    counting rule or survey method), after which the years before and after are not comparable.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

Z_95 = 1.959963984540054  # the two-sided 95 % quantile of the standard normal distribution
SMALL_COUNT = 20
SMALL_SAMPLE = 100
WIDE_INTERVAL = 10.0  # percentage points either side of the share
PER = 100_000


class PopulationBasis(StrEnum):
    MEAN = "mean"
    YEAR_END = "year_end"

    @property
    def label(self) -> str:
        return {
            PopulationBasis.MEAN: "medelfolkmängd",
            PopulationBasis.YEAR_END: "folkmängd 31 december",
        }[self]


class RateError(ValueError):
    """A rate that cannot be computed (no population, a negative count …)."""


@dataclass(frozen=True)
class Rate:
    """A count per 100 000 inhabitants, with the population it was computed from."""

    value: float
    count: float
    population: float
    basis: PopulationBasis

    def explain(self) -> str:
        """ "88 766 anmälda brott / 608 993 invånare (folkmängd 31 december) × 100 000"."""
        return (
            f"{format_number(self.count)} / {format_number(self.population)} "
            f"({self.basis.label}) × 100 000"
        )


def per_100k(count: float, population: float) -> float:
    """``count`` per 100 000 of ``population``."""
    if population <= 0 or not math.isfinite(population):
        raise RateError("Folkmängden måste vara större än noll.")
    if count < 0 or not math.isfinite(count):
        raise RateError("Antalet kan inte vara negativt.")
    return count * PER / population


def mean_population(previous_year_end: float, year_end: float) -> float:
    """The mean population of a year, approximated by the mean of the two year-end figures."""
    return (previous_year_end + year_end) / 2


def rate_per_100k(
    count: float,
    *,
    population_year_end: float,
    population_previous_year_end: float | None = None,
) -> Rate:
    """The rate per 100 000, by the mean population when both year-ends are known."""
    if population_previous_year_end is not None:
        population = mean_population(population_previous_year_end, population_year_end)
        basis = PopulationBasis.MEAN
    else:
        population = population_year_end
        basis = PopulationBasis.YEAR_END
    return Rate(per_100k(count, population), count, population, basis)


# --- comparisons ---------------------------------------------------------------------------


def quantile(values: Sequence[float], q: float) -> float:
    """The q-quantile by linear interpolation between order statistics (type 7)."""
    if not values:
        raise RateError("Inga värden att beräkna kvartiler av.")
    if not 0 <= q <= 1:
        raise RateError("Kvantilen måste ligga mellan 0 och 1.")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Band:
    """The middle 50 % of a group of values: first quartile, median, third quartile."""

    low: float
    median: float
    high: float
    n: int


def middle_band(values: Iterable[float]) -> Band | None:
    """The interquartile range of the values; None when there are fewer than three."""
    data = [float(v) for v in values]
    if len(data) < 3:
        return None
    return Band(quantile(data, 0.25), quantile(data, 0.5), quantile(data, 0.75), len(data))


class Position(StrEnum):
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"

    @property
    def label(self) -> str:
        return {
            Position.BELOW: "under mittersta 50 %",
            Position.WITHIN: "inom mittersta 50 %",
            Position.ABOVE: "över mittersta 50 %",
        }[self]


def band_position(value: float, band: Band) -> Position:
    if value < band.low:
        return Position.BELOW
    if value > band.high:
        return Position.ABOVE
    return Position.WITHIN


@dataclass(frozen=True)
class Comparison:
    """A value against a reference value: the difference and the ratio (value / reference)."""

    value: float
    reference: float
    difference: float
    ratio: float | None  # None when the reference is zero


def compare(value: float, reference: float) -> Comparison:
    ratio = value / reference if reference else None
    return Comparison(value, reference, value - reference, ratio)


# --- survey shares -------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def wilson_interval(successes: float, n: int, *, z: float = Z_95) -> Interval:
    """The Wilson score interval of a proportion, as shares between 0 and 1."""
    if n <= 0:
        raise RateError("Antalet svarande måste vara större än noll.")
    if not 0 <= successes <= n:
        raise RateError("Antalet ja-svar måste ligga mellan 0 och antalet svarande.")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Interval(max(0.0, centre - margin), min(1.0, centre + margin))


@dataclass(frozen=True)
class Share:
    """A survey share in percent with its 95 % Wilson interval in percent."""

    percent: float
    n: int
    low: float
    high: float

    @property
    def wide(self) -> bool:
        return wide_interval(self)


def survey_share(percent: float, n: int) -> Share:
    """The share (0–100 %) of ``n`` answers, with its 95 % confidence interval."""
    if not 0 <= percent <= 100:
        raise RateError("En andel måste ligga mellan 0 och 100 procent.")
    interval = wilson_interval(percent / 100 * n, n)
    return Share(percent, n, interval.low * 100, interval.high * 100)


def wide_interval(share: Share) -> bool:
    return share.n < SMALL_SAMPLE or (share.high - share.low) / 2 > WIDE_INTERVAL


# --- warnings ------------------------------------------------------------------------------


def small_count_warning(count: float | None) -> str | None:
    if count is not None and count < SMALL_COUNT:
        return (
            f"Bygger på färre än {SMALL_COUNT} händelser ({format_number(count)}): "
            "slumpen påverkar talet mycket."
        )
    return None


@dataclass(frozen=True)
class Point:
    year: int
    value: float | None  # None: suppressed or missing
    series_break: bool = False  # the definition changed from this year on
    preliminary: bool = False


def series_warnings(points: Iterable[Point]) -> list[str]:
    """Gaps, breaks, suppressed and preliminary values in a yearly series, as sentences."""
    ordered = sorted(points, key=lambda p: p.year)
    warnings: list[str] = []
    for before, after in itertools.pairwise(ordered):
        if after.year - before.year > 1:
            missing = ", ".join(str(y) for y in range(before.year + 1, after.year))
            warnings.append(f"Uppgift saknas för {missing}.")
    for point in ordered:
        if point.series_break and point is not ordered[0]:
            warnings.append(
                f"Seriebrott {point.year}: åren före {point.year} är inte jämförbara "
                "med åren efter."
            )
        if point.value is None:
            warnings.append(f"Värdet för {point.year} är skyddat eller saknas.")
    preliminary = [str(p.year) for p in ordered if p.preliminary]
    if preliminary:
        warnings.append(f"Preliminära värden: {', '.join(preliminary)}.")
    return warnings


# --- Swedish numbers -------------------------------------------------------------------------

# A no-break space between the thousands: "53 758" never breaks over two lines, on the page or in
# the PDF, and it is the separator Django's Swedish number format uses (config/formats).
THOUSANDS = "\u00a0"


def format_number(value: float | Decimal | int, decimals: int = 0) -> str:
    """ "53 758", "27,3": space between thousands, decimal comma, rounded half up."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "−" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = THOUSANDS.join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"
