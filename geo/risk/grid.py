"""The hexagon grid the spillover-risk model scores.

The essay's argument is about what could cross *out of* Afghanistan, so the grid covers
the neighbours' territory near Afghanistan, not Afghanistan itself. Hexagons are laid in
the region's Lambert azimuthal equal-area projection (:data:`geo.core.geometry.REGION_EQUAL_AREA`),
so every cell has the same area and every distance the model uses is in metres.

The lattice is anchored at the projection origin (lat 37, lon 68), not at the data's
bounding box, so the same settings always give the same cells with the same ids.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.core import REGION_EQUAL_AREA, WGS84, hexagon_polygons, lattice_centres

#: Columns of a grid frame, in order.
GRID_COLUMNS = ["cell_id", "country", "x", "y", "lon", "lat", "afghanistan_km", "geometry"]


def make_grid(
    countries: gpd.GeoDataFrame,
    focus: str = "Afghanistan",
    max_distance_km: float = 400.0,
    cell_edge_km: float = 11.0,
) -> gpd.GeoDataFrame:
    """Pointy-top hexagons over the focus countries other than ``focus``, near ``focus``.

    A cell is kept when its centre lies in a country with ``role == "focus"`` (other than
    ``focus``) and within ``max_distance_km`` of ``focus``'s polygon; it carries that
    country's name. Cells are whole hexagons (not clipped to borders) so they tile evenly.

    Parameters
    ----------
    countries
        Frame with ``name``, ``role`` and polygon ``geometry`` in EPSG:4326, e.g.
        ``geo.geography.admin0.countries("web")``.
    focus
        The country the distance is measured from; it is itself left out of the grid.
    max_distance_km
        How far from ``focus`` the grid reaches.
    cell_edge_km
        Hexagon edge length; each cell covers :func:`hexagon_area_km2` of it.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`GRID_COLUMNS`; ``geometry`` and ``x``/``y`` (cell centre) are in
        :data:`REGION_EQUAL_AREA` metres, ``lon``/``lat`` the centre in degrees,
        ``afghanistan_km`` the centre's distance to ``focus``. ``cell_id`` runs 0..n-1,
        row by row from south-west, and equals the frame's index.
    """
    if max_distance_km <= 0 or cell_edge_km <= 0:
        raise ValueError("max_distance_km and cell_edge_km must both be positive")
    if focus not in set(countries["name"]):
        raise ValueError(f"{focus!r} is not in the countries frame; pass a frame that contains it")
    projected = countries.to_crs(REGION_EQUAL_AREA)
    home = projected.loc[projected["name"] == focus, "geometry"].iloc[0]
    others = projected[(projected["role"] == "focus") & (projected["name"] != focus)]

    reach_m = max_distance_km * 1000.0
    xs, ys = lattice_centres(home.bounds, reach_m, cell_edge_km * 1000.0)
    centres = shapely.points(xs, ys)
    to_home = shapely.distance(centres, home)
    near = (to_home <= reach_m) & (to_home > 0)
    country = np.full(len(xs), "", dtype=object)
    for name, geom in zip(others["name"], others["geometry"], strict=True):
        shapely.prepare(geom)
        inside = near & (country == "") & shapely.contains_xy(geom, xs, ys)
        country[inside] = name
    keep = country != ""
    xs, ys, country, to_home = xs[keep], ys[keep], country[keep], to_home[keep]

    lonlat = gpd.GeoSeries(shapely.points(xs, ys), crs=REGION_EQUAL_AREA).to_crs(WGS84)
    grid = gpd.GeoDataFrame(
        {
            "cell_id": np.arange(len(xs), dtype=np.int64),
            "country": country.astype(str),
            "x": xs,
            "y": ys,
            "lon": lonlat.x.to_numpy(),
            "lat": lonlat.y.to_numpy(),
            "afghanistan_km": to_home / 1000.0,
            "geometry": hexagon_polygons(xs, ys, cell_edge_km * 1000.0),
        },
        geometry="geometry",
        crs=REGION_EQUAL_AREA,
    )
    return grid[GRID_COLUMNS]
