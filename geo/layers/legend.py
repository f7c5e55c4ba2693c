"""Legend entries for the visible layers, shared by the live map and the exports.

One model, three drawings: :func:`geo.layers.legend_html` (live map and HTML export) and the
report figure's legend (:mod:`geo.export.figure.legend`) draw the same entries. An entry's
swatch shows every geometry kind its layer draws (area, line, point), a layer whose features
carry a ``legend`` label gets a row per label styled as those features are drawn (the orange
Afghanistan–Central Asia borders apart from the other borders), a graduated layer adds its
ramp (one row per class, with breaks and unit), and a layer whose routes are the project's
drawing says "schematic".
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.layers.features import STYLE_OVERRIDE_COLUMNS, feature_ids, styled_features
from geo.layers.ramp import Ramp
from geo.layers.specs import Layer
from geo.layers.symbology import confidences, feature_style, statuses

#: What the legend and the caption say about routes drawn through stops the project chose.
SCHEMATIC_LABEL = "schematic"
SCHEMATIC_NOTE = ("Routes marked schematic are drawn through gazetteer stops chosen by the project; "
                  "the essay names only their direction.")
_KIND_OF_GEOMETRY = {"Polygon": "polygon", "MultiPolygon": "polygon", "LineString": "line",
                     "MultiLineString": "line", "Point": "point", "MultiPoint": "point"}
_KIND_ORDER = ("polygon", "line", "point")


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch drawn from ``style`` for ``geometry`` and a label.

    ``kinds`` lists the geometry kinds a mixed layer draws (its swatch shows each); ``note``
    is small print after the label (``"schematic"``); ``ramp`` the classes of a graduated layer.
    """

    label: str
    geometry: str
    style: dict
    kinds: tuple[str, ...] = ()
    note: str = ""
    ramp: Ramp | None = None

    @property
    def swatch_kinds(self) -> tuple[str, ...]:
        """The geometry kinds the swatch draws: ``kinds`` if known, else the entry's geometry."""
        if self.kinds:
            return self.kinds
        return ("polygon",) if self.geometry in ("mixed", "polygon") else (self.geometry,)


def _kinds(layer: Layer) -> tuple[str, ...]:
    geoms = layer.frame.geometry
    present = {_KIND_OF_GEOMETRY.get(t) for t in geoms[geoms.notna() & ~geoms.is_empty].geom_type.unique()}
    return tuple(k for k in _KIND_ORDER if k in present)


def _legend_label(layer: Layer, props: dict) -> str:
    """The legend row a feature belongs to: its ``legend`` value, else its layer's title."""
    label = props.get("legend")
    return label if isinstance(label, str) and label else layer.spec.title


def is_schematic(layer: Layer) -> bool:
    """True when ``layer`` draws routes whose line is the project's choice.

    Either the whole layer says so (:attr:`geo.layers.LayerSpec.schematic`) or it holds
    essay claims of kind ``route`` (their stops come from the gazetteer, not from the source).
    """
    if layer.spec.schematic:
        return True
    frame = layer.frame
    return "kind" in frame.columns and bool((frame["kind"] == "route").any())


def legend_entries(layers: list[Layer]) -> list[LegendEntry]:
    """A row per visible layer, in drawing order, styled as its typical feature.

    Parameters
    ----------
    layers
        The visible layers.

    Returns
    -------
    list of LegendEntry
        One per layer, or one per ``legend`` label when its features carry one (each styled as
        the first feature with that label is drawn, before its status); mixed layers list the
        kinds they draw, graduated layers carry their ramp.
    """
    entries = []
    for layer in layers:
        note = SCHEMATIC_LABEL if is_schematic(layer) else ""
        if layer.spec.ramp is None and "legend" in layer.frame.columns:
            entries += _labelled_entries(layer, note)
            continue
        kinds = _kinds(layer) if layer.spec.geometry == "mixed" else ()
        entries.append(LegendEntry(
            layer.spec.title, layer.spec.geometry, feature_style(layer.spec.style, layer.spec.status),
            kinds=kinds, note=note, ramp=layer.spec.ramp,
        ))
    return entries


def _labelled_entries(layer: Layer, note: str) -> list[LegendEntry]:
    """One entry per ``legend`` label of ``layer``, from the features the map draws (:func:`styled_features`)."""
    styles: dict[str, dict] = {}
    kinds: dict[str, set[str]] = {}
    for feature in styled_features(layer):
        label = _legend_label(layer, feature.props)
        if label not in styles:  # the layer's status, not the feature's: the status rows explain those
            overrides = {k: feature.props.get(k) for k in STYLE_OVERRIDE_COLUMNS}
            styles[label] = feature_style(layer.spec.style, layer.spec.status, overrides)
        kinds.setdefault(label, set()).add(_KIND_OF_GEOMETRY.get(feature.geometry.geom_type, "polygon"))
    mixed = layer.spec.geometry == "mixed"
    return [LegendEntry(label, layer.spec.geometry, style,
                        kinds=tuple(k for k in _KIND_ORDER if k in kinds[label]) if mixed else (), note=note)
            for label, style in styles.items()]


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
    """One legend line: one or more swatches (each exactly as a kind of feature is drawn) and a label.

    A graduated layer's row carries its ``ramp`` (classes with breaks and unit) instead of one
    swatch; ``note`` is small print after the label (``"schematic"``).
    """

    label: str
    swatches: tuple[LegendEntry, ...]
    ramp: Ramp | None = None
    note: str = ""


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
        label = _legend_label(layer, props)
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
        spec_entry = LegendEntry(layer.spec.title, layer.spec.geometry if layer.spec.geometry != "mixed" else "polygon",
                                 feature_style(layer.spec.style, None))
        if layer.spec.ramp is not None:  # its symbols are its classes, not one swatch
            rows = [LegendRow(layer.spec.title, (spec_entry,), ramp=layer.spec.ramp)]
        else:
            rows = _layer_rows(layer) or [LegendRow(layer.spec.title, (spec_entry,))]
        if is_schematic(layer):
            rows = [LegendRow(r.label, r.swatches, r.ramp, SCHEMATIC_LABEL) for r in rows]
        groups.setdefault(layer.spec.group, []).extend(rows)
    return [LegendGroup(title, tuple(rows)) for title, rows in groups.items()]
