"""Spillover-risk model: a transparent, adjustable illustration of the essay's argument.

The essay argues that instability in Afghanistan could spread to China through the Wakhan
Corridor and to Russia through Central Asia. This module turns that argument into a map
layer whose every input and weight is visible: a hexagon grid over the neighbours'
territory near Afghanistan (:mod:`geo.risk.grid`), five named factors per cell
(:mod:`geo.risk.factors`), and a weighted sum. It is not a forecast; :data:`METHOD_MARKDOWN`
is the plain-language account the Risk page shows.

Use it in two steps so sliders stay fast::

    grid = default_grid()                                   # once
    fields = precompute(grid, actors, crossings, pathways)  # once per input change
    result = score(fields, default_params().with_values(weights={"actors": 0.5}))  # per slider move

Parameters live in ``data/risk/model.toml``. Out-of-range weights are clamped and the
result's ``notes`` say so; empty inputs give a zero factor and a note, never an exception.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.geography.countries import countries
from geo.risk.factors import (
    FACTORS,
    DistanceFields,
    actor_factor,
    border_factor,
    corridor_factor,
    crossing_factor,
    default_borders,
    default_corridors,
    pathway_factor,
    precompute,
    segment_weights,
)
from geo.risk.grid import make_grid
from geo.risk.params import GridSettings, RiskParams, default_params, grid_settings, load_model
from geo.risk.summary import cell_breakdown, neighbour_summary

__all__ = [
    "FACTORS", "METHOD_MARKDOWN", "DistanceFields", "GridSettings", "RiskParams", "ScoreResult",
    "benchmark_risk", "cell_breakdown", "default_grid", "default_params", "grid_settings",
    "load_model", "make_grid", "neighbour_summary", "precompute", "score", "scored_cells",
]

METHOD_MARKDOWN = """\
**What this layer is.** A way to explore the essay's argument that instability in Afghanistan
could spread to its neighbours — to China through the Wakhan Corridor, to Russia through
Central Asia. It **illustrates the essay's argument; it is not a forecast** and does not
measure any real probability.

**How a cell is scored.** The neighbours' territory near Afghanistan (by default within 400 km of
it) is divided into hexagons of about 314 km² each, drawn in an equal-area map projection so
every cell has the same area. Each cell gets five factors between 0 and 1, each falling off with
distance *d* from the cell's centre as exp(−*d* / decay), so a factor is 1 on the feature,
0.37 at the decay distance and nearly 0 at three times it:

- **Actors** — nearness to the places where actors are placed by the essay's claims, each
  counted by how well it is attested (documented > reported > alleged > the essay's own
  argument). Several nearby features add up, but never past 1.
- **Crossings** — nearness to the closest border crossing.
- **Corridors** — nearness to the Wakhan Corridor.
- **Pathways** — nearness to the essay's two routes (to Xinjiang via the Wakhan; to Central
  Asia and Russia via the Amu Darya crossings).
- **Border** — nearness to Afghanistan's border, each neighbour's border weighted by its
  length (longer borders have more places to cross) and by a permeability you can set
  (equal for all by default: the model makes no claim about which border is easier to cross).

The score is the weighted sum of the five factors divided by five, so it lies between 0 and 1,
and raising any weight never lowers any cell's score.

**Limits.** Distances are straight lines: mountains, rivers, roads and guarded posts are not
modelled. The actor features are where the essay's sources place groups, with the status those
sources give; they are not verified positions. Border lines are generalised (Natural Earth) and
shorter than surveyed ones. Weights and the decay are choices, not findings: change them and
watch which patterns survive.
"""


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """One scoring of the grid.

    Attributes
    ----------
    scores
        ``(cells,)`` score per cell in [0, 1], in ``cell_id`` order.
    factors
        One column per factor (values in [0, 1]), indexed by ``cell_id``.
    notes
        Sentences the page should show (empty layer, clamped weights, skipped input).
    params, fields, actor_mask
        What produced the scores, kept for :func:`cell_breakdown` and :func:`neighbour_summary`.
    """

    scores: np.ndarray
    factors: pd.DataFrame
    notes: tuple[str, ...]
    params: RiskParams
    fields: DistanceFields = field(repr=False)
    actor_mask: np.ndarray = field(repr=False)


@lru_cache(maxsize=1)
def default_grid() -> gpd.GeoDataFrame:
    """The default grid over the bundled ``"web"`` countries (cached: ``.copy()`` before mutating)."""
    settings = grid_settings()
    return make_grid(countries("web"), "Afghanistan", settings.max_distance_km, settings.cell_edge_km)


def score(
    fields: DistanceFields, params: RiskParams | None = None, selected_actors: Iterable[str] | None = None,
) -> ScoreResult:
    """Score every cell from precomputed distances: numpy arithmetic only.

    Parameters
    ----------
    fields
        From :func:`precompute`.
    params
        Weights, decay and status weights; default :func:`default_params`.
    selected_actors
        Actor names to include (``None`` = all). An empty selection zeroes the actor factor
        and adds a note; it does not recompute any distance.
    """
    params = params or default_params()
    notes = [*fields.notes, *params.notes]
    decay_km = params.decay_km
    names = fields.actor_name
    mask = np.ones(len(names), bool) if selected_actors is None else np.isin(names, list(selected_actors))
    status_w = np.array([params.status_weights.get(s, 0.0) for s in fields.actor_status], dtype=float)
    unknown = sorted(set(fields.actor_status) - set(params.status_weights))
    if unknown:
        notes.append(f"Actor features with status {unknown} count zero: the model has no weight for them.")
    if len(names) == 0:
        notes.append("There are no actor features in this essay bundle, "
                     "so the actor factor is zero everywhere.")
    elif not mask.any():
        notes.append("No actor is selected, so the actor factor is zero everywhere.")
    if not np.isfinite(fields.crossing_m).any():
        notes.append("There are no border crossings, so the crossings factor is zero everywhere.")
    if not np.isfinite(fields.pathway_m).any():
        notes.append("There are no pathways, so the pathways factor is zero everywhere.")
    seg_w = segment_weights(fields.border_length_km, fields.border_neighbour, params.permeability,
                            params.default_permeability, params.length_exponent)
    values = {
        "actors": actor_factor(fields.actor_m, status_w * mask, decay_km),
        "crossings": crossing_factor(fields.crossing_m, decay_km),
        "corridors": corridor_factor(fields.corridor_m, decay_km),
        "pathways": pathway_factor(fields.pathway_m, decay_km),
        "border": border_factor(fields.border_m, seg_w, decay_km),
    }
    weights = np.array([params.weights[f] for f in FACTORS])
    stacked = np.column_stack([values[f] for f in FACTORS])
    scores = stacked @ weights / len(FACTORS)
    if not weights.any():
        notes.append("Every weight is zero, so every cell scores zero.")
    factors = pd.DataFrame(stacked, columns=list(FACTORS), index=fields.grid["cell_id"].to_numpy())
    factors.index.name = "cell_id"
    return ScoreResult(scores, factors, tuple(notes), params, fields, mask)


def scored_cells(result: ScoreResult) -> gpd.GeoDataFrame:
    """The cells in EPSG:4326 with ``score`` and one column per factor, for the map layer."""
    cells = result.fields.cells_wgs84.copy()
    cells["score"] = result.scores
    for name in FACTORS:
        cells[name] = result.factors[name].to_numpy()
    return cells


def benchmark_risk(repeats: int = 25, actors=None, crossings=None, pathways=None) -> dict:
    """Time the default grid, one precompute and ``repeats`` scorings (median) in milliseconds.

    Without inputs it uses synthetic features (a 100 km lattice of points in Afghanistan,
    points every 150 km along its borders, the Wakhan centreline): they are for timing only.
    """
    t0 = time.perf_counter()
    grid = default_grid.__wrapped__()
    grid_ms = (time.perf_counter() - t0) * 1000
    if actors is None or crossings is None or pathways is None:
        synth = _synthetic_inputs()
        actors = synth[0] if actors is None else actors
        crossings = synth[1] if crossings is None else crossings
        pathways = synth[2] if pathways is None else pathways
    default_borders(), default_corridors()  # base-map geometry, cached once per process as in the app
    t0 = time.perf_counter()
    fields = precompute(grid, actors, crossings, pathways)
    precompute_ms = (time.perf_counter() - t0) * 1000
    params = default_params()
    timings = []
    for i in range(max(repeats, 1)):
        t0 = time.perf_counter()
        score(fields, params.with_values(decay_km=params.decay_km + (i % 2)))
        timings.append((time.perf_counter() - t0) * 1000)
    return {"cells": len(grid), "cell_area_km2": round(grid_settings().cell_area_km2, 1),
            "actor_features": int(fields.actor_m.shape[1]), "grid_ms": round(grid_ms, 1),
            "precompute_ms": round(precompute_ms, 1), "score_ms": round(float(np.median(timings)), 2),
            "score_ms_max": round(max(timings), 2), "score_repeats": len(timings)}


def _synthetic_inputs() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Timing-only stand-ins derived from the base map (no real place or claim)."""
    from geo.core.geometry import REGION_EQUAL_AREA, WGS84
    from geo.geography.countries import country
    from geo.geography.wakhan import wakhan_corridor

    afg = gpd.GeoSeries([country("Afghanistan")], crs=WGS84).to_crs(REGION_EQUAL_AREA).iloc[0]
    x0, y0, x1, y1 = afg.bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, 100_000.0), np.arange(y0, y1, 100_000.0))
    pts = gpd.GeoSeries(gpd.points_from_xy(xs.ravel(), ys.ravel()), crs=REGION_EQUAL_AREA)
    pts = pts[pts.within(afg)].to_crs(WGS84).reset_index(drop=True)
    statuses = ["documented", "reported", "alleged", "essay_argument"]
    labels = {"status": [statuses[i % 4] for i in range(len(pts))],
              "actor": [f"synthetic {i % 5}" for i in range(len(pts))]}
    actors = gpd.GeoDataFrame(labels, geometry=pts, crs=WGS84)
    lines = default_borders().to_crs(REGION_EQUAL_AREA).geometry
    stops = [line.interpolate(d) for line in lines for d in np.arange(0, line.length, 150_000.0)]
    crossings = gpd.GeoDataFrame(geometry=gpd.GeoSeries(stops, crs=REGION_EQUAL_AREA).to_crs(WGS84))
    centreline = wakhan_corridor(country("Afghanistan")).centreline
    pathways = gpd.GeoDataFrame(geometry=[centreline], crs=WGS84)
    return actors, crossings, pathways
