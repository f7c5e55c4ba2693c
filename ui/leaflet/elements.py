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
from ui.leaflet.published import basemap_url, layer_source, live_map_js_url, map_css_url


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
    localise(m, extra_js=[("atlas_map", live_map_js_url())], extra_css=[("atlas_map_css", map_css_url())])
    m.add_child(StaticBasemap(basemap_url()))
    return m


class StaticBasemap(MacroElement):
    """Create the atlas's panes at once (layers need them), draw the published base map, hold view reports.

    st_folium would report the view Leaflet settles on while it sizes the map, rerunning the page
    twice per load; ``AtlasViewReports`` (``ui/leaflet/view_reports.js``) lets reports through
    only once the user has touched the map. Until then the server's own view is the map's.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        AtlasMap.createPanes({{ this._parent.get_name() }}, {{ this.panes_json }});
        AtlasMap.addBasemap({{ this._parent.get_name() }}, {{ this.url_json }});
        AtlasViewReports.holdUntilTouched();
        {% endmacro %}
    """)

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "StaticBasemap"
        self.panes_json = script_json(pane_list())
        self.url_json = script_json(url)


class LayerScripts(MacroElement):
    """Draw layers into their FeatureGroup, in order: each from a published file or from inline data."""

    # One call for the group: its script travels on every rerun.
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "AtlasMap.addLayers({{ this._parent.get_name() }}, [{{ this.items|join(',') }}]);"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LayerScripts"
        self.items: list[str] = []

    def add_url(self, url: str, fill: dict | None = None) -> LayerScripts:
        """A published file (with an optional choropleth ``fill``); a plain layer is just its URL."""
        self.items.append(f'{{"url":{script_json(url)},"fill":{script_json(fill)}}}' if fill else script_json(url))
        return self

    def add_data(self, data_json: str) -> LayerScripts:
        """Inline layer data, already script-safe JSON."""
        self.items.append(f'{{"data":{data_json}}}')
        return self


def layer_group(layer: Layer) -> folium.FeatureGroup:
    """One FeatureGroup drawing ``layer`` (styles, panes, escaped tooltips and labels by ``atlas_map.js``)."""
    return layers_group([layer], name=layer.spec.title)


def layers_group(layers: list[Layer], name: str = "Layers") -> folium.FeatureGroup:
    """One FeatureGroup drawing every layer of ``layers``, in order.

    st_folium swaps all its feature groups whenever any changes, so one group per layer
    only repeats the group's boilerplate (about 300 bytes a layer) on every rerun.
    """
    scripts = LayerScripts()
    for layer in layers:
        kind, value = layer_source(layer)
        if kind == "url":
            scripts.add_url(value)
        else:
            scripts.add_data(value)
    group = folium.FeatureGroup(name=name)
    group.add_child(scripts)
    return group


def choropleth_group(title: str, shapes_url: str, fill: dict) -> folium.FeatureGroup:
    """A FeatureGroup drawing published shapes coloured by ``fill`` (:func:`geo.layers.choropleth_fill`)."""
    group = folium.FeatureGroup(name=title)
    group.add_child(LayerScripts().add_url(shapes_url, fill))
    return group
