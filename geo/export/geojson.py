"""GeoJSON of the visible layers: every feature says which layer, source and status it has.

Features come from :func:`geo.layers.styled_features`, the one walk over a layer's features
shared by the live map and every export.
"""

from __future__ import annotations

import json
import math
from typing import Any

from geo.export.checks import check_layers
from geo.layers import Layer, layers_window, rounded_geometry, styled_features


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
    """The visible layers as a GeoJSON FeatureCollection dict (EPSG:4326, RFC 7946).

    A foreign member ``metadata`` states the time window the layers were filtered to
    (``time_window``: ``start``/``end`` ISO days or null for open, and a ``label``), or null.
    """
    features = []
    checked = check_layers(layers)
    for layer in checked:
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
                {"type": "Feature", "id": f.id, "geometry": rounded_geometry(f.geometry), "properties": props}
            )
    return {"type": "FeatureCollection", "metadata": {"time_window": _window_metadata(checked)}, "features": features}


def _window_metadata(layers: list[Layer]) -> dict | None:
    window = layers_window(layers)
    if window is None:
        return None
    return {"start": window.start.isoformat() if window.start else None,
            "end": window.end.isoformat() if window.end else None,
            "label": window.label(), "undated_claims": "shown"}


def export_geojson(layers: list[Layer]) -> str:
    """GeoJSON text of the visible layers; each feature carries layer id/title, source and status.

    Raises
    ------
    ExportError
        When ``layers`` is empty.
    """
    return json.dumps(feature_collection(layers), ensure_ascii=False, separators=(",", ":"))
