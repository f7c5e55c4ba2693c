"""The Wakhan Corridor, derived from Afghanistan's own outline.

Method (documented so the figure can be reproduced and criticised):

1. Project Afghanistan to a local Lambert azimuthal equal-area CRS centred on the
   Pamirs (lat 37, lon 73), so every distance below is in metres.
2. Take the *morphological opening* (erode, then dilate back) of the country with a disc
   whose radius is the opening radius (``opening_radius_m``, settings below). The opening keeps every part of the
   country wide enough to hold the disc; what it removes are the narrow strips.
3. The corridor is the largest removed strip: the panhandle between Tajikistan and
   Pakistan that runs east to China.
4. Widths are its north–south extent sampled every step (``step_m``); samples within the
   end trim (``end_trim_m``) of either tip are left out of the width range because there the strip
   tapers to a point where the opening cut it (west) or into the wedge between the
   China tripoints (east). Length is the length of the line through the midpoints of
   all samples, tip to tip.

Published figures for comparison: about 350 km long and 13–65 km wide.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
from pyproj import CRS
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.core import WGS84, polygonal_part

PAMIR_LAEA = CRS.from_proj4("+proj=laea +lat_0=37 +lon_0=73 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs")
#: Corridors this module derives, by the name a bundle's ``[map] corridors`` uses -> display name.
CORRIDORS = {"wakhan": "Wakhan Corridor"}
PUBLISHED = {"length_km": 350.0, "min_width_km": 13.0, "max_width_km": 65.0,
             "source": "widely cited figures, e.g. Encyclopaedia Britannica, 'Wakhan Corridor'"}


@dataclass(frozen=True)
class Corridor:
    """The derived corridor (lon/lat polygon) and its measured dimensions."""

    polygon: Polygon
    centreline: LineString
    length_km: float
    min_width_km: float
    max_width_km: float


def wakhan_corridor(
    afghanistan: BaseGeometry,
    opening_radius_m: float = 30_000.0,
    step_m: float = 1_000.0,
    end_trim_m: float = 20_000.0,
) -> Corridor:
    """Derive the Wakhan Corridor from Afghanistan's polygon (lon/lat in and out)."""
    country = gpd.GeoSeries([afghanistan], crs=WGS84).to_crs(PAMIR_LAEA).iloc[0]
    narrow = polygonal_part(country.difference(country.buffer(-opening_radius_m).buffer(opening_radius_m)))
    if narrow is None:
        raise ValueError("no part of the polygon is narrower than the opening disc")
    strip = max(getattr(narrow, "geoms", [narrow]), key=lambda p: p.area)
    widths, _ = _cross_sections(strip, step_m, end_trim_m)
    _, mids = _cross_sections(strip, step_m, 0.0)
    centreline = LineString(mids)
    back = gpd.GeoSeries([strip, centreline], crs=PAMIR_LAEA).to_crs(WGS84)
    return Corridor(
        polygon=back.iloc[0],
        centreline=back.iloc[1],
        length_km=round(centreline.length / 1000.0, 1),
        min_width_km=round(min(widths) / 1000.0, 1),
        max_width_km=round(max(widths) / 1000.0, 1),
    )


def _cross_sections(strip: Polygon, step_m: float, end_trim_m: float) -> tuple[list[float], list[tuple[float, float]]]:
    """North–south widths and midpoints of ``strip`` every ``step_m`` (projected metres)."""
    minx, miny, maxx, maxy = strip.bounds
    widths: list[float] = []
    mids: list[tuple[float, float]] = []
    for x in np.arange(minx + end_trim_m, maxx - end_trim_m + 1e-6, step_m):
        cut = strip.intersection(LineString([(x, miny - 1.0), (x, maxy + 1.0)]))
        if cut.is_empty:
            continue
        widths.append(cut.length)
        mids.append((float(x), cut.centroid.y))
    if len(mids) < 2:
        raise ValueError("the strip is too short to measure")
    return widths, mids
