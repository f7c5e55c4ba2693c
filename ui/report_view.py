"""Report view: a clean, exportable figure of the current map (placeholder until wired)."""

from __future__ import annotations

import streamlit as st

from geo.bundle import Bundle
from geo.layers import Layer
from ui.state import View


def report_view(layers: list[Layer], view: View, bundle: Bundle) -> None:
    """Render the report figure and its downloads for ``layers`` at ``view``."""
    st.info("Report view is not available yet.")
