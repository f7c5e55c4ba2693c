"""A lon/lat box: the one extent type of the atlas (map views, exports, upload checks)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Extent(NamedTuple):
    """A lon/lat box in degrees (EPSG:4326), west/south/east/north as in GeoJSON ``bbox``."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Element-wise: which (lon, lat) pairs, in degrees, lie inside the box (edges included)."""
        return (lon >= self.min_lon) & (lon <= self.max_lon) & (lat >= self.min_lat) & (lat <= self.max_lat)
