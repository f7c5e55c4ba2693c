"""The risk model's distance fields and default scores, measured once per bundle and shared by every page.

The fields take seconds of geometry work; a slider move only re-scores them. Used by the Risk
page and by the main map's risk layers (pathways and the per-neighbour choropleth).
"""

from __future__ import annotations

import streamlit as st

from geo.bundle import Bundle
from geo.layers import FeatureIndex, Layer, json_bytes
from geo.risk import (
    DistanceFields,
    ScoreResult,
    bundle_fingerprint,
    neighbour_risk_layer,
    pathway_layer,
    risk_cell_shapes,
    risk_grid_layer,
    score,
    stored_risk_fields,
)
from ui.leaflet.published import publish


@st.cache_resource(show_spinner="Measuring distances for the risk model (once per essay bundle)…",
                   max_entries=4)
def _cached_fields(fingerprint: str, _bundle: Bundle) -> DistanceFields:
    return stored_risk_fields(_bundle)


def cached_risk_fields(bundle: Bundle) -> DistanceFields:
    """The bundle's distance fields, measured once per bundle path and content, then shared.

    Do not mutate the result. Raises :class:`geo.geography.admin0.DataFileError` for damaged
    bundled data (wrap the call in :func:`ui.errors.load_or_stop`).
    """
    return _cached_fields(bundle_fingerprint(bundle), bundle)


def cached_default_result(bundle: Bundle) -> ScoreResult:
    """The bundle scored with the model's defaults, for the main map's choropleth."""
    return score(cached_risk_fields(bundle))


def risk_layers(bundle: Bundle) -> list[Layer]:
    """The risk layers the main map offers: the per-neighbour choropleth.

    The essay's pathways are not offered here: they are the route claims, which the main map
    already draws in their actor's layer (a route is drawn once); the Risk page draws them.
    """
    return [neighbour_risk_layer(cached_default_result(bundle))]


@st.cache_resource(max_entries=4, show_spinner=False)
def _cell_shapes_url(fingerprint: str, _fields: DistanceFields) -> str:
    return publish("risk-cells", json_bytes(risk_cell_shapes(_fields)))


def cached_cell_shapes_url(bundle: Bundle) -> str:
    """URL of the bundle's risk-grid hexagons, published once per bundle (:mod:`ui.leaflet.published`)."""
    return _cell_shapes_url(bundle_fingerprint(bundle), cached_risk_fields(bundle))


@st.cache_resource(max_entries=4, show_spinner=False)
def _cell_index(fingerprint: str, _fields: DistanceFields, _pathways: Layer | None) -> FeatureIndex:
    return FeatureIndex([layer for layer in (_pathways, risk_grid_layer(_fields)) if layer is not None])


def cached_risk_index(bundle: Bundle, pathways: Layer | None) -> FeatureIndex:
    """What lies under a click on the Risk map: the bundle's pathways (first) and grid cells."""
    return _cell_index(bundle_fingerprint(bundle), cached_risk_fields(bundle), pathways)


@st.cache_resource(max_entries=4, show_spinner=False)
def _pathways(fingerprint: str, _bundle: Bundle) -> Layer | None:
    return pathway_layer(_bundle)


def cached_pathway_layer(bundle: Bundle) -> Layer | None:
    """:func:`geo.risk.pathway_layer` once per bundle, so its published file is looked up, not rebuilt."""
    return _pathways(bundle_fingerprint(bundle), bundle)
