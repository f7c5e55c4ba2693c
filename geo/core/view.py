"""Choosing a map view (centre and zoom) that shows a set of features."""

from __future__ import annotations

import math

import geopandas as gpd

#: Web-Mercator tiles are 256 px wide at zoom 0.
_TILE_PX = 256.0


def view_for_frame(frame: gpd.GeoDataFrame, width_px: int = 900, height_px: int = 640,
                   min_zoom: int = 3, max_zoom: int = 9) -> tuple[float, float, int]:
    """(lat, lon, zoom) that fits ``frame``'s bounds in a map of the given pixel size.

    A single point gets ``max_zoom``; a whole country gets whatever fits, with a margin.
    """
    west, south, east, north = (float(v) for v in frame.total_bounds)
    lat, lon = (south + north) / 2.0, (west + east) / 2.0
    lon_span = max(east - west, 1e-6)
    lat_span = max(_mercator_y(north) - _mercator_y(south), 1e-9)
    zoom_x = math.log2(width_px * 360.0 / (_TILE_PX * lon_span * 1.25))
    zoom_y = math.log2(height_px * 2 * math.pi / (_TILE_PX * lat_span * 1.25))
    zoom = int(max(min_zoom, min(max_zoom, math.floor(min(zoom_x, zoom_y)))))
    return round(lat, 4), round(lon, 4), zoom


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2))
