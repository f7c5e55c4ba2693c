"""Spillover Atlas — main map page.

Thin by design: state comes from the URL and the sidebar, layers from ``geo``, drawing
from ``ui``.
"""

from __future__ import annotations

import streamlit as st

from geo.layers import base_layers, layer_specs
from ui.basemaps import BASEMAPS, DEFAULT_BASEMAP
from ui.errors import load_or_stop
from ui.main_map import render_map, view_from_map
from ui.offline import ensure_leaflet_assets
from ui.panels import border_table
from ui.sidebar import basemap_choice, layer_toggles
from ui.state import encode_layers, parse_choice, parse_layers, parse_view

st.set_page_config(page_title="Spillover Atlas", page_icon="🗺️", layout="wide")
ensure_leaflet_assets()

specs = load_or_stop(layer_specs)
layers = {layer.id: layer for layer in load_or_stop(base_layers)}
params = st.query_params

st.sidebar.title("Layers")
visible = layer_toggles(specs, parse_layers(params, [s.id for s in specs], [s.id for s in specs if s.default_on]))
basemap = basemap_choice(parse_choice(params, "basemap", list(BASEMAPS), DEFAULT_BASEMAP))

if "initial_view" not in st.session_state:
    st.session_state["initial_view"] = parse_view(params)

st.title("Spillover Atlas: Afghanistan and its neighbours")
st.caption(
    "Mapping the argument of *Could Al-Qaeda Terrorist Organization Become an International Threat Again?* "
    "(Dr. Doğacan Başaran, ANKASAM, 2023). Every feature carries its source and status."
)
state = render_map([layers[i] for i in visible], basemap, st.session_state["initial_view"])

st.query_params.update(
    layers=encode_layers(visible),
    basemap=basemap,
    view=view_from_map(state, st.session_state["initial_view"]).encode(),
)
border_table()
