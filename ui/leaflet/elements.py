"""Build the folium map: a constant base map plus one FeatureGroup per layer.

st_folium remounts (flash, lost pan/zoom) whenever the base map's script changes, so the base
map holds only what never changes; every layer the user can toggle travels as a FeatureGroup
through ``feature_group_to_add``, which the component swaps in place.

Neither carries geography: the base map and every shared layer are published as static files
(:mod:`ui.leaflet.published`) and drawn by ``geo/layers/atlas_map.js``, so a rerun sends a few
hundred bytes per layer. Only a session's own layers (uploads, highlights) travel inline.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.geography import DEFAULT_CENTER, DEFAULT_ZOOM
from geo.layers import Layer, pane_list, script_json
from ui.leaflet.assets import localise
from ui.leaflet.published import atlas_map_js_url, basemap_url, layer_source, map_css_url


def base_map() -> folium.Map:
    """The constant part of the map: panes, then water, land, rivers, lakes, names and credit from a static file."""
    m = folium.Map(
        location=DEFAULT_CENTER,
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        max_zoom=11,
    )
    localise(m, extra_js=[("atlas_map", atlas_map_js_url())], extra_css=[("atlas_map_css", map_css_url())])
    m.add_child(StaticBasemap(basemap_url()))
    return m


class StaticBasemap(MacroElement):
    """Create the atlas's panes at once (layers need them), then draw the published base map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        AtlasMap.createPanes({{ this._parent.get_name() }}, {{ this.panes_json }});
        AtlasMap.addBasemap({{ this._parent.get_name() }}, {{ this.url_json }});
        {% endmacro %}
    """)

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "StaticBasemap"
        self.panes_json = script_json(pane_list())
        self.url_json = script_json(url)


class LayerScript(MacroElement):
    """Draw one layer into its FeatureGroup: fetched from a published file, or from inline data."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% if this.url_json %}
        AtlasMap.addLayer({{ this._parent.get_name() }}, {{ this.url_json }}, {{ this.fill_json }});
        {% else %}
        AtlasMap.drawLayer({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endif %}
        {% endmacro %}
    """)

    def __init__(self, url: str | None = None, data_json: str | None = None, fill: dict | None = None) -> None:
        """Either ``url`` (with an optional choropleth ``fill``) or ``data_json``, already script-safe JSON."""
        super().__init__()
        self._name = "LayerScript"
        self.url_json = script_json(url) if url else ""
        self.data_json = data_json or "null"
        self.fill_json = script_json(fill) if fill else "null"


def layer_group(layer: Layer) -> folium.FeatureGroup:
    """One FeatureGroup drawing ``layer`` (styles, panes, escaped tooltips and labels by ``atlas_map.js``)."""
    return layers_group([layer], name=layer.spec.title)


def layers_group(layers: list[Layer], name: str = "Layers") -> folium.FeatureGroup:
    """One FeatureGroup drawing every layer of ``layers``, in order.

    st_folium swaps all its feature groups whenever any changes, so one group per layer
    only repeats the group's boilerplate (about 300 bytes a layer) on every rerun.
    """
    group = folium.FeatureGroup(name=name)
    for layer in layers:
        kind, value = layer_source(layer)
        script = LayerScript(url=value) if kind == "url" else LayerScript(data_json=value)
        group.add_child(script, name=f"{script.get_name()}_{len(group._children)}")
    return group


def choropleth_group(title: str, shapes_url: str, fill: dict) -> folium.FeatureGroup:
    """A FeatureGroup drawing published shapes coloured by ``fill`` (:func:`geo.layers.choropleth_fill`)."""
    group = folium.FeatureGroup(name=title)
    group.add_child(LayerScript(url=shapes_url, fill=fill))
    return group


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
