"""Bundled geography: countries, gazetteer, borders, the Wakhan Corridor, published figures, labels, region settings.

Builders of ``data/`` (``build_basemap``, ``build_gazetteer``) are commands (``python -m geo``), not part of this API.
"""


from geo.geography.admin0 import countries, country, provenance, read_countries
from geo.geography.borders import border_segments, neighbours_of, shared_border
from geo.geography.gazetteer import (
    COUNTRIES,
    GAZETTEER_DIR,
    GROUPS,
    PLACE_COLUMNS,
    crossings,
    load_places,
    load_provinces,
    name_key,
    resolve_place,
    slug,
)
from geo.geography.physical import lakes, rivers
from geo.geography.provinces import location_name, province_areas, read_provinces
from geo.geography.published import GENERALISATION_NOTE, published_lengths
from geo.geography.region import load_region
from geo.geography.search import (
    PlaceEntry,
    PlaceMatch,
    add_aliases,
    features_at,
    gazetteer_entries,
    label_entries,
    search_places,
    transliteration_key,
)
from geo.geography.style import (
    COUNTRY_EDGE,
    COUNTRY_EDGE_WEIGHT,
    COUNTRY_LABEL_COLOR,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    RIVER_COLOR,
    RIVER_WEIGHT,
    WATER,
    CountryLabel,
    basemap_credit,
    country_fill,
    country_labels,
    live_attribution,
    physical_geojson,
)
from geo.geography.wakhan import CORRIDORS, PUBLISHED, wakhan_corridor

__all__ = [
    "COUNTRIES",
    "COUNTRY_EDGE",
    "COUNTRY_EDGE_WEIGHT",
    "COUNTRY_LABEL_COLOR",
    "CountryLabel",
    "DEFAULT_CENTER",
    "DEFAULT_ZOOM",
    "GAZETTEER_DIR",
    "GENERALISATION_NOTE",
    "GROUPS",
    "PLACE_COLUMNS",
    "CORRIDORS",
    "PUBLISHED",
    "RIVER_COLOR",
    "RIVER_WEIGHT",
    "WATER",
    "basemap_credit",
    "border_segments",
    "countries",
    "country",
    "country_fill",
    "country_labels",
    "crossings",
    "load_places",
    "load_provinces",
    "lakes",
    "live_attribution",
    "load_region",
    "name_key",
    "slug",
    "neighbours_of",
    "physical_geojson",
    "provenance",
    "province_areas",
    "location_name",
    "published_lengths",
    "read_countries",
    "read_provinces",
    "resolve_place",
    "rivers",
    "shared_border",
    "wakhan_corridor",
    "PlaceEntry",
    "PlaceMatch",
    "add_aliases",
    "features_at",
    "gazetteer_entries",
    "label_entries",
    "search_places",
    "transliteration_key",
]
