"""Widgets and panels of the Risk page: parameter sliders, the live map, the read-outs.

Speed comes from caching at the seam: the distance fields (seconds of geometry work) are
cached per bundle with ``st.cache_resource``, so a slider move only re-scores (numpy, tens
of milliseconds) and swaps the map's feature groups, never the base map.

Every parameter can also arrive from the URL (``w_<factor>``, ``decay``, ``s_<status>``,
``actors``) or from session state; a value out of range is clamped and one that is not a
number falls back to its default, each with a note on the page, never an exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.bundle import ROLE_LABELS, Bundle
from geo.layers import FeatureIndex, Layer, LegendGroup, LegendRow, legend_groups, legend_panel, status_entries
from geo.risk import (
    CROSSING_SNAP_KM,
    FACTORS,
    PATHWAYS_ID,
    RISK_CELLS_ID,
    SUMMARY_BANDS_KM,
    DistanceFields,
    RiskParams,
    ScoreResult,
    actor_factor_inputs,
    cell_breakdown,
    factor_inputs,
    risk_cell_fill,
    risk_legend_entries,
)
from ui.leaflet.elements import base_map, choropleth_group, layer_group
from ui.leaflet.published import map_css_url, stylesheet_url
from ui.session import (
    RISK_ACTORS,
    RISK_DECAY,
    RISK_MAP_WIDGET,
    RISK_ROLES,
    RISK_SELECTED,
    RISK_STATUS_PREFIX,
    RISK_WEIGHT_PREFIX,
)
from ui.text import md_escape

RISK_MAP_HEIGHT = 560
WEIGHT_STEP = 0.05
DECAY_STEP_KM = 5.0
_CELL_ID = re.compile(r"^cell-(\d+)$")


def weight_key(factor: str) -> str:
    """Session-state key of a factor's weight slider (also ``w_<factor>`` in the URL)."""
    return f"{RISK_WEIGHT_PREFIX}{factor}"


def status_key(status: str) -> str:
    """Session-state key of a status-weight slider (also ``s_<status>`` in the URL)."""
    return f"{RISK_STATUS_PREFIX}{status}"


# --------------------------------------------------------------------------- controls


@dataclass(frozen=True)
class RiskControls:
    """What the sidebar chose, plus notes on values that had to be corrected."""

    params: RiskParams
    selected_actors: list[str] | None
    notes: tuple[str, ...]
    selected_roles: list[str] | None = None


def risk_controls(bundle: Bundle, fields: DistanceFields, defaults: RiskParams,
                  params: Mapping[str, str]) -> RiskControls:
    """Sliders for weights, decay and status weights, and the actor choice, in the sidebar.

    ``params`` are the URL's query parameters; they seed a widget only the first time it
    is drawn in a session. Values are checked before the widget sees them, because a
    Streamlit slider raises on a value outside its range.
    """
    notes: list[str] = []
    sidebar = st.sidebar
    sidebar.header("Model parameters")
    sidebar.caption("Every number is a modelling choice, not a finding: the defaults are the project's, "
                    "set out under Sources & method.")
    sidebar.button("Reset to the defaults", on_click=_reset, args=(defaults,), key="risk_reset")

    sidebar.subheader("Factor weights")
    weights = {}
    for factor in FACTORS:
        key = weight_key(factor)
        _settle(key, params.get(f"w_{factor}"), defaults.weights[factor], (0.0, 1.0), f"Weight of {factor}",
                notes)
        weights[factor] = sidebar.slider(factor.capitalize(), 0.0, 1.0, step=WEIGHT_STEP, key=key)

    lo, hi = defaults.decay_range_km
    _settle(RISK_DECAY, params.get("decay"), defaults.decay_km, (lo, hi), "Decay distance", notes)
    decay = sidebar.slider("Decay distance (km)", float(lo), float(hi), step=DECAY_STEP_KM, key=RISK_DECAY,
                           help="Each factor is 0.37 of its full value at this distance from its feature.")

    sidebar.subheader("Status weights")
    sidebar.caption("How much an actor feature counts by how well its presence is attested.")
    status_weights = {}
    for status, default in defaults.status_weights.items():
        key = status_key(status)
        _settle(key, params.get(f"s_{status}"), default, (0.0, 1.0), f"Weight of status {status}", notes)
        status_weights[status] = sidebar.slider(status.replace("_", " ").capitalize(), 0.0, 1.0,
                                                step=WEIGHT_STEP, key=key)

    roles = _role_choice(bundle, defaults, params, notes)
    selected = _actor_choice(bundle, fields, params, notes)
    chosen = defaults.with_values(weights=weights, decay_km=decay, status_weights=status_weights,
                                  actor_roles=roles)
    return RiskControls(chosen, selected, tuple(notes), roles)


def _role_choice(bundle: Bundle, defaults: RiskParams, params: Mapping[str, str], notes: list[str]) -> list[str]:
    """The actor-role multiselect: which roles' claims feed the actor factor (default: armed groups)."""
    options = list(ROLE_LABELS)
    if RISK_ROLES in st.session_state:
        wanted = list(st.session_state[RISK_ROLES] or [])
    elif "roles" in params:
        wanted = [r.strip() for r in params["roles"].split(",") if r.strip()]
    else:
        wanted = list(defaults.actor_roles)
    unknown = [r for r in wanted if r not in options]
    if unknown:
        notes.append(f"Unknown actor role(s) {', '.join(map(str, unknown))[:120]} were left out of the selection.")
    st.session_state[RISK_ROLES] = [r for r in options if r in set(wanted)]
    present = {a.role for a in bundle.actors.values()}
    return st.sidebar.multiselect(
        "Actor roles counted in the actor factor", options, key=RISK_ROLES,
        format_func=lambda r: ROLE_LABELS[r] + ("" if r in present else " (none in this essay)"),
        help="The actor factor measures nearness to threats: by default armed groups only. Claims "
             "covering a whole country never count.")


def _settle(key: str, from_url: str | None, default: float, bounds: tuple[float, float], what: str,
            notes: list[str]) -> None:
    """Put a valid float into ``st.session_state[key]`` before its slider is drawn."""
    raw = st.session_state.get(key, from_url if from_url is not None else default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        notes.append(f"{what} {str(raw)[:40]!r} is not a number; the default {default:g} was used.")
        value = default
    lo, hi = bounds
    if not lo <= value <= hi:
        kept = min(max(value, lo), hi)
        notes.append(f"{what} {value:g} is outside {lo:g}–{hi:g}; {kept:g} was used.")
        value = kept
    st.session_state[key] = float(value)


def _actor_choice(bundle: Bundle, fields: DistanceFields, params: Mapping[str, str],
                  notes: list[str]) -> list[str] | None:
    """The actor multiselect; ``None`` when the bundle has no actor features to choose from."""
    present = set(fields.actor_name)
    options = [a for a in bundle.actors if a in present]
    st.sidebar.subheader("Actors")
    if not options:
        st.sidebar.caption("No claim of this essay bundle feeds the actor factor, so there is no actor to choose.")
        return None
    if RISK_ACTORS in st.session_state:
        wanted = list(st.session_state[RISK_ACTORS] or [])
    elif "actors" in params:
        wanted = [a.strip() for a in params["actors"].split(",") if a.strip()]
    else:
        wanted = options
    unknown = [a for a in wanted if a not in options]
    if unknown:
        notes.append(f"Unknown actor(s) {', '.join(map(str, unknown))[:120]} were left out of the selection.")
    st.session_state[RISK_ACTORS] = [a for a in options if a in set(wanted)]
    names = {a: bundle.actors[a].name for a in options}
    return st.sidebar.multiselect("Actors counted in the actor factor", options, format_func=names.get,
                                  key=RISK_ACTORS)


def _reset(defaults: RiskParams) -> None:
    for factor in FACTORS:
        st.session_state[weight_key(factor)] = float(defaults.weights[factor])
    for status, value in defaults.status_weights.items():
        st.session_state[status_key(status)] = float(value)
    st.session_state[RISK_DECAY] = float(defaults.decay_km)
    st.session_state.pop(RISK_ACTORS, None)
    st.session_state[RISK_ROLES] = list(defaults.actor_roles)
    for name in [k for k in st.query_params if k in ("actors", "roles", "decay") or k[:2] in ("w_", "s_")]:
        del st.query_params[name]


def controls_to_url(controls: RiskControls, all_actors: Sequence[str],
                    default_roles: Sequence[str] = ("armed_group",)) -> None:
    """Write the chosen parameters into the URL so a copied link reproduces the scoring."""
    p = controls.params
    if list(p.actor_roles) == list(default_roles):
        if "roles" in st.query_params:
            del st.query_params["roles"]
    else:
        st.query_params["roles"] = ",".join(p.actor_roles)
    values = {f"w_{f}": f"{p.weights[f]:g}" for f in FACTORS}
    values.update({f"s_{s}": f"{v:g}" for s, v in p.status_weights.items()})
    values["decay"] = f"{p.decay_km:g}"
    st.query_params.update(values)
    selected = controls.selected_actors
    if selected is None or list(selected) == list(all_actors):
        if "actors" in st.query_params:
            del st.query_params["actors"]
    else:
        st.query_params["actors"] = ",".join(selected)


def show_notes(notes: Sequence[str]) -> None:
    """Each distinct note once, as an info box: why a layer is empty, what was corrected.

    Notes can quote values from the URL, so they are shown as inert text, never as markdown.
    """
    for note in dict.fromkeys(notes):
        st.info(md_escape(note), icon=":material/info:")


# --------------------------------------------------------------------------- map


def risk_map(result: ScoreResult, pathways: Layer | None, cell_shapes_url: str) -> dict:
    """The constant base map plus the scored cells and the pathways; :func:`risk_legend` goes under it.

    The hexagons are a published file (``cell_shapes_url``) fetched once; a slider move sends
    only each cell's colour and read-out (:func:`geo.risk.risk_cell_fill`). Only the feature
    groups change between reruns, so st_folium swaps them in place: the map keeps its pan and
    zoom while the sliders move.
    """
    groups = [choropleth_group("Spillover-risk score (cells)", cell_shapes_url, risk_cell_fill(result))]
    if pathways is not None:
        groups.append(layer_group(pathways))
    return st_folium(
        base_map(),
        key=RISK_MAP_WIDGET,
        height=RISK_MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=["last_clicked", "zoom"],
    ) or {}


def risk_legend(result: ScoreResult, pathways: Layer | None) -> None:
    """The legend directly under the map, never over it: the score classes, the pathways and their status."""
    scores = LegendGroup("Score of each cell", tuple(LegendRow(e.label, (e,)) for e in risk_legend_entries(result)))
    shown = [pathways] if pathways is not None else []
    panel = legend_panel([*legend_groups(shown), scores], status_entries(shown))
    st.html(panel.page_html([map_css_url(), stylesheet_url("legend", panel.css)]))


def remember_selection(state: Mapping, index: FeatureIndex) -> None:
    """Keep what lies under the last click (a pathway before a cell) across slider moves.

    ``index`` is :func:`ui.risk_cache.cached_risk_index`; a click on nothing keeps the last selection.
    """
    click, zoom = state.get("last_clicked"), state.get("zoom")
    if not click or zoom is None:
        return
    try:
        hits = index.at(float(click["lng"]), float(click["lat"]), float(zoom))
    except (KeyError, TypeError, ValueError):
        return
    if hits:
        st.session_state[RISK_SELECTED] = (hits[0].layer_id, hits[0].feature_id)


def selection_panel(result: ScoreResult, pathways: Layer | None) -> None:
    """The factor breakdown of the selected cell, or the essay passages of a selected pathway."""
    layer_id, feature_id = st.session_state.get(RISK_SELECTED) or (None, None)
    if layer_id == PATHWAYS_ID and pathways is not None:
        _pathway_panel(pathways, feature_id)
        return
    match = _CELL_ID.match(feature_id or "")
    if layer_id != RISK_CELLS_ID or match is None:
        st.markdown("**Click a cell on the map** to see how its score is made up, factor by factor.")
        return
    try:
        breakdown = cell_breakdown(result, int(match.group(1)))
    except KeyError:
        st.info("The selected cell is not in this grid any more; click another cell.", icon=":material/info:")
        return
    cell_breakdown_table(breakdown)


def cell_breakdown_table(breakdown: dict) -> None:
    """One cell's score as a table whose contributions add up to the score."""
    st.markdown(f"**Cell {breakdown['cell_id']} · {md_escape(breakdown['country'])}** — risk score "
                f"**{breakdown['score']:.3f}** (centre {breakdown['lat']:.2f}° N, {breakdown['lon']:.2f}° E)")
    actors = next((f for f in breakdown["factors"] if f["factor"] == "actors"), None)
    if actors is not None and breakdown.get("nearest_actor_claim"):
        st.markdown(f"Nearest contributing feature: {md_escape(actors['detail'].removeprefix('nearest: '))}, "
                    f"{actors['distance_km']:g} km away.")
    table = pd.DataFrame(breakdown["factors"]).rename(columns={
        "factor": "Factor", "value": "Value (0–1)", "weight": "Weight", "contribution": "Contribution",
        "distance_km": "Distance (km)", "detail": "What drives it"})
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.3f")
                                for c in ("Value (0–1)", "Weight", "Contribution")})
    st.caption(f"Contribution = weight × value ÷ {len(FACTORS)}; the contributions add up to the score. "
               f"Each value is exp(−distance ÷ {breakdown['decay_km']:g} km).")


def _pathway_panel(pathways: Layer, feature_id: str) -> None:
    rows = pathways.frame[(pathways.frame["id"] == feature_id) & (pathways.frame["part"] == "route")]
    if rows.empty:
        st.markdown("**Click a cell on the map** to see how its score is made up, factor by factor.")
        return
    row = rows.iloc[0]
    st.markdown(f"**{md_escape(row['title'])}** — *the essay's argument*")
    if row["route_text"]:
        st.markdown(md_escape(row["route_text"]))
    st.markdown(f"Essay passages {md_escape(row['paragraph_labels'])}: {md_escape(row['quote_text'])}")


# --------------------------------------------------------------------------- inputs


def factor_inputs_panel(bundle: Bundle, result: ScoreResult) -> None:
    """What feeds each factor in this scoring, and every claim's part in the actor factor."""
    texts = factor_inputs(bundle, result)
    st.markdown("\n".join(f"- **{name.capitalize()}** — {md_escape(text)}" for name, text in texts.items()))
    with st.expander("Every claim and whether it feeds the actor factor"):
        table = actor_factor_inputs(bundle, result).drop(columns="id").rename(columns={
            "label": "Claim", "actor": "Actor", "role": "Role", "status": "Status",
            "status_weight": "Status weight", "counted": "Counted", "why": "Why not"})
        st.dataframe(table, hide_index=True, width="stretch")


# --------------------------------------------------------------------------- table


def summary_table(summary: pd.DataFrame) -> None:
    """The per-neighbour table: border lengths, crossings, nearby actor features, risk."""
    columns = {
        "neighbour": "Neighbour", "border_km": "Border, computed (km)", "published_km": "Border, published",
        "crossings": "Crossings",
        **{f"actors_within_{b}km": f"Actor features ≤ {b} km" for b in SUMMARY_BANDS_KM},
        "cells": "Cells", "mean_risk": "Mean risk", "max_risk": "Max risk",
    }
    table = summary[list(columns)].rename(columns=columns)
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "Border, computed (km)": st.column_config.NumberColumn(format="%.0f"),
        "Mean risk": st.column_config.NumberColumn(format="%.3f"),
        "Max risk": st.column_config.NumberColumn(format="%.3f"),
    })
    st.caption("Computed border lengths are geodesic, from Natural Earth 1:10m; generalised lines run "
               "shorter than the published figures. Crossings: gazetteer crossings within "
               f"{CROSSING_SNAP_KM:g} km of that border. Actor features: the selected actors' mapped "
               "features within that distance of the border.")
