"""What a Leaflet map of the atlas draws, as JSON-ready dicts: the base map, a layer, a choropleth.

The live map publishes these as static files and the HTML export inlines them; both draw them with
the one script :data:`ATLAS_MAP_JS_FILE` (``AtlasMap.drawBasemap``, ``drawLayer``,
``drawChoropleth``). Every style, pane, tooltip and label is decided here, so the two maps agree.
All coordinates are EPSG:4326 degrees, rounded to :data:`geo.layers.COORD_DECIMALS` places.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from shapely.geometry.base import BaseGeometry

from geo.core import inputs_digest, load_or_build
from geo.geography import (
    COUNTRY_EDGE,
    COUNTRY_EDGE_WEIGHT,
    RIVER_COLOR,
    RIVER_WEIGHT,
    WATER,
    countries,
    country_fill,
    live_attribution,
    physical_geojson,
)
from geo.layers.features import rounded_geometry, styled_features
from geo.layers.markup import MAP_PANES, feature_pane, tooltip_html
from geo.layers.placement import PlacedLabel, label_key, label_layout
from geo.layers.specs import Layer
from geo.layers.symbology import leaflet_options

#: The script that draws these dicts with Leaflet (live map and HTML export).
ATLAS_MAP_JS_FILE = Path(__file__).with_name("atlas_map.js")
#: Lakes and rivers on the base map (Natural Earth 1:50m, unlabelled: the source ships no names).
LAKE_STYLE = {"color": RIVER_COLOR, "weight": 0.6, "fillColor": WATER, "fillOpacity": 1.0}
RIVER_STYLE = {"color": RIVER_COLOR, "weight": RIVER_WEIGHT, "opacity": 0.9, "className": "river"}


@lru_cache(maxsize=1)
def atlas_map_js() -> str:
    """The text of :data:`ATLAS_MAP_JS_FILE`.

    Raises
    ------
    OSError
        The file is missing from the installed package.
    """
    return ATLAS_MAP_JS_FILE.read_text(encoding="utf-8")


def pane_list() -> list[dict]:
    """:data:`geo.layers.MAP_PANES` as ``{"name", "z", "interactive"}`` dicts for ``AtlasMap.createPanes``."""
    return [{"name": name, "z": z, "interactive": interactive} for name, z, interactive in MAP_PANES]


def label_json(label: PlacedLabel) -> dict:
    """A placed label as ``AtlasMap.addLabel`` takes it (anchor in degrees, ``gap`` in CSS pixels)."""
    return {"lat": label.lat, "lon": label.lon, "html": label.html, "cls": label.css_class, "gap": label.gap_px}


def drawable_parts(geom: BaseGeometry | None) -> list[BaseGeometry]:
    """The parts of ``geom`` Leaflet 1.9.3 can draw with a tooltip, empty parts left out.

    Leaflet turns a MultiPoint or a GeometryCollection into a FeatureGroup, and 1.9.3's
    tooltip code then calls ``getElement`` on that group (``t.getElement is not a
    function``), which aborts every layer drawn after it. So collections are flattened,
    however deeply nested, and a MultiPoint is sent as its points; each part keeps the
    feature's id, tooltip and style, so it still reads as one feature. Lines and polygons
    (multi or not) are one Leaflet path and stay whole.
    """
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("GeometryCollection", "MultiPoint"):
        return [part for child in geom.geoms for part in drawable_parts(child)]
    return [geom]


#: Areas under lines under points within a layer, so a point inside a country-sized claim stays clickable.
_DRAW_ORDER = {"Polygon": 0, "MultiPolygon": 0, "LineString": 1, "MultiLineString": 1, "Point": 2}


def layer_data(layer: Layer, labels: Mapping[str, PlacedLabel] | None = None) -> dict:
    """Everything ``AtlasMap.drawLayer`` needs to draw ``layer``.

    Parameters
    ----------
    layer : Layer
        Its frame in EPSG:4326.
    labels : mapping of label key to PlacedLabel, optional
        Label placement to use; by default ``label_layout([layer])``, which depends on this
        layer alone (and the shipped layers), so the result can be cached per layer.

    Returns
    -------
    dict
        ``features``: a GeoJSON FeatureCollection whose properties are ``id``, ``layer``,
        ``_style`` (Leaflet path options), ``_pane`` and ``_tooltip`` (escaped markup), one
        feature per drawable part (:func:`drawable_parts`), areas first; ``labels``: the
        layer's placed labels (:func:`label_json`).
    """
    features = []
    ids = []
    for f in styled_features(layer):
        ids.append(f.id)
        properties = {"id": f.id, "layer": layer.id, "_style": leaflet_options(f.style),
                      "_tooltip": tooltip_html(layer, f.props, f.status)}
        for part in drawable_parts(f.geometry):
            features.append({"type": "Feature", "geometry": rounded_geometry(part),
                             "properties": {**properties, "_pane": feature_pane(part.geom_type)}})
    features.sort(key=lambda f: _DRAW_ORDER.get(f["geometry"]["type"], 1))
    placed_labels: list[dict] = []
    if layer.spec.label:
        placed = label_layout([layer]) if labels is None else labels
        keys = dict.fromkeys(label_key(layer.id, fid) for fid in ids)
        placed_labels = [label_json(placed[k]) for k in keys if k in placed]
    return {"features": {"type": "FeatureCollection", "features": features}, "labels": placed_labels}


@lru_cache(maxsize=1)
def basemap_data() -> dict:
    """Everything ``AtlasMap.drawBasemap`` needs: land, lakes, rivers, country names, panes, credit.

    Returns
    -------
    dict
        ``countries`` (bundled ``"web"`` countries as a FeatureCollection with a ``fill`` colour
        each), ``lakes`` and ``rivers`` (FeatureCollections) with ``lakeStyle``/``riverStyle``,
        ``labels`` (country names, :func:`label_json`), ``panes`` (:func:`pane_list`), ``landPane``,
        ``edge``/``edgeWeight`` (country outline) and ``attribution`` (HTML crediting the data).
    """
    web = countries("web")
    country_features = [
        {"type": "Feature", "geometry": rounded_geometry(geom), "properties": {"fill": country_fill(name, role)}}
        for name, role, geom in zip(web.name, web.role, web.geometry, strict=True)
    ]
    rivers, lakes = physical_geojson()
    return {
        "countries": {"type": "FeatureCollection", "features": country_features},
        "lakes": lakes,
        "rivers": rivers,
        "lakeStyle": LAKE_STYLE,
        "riverStyle": RIVER_STYLE,
        "labels": [label_json(lbl) for key, lbl in label_layout().items() if key.startswith("country/")],
        "panes": pane_list(),
        "landPane": MAP_PANES[0][0],
        "edge": COUNTRY_EDGE,
        "edgeWeight": COUNTRY_EDGE_WEIGHT,
        "attribution": live_attribution(),
    }


def choropleth_shapes(layer: Layer) -> dict:
    """The constant part of a choropleth for ``AtlasMap.drawChoropleth``: shapes, ids, titles.

    Parameters
    ----------
    layer : Layer
        Polygons in EPSG:4326; the first of its spec's ``tooltip`` fields titles each shape.

    Returns
    -------
    dict
        ``features`` (GeoJSON Features with properties ``i``: the row number the fill's
        arrays are indexed by, ``id`` and ``_tooltip``) and ``pane``.
    """
    head = Layer(spec=replace(layer.spec, tooltip=layer.spec.tooltip[:1]), frame=layer.frame)
    features = [
        {"type": "Feature", "geometry": rounded_geometry(f.geometry),
         "properties": {"i": i, "id": f.id, "_tooltip": tooltip_html(head, f.props, None)}}
        for i, f in enumerate(styled_features(layer))
    ]
    return {"features": features, "pane": feature_pane("Polygon")}


def choropleth_fill(colours: Sequence[str] | np.ndarray, style: Mapping, template: str,
                    values: Mapping[str, Sequence[float]], decimals: Mapping[str, int] | None = None,
                    coded: Mapping[str, tuple[Sequence[int], Sequence[str]]] | None = None) -> dict:
    """The per-session part of a choropleth: one colour and a few values per shape, compactly.

    Parameters
    ----------
    colours : sequence of str, or ndarray of shape (n, 3)
        ``#rrggbb`` per shape, in the order of :func:`choropleth_shapes`, or the same colours
        as uint8 RGB rows.
    style : mapping
        Leaflet path options shared by every shape (weight, fill opacity).
    template : str
        The read-out under each shape's title, naming columns in braces: ``"Risk {score}"``.
    values : mapping of str to sequence of float
        Numeric columns, one value per shape, shown with ``decimals`` places (default 0).
    coded : mapping of str to (codes, labels), optional
        Categorical columns: one index into ``labels`` (at most 10 labels) per shape.

    Returns
    -------
    dict
        ``colors`` (one string of 6 hex digits per shape), ``style``, ``template``, ``values``
        (number lists rounded to their decimals, or digit strings), ``decimals`` and ``labels``.

    Raises
    ------
    ValueError
        A colour is not ``#rrggbb``, a column's length differs from the colours', or a coded
        column has more than 10 labels.
    """
    if isinstance(colours, np.ndarray):
        if colours.ndim != 2 or colours.shape[1] != 3:
            raise ValueError("choropleth colours as an array must have one RGB row per shape")
        hexes = colours.astype(np.uint8).tobytes().hex()
    else:
        if any(len(c) != 7 or not c.startswith("#") for c in colours):
            raise ValueError("every choropleth colour must be written #rrggbb")
        hexes = "".join(c[1:] for c in colours)
    n = len(colours)
    decimals = dict(decimals or {})
    out_values: dict[str, object] = {}
    labels: dict[str, list[str]] = {}
    for key, column in values.items():
        if len(column) != n:
            raise ValueError(f"choropleth column {key!r} has {len(column)} values for {n} shapes")
        places = decimals.setdefault(key, 0)
        out_values[key] = np.round(np.asarray(column, dtype=float), places).tolist()
    for key, (codes, names) in (coded or {}).items():
        if len(codes) != n:
            raise ValueError(f"choropleth column {key!r} has {len(codes)} values for {n} shapes")
        if len(names) > 10:
            raise ValueError(f"choropleth column {key!r} has more than 10 labels")
        out_values[key] = "".join(str(int(c)) for c in codes)
        labels[key] = list(names)
    return {"colors": hexes, "style": dict(style), "template": template,
            "values": out_values, "decimals": decimals, "labels": labels}


def content_name(stem: str, data: bytes) -> str:
    """``<stem>-<16 hex digits of SHA-256(data)>``: a file name that changes whenever the content does."""
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}"


def _compact_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_bytes(value: object) -> bytes:
    """Compact UTF-8 JSON (no spaces, non-ASCII kept) for a published file."""
    return _compact_json(value).encode("utf-8")


def script_json(value: object) -> str:
    r"""JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u`` escapes.

    Without this a data string containing ``</script>`` would end the script early.
    """
    return _compact_json(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def basemap_json() -> bytes:
    """:func:`basemap_data` as :func:`json_bytes`, kept in the derived-data store (:mod:`geo.core.derived`).

    Placing the labels takes about a third of a second; a server start reads the stored bytes
    instead, under a name that changes with the code and data they come from.
    """
    return load_or_build("basemap-json", inputs_digest(), lambda: json_bytes(basemap_data()),
                         lambda value, folder: (folder / "basemap.json").write_bytes(value),
                         lambda folder: (folder / "basemap.json").read_bytes())
