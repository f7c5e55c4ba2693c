"""The spillover-risk model: hexagon grid, named factors, weighted score, summaries and its map layers."""


from geo.core import hexagon_area_km2
from geo.risk.factors import FACTORS, DistanceFields, default_borders, default_corridors, precompute
from geo.risk.grid import make_grid
from geo.risk.layers import (
    ARROW_ARM_KM,
    NEIGHBOUR_RISK_ID,
    NO_SCORE_COLOUR,
    NOT_A_FORECAST,
    PATHWAYS_ID,
    RISK_CELLS_ID,
    RISK_GROUP,
    RISK_RAMP,
    arrowhead,
    bundle_fingerprint,
    essay_pathways,
    neighbour_risk_layer,
    pathway_layer,
    risk_cells_layer,
    risk_colour,
    risk_fields,
    risk_legend_entries,
)
from geo.risk.model import METHOD_MARKDOWN, ScoreResult, default_grid, score, scored_cells
from geo.risk.params import MODEL_PATH, RiskParams, default_params, grid_settings, load_model
from geo.risk.summary import CROSSING_SNAP_KM, SUMMARY_BANDS_KM, cell_breakdown, neighbour_summary

__all__ = [
    "ARROW_ARM_KM",
    "CROSSING_SNAP_KM",
    "DistanceFields",
    "FACTORS",
    "METHOD_MARKDOWN",
    "MODEL_PATH",
    "NEIGHBOUR_RISK_ID",
    "NOT_A_FORECAST",
    "NO_SCORE_COLOUR",
    "PATHWAYS_ID",
    "RISK_CELLS_ID",
    "RISK_GROUP",
    "RISK_RAMP",
    "RiskParams",
    "SUMMARY_BANDS_KM",
    "ScoreResult",
    "arrowhead",
    "bundle_fingerprint",
    "cell_breakdown",
    "default_borders",
    "default_corridors",
    "default_grid",
    "default_params",
    "essay_pathways",
    "grid_settings",
    "hexagon_area_km2",
    "load_model",
    "make_grid",
    "neighbour_risk_layer",
    "neighbour_summary",
    "pathway_layer",
    "precompute",
    "risk_cells_layer",
    "risk_colour",
    "risk_fields",
    "risk_legend_entries",
    "score",
    "scored_cells",
]
