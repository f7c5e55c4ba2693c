"""Afghanistan's 34 provinces as areas (Natural Earth 1:10m Admin 1), keyed by the gazetteer's ids.

Written by ``python -m geo build-basemap`` to ``data/geography/provinces_af.geojson``; a
claim about provinces draws as their area (see :func:`geo.bundle.resolve_geometry`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from geo.core import GEOGRAPHY_DIR, WGS84, DataFileError, read_vector, repair_polygon
from geo.geography.admin0 import countries

PROVINCES_FILE = GEOGRAPHY_DIR / "provinces_af.geojson"
REBUILD_BASEMAP = "python -m geo build-basemap"
PROVINCE_AREA_COLUMNS = ("id", "province", "ne_name", "gn_name", "iso_3166_2")


def read_provinces(path: Path = PROVINCES_FILE) -> gpd.GeoDataFrame:
    """Read the bundled province areas, refusing a missing or damaged file.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one (Multi)Polygon row per province, columns
        ``id`` (gazetteer id, e.g. ``panjshir``), ``province`` (display name),
        ``ne_name``, ``gn_name``, ``iso_3166_2`` (as Natural Earth ships them) and ``geometry``.

    Raises
    ------
    DataFileError
        The file is missing, unreadable or lacks a column.
    """
    gdf = read_vector(path, REBUILD_BASEMAP)
    missing = set(PROVINCE_AREA_COLUMNS) - set(gdf.columns)
    if missing or gdf.empty:
        raise DataFileError(path, f"lacks the columns {sorted(missing)}" if missing else "is empty", REBUILD_BASEMAP)
    gdf = gdf.set_crs(WGS84, allow_override=True)
    gdf["geometry"] = [repair_polygon(g) for g in gdf.geometry]
    return gdf[[*PROVINCE_AREA_COLUMNS, "geometry"]]


@lru_cache(maxsize=1)
def province_areas() -> gpd.GeoDataFrame:
    """The bundled province areas (see :func:`read_provinces`), read once. Do not mutate."""
    return read_provinces()


def location_name(lon: float, lat: float) -> str:
    """Where a point lies, in words: ``"Panjshir province, Afghanistan"``, ``"Tajikistan"``, or ``""``.

    Parameters
    ----------
    lon, lat : float
        Degrees, EPSG:4326.

    Returns
    -------
    str
        The Afghan province (Natural Earth 1:10m admin-1) and country containing the point; outside
        Afghanistan, the bundled country (Natural Earth, display detail); ``""`` outside them all.
    """
    point = Point(lon, lat)
    areas = province_areas()
    for i in areas.sindex.query(point, predicate="intersects"):
        return f"{areas['province'].iloc[int(i)]} province, Afghanistan"
    land = countries("web")
    for i in land.sindex.query(point, predicate="intersects"):
        return str(land["name"].iloc[int(i)])
    return ""
