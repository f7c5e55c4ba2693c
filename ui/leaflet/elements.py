"""Build the folium map: a constant vector base map plus one FeatureGroup per layer.

st_folium remounts (flash, lost pan/zoom) whenever the base map's script changes, so
the base map holds only what never changes (country fills and names); every layer the
user can toggle travels as a FeatureGroup through ``feature_group_to_add``, which the
component swaps in place.
"""

from __future__ import annotations

import json
from functools import lru_cache

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.export import script_json
from geo.geography import (
    COUNTRY_EDGE,
    COUNTRY_EDGE_WEIGHT,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    RIVER_COLOR,
    RIVER_WEIGHT,
    WATER,
    countries,
    country_fill,
    live_attribution,
    physical_geojson,
)
from geo.layers import (
    ZOOM_CLASSES_JS,
    Layer,
    PlacedLabel,
    label_key,
    label_layout,
    leaflet_options,
    map_css,
    rounded_geometry,
    styled_features,
    tooltip_html,
)
from ui.leaflet.assets import localise

#: Leaflet panes under the default overlay pane (z-index 400, lines and points): the land
#: fills lowest, then every layer's areas.
LAND_PANE = "atlas-land"
AREA_PANE = "atlas-areas"



def base_map() -> folium.Map:
    """The constant part of the map: water, land, rivers and lakes, country names, scale bar, data credit."""
    m = folium.Map(
        location=DEFAULT_CENTER,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        max_zoom=11,
    )
    localise(m)
    m.get_root().header.add_child(Element(f"<style>{map_css()}</style>"))
    folium.map.CustomPane(LAND_PANE, z_index=350, pointer_events=False).add_to(m)
    folium.map.CustomPane(AREA_PANE, z_index=390, pointer_events=True).add_to(m)
    folium.GeoJson(
        _countries_geojson(),
        name="Countries",
        pane=LAND_PANE,
        style_function=_country_style,
        interactive=False,
        className="country",
        control=False,
    ).add_to(m)
    rivers, lakes = physical_geojson()
    folium.GeoJson(lakes, name="Lakes", pane=LAND_PANE, interactive=False, control=False,
                   style_function=lambda f: {"color": RIVER_COLOR, "weight": 0.6, "fillColor": WATER,
                                             "fillOpacity": 1.0}).add_to(m)
    folium.GeoJson(rivers, name="Rivers", pane=LAND_PANE, interactive=False, control=False,
                   style_function=lambda f: {"color": RIVER_COLOR, "weight": RIVER_WEIGHT, "opacity": 0.9,
                                             "className": "river"}).add_to(m)
    m.add_child(ZoomClasses())
    m.add_child(Attribution(live_attribution()))
    m.add_child(TextLabels([lbl for key, lbl in label_layout().items() if key.startswith("country/")]))
    return m


@lru_cache(maxsize=1)
def _countries_geojson() -> dict:
    """The web countries as a GeoJSON dict with only what styling needs."""
    web = countries("web")[["name", "role", "geometry"]]
    return json.loads(web.to_json(drop_id=True))


def _country_style(feature: dict) -> dict:
    props = feature["properties"]
    return {"color": COUNTRY_EDGE, "weight": COUNTRY_EDGE_WEIGHT,
            "fillColor": country_fill(props["name"], props["role"]), "fillOpacity": 1.0}


def layer_group(layer: Layer) -> folium.FeatureGroup:
    """One FeatureGroup drawing ``layer`` with status-aware styles and escaped tooltips.

    Areas go to a pane beneath every other layer's lines and points, so a country-sized
    claim drawn later never covers (or steals clicks from) a point drawn earlier.
    """
    group = folium.FeatureGroup(name=layer.spec.title)
    data, styles = _layer_geojson(layer)
    if not data["features"]:
        return group
    areas = [f for f in data["features"] if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    others = [f for f in data["features"] if f["geometry"]["type"] not in ("Polygon", "MultiPolygon")]
    for features, pane in ((areas, AREA_PANE), (others, None)):
        if not features:
            continue
        kwargs = dict(
            style_function=lambda f: styles[f["properties"]["id"]],
            highlight_function=lambda f: {"weight": styles[f["properties"]["id"]]["weight"] + 2},
            tooltip=folium.GeoJsonTooltip(fields=["_tooltip"], labels=False, sticky=True),
            name=layer.spec.title,
        )
        if pane:
            kwargs["pane"] = pane
        if any(f["geometry"]["type"] == "Point" for f in features):
            kwargs["marker"] = folium.CircleMarker(radius=layer.spec.style.get("radius", 5), fill=True)
        folium.GeoJson({"type": "FeatureCollection", "features": features}, **kwargs).add_to(group)
    if layer.spec.label:
        placed = label_layout([layer])
        labels = [placed[k] for k in dict.fromkeys(label_key(layer.id, f["properties"]["id"]) for f in data["features"])
                  if k in placed]
        group.add_child(TextLabels(labels))
    return group


_DRAW_ORDER = {"Polygon": 0, "MultiPolygon": 0, "LineString": 1, "MultiLineString": 1, "Point": 2, "MultiPoint": 2}


def _layer_geojson(layer: Layer) -> tuple[dict, dict[str, dict]]:
    """Slim GeoJSON for the browser (id, escaped tooltip and label) plus each feature's style by id.

    Styles stay on the Python side: folium turns them into one switch statement, so they
    need not travel again inside every feature's properties.
    """
    features = []
    styles: dict[str, dict] = {}
    for f in styled_features(layer):
        styles[f.id] = leaflet_options(f.style)
        properties = {"id": f.id, "layer": layer.id, "_tooltip": tooltip_html(layer, f.props, f.status)}
        for part in drawable_parts(f.geometry):
            features.append({"type": "Feature", "geometry": rounded_geometry(part), "properties": properties})
    # Areas under lines under points: a point inside a country-sized claim must stay clickable.
    features.sort(key=lambda f: _DRAW_ORDER.get(f["geometry"]["type"], 1))
    return {"type": "FeatureCollection", "features": features}, styles


def drawable_parts(geom) -> list:
    """The parts of ``geom`` Leaflet 1.9.3 can draw with a tooltip, empty parts left out.

    Leaflet turns a MultiPoint or a GeometryCollection into a FeatureGroup, and 1.9.3's
    tooltip code then calls ``getElement`` on that group (``t.getElement is not a
    function``), which aborts every layer drawn after it: the borders, places and legend
    vanish. So collections are flattened, however deeply nested, and a MultiPoint is sent
    as its points; each part keeps the feature's id, tooltip and style, so it still reads
    as one feature. Lines and polygons (multi or not) are one Leaflet path and stay whole.
    """
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type in ("GeometryCollection", "MultiPoint"):
        return [part for child in geom.geoms for part in drawable_parts(child)]
    return [geom]


class TextLabels(MacroElement):
    """Non-interactive text labels from one compact list, added to the parent map or group.

    A folium DivIcon marker costs ~500 bytes of script per label; this costs ~60. Where each
    label shows at each zoom is in its classes (:func:`geo.layers.label_layout`); its
    ``--gap`` keeps the text clear of its dot.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.labels_json }}.forEach(function (l) {
            L.marker([l[0], l[1]], {interactive: false, keyboard: false,
                icon: L.divIcon({html: '<div style="--gap:' + l[4] + 'px">' + l[2] + '</div>', className: l[3],
                                 iconSize: [0, 0]})})
             .addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
    """)

    def __init__(self, labels: list[PlacedLabel]) -> None:
        super().__init__()
        self._name = "TextLabels"
        self.labels_json = script_json([[lbl.lat, lbl.lon, lbl.html, lbl.css_class, lbl.gap_px] for lbl in labels])


class Attribution(MacroElement):
    """Credit the bundled data in the map's corner, so every screenshot carries it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
        {% endmacro %}
    """)

    def __init__(self, credit_html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text_json = script_json(credit_html)


class ZoomClasses(MacroElement):
    """Tag the map container with ``zoom-lt-N`` classes so CSS can thin labels when zoomed out."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) { {{ this.js }} })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self.js = ZOOM_CLASSES_JS


class LegendLayer(MacroElement):
    """A legend that lives inside a FeatureGroup.

    st_folium swaps FeatureGroups in place; a plain Leaflet control would pile up on
    every swap. Wrapping the control in a layer makes Leaflet remove it together with
    its group.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.Layer.extend({
            onAdd: function (map) {
                this._ctl = L.control({position: 'bottomright'});
                this._ctl.onAdd = function () {
                    var div = L.DomUtil.create('div', 'atlas-legend');
                    div.innerHTML = {{ this.html_json }};
                    L.DomEvent.disableClickPropagation(div);
                    return div;
                };
                this._ctl.addTo(map);
            },
            onRemove: function (map) { map.removeControl(this._ctl); }
        });
        {{ this._parent.get_name() }}.addLayer(new {{ this.get_name() }}());
        {% endmacro %}
    """)

    def __init__(self, legend_html: str) -> None:
        super().__init__()
        self._name = "LegendLayer"
        self.html_json = script_json(legend_html)


def legend_group(legend_html: str) -> folium.FeatureGroup:
    """A FeatureGroup carrying only the legend for the visible layers."""
    group = folium.FeatureGroup(name="Legend", control=False)
    group.add_child(LegendLayer(legend_html))
    return group
