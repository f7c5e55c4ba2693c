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

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.geography import countries
from geo.risk.factors import (
    FACTORS,
    DistanceFields,
    actor_factor,
    border_factor,
    corridor_factor,
    crossing_factor,
    pathway_factor,
    segment_weights,
)
from geo.risk.grid import make_grid
from geo.risk.params import RiskParams, default_params, grid_settings

#: What the model explores when a bundle gives no framing of its own (``[map] framing``).
NEUTRAL_FRAMING = ("A way to explore where, in Afghanistan's neighbours, the places the essay's claims "
                   "name lie near borders, crossings and the routes it argues.")

_METHOD_TEMPLATE = """\
**What this layer is.** {framing} It **illustrates the essay's argument; it is not a forecast**
and does not measure any real probability.

**How a cell is scored.** The neighbours' territory near Afghanistan (by default within 400 km of
it) is divided into hexagons of about 314 km² each, drawn in an equal-area map projection so
every cell has the same area. Each cell gets five factors between 0 and 1, each falling off with
distance *d* from the cell's centre as exp(−*d* / decay), so a factor is 1 on the feature,
0.37 at the decay distance and nearly 0 at three times it:

- **Actors** — nearness to the places where the bundle's claims put the actors whose roles you
  tick (by default armed groups only: not the de facto authority, the armed opposition or
  individuals), each counted by how well it is attested (documented > reported > alleged > the
  essay's own argument > uncited context). Claims that cover a whole country are never counted:
  they are equally near every cell and would only measure distance to that country. Several
  nearby features add up, but never past 1.
- **Crossings** — nearness to the closest border crossing.
- **Corridors** — {corridors}
- **Pathways** — nearness to the essay's own routes (its route claims with status essay's
  argument), when it has any.
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


def method_markdown(framing: str | None = None, corridors: Iterable[str] = ()) -> str:
    """The plain-language account of the model the Risk page shows, worded for one bundle.

    Parameters
    ----------
    framing
        The bundle's own sentence on what the essay argues (``bundle.toml [map] framing``);
        :data:`NEUTRAL_FRAMING` when ``None``.
    corridors
        Display names of the corridors the corridor factor measures (e.g. ``"Wakhan Corridor"``);
        none says the factor is zero.

    Returns
    -------
    str
        Markdown. ``framing`` is inserted as given: escape it first if it is not trusted.
    """
    names = list(corridors)
    corridor_text = ("nearness to " + " and ".join(f"the {n}" for n in names) + "." if names
                     else "nearness to a corridor the essay bundle names; this bundle names none, so it is 0.")
    return _METHOD_TEMPLATE.format(framing=framing or NEUTRAL_FRAMING, corridors=corridor_text)


#: The account with neutral wording (no bundle framing, no corridor).
METHOD_MARKDOWN = method_markdown()


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
    roles
        The actor roles that fed the actor factor.
    """

    scores: np.ndarray
    factors: pd.DataFrame
    notes: tuple[str, ...]
    params: RiskParams
    fields: DistanceFields = field(repr=False)
    actor_mask: np.ndarray = field(repr=False)
    roles: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def default_grid() -> gpd.GeoDataFrame:
    """The default hexagon grid over Afghanistan's neighbours, near Afghanistan.

    Built by :func:`geo.risk.make_grid` from the bundled ``"web"`` countries with the cell
    size and reach in ``data/risk/model.toml``. Cached: ``.copy()`` before mutating.

    Returns
    -------
    geopandas.GeoDataFrame
        Unlike every other frame here, NOT in EPSG:4326: ``geometry`` (whole hexagons) and
        ``x``/``y`` (cell centres) are in :data:`geo.core.REGION_EQUAL_AREA` (Lambert
        azimuthal equal-area centred 37°N 68°E, metres). Columns :data:`geo.risk.grid.GRID_COLUMNS`:
        ``cell_id`` (0..n-1), ``country``, ``x``, ``y``, ``lon``/``lat`` (centre, degrees),
        ``afghanistan_km`` (centre's distance to Afghanistan, km), ``geometry``.
    """
    settings = grid_settings()
    return make_grid(countries("web"), "Afghanistan", settings.max_distance_km, settings.cell_edge_km)


def score(
    fields: DistanceFields, params: RiskParams | None = None, selected_actors: Iterable[str] | None = None,
    selected_roles: Iterable[str] | None = None,
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
    selected_roles
        Actor roles to include (``None`` = ``params.actor_roles``, by default armed groups).
        Features without a role (frames from outside a bundle) are not filtered by role.
    """
    params = params or default_params()
    notes = [*fields.notes, *params.notes]
    decay_km = params.decay_km
    names = fields.actor_name
    chosen = None if selected_actors is None else list(selected_actors)
    mask = np.ones(len(names), bool) if chosen is None else np.isin(names, chosen)
    roles = list(params.actor_roles if selected_roles is None else selected_roles)
    roles_of = fields.actor_role if len(fields.actor_role) == len(names) else np.full(len(names), "", dtype=object)
    mask &= np.isin(roles_of, roles) | (roles_of == "")
    status_w = np.array([params.status_weights.get(s, 0.0) for s in fields.actor_status], dtype=float)
    unknown = sorted(set(fields.actor_status) - set(params.status_weights))
    if unknown:
        notes.append(f"Actor features with status {unknown} count zero: the model has no weight for them.")
    if len(names) == 0:
        notes.append("No claim of this essay bundle feeds the actor factor, so it is zero everywhere.")
    elif not mask.any():
        notes.append("No actor is selected, so the actor factor is zero everywhere."
                     if chosen is not None and not chosen
                     else "No selected actor has a ticked role, so the actor factor is zero everywhere.")
    if not np.isfinite(fields.crossing_m).any():
        notes.append("There are no border crossings, so the crossings factor is zero everywhere.")
    if not np.isfinite(fields.corridor_m).any():
        notes.append("The essay bundle names no corridor, so the corridors factor is zero everywhere.")
    if not np.isfinite(fields.pathway_m).any():
        notes.append("The essay bundle draws no pathway (no route claim the essay argues), so the pathways "
                     "factor is zero everywhere.")
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
    return ScoreResult(scores, factors, tuple(notes), params, fields, mask, tuple(roles))


def scored_cells(result: ScoreResult) -> gpd.GeoDataFrame:
    """The cells in EPSG:4326 with ``score`` and one column per factor, for the map layer."""
    cells = result.fields.cells_wgs84.copy()
    cells["score"] = result.scores
    for name in FACTORS:
        cells[name] = result.factors[name].to_numpy()
    return cells
