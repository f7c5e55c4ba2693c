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


@dataclass(frozen=True)
class LegendRow:
    """One legend line: one or more swatches (each exactly as a kind of feature is drawn) and a label."""

    label: str
    swatches: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class LegendGroup:
    """The legend rows of one sidebar layer group ("Borders & geography", "Actor presence", ...)."""

    title: str
    rows: tuple[LegendRow, ...]


_KIND = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
         "Polygon": "polygon", "MultiPolygon": "polygon"}
#: Swatch order within a row and what each stands for when a layer mixes them.
_KIND_ORDER = ("point", "line", "polygon", "outline")


def _layer_rows(layer: Layer) -> list[LegendRow]:
    """Rows for one layer, each swatch styled as drawn before the status changes it.

    One row per ``legend`` value if the frame has that column, else one row whose swatches
    show each kind of feature the layer draws (points, lines, areas, outlines); the status
    section of the legend shows what each status does to a symbol.
    """
    from geo.layers.features import STYLE_OVERRIDE_COLUMNS, feature_ids

    frame = layer.frame
    rows: dict[str, dict[str, LegendEntry]] = {}
    for _, row in zip(feature_ids(layer), frame.itertuples(index=False)):
        props = row._asdict()
        geom = props.get("geometry")
        if geom is None or geom.is_empty:
            continue
        kind = _KIND.get(geom.geom_type, "polygon")
        overrides = {k: props.get(k) for k in STYLE_OVERRIDE_COLUMNS}
        style = feature_style(layer.spec.style, None, overrides)
        if kind == "polygon" and float(style["fill_opacity"]) == 0.0 and layer.spec.geometry == "mixed":
            kind = "outline"
        label = props.get("legend")
        label = label if isinstance(label, str) and label else layer.spec.title
        rows.setdefault(label, {}).setdefault(kind, LegendEntry(label, "polygon" if kind == "outline" else kind, style))
    return [LegendRow(label, tuple(kinds[k] for k in _KIND_ORDER if k in kinds)) for label, kinds in rows.items()]


def legend_groups(layers: list[Layer]) -> list[LegendGroup]:
    """The legend of the visible ``layers``, grouped by their layer group in drawing order.

    Returns
    -------
    list of LegendGroup
        A group per layer group present, its rows in layer order; a layer with no features
        still gets a row styled from its spec.
    """
    groups: dict[str, list[LegendRow]] = {}
    for layer in layers:
        rows = _layer_rows(layer) or [LegendRow(layer.spec.title, (
            LegendEntry(layer.spec.title, layer.spec.geometry if layer.spec.geometry != "mixed" else "polygon",
                        feature_style(layer.spec.style, None)),))]
        groups.setdefault(layer.spec.group, []).extend(rows)
    return [LegendGroup(title, tuple(rows)) for title, rows in groups.items()]
