"""Legend entries for the visible layers, shared by the live map and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from geo.layers.specs import Layer
from geo.layers.symbology import confidences, feature_style, statuses


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch drawn from ``style`` for ``geometry`` and a label."""

    label: str
    geometry: str
    style: dict


def legend_entries(layers: list[Layer]) -> list[LegendEntry]:
    """A row per visible layer, in drawing order, styled as its typical feature."""
    return [
        LegendEntry(layer.spec.title, layer.spec.geometry, feature_style(layer.spec.style, layer.spec.status))
        for layer in layers
    ]


def status_entries(layers: list[Layer]) -> list[LegendEntry]:
    """A row per status present among the visible features, then per confidence level drawn apart.

    Each row shows how the status is drawn; a confidence level with its own symbol (lower
    confidence: thin and small) follows the statuses. Only statuses and levels that actually
    appear are listed, so the legend never explains a symbol the map does not show.
    """
    present: set[str] = set()
    levels: set[str] = set()
    for layer in layers:
        if "status" in layer.frame.columns:
            present.update(s for s in layer.frame["status"].dropna().unique())
        elif layer.spec.status:
            present.add(layer.spec.status)
        if "confidence" in layer.frame.columns:
            levels.update(c for c in layer.frame["confidence"].dropna().unique())
    base = {"color": "#555555", "fill_color": "#555555", "fill_opacity": 0.5, "weight": 2}
    rows = [
        LegendEntry(f"{s.label}", "polygon", feature_style(base, key))
        for key, s in statuses().items()
        if key in present
    ]
    point = {**base, "weight": 2.5, "radius": 6}
    rows += [
        LegendEntry(level.label, "point", feature_style(point, None, None, key))
        for key, level in confidences().items()
        if key in levels
    ]
    return rows
