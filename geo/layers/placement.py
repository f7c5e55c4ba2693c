"""Where each map label goes at each zoom, so that no two labels overlap: one rule for every map.

Labels are placed greedily by priority (country names, the Wakhan Corridor, capitals,
crossings, Wakhan settlements, then other places) in screen pixels at each zoom of the
live map. A place label tries the four sides of its dot (right, left, above, below) and
keeps the first that overlaps no label placed before it and no other place's dot; a
label with no free side is hidden at that zoom. The result is a CSS class string per label
(``atlas-label z5-r z6-l ...``); :func:`placement_css` turns the classes into rules keyed on
the map's ``zoom-is-N`` class, so the live map and the HTML export show the same labels at
the same places without any script.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from geo.core import world_pixel
from geo.geography import country_labels
from geo.layers.features import styled_features
from geo.layers.specs import Layer, base_layers

#: Zooms the live map allows (``min_zoom``/``max_zoom``) and the HTML export uses.
LABEL_ZOOMS = tuple(range(3, 12))
#: Priority by gazetteer group (lower is placed first).
#: Label priority by gazetteer group (lower first); ``essay`` marks a bundle's own places
#: (:mod:`geo.layers.own_places`): the essay's names go before shared villages and cities.
GROUP_PRIORITY = {"capital": 2, "crossing": 3, "essay": 3.5, "wakhan": 4, "pass": 4, "city": 5}
PRIORITY_COUNTRY_FOCUS, PRIORITY_AREA, PRIORITY_OTHER, PRIORITY_COUNTRY_CONTEXT = 0, 1, 6, 7
#: Approximate glyph widths (CSS px per character) of the fonts in ``map.css``; generous, so a
#: label's box is never smaller than what the browser draws.
PLACE_FONT = (11.5, 6.6)            # font size, width per character
AREA_FONT = (12.0, 7.6)
COUNTRY_FONT = {"focus": (13.0, 11.2), "context": (10.0, 8.4)}
#: How far an area's label may move off its anchor (below or above), px: about half the Wakhan's
#: drawn height at the default zoom.
AREA_LABEL_OFFSET_PX = 7.0
#: Space between a dot's edge and its label, px.
LABEL_GAP_PX = 3.0
POSITIONS = ("r", "l", "t", "b")


@dataclass(frozen=True)
class LabelCandidate:
    """A label wanting a place: its text, anchor (EPSG:4326), priority and how it sits.

    ``symbol_px`` is the radius of the dot the label belongs to (0 for a centred label, e.g.
    a country or an area); ``centred`` labels sit on their anchor, others beside their dot.
    ``offset_px`` (areas only) is how far below or above its anchor an area's label may move
    when its centre is taken.
    """

    key: str
    text: str
    lon: float
    lat: float
    priority: int
    font_px: float
    char_px: float
    symbol_px: float = 0.0
    centred: bool = False
    offset_px: float = 0.0


def label_key(layer_id: str, feature_id: str) -> str:
    """The key of a feature's label: what :func:`place_labels` returns classes under."""
    return f"{layer_id}/{feature_id}"


def layer_label_candidates(layers: Iterable[Layer], offset: int = 0) -> list[LabelCandidate]:
    """Candidates for every labelled feature of ``layers`` (those whose spec names a ``label`` column).

    Points are labelled beside their dot, areas centred on a point inside them (the
    representative point of their largest part).
    """
    out = []
    for layer in layers:
        if not layer.spec.label:
            continue
        for f in styled_features(layer):
            text = str(f.props.get(layer.spec.label) or "")
            if not text:
                continue
            geom = f.geometry
            if geom.geom_type in ("Polygon", "MultiPolygon"):
                largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
                anchor = largest.representative_point()
                size, width = AREA_FONT
                out.append(LabelCandidate(label_key(layer.id, f.id), text, anchor.x, anchor.y,
                                          PRIORITY_AREA + offset, size, width, 0.0, True, AREA_LABEL_OFFSET_PX))
                continue
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            priority = GROUP_PRIORITY.get(str(f.props.get("group", "")), PRIORITY_OTHER) + offset
            radius = float(f.style["radius"]) + float(f.style["weight"]) / 2.0
            size, width = PLACE_FONT
            out.append(LabelCandidate(label_key(layer.id, f.id), text, point.x, point.y, priority, size, width, radius))
    return out


def country_label_candidates(labels: Iterable) -> list[LabelCandidate]:
    """Candidates for the base map's country names (:func:`geo.geography.country_labels`), centred."""
    out = []
    for c in labels:
        size, width = COUNTRY_FONT.get(c.role, COUNTRY_FONT["context"])
        priority = PRIORITY_COUNTRY_FOCUS if c.role == "focus" else PRIORITY_COUNTRY_CONTEXT
        out.append(LabelCandidate(f"country/{c.name}", c.name, c.lon, c.lat, priority, size, width, 0.0, True))
    return out


def _positions(c: LabelCandidate) -> tuple[str, ...]:
    if not c.centred:
        return POSITIONS
    # An area's label sits on it, else just below or above it (a thin strip like the Wakhan
    # holds settlement dots a centred label would cover); a country's only on it.
    return ("c", "b", "t") if c.offset_px else ("c",)


def label_lines(c: LabelCandidate) -> tuple[str, ...]:
    """The label's text as drawn: an area's name on two lines (a narrow strip has no room for one)."""
    if c.offset_px and " " in c.text:
        first, _, rest = c.text.partition(" ")
        return first, rest
    return (c.text,)


def _box(c: LabelCandidate, x: float, y: float, position: str) -> tuple[float, float, float, float]:
    lines = label_lines(c)
    w, h = max(len(t) for t in lines) * c.char_px + 4.0, c.font_px * 1.25 * len(lines) + 2.0
    gap = c.symbol_px + c.offset_px + LABEL_GAP_PX
    if position == "c":
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2
    if position == "r":
        return x + gap, y - h / 2, x + gap + w, y + h / 2
    if position == "l":
        return x - gap - w, y - h / 2, x - gap, y + h / 2
    if position == "t":
        return x - w / 2, y - gap - h, x + w / 2, y - gap
    return x - w / 2, y + gap, x + w / 2, y + gap + h


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(candidates: list[LabelCandidate], zooms: Iterable[int] = LABEL_ZOOMS) -> dict[str, str]:
    """The CSS classes of each label: where it sits at each zoom, absent where it is hidden.

    Parameters
    ----------
    candidates : list of LabelCandidate
        Anchors in EPSG:4326; placed by ``priority``, then in the order given.
    zooms : iterable of int
        Leaflet zooms to place at (screen pixels are ``256 * 2**zoom`` per world width).

    Returns
    -------
    dict
        ``key`` → ``"atlas-label z5-r z6-l ..."``: at zoom 5 right of its dot, at 6 left of
        it; a zoom not listed hides the label. No two labels' boxes overlap at any zoom, and
        no label covers another labelled place's dot.
    """
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].priority, i))
    classes: dict[str, list[str]] = {c.key: ["atlas-label"] for c in candidates}
    for zoom in zooms:
        pixels = [world_pixel(c.lon, c.lat, zoom) for c in candidates]
        dots = [(x - c.symbol_px, y - c.symbol_px, x + c.symbol_px, y + c.symbol_px)
                for c, (x, y) in zip(candidates, pixels) if c.symbol_px > 0]
        placed: list[tuple] = []
        for i in order:
            c, (x, y) = candidates[i], pixels[i]
            for position in _positions(c):
                box = _box(c, x, y, position)
                own = (x - c.symbol_px, y - c.symbol_px, x + c.symbol_px, y + c.symbol_px)
                if any(_overlaps(box, p) for p in placed):
                    continue
                if any(_overlaps(box, d) for d in dots if d != own):
                    continue
                placed.append(box)
                classes[c.key].append(f"z{zoom}-{position}")
                break
    return {key: " ".join(parts) for key, parts in classes.items()}


def placement_css(zooms: Iterable[int] = LABEL_ZOOMS) -> str:
    """CSS showing each label only at the zooms :func:`place_labels` gave it, on the side it was given.

    The map container carries ``zoom-is-N`` (``AtlasMap.tagZoomClasses`` in ``atlas_map.js``);
    a label's inner ``div`` has ``--gap`` (px between its anchor and its text) set inline.
    """
    transforms = {
        "c": "translate(-50%, -50%)",
        "r": "translate(var(--gap, 6px), -50%)",
        "l": "translate(calc(-100% - var(--gap, 6px)), -50%)",
        "t": "translate(-50%, calc(-100% - var(--gap, 6px)))",
        "b": "translate(-50%, var(--gap, 6px))",
    }
    rules = [".atlas-label > div { display: none; }"]
    for position, transform in transforms.items():
        selectors = ",".join(f".zoom-is-{z} .z{z}-{position}>div" for z in zooms)
        rules.append(f"{selectors} {{ display: block; transform: {transform}; }}")
    # Percentages in the transforms are of the text's own width, not of the 0×0 icon it sits in.
    rules.append(".atlas-label > div { width: max-content; }")
    return "\n".join(rules)


def label_gap_px(candidate: LabelCandidate) -> float:
    """The ``--gap`` a label's text keeps from its anchor: its dot's radius plus :data:`LABEL_GAP_PX`."""
    reach = candidate.symbol_px + candidate.offset_px
    return reach + LABEL_GAP_PX if reach else 0.0


@dataclass(frozen=True)
class PlacedLabel:
    """A label ready to draw: text (not escaped), anchor (EPSG:4326), CSS classes and ``--gap`` (px)."""

    key: str
    text: str
    lat: float
    lon: float
    css_class: str
    gap_px: float
    lines: tuple[str, ...] = ()

    @property
    def html(self) -> str:
        """The label's markup: each line escaped, joined by ``<br>``."""
        return "<br>".join(html.escape(t) for t in (self.lines or (self.text,)))


def _layout(layers: Iterable[Layer]) -> dict[str, PlacedLabel]:
    countries = country_label_candidates(country_labels())
    features = layer_label_candidates(layers)
    classes = place_labels([*countries, *features])
    roles = {lbl.name: lbl.role for lbl in country_labels()}
    out = {}
    for c in countries:
        kind = roles[c.key.removeprefix("country/")]
        out[c.key] = PlacedLabel(c.key, c.text, round(c.lat, 4), round(c.lon, 4),
                                 f"country-label {kind} {classes[c.key]}", 0.0, (c.text,))
    for c in features:
        kind = "area-label" if c.centred else "place-label"
        out[c.key] = PlacedLabel(c.key, c.text, round(c.lat, 4), round(c.lon, 4),
                                 f"{kind} {classes[c.key]}", label_gap_px(c), label_lines(c))
    return out


@lru_cache(maxsize=1)
def _base_layout() -> dict[str, PlacedLabel]:
    return _layout(base_layers())


def label_layout(layers: Iterable[Layer] = ()) -> dict[str, PlacedLabel]:
    """Every map label (country names and labelled features) with where it shows at each zoom.

    Placement always counts every labelled layer of ``data/layers.toml`` plus the country
    names, whether shown or not, so labels do not jump when a layer is toggled and the base
    map (country names) stays the same; labelled ``layers`` beyond those are placed after them.

    Parameters
    ----------
    layers : iterable of Layer
        Layers about to be drawn (EPSG:4326); only those not in ``data/layers.toml`` matter.

    Returns
    -------
    dict
        :func:`label_key` (or ``"country/<name>"``) → :class:`PlacedLabel`.
    """
    base = base_layers()
    base_ids = {layer.id for layer in base}
    extra = [layer for layer in layers if layer.spec.label and layer.id not in base_ids]
    if extra:
        return _layout([*base, *extra])
    return _base_layout()
