"""Layers the user uploaded this session, shared between the Upload page and the map.

The Upload page stores each accepted upload as a :class:`geo.layers.specs.Layer` under
``st.session_state[UPLOADED_LAYERS]`` (a dict keyed by layer id); the main map lists them in
the sidebar under "Your data" and the exports include them like any other layer.
"""

from __future__ import annotations

import streamlit as st

from geo.layers import Layer
from ui.session import UPLOADED_LAYERS


def uploaded_layers() -> list[Layer]:
    """The uploaded layers, in upload order (empty when none)."""
    return list(st.session_state.get(UPLOADED_LAYERS, {}).values())
