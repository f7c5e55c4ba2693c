"""Basemap choices. The bundled vector basemap is the default and needs no network;
the tile basemaps are an explicit opt-in and say so in their label."""

from __future__ import annotations

from dataclasses import dataclass

import folium


@dataclass(frozen=True)
class Basemap:
    key: str
    label: str
    tiles: str | None = None
    attribution: str = ""


BASEMAPS = {
    b.key: b
    for b in (
        Basemap("vector", "Bundled vector (offline)"),
        Basemap(
            "osm",
            "OpenStreetMap tiles (online)",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "&copy; OpenStreetMap contributors",
        ),
        Basemap(
            "carto",
            "CARTO light tiles (online)",
            "https://basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
            "&copy; OpenStreetMap contributors &copy; CARTO",
        ),
    )
}
DEFAULT_BASEMAP = "vector"


def tile_group(key: str) -> folium.FeatureGroup | None:
    """A FeatureGroup holding the online tile layer for ``key``; None for the vector basemap."""
    basemap = BASEMAPS[key]
    if basemap.tiles is None:
        return None
    group = folium.FeatureGroup(name=basemap.label, control=False)
    folium.TileLayer(tiles=basemap.tiles, attr=basemap.attribution, name=basemap.label).add_to(group)
    return group
