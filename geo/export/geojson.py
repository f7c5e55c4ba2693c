"""GeoJSON of the visible layers: every feature says which layer, source and status it has.

Features come from :func:`geo.layers.styled_features`, the one walk over a layer's features
shared by the live map and every export.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.export.checks import check_layers
from geo.layers import Layer, layers_window, rounded_geometry, styled_features


def _plain(value: Any) -> Any:
    """A JSON value for one attribute: lists and tuples stay arrays, dicts stay objects.

    numpy scalars and arrays become Python numbers and lists, NaN and infinities ``null``,
    dates ISO text; anything else its text. Nested values are converted the same way.
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    return str(value)


def feature_collection(layers: list[Layer]) -> dict:
    """The visible layers as an RFC 7946 FeatureCollection dict.

    Coordinates are lon/lat (EPSG:4326, no ``crs`` member), polygon exteriors counter-clockwise,
    and attribute values real JSON (arrays and objects stay so); every feature names its layer,
    source and status. A foreign member ``metadata`` states the time window the layers were
    filtered to (``time_window``: ``start``/``end`` ISO days or null for open, and a ``label``), or null.
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
                {"type": "Feature", "id": f.id, "properties": props,
                 "geometry": rounded_geometry(shapely.orient_polygons(f.geometry))}
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
