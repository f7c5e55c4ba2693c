"""Render the main map with st_folium and keep the URL in step with it."""

from __future__ import annotations

from streamlit_folium import st_folium

from geo.layers import Layer
from ui.leaflet.basemaps import tile_group
from ui.leaflet.elements import base_map, layers_group
from ui.session import MAP_WIDGET
from ui.url import View

#: Tall enough for Afghanistan, the Wakhan and Central Asia at the default view, short enough
#: that at 1280×720 the whole of Afghanistan is on screen without scrolling.
MAP_HEIGHT = 560


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
    groups.append(layers_group(ordered))
    # The legend is drawn beside the map (ui.views.map), never over it.
    state = st_folium(
        base_map(),
        key=MAP_WIDGET,
        height=MAP_HEIGHT,
        use_container_width=True,
        center=(view.lat, view.lon),
        zoom=view.zoom,
        feature_group_to_add=groups,
        # The click's coordinate, not the topmost element: the panel lists everything there;
        # the bounds give the report view the extent the user sees.
        returned_objects=["center", "zoom", "bounds", "last_clicked"],
    )
    return state or {}


def bounds_from_map(state: dict) -> tuple[float, float, float, float] | None:
    """The lon/lat box the browser shows (``min_lon, min_lat, max_lon, max_lat``), or ``None``.

    st_folium reports Leaflet's ``getBounds()``; before the map has reported, its corners are null.
    """
    bounds = state.get("bounds") or {}
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        box = (float(sw["lng"]), float(sw["lat"]), float(ne["lng"]), float(ne["lat"]))
    except (KeyError, TypeError, ValueError):
        return None
    return box if box[0] < box[2] and box[1] < box[3] else None


def view_from_map(state: dict, fallback: View) -> View:
    """The view the user is looking at, from st_folium's returned state."""
    center, zoom = state.get("center"), state.get("zoom")
    if not center or zoom is None:
        return fallback
    return View(round(float(center["lat"]), 4), round(float(center["lng"]), 4), int(zoom))
