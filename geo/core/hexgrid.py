"""One hexagon lattice for every hex grid the atlas draws: the risk grid and event hexbins.

Pointy-top regular hexagons in a projected CRS (metres; the atlas uses
:data:`geo.core.REGION_EQUAL_AREA`, so a cell covers the same ground anywhere in the region),
anchored at the CRS origin. ``edge`` is the centre-to-corner distance (= the edge length);
centres are ``sqrt(3) * edge`` apart within a row and rows are ``1.5 * edge`` apart, odd rows
shifted half a column. Cells are addressed by axial coordinates ``(q, r)``.

Formulas: Amit Patel, "Hexagonal Grids", Red Blob Games (axial coordinates, cube rounding).
"""

from __future__ import annotations

import math

import numpy as np
import shapely

SQRT3 = math.sqrt(3.0)


def hexagon_area_km2(edge_km: float) -> float:
    """Area in km² of a regular hexagon with edge (= centre-to-corner) ``edge_km`` km."""
    return 1.5 * SQRT3 * edge_km**2


def lattice_centres(bounds: tuple[float, float, float, float], pad_m: float, edge_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the lattice covering ``bounds`` grown by ``pad_m`` on every side.

    Parameters
    ----------
    bounds : tuple of float
        ``(minx, miny, maxx, maxy)`` in the projected CRS's metres.
    pad_m, edge_m : float
        Padding and hexagon edge, metres.

    Returns
    -------
    xs, ys : numpy.ndarray
        1-D float arrays of the same length, row by row from the south-west.
    """
    minx, miny, maxx, maxy = bounds
    dx, dy = SQRT3 * edge_m, 1.5 * edge_m
    rows = np.arange(math.floor((miny - pad_m) / dy), math.ceil((maxy + pad_m) / dy) + 1)
    cols = np.arange(math.floor((minx - pad_m) / dx) - 1, math.ceil((maxx + pad_m) / dx) + 1)
    jj, ii = np.meshgrid(rows, cols, indexing="ij")
    xs = (ii + 0.5 * (jj % 2)) * dx
    ys = jj * dy
    return xs.ravel().astype(float), ys.ravel().astype(float)


def cells_of(x: np.ndarray, y: np.ndarray, edge_m: float) -> tuple[np.ndarray, np.ndarray]:
    """The axial ``(q, r)`` of the hexagon containing each point (metres), by cube rounding."""
    fq = (SQRT3 / 3.0 * np.asarray(x, dtype=float) - np.asarray(y, dtype=float) / 3.0) / edge_m
    fr = (2.0 / 3.0 * np.asarray(y, dtype=float)) / edge_m
    fs = -fq - fr
    q, r, s = np.round(fq), np.round(fr), np.round(fs)
    dq, dr, ds = np.abs(q - fq), np.abs(r - fr), np.abs(s - fs)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype("int64"), r.astype("int64")


def cell_centres(q: np.ndarray, r: np.ndarray, edge_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres (metres) of the hexagons with axial coordinates ``(q, r)``."""
    q, r = np.asarray(q, dtype=float), np.asarray(r, dtype=float)
    return edge_m * SQRT3 * (q + r / 2.0), edge_m * 1.5 * r


def hexagon_polygons(xs: np.ndarray, ys: np.ndarray, edge_m: float) -> np.ndarray:
    """Pointy-top hexagon polygons (closed rings) around each centre, in the centres' CRS.

    Returns
    -------
    numpy.ndarray
        Shapely Polygons, one per centre, built in one vectorised call.
    """
    angles = np.deg2rad(np.arange(30, 390, 60, dtype=float))  # six corners, then close
    angles = np.append(angles, angles[0])
    ring_x = np.asarray(xs, dtype=float)[:, None] + edge_m * np.cos(angles)[None, :]
    ring_y = np.asarray(ys, dtype=float)[:, None] + edge_m * np.sin(angles)[None, :]
    return shapely.polygons(np.stack([ring_x, ring_y], axis=-1))
