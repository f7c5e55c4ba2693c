"""Choosing a map view (centre and zoom) that shows a set of features."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

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


def view_bounds(center: tuple[float, float], zoom: float, width_px: int,
                height_px: int) -> tuple[float, float, float, float]:
    """The lon/lat box a Leaflet map of ``width_px`` × ``height_px`` CSS pixels shows at ``center``/``zoom``.

    Parameters
    ----------
    center : tuple of float
        (lat, lon) in degrees, EPSG:4326, as Leaflet takes it.
    zoom : float
        Leaflet zoom (Web Mercator, 256-px tiles, as Leaflet).
    width_px, height_px : int
        The map's size in CSS pixels.

    Returns
    -------
    tuple of float
        ``(west, south, east, north)`` in degrees, rounded to 4 decimals (about 10 m).
    """
    lat, lon = center
    world = _TILE_PX * 2.0 ** zoom
    cx = (lon + 180) / 360 * world
    cy = (1 - _mercator_y(lat) / math.pi) / 2 * world

    def to_lat(y: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / world))))

    west, east = (cx - width_px / 2) / world * 360 - 180, (cx + width_px / 2) / world * 360 - 180
    return round(west, 4), round(to_lat(cy + height_px / 2), 4), round(east, 4), round(to_lat(cy - height_px / 2), 4)


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2))


def world_pixel(lon: float, lat: float, zoom: float = 0.0) -> tuple[float, float]:
    """Leaflet's global pixel position of (lon, lat) at ``zoom`` (Web Mercator, 256 px tiles).

    Parameters
    ----------
    lon, lat : float
        Degrees, EPSG:4326.
    zoom : float
        Leaflet zoom; the world is ``256 * 2**zoom`` pixels wide.

    Returns
    -------
    tuple of float
        (x, y) in CSS pixels from the world's top-left corner, y growing southwards.
    """
    scale = _TILE_PX * 2.0 ** zoom
    x = (lon + 180.0) / 360.0 * scale
    y = (1.0 - _mercator_y(lat) / math.pi) / 2.0 * scale
    return x, y


def to_world_pixels(geom):
    """``geom`` (EPSG:4326) in zoom-0 world pixels: multiply by ``2**zoom`` for screen pixels at a zoom.

    Distances measured in screen pixels at zoom *z* are ``2**z`` times distances here, anywhere
    on the map: that is what lets one spatial index answer "within N pixels" at every zoom.
    """
    def project(xy):
        lon, lat = xy[:, 0], np.clip(xy[:, 1], -85.0, 85.0)
        x = (lon + 180.0) / 360.0 * _TILE_PX
        y = (1.0 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / np.pi) / 2.0 * _TILE_PX
        return np.column_stack([x, y])

    return shapely.transform(geom, project)
