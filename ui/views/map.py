"""The Map page: layer toggles, the live map, the claim panel beside it and the report view.

State comes from the URL and the sidebar, layers from ``geo``, drawing from :mod:`ui.leaflet`.
"""

from __future__ import annotations

import streamlit as st

from geo.bundle import Bundle, essay_view
from geo.geography import DEFAULT_CENTER, DEFAULT_ZOOM
from geo.layers import Layer, legend_groups, legend_panel, map_layers, status_entries
from ui.bundle_state import bundle_layers, current_bundle, show_problems
from ui.claim_panel import remember_click, selected_panel
from ui.focus import apply_focus
from ui.leaflet.basemaps import BASEMAPS, DEFAULT_BASEMAP
from ui.leaflet.published import map_css_url, stylesheet_url
from ui.leaflet.render import MAP_HEIGHT, bounds_from_map, render_map, view_from_map
from ui.object_cache import ObjectCache
from ui.panels import border_table
from ui.place_search import place_search
from ui.session import LAYERS_SHOWN, LEGEND_OPEN, MAP_BOUNDS, MAP_VIEW, MAP_WIDGET, REPORT_VIEW
from ui.sidebar import basemap_choice, layer_toggles
from ui.text import md_escape
from ui.time_window import time_control, undated_note, windowed
from ui.uploaded_layers import uploaded_layers
from ui.url import (
    DEFAULT_VIEW,
    View,
    encode_layers,
    layers_link_note,
    parse_choice,
    parse_layers,
    parse_view,
    view_link_note,
)

#: Less empty space above the page title than Streamlit's default, so the map starts higher.
COMPACT_PAGE_CSS = ("<style>.stMainBlockContainer, .block-container { padding-top: 2.2rem; }"
                    " .stMainBlockContainer h1 { font-size: 1.75rem; padding: 0 0 .25rem; }</style>")


#: The legend of each set of visible layers, built once (it walks every feature of every layer).
_legends: ObjectCache[str] = ObjectCache(maxsize=64)


def legend(layers, note: str = "") -> None:
    """The legend of the visible layers, directly under the map (never over it); its toggle persists.

    ``note`` closes it (e.g. how many undated claims the time window keeps).
    """
    if not layers:
        return
    if LEGEND_OPEN not in st.session_state:
        st.session_state[LEGEND_OPEN] = True
    if st.toggle("Legend", key=LEGEND_OPEN):
        st.html(_legends.get(layers, lambda: _legend_html(layers, note), extra=note))


def _legend_html(layers, note: str) -> str:
    """The legend's markup; its styles and swatches are published stylesheets a browser keeps."""
    panel = legend_panel(legend_groups(layers), status_entries(layers), note)
    return panel.page_html([map_css_url(), stylesheet_url("legend", panel.css)])


def opening_view(bundle: Bundle) -> View:
    """Where the map opens without a view in the link: on the essay's claims, or the region's default view."""
    fitted = essay_view(bundle.features, DEFAULT_CENTER, DEFAULT_ZOOM, height_px=MAP_HEIGHT)
    return DEFAULT_VIEW if fitted is None else View(*fitted)


def render() -> None:
    """Draw the page. A damaged data file met on the way stops it with one line (the frame's ``load_or_stop``)."""
    bundle = current_bundle()
    layers = {layer.id: layer for layer in (*map_layers(bundle.focus.layers), *bundle_layers(bundle), *uploaded_layers())}
    specs = [layer.spec for layer in layers.values()]
    params = st.query_params

    window = time_control(bundle, list(layers.values()))
    found = place_search(bundle, window)
    st.sidebar.title("Layers")
    # Streamlit forgets a page's widgets once another page runs; the choice itself is kept, so
    # coming back (without a link naming the layers) shows what the user left, plus any layer added
    # since (an upload) that is on by default.
    offered, shown = st.session_state.get(LAYERS_SHOWN, ((), ()))
    chosen = [*shown, *(s.id for s in specs if s.default_on and s.id not in offered)]
    visible = layer_toggles(specs, parse_layers(params, list(layers), chosen), bundle.meta.attribution)
    st.session_state[LAYERS_SHOWN] = (tuple(layers), tuple(visible))
    basemap = basemap_choice(parse_choice(params, "basemap", list(BASEMAPS), DEFAULT_BASEMAP))
    # The URL names what is shown; written once per run (each write is a message to the browser).
    url_state = {"layers": encode_layers(visible), "basemap": basemap}
    link_notes = []
    if MAP_VIEW not in st.session_state:  # the page's first run in this session: the link is read
        st.session_state[MAP_VIEW] = parse_view(params, opening_view(bundle))
        link_notes = [n for n in (layers_link_note(params, list(layers)), view_link_note(params)) if n]

    if LEGEND_OPEN in st.session_state:
        # The legend's toggle is not drawn in the report view; kept here, it survives a visit there.
        st.session_state[LEGEND_OPEN] = st.session_state[LEGEND_OPEN]
    if st.sidebar.toggle("Report view", key=REPORT_VIEW, help="A clean figure of the current view, with downloads."):
        # Imported here: the figure engine (matplotlib) costs a third of a second, and the live
        # map never needs it, so a cold start does not pay for it.
        from ui.report import report_view

        view = parse_view(params, opening_view(bundle))
        reported = st.session_state.get(MAP_WIDGET) or {}
        if st.session_state.get(MAP_BOUNDS) is None and bounds_from_map(reported) is not None:
            # The map's first report came with the click that opened this view (reports wait for the
            # user's first touch: ui/leaflet/view_reports.js). Later ones are not the user's: the live
            # map's frame widens as the report replaces it, so the first is kept.
            st.session_state[MAP_BOUNDS] = bounds_from_map(reported)
            view = view_from_map(reported, view)
        st.query_params.update(url_state, view=view.encode())
        report_view(windowed([layers[i] for i in visible], window), view, bundle, st.session_state.get(MAP_BOUNDS))
        st.stop()
    # A compact header keeps the map above the fold on a 1280×720 window.
    st.html(COMPACT_PAGE_CSS)
    st.title("Spillover Atlas: Afghanistan and its neighbours")
    st.caption(f"Mapping the argument of {bundle.meta.attribution} Every feature carries its source and status; "
               "click anywhere on the map to read what lies there and the passages it rests on.")
    for note in link_notes:  # a link's part that could not be used is never dropped in silence
        st.info(md_escape(note), icon=":material/link_off:")
    highlight = apply_focus(bundle, window)
    map_column, panel_column = st.columns([7, 3], gap="small")
    visible_layers = windowed([layers[i] for i in visible], window)
    with map_column:
        shown = visible_layers + [h for h in (found, highlight) if h is not None]
        state = render_map(shown, basemap, st.session_state[MAP_VIEW])
        # A highlight or a found place is drawn in its own colour: the legend names it (its spec's row).
        marks = [Layer(spec=h.spec, frame=h.frame.iloc[0:0]) for h in (found, highlight) if h is not None]
        legend([*visible_layers, *marks], undated_note(bundle, window))
    remember_click(state)
    bounds = bounds_from_map(state)
    if bounds is not None:  # what the user sees, for the report view's WYSIWYG extent
        st.session_state[MAP_BOUNDS] = bounds
    with panel_column, st.container(height=MAP_HEIGHT, border=False):
        selected_panel(bundle, layers, visible_layers)

    st.query_params.update(url_state, view=view_from_map(state, st.session_state[MAP_VIEW]).encode())
    show_problems(bundle)
    border_table(bundle.focus)
