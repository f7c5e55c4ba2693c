"""How the base map looks: water, land, country edges and which countries get a name.

Shared by the live folium map and the static/HTML exports so a report figure shows the
same colours and the same country names as the screen. Pure Python (no Streamlit).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.core import REGION_EQUAL_AREA
from geo.geography.admin0 import countries
from geo.geography.labels import label_points
from geo.geography.region import load_region

#: The live map's opening view (Leaflet centre as (lat, lon) and zoom).
DEFAULT_CENTER = (36.0, 67.5)
DEFAULT_ZOOM = 5
#: Context countries smaller than this carry no name (they would only clutter the view).
MIN_LABEL_AREA_KM2 = 20_000

WATER = "#c6dbef"
LAND = {"focus": "#f4f1e8", "context": "#e3e1dc"}
AFGHANISTAN_FILL = "#fbeed0"
COUNTRY_EDGE = "#9a9a9a"
COUNTRY_EDGE_WEIGHT = 0.8
COUNTRY_LABEL_COLOR = {"focus": "#4a4a4a", "context": "#8a8a8a"}


@dataclass(frozen=True)
class CountryLabel:
    """Where a country's name goes (the pole of inaccessibility) and how prominent it is."""

    name: str
    role: str
    lat: float
    lon: float


def country_fill(name: str, role: str) -> str:
    """Fill colour of one country: Afghanistan stands out, focus states are lighter than context."""
    return AFGHANISTAN_FILL if name == "Afghanistan" else LAND[role]


@lru_cache(maxsize=1)
def country_labels() -> tuple[CountryLabel, ...]:
    """Focus states and context states of at least :data:`MIN_LABEL_AREA_KM2`, one label each."""
    web = countries("web")
    areas_km2 = web.to_crs(REGION_EQUAL_AREA).area / 1e6
    labelled = label_points(web[(web.role == "focus") | (areas_km2 >= MIN_LABEL_AREA_KM2)])
    placed = load_region().get("label_positions", {})
    labels = []
    for r in labelled.itertuples():
        lat, lon = (placed[r.name]["lat"], placed[r.name]["lon"]) if r.name in placed else (r.geometry.y, r.geometry.x)
        labels.append(CountryLabel(r.name, r.role, round(lat, 3), round(lon, 3)))
    return tuple(labels)


@lru_cache(maxsize=1)
def basemap_credit() -> str:
    """One line naming where the country outlines come from (read from ``region.toml``)."""
    src = load_region()["source"]
    return (
        f"Countries: Natural Earth {src['natural_earth_version']} Admin 0 via {src['npm_package']} "
        f"{src['npm_version']} (public domain)"
    )


#: Rivers and lake shores: a blue darker than the water fill, thin, beneath every layer.
RIVER_COLOR = "#6f9fd0"
RIVER_WEIGHT = 1.1


@lru_cache(maxsize=1)
def physical_geojson() -> tuple[dict, dict]:
    """Rivers and lakes (Natural Earth 1:50m) as GeoJSON dicts with no properties: (rivers, lakes)."""
    import json

    from geo.geography.physical import lakes, rivers

    return (json.loads(rivers().to_json(drop_id=True)), json.loads(lakes().to_json(drop_id=True)))


@lru_cache(maxsize=1)
def live_attribution() -> str:
    """The credit line of the map's corner: Natural Earth for the outlines and rivers, GeoNames for places.

    Plain text (no links): the HTML export must reference no external address.
    """
    return "Data: Natural Earth (public domain) · GeoNames (CC BY 4.0)"
