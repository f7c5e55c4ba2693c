"""The one hexagon lattice (geo.core.hexgrid) shared by the risk grid and event hexbins."""

from __future__ import annotations

import numpy as np
import shapely

from geo.core import cell_centres, cells_of, hexagon_area_km2, hexagon_polygons, lattice_centres


def test_hexagon_area_matches_the_polygon_area():
    polygon = hexagon_polygons(np.array([0.0]), np.array([0.0]), 5_000.0)[0]
    assert abs(polygon.area / 1e6 - hexagon_area_km2(5.0)) < 1e-9
    assert polygon.is_valid and len(polygon.exterior.coords) == 7


def test_every_point_falls_in_the_hexagon_of_its_cell():
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-200_000, 200_000, 2_000), rng.uniform(-200_000, 200_000, 2_000)
    q, r = cells_of(x, y, 10_000.0)
    cx, cy = cell_centres(q, r, 10_000.0)
    polygons = hexagon_polygons(cx, cy, 10_000.0)
    assert shapely.covers(polygons, shapely.points(x, y)).all()


def test_lattice_centres_are_cell_centres_of_the_same_lattice():
    xs, ys = lattice_centres((0.0, 0.0, 100_000.0, 100_000.0), 0.0, 7_000.0)
    q, r = cells_of(xs, ys, 7_000.0)
    cx, cy = cell_centres(q, r, 7_000.0)
    np.testing.assert_allclose(cx, xs, atol=1e-6)
    np.testing.assert_allclose(cy, ys, atol=1e-6)
    assert len(set(zip(q.tolist(), r.tolist()))) == len(xs), "no two centres share a cell"


def test_neighbouring_hexagons_tile_without_overlap():
    xs, ys = lattice_centres((0.0, 0.0, 30_000.0, 30_000.0), 0.0, 5_000.0)
    polygons = hexagon_polygons(xs, ys, 5_000.0)
    union = shapely.union_all(polygons)
    assert abs(union.area - sum(p.area for p in polygons)) < 1e-3 * union.area
