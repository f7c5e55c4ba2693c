"""The main map's place search: type a name, the map zooms to it and the sidebar lists the claims there.

Matching is :func:`geo.geography.search_places` over the bundle's own places, the gazetteer
(places, provinces, countries), the bundle's ``[mentions]`` and the names in its claims' labels. The map moves
once per new query or pick, so panning afterwards is not undone by the next rerun.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.bundle import Bundle, in_window
from geo.core import WGS84, TimeWindow, view_for_frame
from geo.geography import (
    PlaceEntry,
    add_aliases,
    countries,
    features_at,
    gazetteer_entries,
    label_entries,
    load_places,
    load_provinces,
    search_places,
)
from geo.layers import Layer, LayerSpec, status_label
from ui.focus import move_map
from ui.session import CLICKED_AT, PLACE_PICK, PLACE_QUERY, PLACE_TOKEN, SELECTED_FEATURE
from ui.text import md_escape

#: Zoom for a place that is only a point, by kind (an area is fitted whole instead).
POINT_ZOOM = {"province": 8, "country": 6, "place": 9, "essay": 8}  # a town with its surroundings (~250 km)
PLACE_STYLE = {"color": "#ffd400", "weight": 4, "opacity": 0.95, "fill_opacity": 0.08, "radius": 14}


def place_search(bundle: Bundle, window: TimeWindow | None) -> Layer | None:
    """Draw the search box and its results in the sidebar; return a layer outlining the chosen place."""
    st.sidebar.markdown("**Find a place**")
    query = st.sidebar.text_input("Place name", key=PLACE_QUERY, placeholder="e.g. Panshir, Mazar-e Sharif",
                                  on_change=lambda: st.session_state.pop(PLACE_PICK, None),
                                  help="Spelling variants are fine: Panshir finds Panjshir, Mazar-e Sharif "
                                       "finds Mazar-i-Sharif.")
    if not query.strip():
        return None
    matches = search_places(query, _entries(bundle))
    if not matches:
        st.sidebar.caption(f"No place like “{md_escape(query)}” in the gazetteer or the essay.")
        return None
    pick = 0
    if len(matches) > 1:
        pick = st.sidebar.radio("Matches", range(len(matches)), key=PLACE_PICK,
                                format_func=lambda i: f"{matches[i].entry.name} ({matches[i].entry.kind_label})")
    entry = matches[pick].entry
    token = (query, entry.kind, entry.id)
    if st.session_state.get(PLACE_TOKEN) != token:
        st.session_state[PLACE_TOKEN] = token
        view = _view(entry)
        move_map(*view)
        # The click panel lists what lies at the found place, not at the last click, now off screen.
        st.session_state[CLICKED_AT] = (*_anchor(entry), float(view[2]))
        st.session_state.pop(SELECTED_FEATURE, None)
    _claims_there(bundle, entry, window)
    return _place_layer(entry)


def _anchor(entry: PlaceEntry) -> tuple[float, float]:
    """(lat, lon) of a point inside the place (its representative point), for the click panel."""
    point = entry.geometry.representative_point()
    return round(point.y, 5), round(point.x, 5)


def _view(entry: PlaceEntry) -> tuple[float, float, int]:
    frame = gpd.GeoDataFrame(geometry=[entry.geometry], crs=WGS84)
    if entry.is_area:
        return view_for_frame(frame, max_zoom=10)
    point = entry.geometry.representative_point()
    return round(point.y, 4), round(point.x, 4), POINT_ZOOM.get(entry.kind, 9)


def _claims_there(bundle: Bundle, entry: PlaceEntry, window: TimeWindow | None) -> None:
    there = features_at(entry, bundle.features)
    if entry.kind == "essay":
        there = bundle.features[bundle.features["id"] == entry.id]
    heading = f"{entry.name}, {entry.kind_label}" + (f" ({entry.detail})" if entry.detail else "")
    st.sidebar.markdown(f"**{md_escape(heading)}**")
    if there.empty:
        st.sidebar.caption("No claim of the essay is mapped here.")
        return
    shown = pd.Series(in_window(there, window), index=there.index)
    st.sidebar.caption(f"{len(there)} claim{'s' if len(there) != 1 else ''} here; click one to read it.")
    # Two claims of one wording (the 2023 and 2024 UN reports) are told apart by when.
    repeated = there.duplicated(["label", "actor_name", "status"], keep=False)
    for index, claim in there.iterrows():
        outside = "" if shown[index] else " · outside the time window"
        when = f", {claim['when']}" if repeated[index] and isinstance(claim["when"], str) and claim["when"] else ""
        st.sidebar.button(f"{claim['label']} ({claim['actor_name']}, {status_label(claim['status'])}{when}){outside}",
                          key=f"place_claim_{claim['id']}", on_click=_select, args=(claim["actor"], claim["id"]),
                          width="stretch", help=str(claim["when"]))


def _select(actor_id: str, claim_id: str) -> None:
    st.session_state[SELECTED_FEATURE] = (f"actor_{actor_id}", claim_id)


def _place_layer(entry: PlaceEntry) -> Layer:
    spec = LayerSpec(id="place_search", title=f"Found: {entry.name}", group="Find a place", builder="search",
                     geometry="polygon" if entry.is_area else "point", description="", source="",
                     tooltip=("title", "paragraph_labels"), style=PLACE_STYLE)
    return _cached_layer(entry.kind, entry.id, _spec=spec, _entry=entry)


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_layer(kind: str, entry_id: str, _spec: LayerSpec, _entry: PlaceEntry) -> Layer:
    # One Layer object per place, so the map builds its FeatureGroup once (see ui.leaflet.render).
    frame = gpd.GeoDataFrame({"title": [_entry.name], "paragraph_labels": [_entry.kind_label]},
                             geometry=[_entry.geometry], crs=WGS84)
    return Layer(spec=_spec, frame=frame)


def _entries(bundle: Bundle) -> list[PlaceEntry]:
    return _cached_entries(str(bundle.path), id(bundle), bundle)


@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_entries(path: str, bundle_id: int, _bundle: Bundle) -> list[PlaceEntry]:
    # The bundle's own places (places.toml) first: an essay's spelling of its places wins a tie.
    own = [PlaceEntry(p.id, p.name, "place", tuple(dict.fromkeys((p.name, p.id, *p.aliases))), p.point,
                      "from the essay bundle") for p in _bundle.places.values()]
    # A place the bundle carries under a gazetteer id replaces the gazetteer's entry: one result each.
    own_ids = {entry.id for entry in own}
    shared = [e for e in gazetteer_entries(load_places(), load_provinces(), countries("web"))
              if not (e.kind == "place" and e.id in own_ids)]
    entries = [*own, *shared]
    mentions = [(name, target.split(":", 1)[1]) for name, target in _bundle.mentions.items()
                if target.split(":", 1)[0] in ("place", "province", "claim")]
    return add_aliases([*entries, *label_entries(_bundle.features)], mentions)
