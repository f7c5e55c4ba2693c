"""The one walk over a layer's features, shared by the live map and every export.

The live map (``ui.leaflet``), the report figure, the HTML file and the GeoJSON all draw
what :func:`styled_features` yields, styled by :func:`geo.layers.feature_style`, with
coordinates rounded by :func:`rounded_geometry`; so what is drawn, and how, agrees everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.layers.specs import Layer
from geo.layers.symbology import feature_style

#: Per-feature columns that override a layer's style (an uploaded colour, a border's weight,
#: a country-wide claim drawn as an outline only).
STYLE_OVERRIDE_COLUMNS = ("color", "weight", "dash", "fill_opacity")
#: Decimal places kept in GeoJSON coordinates: 1e-4 degrees is about 10 m, finer than any
#: symbol on screen or in print, and halves the size of lines measured in a projected CRS.
COORD_DECIMALS = 4


@dataclass(frozen=True)
class StyledFeature:
    """One drawable feature: its attributes, geometry (EPSG:4326), status and concrete style."""

    layer: Layer
    id: str
    props: dict[str, Any]
    geometry: BaseGeometry
    status: str | None
    style: dict[str, Any]


def feature_status(value: object, default: str | None) -> str | None:
    """A feature's status, or the layer's ``default`` when missing, empty or NaN (a partly filled column)."""
    return value if isinstance(value, str) and value else default


def feature_ids(layer: Layer) -> list[str]:
    """Every row's stable id: the frame's ``id`` column, else ``"<layer id>-<row number>"``.

    The ids :func:`styled_features` gives, for all rows (empty geometries included).
    """
    if "id" in layer.frame.columns:
        return [str(v) for v in layer.frame["id"]]
    return [f"{layer.id}-{i}" for i in range(len(layer.frame))]


def styled_features(layer: Layer) -> Iterator[StyledFeature]:
    """The non-empty features of ``layer`` with their ids, statuses and styles.

    Parameters
    ----------
    layer : Layer
        Its ``frame`` is a GeoDataFrame in EPSG:4326.

    Yields
    ------
    StyledFeature
        One per row with a non-empty geometry, in row order. ``id`` is the row's ``id``
        column, else ``"<layer id>-<row number>"``.
    """
    for fid, row in zip(feature_ids(layer), layer.frame.itertuples(index=False)):
        props = row._asdict()
        geom = props.pop("geometry")
        if geom is None or geom.is_empty:
            continue
        status = feature_status(props.get("status"), layer.spec.status)
        overrides = {k: props.get(k) for k in STYLE_OVERRIDE_COLUMNS}
        yield StyledFeature(
            layer=layer,
            id=fid,
            props=props,
            geometry=geom,
            status=status,
            style=feature_style(layer.spec.style, status, overrides, props.get("confidence")),
        )


def rounded_geometry(geom: BaseGeometry) -> dict:
    """A GeoJSON geometry dict with coordinates rounded to :data:`COORD_DECIMALS` places (degrees)."""
    return shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS)).__geo_interface__
