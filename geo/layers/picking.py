"""What lies under a click: every feature of the visible layers near a point, most specific first.

Leaflet hands a click to the topmost element only, so a country-sized claim drawn last
would take every click inside the country. Instead the map reports the clicked coordinate
and zoom, and :class:`FeatureIndex` lists every feature within a few *screen pixels* of it
(points and lines also count their drawn radius or half their width), using one shapely
``STRtree`` built in zoom-0 Web-Mercator pixels, so the same index answers at every zoom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from geo.core import REGION_EQUAL_AREA, WGS84, to_world_pixels
from geo.layers.features import styled_features
from geo.layers.specs import Layer
from geo.layers.symbology import STATUS_ORDER

#: Specificity tiers, most specific first: what the panel groups hits under.
SPECIFICITY = ("Places & routes", "Provinces & areas", "Country-wide")
#: An area at least this large (km²) is "country-wide": Afghanistan is ~643,000 km², its
#: largest province (Helmand) ~58,600 km², and a claim about several provinces stays below.
COUNTRY_WIDE_KM2 = 300_000.0
#: How far from a symbol's drawn edge a click still counts, in CSS pixels.
CLICK_TOLERANCE_PX = 6.0

_POLYGONS = ("Polygon", "MultiPolygon")
_LINES = ("LineString", "MultiLineString")


@dataclass(frozen=True)
class Hit:
    """One feature under a click.

    ``tier`` indexes :data:`SPECIFICITY`; ``distance_px`` is the screen distance from the click
    to the feature's geometry at the clicked zoom (0 inside an area).
    """

    layer_id: str
    feature_id: str
    title: str
    tier: int
    status: str | None
    distance_px: float
    area_km2: float

    @property
    def tier_label(self) -> str:
        """The specificity group this hit is listed under."""
        return SPECIFICITY[self.tier]


@dataclass(frozen=True)
class _Entry:
    layer_id: str
    feature_id: str
    title: str
    tier: int
    status: str | None
    reach_px: float      # symbol radius or half line width: drawn beyond the geometry
    area_km2: float


def specificity_tier(geom: BaseGeometry, area_km2: float | None = None) -> int:
    """0 for points and lines, 1 for areas smaller than :data:`COUNTRY_WIDE_KM2`, else 2.

    Parameters
    ----------
    geom : shapely geometry
        EPSG:4326.
    area_km2 : float, optional
        The area if already measured; measured in the regional equal-area CRS otherwise.
    """
    if geom.geom_type not in _POLYGONS:
        return 0
    if area_km2 is None:
        area_km2 = _areas_km2([geom])[0]
    return 2 if area_km2 >= COUNTRY_WIDE_KM2 else 1


def _areas_km2(geoms: list[BaseGeometry]) -> list[float]:
    return (gpd.GeoSeries(geoms, crs=WGS84).to_crs(REGION_EQUAL_AREA).area / 1e6).tolist()


def _title(layer: Layer, props: dict) -> str:
    for column in ("label", "title", layer.spec.label or "", "name"):
        value = props.get(column) if column else None
        if isinstance(value, str) and value:
            return value
    return layer.spec.title


class FeatureIndex:
    """A spatial index over the features of some layers, answering "what is under this click".

    Parameters
    ----------
    layers : iterable of Layer
        The visible layers (frames in EPSG:4326), walked with :func:`geo.layers.styled_features`.
    true_geometry : mapping of feature id to shapely geometry, optional
        Geometry to pick by instead of the drawn one, e.g. a country-wide claim drawn as an
        inset ribbon still covers the whole country (EPSG:4326).
    """

    def __init__(self, layers: Iterable[Layer], true_geometry: Mapping[str, BaseGeometry] | None = None) -> None:
        truth = true_geometry or {}
        entries: list[_Entry] = []
        geoms: list[BaseGeometry] = []
        for layer in layers:
            for f in styled_features(layer):
                geom = truth.get(f.id, f.geometry)
                if geom.geom_type in _POLYGONS:
                    reach = 0.0
                elif geom.geom_type in _LINES:
                    reach = float(f.style["weight"]) / 2.0
                else:
                    reach = float(f.style["radius"]) + float(f.style["weight"]) / 2.0
                entries.append(_Entry(layer.id, f.id, _title(layer, f.props), 0, f.status, reach, 0.0))
                geoms.append(geom)
        areas = _areas_km2(geoms) if geoms else []
        self._entries = [
            _Entry(e.layer_id, e.feature_id, e.title, specificity_tier(g, a), e.status, e.reach_px,
                   a if g.geom_type in _POLYGONS else 0.0)
            for e, g, a in zip(entries, geoms, areas)
        ]
        self._pixels = [to_world_pixels(g) for g in geoms]
        self._tree = shapely.STRtree(self._pixels)
        self._max_reach = max((e.reach_px for e in self._entries), default=0.0)

    def __len__(self) -> int:
        return len(self._entries)

    def at(self, lon: float, lat: float, zoom: float, tolerance_px: float = CLICK_TOLERANCE_PX) -> list[Hit]:
        """Every feature drawn within ``tolerance_px`` screen pixels of (lon, lat) at ``zoom``.

        Parameters
        ----------
        lon, lat : float
            The clicked coordinate, degrees (EPSG:4326).
        zoom : float
            The map's zoom when clicked; one pixel is ``2**-zoom`` zoom-0 world pixels.
        tolerance_px : float
            Slack around each symbol's drawn edge, in CSS pixels.

        Returns
        -------
        list of Hit
            Sorted by specificity tier (places and routes, then provinces and areas, then
            country-wide), then status (documented … essay's argument), then smaller area and
            nearer first.
        """
        scale = 2.0 ** zoom
        click = to_world_pixels(Point(lon, lat))
        reach = (tolerance_px + self._max_reach) / scale
        hits = []
        for i in self._tree.query(click, predicate="dwithin", distance=reach):
            entry = self._entries[int(i)]
            distance_px = shapely.distance(click, self._pixels[int(i)]) * scale
            if distance_px <= entry.reach_px + tolerance_px:
                hits.append(Hit(entry.layer_id, entry.feature_id, entry.title, entry.tier, entry.status,
                                round(distance_px, 2), round(entry.area_km2, 1)))
        return sorted(hits, key=_hit_order)


def _hit_order(hit: Hit) -> tuple:
    status = STATUS_ORDER.index(hit.status) if hit.status in STATUS_ORDER else len(STATUS_ORDER)
    return (hit.tier, status, hit.area_km2, hit.distance_px, hit.title)


def click_anchor(geom: BaseGeometry, bounds: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """A point of ``geom`` inside ``bounds`` where a click lands on it: (lat, lon), or None.

    Points give the first point inside; lines the middle of their longest visible piece;
    areas a representative point of their visible part.

    Parameters
    ----------
    geom : shapely geometry
        EPSG:4326.
    bounds : (west, south, east, north)
        Degrees: the part of the map that can be clicked.
    """
    frame = box(*bounds)
    visible = geom.intersection(frame)
    if visible.is_empty:
        return None
    parts = list(getattr(visible, "geoms", [visible]))
    if visible.geom_type in ("Point", "MultiPoint"):
        point = parts[0]
    elif visible.geom_type in _LINES or all(p.geom_type in _LINES for p in parts):
        longest = max((p for p in parts if p.geom_type in _LINES), key=lambda p: p.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        polygons = [p for p in parts if p.geom_type in _POLYGONS]
        if not polygons:
            return None
        point = max(polygons, key=lambda p: p.area).representative_point()
    return round(point.y, 5), round(point.x, 5)
