"""Shared borders between countries, as lines with geodesic lengths.

Natural Earth's TopoJSON makes neighbours share exact vertices, but repaired or
foreign geometries may not: two countries' rings can run a few metres apart. So a
border is taken as the part of country A's boundary lying within the snap distance
(``DEFAULT_SNAP_M``, metres) of country B, measured in an equal-area projection, never in degrees.
"""

from __future__ import annotations

from itertools import combinations

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.core import REGION_EQUAL_AREA, WGS84, geodesic_length_km, linear_part

#: How far apart two rings may run and still count as one border.
DEFAULT_SNAP_M = 50.0


def shared_border(a: BaseGeometry, b: BaseGeometry, snap_m: float = DEFAULT_SNAP_M):
    """The line(s) of ``a``'s boundary within ``snap_m`` metres of ``b`` (lon/lat in, lon/lat out).

    Returns ``None`` when the two do not share a border.
    """
    pair = gpd.GeoSeries([a, b], crs=WGS84).to_crs(REGION_EQUAL_AREA)
    pa, pb = pair.iloc[0], pair.iloc[1]
    if pa.distance(pb) > snap_m:
        return None
    line = linear_part(pa.boundary.intersection(pb.buffer(snap_m)))
    if line is None:
        return None
    return gpd.GeoSeries([line], crs=REGION_EQUAL_AREA).to_crs(WGS84).iloc[0]


def border_segments(
    countries: gpd.GeoDataFrame,
    pairs: list[tuple[str, str]] | None = None,
    snap_m: float = DEFAULT_SNAP_M,
) -> gpd.GeoDataFrame:
    """One row per pair of countries that share a border, with its geodesic length.

    ``pairs`` limits the result to these (name, name) pairs; by default every pair in
    ``countries`` is tried (bounding boxes are checked first, so this stays cheap).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns ``a``, ``b`` (country names), ``length_km`` (geodesic, WGS84
        ellipsoid) and ``geometry`` (the shared border as a (Multi)LineString).
    """
    geoms = dict(zip(countries.name, countries.geometry))
    if pairs is None:
        pairs = list(combinations(countries.name, 2))
    rows = []
    for a, b in pairs:
        ga, gb = geoms[a], geoms[b]
        if not _boxes_meet(ga, gb):
            continue
        line = shared_border(ga, gb, snap_m)
        if line is None:
            continue
        rows.append({"a": a, "b": b, "length_km": round(geodesic_length_km(line), 1), "geometry": line})
    return gpd.GeoDataFrame(rows, columns=["a", "b", "length_km", "geometry"], geometry="geometry", crs=WGS84)


def _boxes_meet(a: BaseGeometry, b: BaseGeometry, pad_deg: float = 0.01) -> bool:
    """Cheap pre-filter on bounding boxes (padded so touching boxes count)."""
    ax0, ay0, ax1, ay1 = a.bounds
    bx0, by0, bx1, by1 = b.bounds
    return ax0 - pad_deg <= bx1 and bx0 - pad_deg <= ax1 and ay0 - pad_deg <= by1 and by0 - pad_deg <= ay1


def neighbours_of(countries: gpd.GeoDataFrame, name: str, snap_m: float = DEFAULT_SNAP_M) -> gpd.GeoDataFrame:
    """The borders of ``name`` with each neighbour, one row per neighbour.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns ``neighbour``, ``length_km`` (geodesic) and ``geometry`` (line).
    """
    pairs = [(name, other) for other in countries.name if other != name]
    segs = border_segments(countries, pairs, snap_m)
    return segs.rename(columns={"b": "neighbour"}).drop(columns="a").reset_index(drop=True)
