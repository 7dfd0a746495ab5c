import numpy as np
import pytest

from samverka.lib.hotspots import Grid, gi_star, hot_spots, regroup


def test_a_planted_cluster_is_the_hot_spot_and_uniform_noise_is_not() -> None:
    rng = np.random.default_rng(7)
    counts = {(r, c): int(rng.poisson(1.0)) for r in range(30) for c in range(30)}
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            counts[(15 + dr, 15 + dc)] += 6
    spots = hot_spots(counts)
    assert spots, "the planted cluster must be found"
    assert spots[0].cell == (15, 15)
    assert all(abs(s.cell[0] - 15) <= 2 and abs(s.cell[1] - 15) <= 2 for s in spots)

    noise = {(r, c): int(rng.poisson(1.0)) for r in range(30) for c in range(30)}
    assert hot_spots(noise) == []


def test_gi_star_matches_the_textbook_formula_for_one_cell() -> None:
    x = np.array([[0, 1, 2], [3, 10, 4], [0, 0, 1]], dtype=float)
    z = gi_star(x, radius=1)
    n, mean = x.size, x.mean()
    s = np.sqrt((x**2).mean() - mean**2)
    # The corner cell (0, 0) has four cells in its window.
    w = 4
    expected = (x[0:2, 0:2].sum() - mean * w) / (s * np.sqrt((n * w - w * w) / (n - 1)))
    assert z[0, 0] == pytest.approx(expected)


def test_a_flat_map_has_no_hot_spots() -> None:
    assert hot_spots({(0, 0): 5, (0, 1): 5, (1, 0): 5, (1, 1): 5}) == []
    assert hot_spots({}) == []


def test_cells_nest_in_the_coarser_grid() -> None:
    grid = Grid(250, 57.8)
    lat, lon = 57.7845, 12.078
    fine = grid.cell(lat, lon)
    coarse = grid.coarser(2).cell(lat, lon)
    assert (fine[0] // 2, fine[1] // 2) == coarse
    assert regroup({fine: 3, (fine[0], fine[1] + 1): 2}, 2)[coarse] >= 3
    south, west, north, east = grid.bounds(fine)
    assert south <= lat < north and west <= lon < east
    # 250 m on the ground, both ways, at the reference latitude.
    assert (north - south) * 111_320 == pytest.approx(250)
    assert (east - west) * 111_320 * np.cos(np.radians(57.8)) == pytest.approx(250)
