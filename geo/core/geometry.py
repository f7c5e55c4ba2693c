"""Small geometry helpers shared by the loaders and the derived layers.

Natural Earth polygons arrive with invalid rings, and ``make_valid`` can hand back
GeometryCollections that mix polygons with stray lines and points. Folium's bounds
code and our area/length maths only understand polygons, so everything is funnelled
through :func:`polygonal_part` before use.
"""

from __future__ import annotations

from collections.abc import Iterable

import shapely
from pyproj import CRS, Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

WGS84 = CRS.from_epsg(4326)
GEOD = Geod(ellps="WGS84")

#: Lambert azimuthal equal-area centred on the region. Areas and buffers are computed
#: here (metres), never in degrees.
REGION_EQUAL_AREA = CRS.from_proj4(
    "+proj=laea +lat_0=37 +lon_0=68 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
)


def polygonal_part(geom: BaseGeometry | None) -> Polygon | MultiPolygon | None:
    """Return only the polygonal part of ``geom`` (``None`` when there is none).

    ``make_valid`` splits a bow-tie into polygons plus a degenerate line; keeping the
    lines would turn a country into a GeometryCollection that Leaflet cannot bound.
    """
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = list(_polygons(geom))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _polygons(geom: BaseGeometry) -> Iterable[Polygon]:
    if isinstance(geom, Polygon):
        if not geom.is_empty:
            yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)


def repair_polygon(geom: BaseGeometry | None) -> Polygon | MultiPolygon | None:
    """Make ``geom`` valid and polygonal; ``None`` if nothing polygonal survives."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return polygonal_part(geom)


def linear_part(geom: BaseGeometry | None) -> LineString | MultiLineString | None:
    """Return the line work of ``geom`` merged into as few lines as possible.

    Intersections of two boundaries come back as a mix of lines and touching points;
    only the lines describe a shared border.
    """
    if geom is None or geom.is_empty:
        return None
    lines = [g for g in _lines(geom)]
    if not lines:
        return None
    merged = shapely.line_merge(MultiLineString(lines))
    return merged if not merged.is_empty else None


def _lines(geom: BaseGeometry) -> Iterable[LineString]:
    if isinstance(geom, LineString):
        if not geom.is_empty and geom.length > 0:
            yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _lines(part)


def geodesic_length_km(geom: BaseGeometry | None) -> float:
    """Length of a lon/lat line on the WGS84 ellipsoid, in kilometres."""
    if geom is None or geom.is_empty:
        return 0.0
    return GEOD.geometry_length(geom) / 1000.0


def geodesic_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two lon/lat points on the WGS84 ellipsoid, in kilometres."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return metres / 1000.0
