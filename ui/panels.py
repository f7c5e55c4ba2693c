"""Panels shown beside or below the map."""

from __future__ import annotations

import streamlit as st

from geo.layer_builders import afghanistan_border_table, corridor
from geo.published import GENERALISATION_NOTE
from geo.wakhan import PUBLISHED as WAKHAN_PUBLISHED


def border_table() -> None:
    """Afghanistan's borders: computed beside published lengths, with the caveat."""
    with st.expander("Afghanistan's borders and the Wakhan Corridor: computed vs published", expanded=False):
        table = afghanistan_border_table().rename(
            columns={"neighbour": "Neighbour", "length_km": "Computed, Natural Earth 1:10m (km)"}
        )
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(
            f"Computed lengths are geodesic (WGS84) along Natural Earth 1:10m lines; {GENERALISATION_NOTE}. "
            "The Afghan ministry gives no figure for the Durand Line with Pakistan (not accepted by "
            "Afghanistan) and lists 102 km with Jammu & Kashmir (Pakistan-administered Gilgit-Baltistan)."
        )
        c = corridor()
        st.markdown(
            f"**Wakhan Corridor** — computed length {c.length_km:,.0f} km, width {c.min_width_km:,.0f}–"
            f"{c.max_width_km:,.0f} km; published ~{WAKHAN_PUBLISHED['length_km']:,.0f} km, "
            f"{WAKHAN_PUBLISHED['min_width_km']:,.0f}–{WAKHAN_PUBLISHED['max_width_km']:,.0f} km "
            f"({WAKHAN_PUBLISHED['source']})."
        )
