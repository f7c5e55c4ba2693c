"""Render the main map with st_folium and keep the URL in step with it."""

from __future__ import annotations

from streamlit_folium import st_folium

from geo.layers import Layer
from geo.legend import legend_entries, status_entries
from ui.basemaps import tile_group
from ui.legend import legend_html
from ui.map_view import base_map, layer_group, legend_group
from ui.state import View

MAP_KEY = "atlas_map"
MAP_HEIGHT = 680


def render_map(layers: list[Layer], basemap: str, view: View) -> dict:
    """Draw the base map plus the visible ``layers``; return st_folium's interaction state.

    ``view`` is passed as centre/zoom props, which move the map without remounting it.
    """
    groups = []
    tiles = tile_group(basemap)
    if tiles is not None:
        groups.append(tiles)
    # Areas first so that borders, routes and points stay clickable on top of them.
    ordered = sorted(layers, key=lambda layer: layer.spec.geometry not in ("polygon", "mixed"))
    groups.extend(layer_group(layer) for layer in ordered)
    if layers:
        groups.append(legend_group(legend_html(legend_entries(layers), status_entries(layers))))
    return st_folium(
        base_map(),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        center=(view.lat, view.lon),
        zoom=view.zoom,
        feature_group_to_add=groups,
        returned_objects=["center", "zoom", "last_active_drawing", "last_object_clicked_count"],
    ) or {}


def view_from_map(state: dict, fallback: View) -> View:
    """The view the user is looking at, from st_folium's returned state."""
    center, zoom = state.get("center"), state.get("zoom")
    if not center or zoom is None:
        return fallback
    return View(round(float(center["lat"]), 4), round(float(center["lng"]), 4), int(zoom))
