"""Sidebar controls for the main map: layer toggles grouped as in ``data/layers.toml``."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.layers import LayerSpec
from ui.leaflet.basemaps import BASEMAPS
from ui.session import BASEMAP, layer_key
from ui.text import md_escape

#: How a checkbox's help names the loaded essay, whose full citation heads the Map page.
ESSAY_IN_HELP = "the essay cited above the map"


def layer_toggles(specs: Sequence[LayerSpec], initially_visible: Sequence[str], essay: str = "") -> list[str]:
    """One checkbox per layer under its group heading; returns the visible ids in order.

    Each checkbox's help gives the layer's description and source. ``essay`` (the bundle's
    citation) is named there as :data:`ESSAY_IN_HELP`: the page caption cites it in full, and
    every help text travels to the browser on every script run.
    """
    essay = essay.strip()
    visible: list[str] = []
    groups: dict[str, list[LayerSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)
    for group, members in groups.items():
        st.sidebar.markdown(f"**{md_escape(group)}**")
        for spec in members:
            key = layer_key(spec.id)
            if key not in st.session_state:
                st.session_state[key] = spec.id in initially_visible
            # Titles can come from uploads and bundles: escape them so markdown in data stays text.
            source = spec.source.replace(essay, ESSAY_IN_HELP) if essay else spec.source
            if st.sidebar.checkbox(md_escape(spec.title), key=key,
                                   help=f"{md_escape(spec.description)}\n\nSource: {md_escape(source)}"):
                visible.append(spec.id)
    return visible


def basemap_choice(initial: str) -> str:
    """Radio for the basemap; online tiles are opt-in, labelled as such and noted as needing internet access."""
    keys = list(BASEMAPS)
    if BASEMAP not in st.session_state:
        st.session_state[BASEMAP] = initial
    choice = st.sidebar.radio(
        "Basemap",
        keys,
        key=BASEMAP,
        format_func=lambda k: BASEMAPS[k].label,
        help="The bundled vector basemap works offline. Tile basemaps fetch images from the internet.",
    )
    if BASEMAPS[choice].tiles is not None:
        # Offline, tiles fail silently (the map just loses its background), so say so beforehand.
        offline = next(b.label for b in BASEMAPS.values() if b.tiles is None)
        st.sidebar.caption("Online tiles need internet access; offline, the tiles stay blank and the layers draw "
                           "over the bundled land outlines. "
                           f"The bundled vector map works offline: choose “{md_escape(offline)}”.")
    return choice
