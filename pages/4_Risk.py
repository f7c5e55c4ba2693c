"""Risk page: the essay's argument as a transparent model you can adjust, worded from its bundle.

Thin by design: the model is :mod:`geo.risk.model`, its layers :mod:`geo.risk.layers`, and the
widgets, map and read-outs :mod:`ui.views.risk`. The distance fields are cached per bundle,
so a slider move re-scores and swaps the map's layers without rebuilding the base map.
"""

from __future__ import annotations

import streamlit as st

from geo.geography import CORRIDORS
from geo.risk import NOT_A_FORECAST, default_params, method_markdown, neighbour_summary, score
from ui.bundle_state import current_bundle, show_problems
from ui.errors import load_or_stop
from ui.risk_cache import cached_cell_shapes_url, cached_pathway_layer, cached_risk_fields, cached_risk_index
from ui.text import md_escape
from ui.views.risk import (
    controls_to_url,
    factor_inputs_panel,
    remember_selection,
    risk_controls,
    risk_legend,
    risk_map,
    selection_panel,
    show_notes,
    summary_table,
)

bundle = current_bundle()
focus = bundle.focus  # bundle.toml [map]: the heading, framing and corridors, neutral when it names none
st.title(focus.risk_title)
st.caption(
    f"An adjustable model of where what “{md_escape(bundle.meta.title)}” discusses could concentrate near "
    "Afghanistan's borders, from its mapped claims and the region's borders"
    + (", crossings and corridors" if focus.corridors else " and crossings")
    + f". It **{NOT_A_FORECAST}**: move the weights and watch which patterns survive."
)
show_problems(bundle)

defaults = load_or_stop(default_params)
fields = load_or_stop(lambda: cached_risk_fields(bundle))
controls = risk_controls(bundle, fields, defaults, st.query_params)
result = score(fields, controls.params, controls.selected_actors, controls.selected_roles)
pathways = load_or_stop(lambda: cached_pathway_layer(bundle))

show_notes([*controls.notes, *result.notes])  # one of them says when the bundle draws no pathway

map_column, panel_column = st.columns([3, 2])
with map_column:
    state = risk_map(result, pathways, load_or_stop(lambda: cached_cell_shapes_url(bundle)))
    risk_legend(result, pathways)
remember_selection(state, cached_risk_index(bundle, pathways))
with panel_column:
    st.subheader("Clicked cell")
    selection_panel(result, pathways)

st.subheader("What feeds each factor")
factor_inputs_panel(bundle, result)

st.subheader("By neighbour")
summary_table(neighbour_summary(result))

st.subheader("How the score is made, and its limits")
st.markdown(method_markdown(md_escape(focus.framing) if focus.framing else None,
                            [CORRIDORS[c] for c in focus.corridors]))

controls_to_url(controls, [a for a in bundle.actors if a in set(fields.actor_name)], defaults.actor_roles)
