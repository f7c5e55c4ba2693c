"""Panels shown beside or below the map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.bundle import MapFocus
from geo.geography import GENERALISATION_NOTE
from geo.geography import PUBLISHED as WAKHAN_PUBLISHED
from geo.layers import afghanistan_border_table, corridor
from ui.session import BORDER_TABLE_OPEN
from ui.text import md_escape

#: The focus layer whose bundle also gets the Wakhan Corridor's figures in the border table.
WAKHAN_LAYER = "wakhan_corridor"


def border_table(focus: MapFocus) -> None:
    """Afghanistan's borders: computed beside published lengths, with the caveat.

    Shown unless the bundle's ``[map] border_table = false``; the Wakhan Corridor's figures are
    added only for a bundle whose ``[map] layers`` name the corridor. The expander is lazy: its
    content is built and sent only while it is open, not on every run of the Map page.
    """
    if not focus.border_table:
        return
    wakhan = WAKHAN_LAYER in focus.layers
    title = "Afghanistan's borders" + (" and the Wakhan Corridor" if wakhan else "") + ": computed vs published"
    expander = st.expander(title, expanded=False, key=BORDER_TABLE_OPEN, on_change="rerun")
    if not expander.open:
        return
    with expander:
        # A markdown table, not st.dataframe: the data-grid bundle it pulls in delays the map
        # on first load by ~0.3 s (measured with benchmarks/bench.py).
        st.markdown(_markdown_table(afghanistan_border_table()))
        st.caption(
            f"Computed lengths are geodesic (WGS84) along Natural Earth 1:10m lines; {GENERALISATION_NOTE}. "
            "The Afghan ministry gives no figure for the Durand Line with Pakistan (not accepted by "
            "Afghanistan) and lists 102 km with Jammu & Kashmir (Pakistan-administered Gilgit-Baltistan)."
        )
        if not wakhan:
            return
        c = corridor()
        st.markdown(
            f"**Wakhan Corridor** — computed length {c.length_km:,.0f} km, width {c.min_width_km:,.0f}–"
            f"{c.max_width_km:,.0f} km; published ~{WAKHAN_PUBLISHED['length_km']:,.0f} km, "
            f"{WAKHAN_PUBLISHED['min_width_km']:,.0f}–{WAKHAN_PUBLISHED['max_width_km']:,.0f} km "
            f"({WAKHAN_PUBLISHED['source']})."
        )


def _markdown_table(table: pd.DataFrame) -> str:
    """Computed vs published lengths as a markdown table (km, blank where a source gives none)."""
    sources = [c for c in table.columns if c not in ("neighbour", "length_km")]
    header = ["Neighbour", "Computed, Natural Earth 1:10m"] + sources
    rows = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    for record in table.itertuples(index=False):
        values = dict(zip(table.columns, record))
        cells = [md_escape(values["neighbour"]), f"{values['length_km']:,.0f} km"]
        cells += [f"{values[c]:,.1f}".removesuffix(".0") + " km" if pd.notna(values[c]) else "—" for c in sources]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
