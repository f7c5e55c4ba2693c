"""Where to put country names so they sit inside the visible part of each country."""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.core import REGION_EQUAL_AREA, WGS84


def label_points(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One label point per country: the centre of its largest inscribed circle.

    A centroid can fall outside a crescent-shaped country (or in the sea); the pole of
    inaccessibility is always inside, as far from the edges as possible. Computed in
    the regional equal-area CRS so "far" means metres, not degrees.
    """
    projected = countries.to_crs(REGION_EQUAL_AREA)
    points = []
    for geom in projected.geometry:
        largest = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
        circle = shapely.maximum_inscribed_circle(largest, tolerance=2_000.0)
        points.append(shapely.get_point(circle, 0))
    out = gpd.GeoDataFrame(countries.drop(columns="geometry"), geometry=points, crs=REGION_EQUAL_AREA)
    return out.to_crs(WGS84)
