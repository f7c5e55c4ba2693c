"""Every ``st.session_state`` key the app reads or writes, in one place.

Modules import the names below instead of spelling keys as strings, so two modules can't
drift apart on a key and a reader can see at a glance what a session holds.

Widget state that another page changes (a layer's checkbox, the map view) must be set
before the widget is drawn in that run: :func:`request` stores the change and
:func:`apply_requests`, called by the app's frame before any page draws, applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

# --- the essay bundle
BUNDLE_PATH = "bundle_path"                  # folder of a bundle the user switched to (str)
BUNDLE_PARAM = "bundle"                      # URL query parameter: content hash of a kept bundle
REVIEW_PARAM = "review"                      # URL query parameter: the Author page's unsaved review (ui.review_store)

# --- the main map
MAP_VIEW = "map_view"                        # ui.url.View the map is asked to show
MAP_WIDGET = "atlas_map"                     # st_folium's key on the main map
MAP_BOUNDS = "map_bounds"                    # geo.export.Extent the live map last showed (from the browser)
BASEMAP = "basemap"                          # radio: the chosen basemap id
CLICKED_AT = "clicked_at"                    # (lat, lon, zoom) the click panel lists: a map click or a found place
MAP_CLICK_SEEN = "_map_click_seen"           # (lat, lon) of the map's last click already used (st_folium repeats it)
SELECTED_FEATURE = "selected_feature"        # (layer id, feature id) chosen from the place search or timeline
LEGEND_OPEN = "legend_open"                  # toggle: the legend beside the map is shown
BORDER_TABLE_OPEN = "border_table_open"      # expander: the border table under the map is open
FOCUS_PARAGRAPH = "focus_paragraph"          # ¶ id whose claims are highlighted
FOCUS_ACTOR = "focus_actor"                  # actor id whose claims are highlighted
FOCUS_TOKEN = "_focus_token"                 # the focus request already turned into a view
FOCUS_SEQ = "_focus_seq"                     # counter that makes a repeated focus move the map again
FOCUS_WITH_CONTEXT = "focus_with_context"    # toggle: a ¶ highlight also shows claims it gives context for
LAYER_PREFIX = "layer_"                      # + layer id: that layer's sidebar checkbox
LAYERS_SHOWN = "layers_shown"                # (layer ids offered, ids visible) the user left; survives page switches
FOCUS_CLAIM = "focus_claim"                  # claim id to highlight (from the timeline)

# --- time window and place search (main map sidebar)
TIME_WINDOW = "time_window"                  # (start, end) dates the user chose; survives page switches
TIME_RANGE = "_time_range"                   # slider: mirrors TIME_WINDOW
TIME_FROM = "_time_from"                     # date input: the window's first day
TIME_TO = "_time_to"                         # date input: the window's last day
PLACE_QUERY = "place_query"                  # text input: the place searched for
PLACE_PICK = "place_pick"                    # radio: which match is shown (index)
PLACE_TOKEN = "_place_token"                 # the (query, pick) already turned into a view
TIMELINE_CHART = "timeline_chart"            # the Actors page's timeline (selection → claim on the map)
TIMELINE_PICK = "timeline_pick"              # selectbox under the timeline: a claim to show on the map

# --- report view
REPORT_VIEW = "report_view"                  # toggle: report view on
REPORT_TITLE = "report_title"
REPORT_SUBTITLE = "report_subtitle"
REPORT_SIZE = "report_size"
REPORT_GRATICULE = "report_graticule"        # checkbox: coordinate ticks and graticule on the figure

# --- risk page
RISK_MAP_WIDGET = "risk_map"
RISK_SELECTED = "risk_selected"              # (layer id, feature id) clicked on the risk map
RISK_ACTORS = "risk_actors"                  # multiselect: actors feeding the actor factor
RISK_ROLES = "risk_roles"                    # multiselect: actor roles feeding the actor factor
RISK_DECAY = "risk_decay"                    # slider: decay distance in km
RISK_WEIGHT_PREFIX = "risk_w_"               # + factor name: that factor's weight slider
RISK_STATUS_PREFIX = "risk_s_"               # + status: that status's weight slider

# --- your data
UPLOADED_LAYERS = "uploaded_layers"          # layer id → geo.layers.Layer the user added
UPLOAD_READ = "_upload_read"                 # uploader key → (file id, outcome): each file read once
UPLOAD_BUILT = "_upload_built"               # layer id → options its stored layer was built with
BUNDLE_FOLDERS = "_bundle_folders"           # ui.views.your_data.SessionFolders: removed when the session ends

# --- authoring page
AUTHOR_TEXT = "author_text"                  # text area: the pasted essay
AUTHOR_UPLOAD = "author_upload"              # file uploader: an essay file
AUTHOR_DRAFT = "author_draft"                # ui.views.author.Authoring: the essay, its draft and review tables
AUTHOR_META_PREFIX = "author_meta_"          # + field: that metadata text input
AUTHOR_PLACES_EDITOR = "author_places"       # data_editor of the places table
AUTHOR_CLAIMS_EDITOR = "author_claims"       # data_editor of the claims table
AUTHOR_CITATIONS_EDITOR = "author_citations" # data_editor of the citations (documents claims rest on)
AUTHOR_ACTORS_EDITOR = "author_actors"       # data_editor of the actors table
AUTHOR_UNMATCHED_EDITOR = "author_unmatched" # data_editor of names to place by hand
AUTHOR_CHOICE_PREFIX = "author_choice_"      # + place id: selectbox among that place's alternatives
AUTHOR_PLACE_NAME = "author_place_name"      # selectbox: the unmatched name a map click places
AUTHOR_ROUTE_NAME = "author_route_name"      # text input: the name of a route or river to add
AUTHOR_ROUTE_PLACES = "author_route_places"  # multiselect: its places, in the order picked (travel order)
AUTHOR_ROUTE_ACTOR = "author_route_actor"    # selectbox: the route claim's actor
AUTHOR_ROUTES_EDITOR = "author_routes"       # data_editor of the routes added
AUTHOR_ROUTE_REMOVE = "author_route_remove"  # selectbox: the route the remove button removes
AUTHOR_MAP_WIDGET = "author_map"             # st_folium key of the authoring map
AUTHOR_SAVED = "author_saved"                # (content hash, files digest) of the bundle last saved from the page
AUTHOR_CLICK_DONE = "_author_click_done"     # the map click already used to place a name
AUTHOR_SCRATCH = "_author_scratch"           # folder the live check writes the edited bundle into
AUTHOR_REVIEW = "_author_review"             # token naming this session's review on disk (ui.review_store)

# --- what belongs to the essay shown
#: Forgotten when another essay bundle loads (:func:`forget_essay`), so the new essay opens on its
#: own defaults -- time window, layers, view, click panel, focus, place search and risk model --
#: instead of the last one's. The basemap, the legend toggle, uploads and the authoring tables stay.
ESSAY_STATE = (
    TIME_WINDOW, TIME_RANGE, TIME_FROM, TIME_TO, MAP_VIEW, MAP_WIDGET, MAP_BOUNDS, CLICKED_AT, MAP_CLICK_SEEN,
    SELECTED_FEATURE,
    FOCUS_PARAGRAPH, FOCUS_ACTOR, FOCUS_CLAIM, FOCUS_TOKEN, PLACE_QUERY, PLACE_PICK, PLACE_TOKEN, TIMELINE_CHART,
    TIMELINE_PICK, RISK_MAP_WIDGET, RISK_SELECTED, RISK_ACTORS, RISK_ROLES, RISK_DECAY,
)
ESSAY_STATE_PREFIXES = (LAYER_PREFIX, RISK_WEIGHT_PREFIX, RISK_STATUS_PREFIX)
#: URL parameters that outlive an essay; every other one (layers, view, time window, risk weights) names the last one's.
URL_KEPT_ACROSS_ESSAYS = (BUNDLE_PARAM, "basemap", REVIEW_PARAM)

# --- cross-page requests
PENDING = "_pending_requests"                # key → value, applied before any widget is drawn


def layer_key(layer_id: str) -> str:
    """The session-state key of a layer's sidebar checkbox."""
    return f"{LAYER_PREFIX}{layer_id}"


def forget_essay(kept_layers: Iterable[str] = (), keep_url: bool = False) -> None:
    """Drop :data:`ESSAY_STATE` and the URL parameters that name the essay shown.

    Parameters
    ----------
    kept_layers
        Layer ids that are not the essay's (the user's uploads): whether each is shown is kept.
    keep_url
        Keep the URL's parameters: they name the new essay's view (a shared link was followed).
    """
    for key in [k for k in st.session_state if k in ESSAY_STATE or str(k).startswith(ESSAY_STATE_PREFIXES)]:
        del st.session_state[key]
    kept = set(kept_layers)
    _, shown = st.session_state.pop(LAYERS_SHOWN, ((), ()))
    st.session_state[LAYERS_SHOWN] = (tuple(kept), tuple(i for i in shown if i in kept))
    for name in [] if keep_url else [k for k in st.query_params if k not in URL_KEPT_ACROSS_ESSAYS]:
        del st.query_params[name]


def request(changes: Mapping[str, Any]) -> None:
    """Ask for widget state to change on the next run, before the widgets exist.

    Safe to call from a button's callback, a page body or after the widget was drawn:
    the change is applied by :func:`apply_requests` at the start of the next run.
    """
    st.session_state.setdefault(PENDING, {}).update(changes)


def apply_requests() -> None:
    """Apply the changes :func:`request` stored; the app's frame calls this before any page draws."""
    for key, value in st.session_state.pop(PENDING, {}).items():
        st.session_state[key] = value
