"""Load the bundled base geography, refusing damaged files with a clear message.

The app must never show a traceback because a data file is missing or corrupt, so
every loader here raises :class:`DataFileError`, whose message names the file and the
command that rebuilds it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from geo.core import GEOGRAPHY_DIR, WGS84, DataFileError, read_vector, repair_polygon

COUNTRIES_10M = GEOGRAPHY_DIR / "countries_10m.geojson"
COUNTRIES_WEB = GEOGRAPHY_DIR / "countries_web.geojson"
PROVENANCE = GEOGRAPHY_DIR / "PROVENANCE.json"
REBUILD_BASEMAP = "python -m geo build-basemap"
REQUIRED_COLUMNS = {"iso_n3", "name", "role"}


def read_countries(path: Path = COUNTRIES_WEB, rebuild: str = REBUILD_BASEMAP) -> gpd.GeoDataFrame:
    """Read a bundled countries file as valid polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns ``iso_n3``, ``name``, ``role`` (``focus``/``context``), ``geometry``
        (Polygon/MultiPolygon, repaired).

    Raises
    ------
    DataFileError
        The file is missing, unparsable, lacks the expected columns or holds no polygons.
    """
    gdf = read_vector(path, rebuild)
    missing = REQUIRED_COLUMNS - set(gdf.columns)
    if missing:
        raise DataFileError(path, f"lacks the columns {sorted(missing)}", rebuild)
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    elif not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    gdf["geometry"] = [repair_polygon(g) for g in gdf.geometry]
    gdf = gdf[gdf.geometry.notna()].reset_index(drop=True)
    if gdf.empty:
        raise DataFileError(path, "holds no country polygons", rebuild)
    return gdf


@lru_cache(maxsize=4)
def countries(detail: str = "web") -> gpd.GeoDataFrame:
    """The bundled countries: ``"web"`` (simplified, for display) or ``"10m"`` (measuring).

    Cached: callers must not mutate the returned frame (``.copy()`` first).

    Returns
    -------
    geopandas.GeoDataFrame
        As :func:`read_countries`: EPSG:4326, columns ``iso_n3``, ``name``, ``role``, ``geometry``.
    """
    path = {"web": COUNTRIES_WEB, "10m": COUNTRIES_10M}[detail]
    return read_countries(path)


def country(name: str, detail: str = "10m"):
    """The polygon of one bundled country by its display name."""
    gdf = countries(detail)
    match = gdf.loc[gdf.name == name, "geometry"]
    if match.empty:
        raise KeyError(f"{name!r} is not in the bundled geography")
    return match.iloc[0]


def provenance() -> dict:
    """The provenance record written by the build script."""
    if not PROVENANCE.is_file():
        raise DataFileError(PROVENANCE, "is missing", REBUILD_BASEMAP)
    try:
        return json.loads(PROVENANCE.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(PROVENANCE, "is not valid JSON", REBUILD_BASEMAP) from exc
