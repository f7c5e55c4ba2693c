"""One map layer per actor, built from an essay bundle's resolved claims.

The actor's colour comes from the bundle; the claim's status changes the symbol (see
``data/symbology.toml``), so "reported by the UN" never looks like "documented".
"""

from __future__ import annotations

import geopandas as gpd

from geo.bundle import Bundle
from geo.layers.specs import Layer, LayerSpec

ACTOR_GROUP = "Actor presence"
#: Short on purpose: the quotes and full citations are in the panel a click opens.
ACTOR_TOOLTIP = ("label", "actor_name", "when", "paragraph_labels")
#: Area claims cover whole countries or provinces: keep their fill faint so the map stays legible.
ACTOR_STYLE = {"weight": 2.5, "fill_opacity": 0.22, "radius": 7}


#: Area claims are whole countries or provinces; their outline is drawn more coarsely than
#: the borders layer (display only: nothing is measured on these shapes).
AREA_DISPLAY_TOLERANCE_DEG = 0.01


def _display_geometry(geom):
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom.simplify(AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    return geom


def actor_layer_id(actor_id: str) -> str:
    """Layer id of an actor's layer (also the sidebar key and URL token)."""
    return f"actor_{actor_id}"


def actor_layers(bundle: Bundle) -> list[Layer]:
    """A layer per actor that has at least one mappable claim, in the bundle's actor order."""
    layers = []
    features = bundle.features
    for actor_id, actor in bundle.actors.items():
        frame = features[features["actor"] == actor_id]
        if frame.empty:
            continue
        spec = LayerSpec(
            id=actor_layer_id(actor_id),
            title=actor.name,
            group=ACTOR_GROUP,
            builder="bundle",
            geometry="mixed",
            description=actor.description,
            source=f"{bundle.meta.attribution}; external sources listed per claim",
            default_on=True,
            tooltip=ACTOR_TOOLTIP,
            style={**ACTOR_STYLE, "color": frame["colour"].iloc[0]},
        )
        shown = gpd.GeoDataFrame(frame, geometry="geometry", crs=features.crs)
        shown["geometry"] = [_display_geometry(g) for g in shown.geometry]
        layers.append(Layer(spec=spec, frame=shown))
    return layers
