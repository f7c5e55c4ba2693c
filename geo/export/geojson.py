"""GeoJSON of the visible layers: every feature says which layer, source and status it has.

Also home to :func:`styled_features`, the one walk over a layer's features that every
exporter shares, so the figure, the HTML file and the GeoJSON agree on what is drawn
and how (the style comes from :func:`geo.layers.symbology.feature_style`, like the live map).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.export.checks import check_layers
from geo.layers import Layer, feature_style

STYLE_OVERRIDE_COLUMNS = ("color", "weight", "dash")


@dataclass(frozen=True)
class StyledFeature:
    """One drawable feature: its attributes, geometry, status and concrete style."""

    layer: Layer
    id: str
    props: dict[str, Any]
    geometry: BaseGeometry
    status: str | None
    style: dict[str, Any]


def styled_features(layer: Layer) -> Iterator[StyledFeature]:
    """The non-empty features of ``layer`` with the style the live map gives them."""
    for idx, row in enumerate(layer.frame.itertuples(index=False)):
        props = row._asdict()
        geom = props.pop("geometry")
        if geom is None or geom.is_empty:
            continue
        status = props.get("status")
        if not isinstance(status, str) or not status:  # missing, None or NaN (a partly filled column)
            status = layer.spec.status
        overrides = {k: props.get(k) for k in STYLE_OVERRIDE_COLUMNS}
        yield StyledFeature(
            layer=layer,
            id=str(props.get("id", f"{layer.id}-{idx}")),
            props=props,
            geometry=geom,
            status=status,
            style=feature_style(layer.spec.style, status, overrides),
        )


def _plain(value: Any) -> Any:
    """A JSON-safe copy of one attribute value (numpy scalars → Python, NaN → null)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def feature_collection(layers: list[Layer]) -> dict:
    """The visible layers as a GeoJSON FeatureCollection dict (EPSG:4326, RFC 7946)."""
    features = []
    for layer in check_layers(layers):
        for f in styled_features(layer):
            props = {k: _plain(v) for k, v in f.props.items()}
            props.update(
                {
                    "id": f.id,
                    "layer_id": layer.id,
                    "layer_title": layer.spec.title,
                    "source": layer.spec.source,
                    "status": f.status,
                }
            )
            features.append(
                {"type": "Feature", "id": f.id, "geometry": f.geometry.__geo_interface__, "properties": props}
            )
    return {"type": "FeatureCollection", "features": features}


def export_geojson(layers: list[Layer]) -> str:
    """GeoJSON text of the visible layers; each feature carries layer id/title, source and status.

    Raises
    ------
    ExportError
        When ``layers`` is empty.
    """
    return json.dumps(feature_collection(layers), ensure_ascii=False, separators=(",", ":"))
