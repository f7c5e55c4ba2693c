"""The report figure's projection: cylindrical equal-area, true in shape at the view's centre.

Why this projection: the figure must show exactly the live map's lon/lat box (the live map is
Web Mercator, where a box of meridians and parallels is a rectangle). In any cylindrical
projection that box is a rectangle too, so the figure's frame is the view's bounds with
nothing cropped and nothing added but the page-fit margin. Lambert's cylindrical equal-area
keeps areas true (a choropleth must not inflate the north), and with its standard parallel
at the view's centre latitude shapes there are as on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from geo.core import WGS84
from geo.geography import countries


@dataclass(frozen=True)
class MapProjection:
    """Lambert cylindrical equal-area centred on ``lon_0`` with standard parallel ``lat_ts``."""

    lon_0: float
    lat_ts: float

    @property
    def crs(self) -> CRS:
        """The projection as a pyproj CRS (metres)."""
        return CRS.from_proj4(f"+proj=cea +lon_0={self.lon_0} +lat_ts={self.lat_ts} +datum=WGS84 +units=m +no_defs")

    @cached_property
    def to_map(self) -> Transformer:
        """Lon/lat (EPSG:4326) → map metres."""
        return Transformer.from_crs(WGS84, self.crs, always_xy=True)

    @cached_property
    def to_lonlat(self) -> Transformer:
        """Map metres → lon/lat (EPSG:4326)."""
        return Transformer.from_crs(self.crs, WGS84, always_xy=True)

    def note(self) -> str:
        """The projection in words for the caption."""
        return f"Lambert cylindrical equal-area (standard parallel {self.lat_ts:.1f}°N, centre {self.lon_0:.1f}°E)"

    def project(self, geom: BaseGeometry) -> BaseGeometry:
        """``geom`` (EPSG:4326) in map metres."""
        to_map = self.to_map
        return shapely.transform(geom, lambda xy: np.column_stack(to_map.transform(xy[:, 0], xy[:, 1])))

    def countries(self) -> tuple[tuple[str, str, BaseGeometry], ...]:
        """The bundled ``"web"`` countries as ``(name, role, projected geometry)``."""
        return _projected_countries(self)

    def country_geoms(self) -> dict[str, BaseGeometry]:
        """Projected country geometry by name."""
        return {name: geom for name, _, geom in self.countries()}


def figure_projection(extent) -> MapProjection:
    """The projection for a figure of ``extent`` (lon/lat box): centred on it, rounded to 0.1°.

    Rounding keeps the projected base map cached across small pans.
    """
    lon_0 = round((extent[0] + extent[2]) / 2, 1)
    lat_ts = round(min(max((extent[1] + extent[3]) / 2, -80.0), 80.0), 1)
    return MapProjection(lon_0, lat_ts)


@lru_cache(maxsize=8)
def _projected_countries(proj: MapProjection) -> tuple[tuple[str, str, BaseGeometry], ...]:
    web = countries("web")
    return tuple(
        (n, r, shapely.orient_polygons(proj.project(g))) for n, r, g in zip(web.name, web.role, web.geometry)
    )
