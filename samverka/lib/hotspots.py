"""Places where incidents cluster: a square grid over the map, and Getis-Ord Gi* on it.

**The grid.** One national grid in degrees: ``dlat = cell_m / 111 320`` degrees of latitude and
``dlon = cell_m / (111 320 · cos 62°)`` degrees of longitude (62° N is the middle of Sweden). A
cell is ``(floor(lat / dlat), floor(lon / dlon))``, which a database computes in SQL, so millions
of incidents are aggregated where they are stored (and in the precomputed monthly cell counts)
and only the cells travel. A cell is ``cell_m`` metres north–south; east–west it is
``cell_m · cos 62° / cos φ``: 1.14 × at Göteborg (57.7°), 1.2 × at Malmö, 0.8 × at Kiruna. One
fixed grid for the whole country means cells never move — between versions, municipalities and
years — which matters more for comparing hot spots than perfectly square cells. Cells of 250 m
nest in cells of 500 m (the public map) because both grids start at (0, 0).

**Gi\\*** (Getis & Ord 1992, Ord & Getis 1995) asks, for each cell, whether the cell *and its
neighbours* hold more incidents than the study area's mean would give them. With binary weights
(the cell and the cells within ``radius`` cells of it — radius 1 is the 3 × 3 "queen"
neighbourhood, 750 m across for 250 m cells) it is a z-score::

    Gi*(i) = (Σⱼ wᵢⱼ xⱼ − x̄ Σⱼ wᵢⱼ) / (S · √((n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1)))

over all ``n`` cells of the study area, the empty ones included (a quiet cell is information).
The study area is the cells within the neighbourhood of any cell with events: where incidents
happen at all. Against the empty land of a bounding box every inhabited block would be "hot",
which is true and useless; among the inhabited cells, a hot spot is a place that stands out.
We use Gi* rather than kernel density because it answers the question a beredningsgrupp asks —
is this cluster more than chance? — with a test, and does not depend on a bandwidth chosen to
make the map look right. Every cell is tested, so the p-values are corrected for the number of
cells with the Benjamini–Hochberg false discovery rate (as Caldas de Castro & Singer 2006
recommend for local statistics); only hot spots are reported (a cold spot in incident counts is
just a quiet street). A reported hot spot has events of its own and at least ``MIN_EVENTS`` (5)
in its neighbourhood: small numbers never raise an alarm.

Knows nothing of Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

METRES_PER_DEGREE = 111_320.0
NATIONAL_LAT0 = 62.0  # the grid's reference latitude, for the whole country
FDR = 0.05  # share of false hot spots we accept among those reported
MIN_EVENTS = 5  # a neighbourhood with fewer events than this is never a hot spot

Cell = tuple[int, int]  # (row, col) = (floor(lat / dlat), floor(lon / dlon))


@dataclass(frozen=True)
class Grid:
    """A square grid of ``cell_m`` metres at the reference latitude ``lat0``."""

    cell_m: float
    lat0: float = NATIONAL_LAT0

    @property
    def dlat(self) -> float:
        return self.cell_m / METRES_PER_DEGREE

    @property
    def dlon(self) -> float:
        return self.cell_m / (METRES_PER_DEGREE * math.cos(math.radians(self.lat0)))

    def cell(self, lat: float, lon: float) -> Cell:
        return math.floor(lat / self.dlat), math.floor(lon / self.dlon)

    def bounds(self, cell: Cell) -> tuple[float, float, float, float]:
        """(south, west, north, east) of a cell in degrees."""
        row, col = cell
        return row * self.dlat, col * self.dlon, (row + 1) * self.dlat, (col + 1) * self.dlon

    def centre(self, cell: Cell) -> tuple[float, float]:
        south, west, north, east = self.bounds(cell)
        return (south + north) / 2, (west + east) / 2

    def coarser(self, factor: int) -> Grid:
        return Grid(self.cell_m * factor, self.lat0)


def regroup(counts: Mapping[Cell, int], factor: int) -> dict[Cell, int]:
    """Cells of a grid summed into the cells of a grid ``factor`` times coarser (same origin)."""
    out: dict[Cell, int] = {}
    for (row, col), count in counts.items():
        key = (row // factor, col // factor)
        out[key] = out.get(key, 0) + count
    return out


@dataclass(frozen=True)
class HotSpot:
    cell: Cell
    count: int  # events in the cell itself
    neighbourhood: int  # events in the cell and its neighbours
    z: float
    p_value: float  # one-sided, before the FDR correction
    confidence: int  # 99 or 95 (per cent), after the FDR correction


def _window_sums(values: np.ndarray, radius: int) -> np.ndarray:
    """Sum of each cell's (2r+1)² window, clipped at the edges: a summed-area table."""
    padded = np.pad(values, radius)
    table = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1))
    table[1:, 1:] = padded.cumsum(0).cumsum(1)
    size = 2 * radius + 1
    rows, cols = values.shape
    return (
        table[size : size + rows, size : size + cols]
        - table[:rows, size : size + cols]
        - table[size : size + rows, :cols]
        + table[:rows, :cols]
    )


def gi_star(values: np.ndarray, radius: int = 1, mask: np.ndarray | None = None) -> np.ndarray:
    """The Gi* z-score of every cell of a 2-D array of counts (binary weights, self included).

    ``mask`` (booleans) limits the study area: cells outside it are neither tested nor
    anyone's neighbours."""
    inside = np.ones(values.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    x = np.where(inside, np.asarray(values, dtype=float), 0.0)
    n = int(inside.sum())
    if n < 2:
        return np.zeros_like(x)
    mean = x[inside].mean()
    s = math.sqrt(max((x[inside] ** 2).mean() - mean * mean, 0.0))
    if s == 0:
        return np.zeros_like(x)
    local = _window_sums(x, radius)
    weights = _window_sums(inside.astype(float), radius)  # fewer neighbours at the edges
    numerator = local - mean * weights
    denominator = s * np.sqrt((n * weights - weights * weights) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where((denominator > 0) & inside, numerator / denominator, 0.0)
    return z


def _p_upper(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _bh_passed(sorted_p: list[float], m: int, q: float) -> int:
    """How many of the smallest p-values pass Benjamini–Hochberg at level ``q`` (m tests)."""
    passed = 0
    for rank, p in enumerate(sorted_p, start=1):
        if p <= q * rank / m:
            passed = rank
    return passed


def hot_spots(
    counts: Mapping[Cell, int],
    *,
    extent: Iterable[Cell] = (),
    radius: int = 1,
    fdr: float = FDR,
    max_cells: int = 250_000,
) -> list[HotSpot]:
    """Hot spots among ``counts`` (events per cell). The study area is the cells within
    ``radius`` of a cell with events (inside the bounding box of those cells and ``extent``), so
    that empty cells among the inhabited ones count as the quiet places they are."""
    cells = list(counts) + list(extent)
    if not counts or not cells:
        return []
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    r0, c0 = min(rows), min(cols)
    shape = (max(rows) - r0 + 1, max(cols) - c0 + 1)
    if shape[0] * shape[1] > max_cells:
        raise ValueError(f"the study area has {shape[0] * shape[1]} cells, more than {max_cells}")
    grid = np.zeros(shape)
    for (r, c), count in counts.items():
        grid[r - r0, c - c0] = count
    # The study area: the cells within reach of any event (the places where incidents happen at
    # all), not the empty fields and forests of the bounding box, against which every
    # inhabited block would look "hot".
    active = _window_sums((grid > 0).astype(float), radius) > 0
    z = gi_star(grid, radius, active)
    local = _window_sums(grid, radius)

    candidates = []
    for (i, j), value in np.ndenumerate(z):
        if value > 0:
            candidates.append((_p_upper(float(value)), i, j, float(value)))
    # Benjamini–Hochberg over every cell tested (the empty and the low ones pass with p ≥ 0.5).
    candidates.sort()
    tested = int(active.sum())
    passed = _bh_passed([p for p, *_ in candidates], tested, fdr)
    strict = _bh_passed([p for p, *_ in candidates], tested, 0.01)
    result = []
    for rank, (p, i, j, value) in enumerate(candidates[:passed], start=1):
        # Small numbers are never an alarm, and an empty cell is not a place to send anyone to
        # (it may still lift its neighbours: it is tested, just not reported).
        if local[i, j] < MIN_EVENTS or grid[i, j] == 0:
            continue
        result.append(
            HotSpot(
                cell=(int(i) + r0, int(j) + c0),
                count=int(grid[i, j]),
                neighbourhood=int(local[i, j]),
                z=round(value, 2),
                p_value=p,
                confidence=99 if rank <= strict else 95,
            )
        )
    result.sort(key=lambda h: (-h.z, h.cell))
    return result
