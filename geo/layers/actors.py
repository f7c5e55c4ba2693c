"""One map layer per actor, built from an essay bundle's resolved claims.

The actor's colour comes from the bundle; the claim's status changes the symbol (see
``data/symbology.toml``), so "reported by the UN" never looks like "documented".
"""

from __future__ import annotations

import geopandas as gpd

from geo.bundle import Bundle
from geo.core import REGION_EQUAL_AREA, WGS84
from geo.layers.picking import COUNTRY_WIDE_KM2
from geo.layers.specs import Layer, LayerSpec

ACTOR_GROUP = "Actor presence"
#: Short on purpose: the quotes and full citations are in the panel a click opens.
ACTOR_TOOLTIP = ("label", "actor_name", "when", "paragraph_labels")
#: Area claims cover whole countries or provinces: keep their fill faint so the map stays legible.
ACTOR_STYLE = {"weight": 2.5, "fill_opacity": 0.22, "radius": 7}


#: Area claims are whole countries or provinces; their outline is drawn more coarsely than
#: the borders layer (display only: nothing is measured on these shapes).
AREA_DISPLAY_TOLERANCE_DEG = 0.02


#: Country-wide claims (all of Afghanistan, several times over) are drawn as outlines inset
#: from the border one step further each, so none hides another or what lies inside; the
#: click panel still picks them by their whole area (``geo.layers.FeatureIndex``).
COUNTRY_WIDE_INSET_KM = (4.0, 9.0)  # first inset, then step


def _display_geometry(geom):
    if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom.simplify(AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    return geom


def country_wide_ids(features: gpd.GeoDataFrame) -> list[str]:
    """Ids of the area claims of at least ``COUNTRY_WIDE_KM2``, in the bundle's order."""
    polygons = features[features.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        return []
    km2 = polygons.to_crs(REGION_EQUAL_AREA).area / 1e6
    return [str(i) for i, a in zip(polygons["id"], km2) if a >= COUNTRY_WIDE_KM2]


def inset_outline(geom, rank: int):
    """``geom`` shrunk by the ``rank``-th inset (km, measured in the regional equal-area CRS).

    Parameters
    ----------
    geom : Polygon or MultiPolygon
        EPSG:4326.
    rank : int
        0 for the first country-wide claim, 1 for the next, ...

    Returns
    -------
    Polygon or MultiPolygon
        EPSG:4326; ``geom`` itself when the inset would leave nothing.
    """
    first, step = COUNTRY_WIDE_INSET_KM
    projected = gpd.GeoSeries([geom], crs=WGS84).to_crs(REGION_EQUAL_AREA)
    inset = projected.buffer(-(first + rank * step) * 1000.0).to_crs(WGS84).iloc[0]
    return geom if inset.is_empty else inset


def actor_layer_id(actor_id: str) -> str:
    """Layer id of an actor's layer (also the sidebar key and URL token)."""
    return f"actor_{actor_id}"


def actor_layers(bundle: Bundle) -> list[Layer]:
    """A layer per actor that has at least one mappable claim, in the bundle's actor order."""
    layers = []
    features = bundle.features
    ranks = {fid: rank for rank, fid in enumerate(country_wide_ids(features))}
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
        shown["geometry"] = [_display_geometry(inset_outline(g, ranks[fid]) if fid in ranks else g)
                             for fid, g in zip(shown["id"], shown.geometry)]
        # Outline only: a country-wide claim must not tint (or stack tints over) what lies inside.
        shown["fill_opacity"] = [0.0 if fid in ranks else None for fid in shown["id"]]
        layers.append(Layer(spec=spec, frame=shown))
    return layers
