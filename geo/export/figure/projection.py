"""The report figure's map projection: lon/lat to the regional equal-area CRS and back.

The figure is drawn in the regional Lambert azimuthal equal-area CRS
(:data:`geo.core.geometry.REGION_EQUAL_AREA`) so areas look right. The projected base map is
cached because every figure (and every label placement) needs the same countries.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo.core import REGION_EQUAL_AREA, WGS84
from geo.geography import countries

TO_MAP = Transformer.from_crs(WGS84, REGION_EQUAL_AREA, always_xy=True)
TO_LONLAT = Transformer.from_crs(REGION_EQUAL_AREA, WGS84, always_xy=True)


def project(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` from EPSG:4326 into the figure's equal-area CRS (metres)."""
    return shapely.transform(geom, lambda xy: np.column_stack(TO_MAP.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=1)
def projected_countries() -> tuple[tuple[str, str, BaseGeometry], ...]:
    """Every bundled country as ``(name, role, geometry in the figure's CRS)``, computed once."""
    web = countries("web")
    return tuple(
        (n, r, shapely.orient_polygons(project(g))) for n, r, g in zip(web.name, web.role, web.geometry)
    )


@lru_cache(maxsize=1)
def projected_country_geoms() -> dict[str, BaseGeometry]:
    """Country name → its geometry in the figure's CRS (metres)."""
    return {name: geom for name, _, geom in projected_countries()}
