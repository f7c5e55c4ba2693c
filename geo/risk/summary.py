"""Read-outs of a scored grid: one clicked cell's breakdown and the per-neighbour table.

Both work only from a :class:`geo.risk.model.ScoreResult` (scores, factors, and the distance
fields that produced them), so they cost no geometry work when a slider moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.geography import published_lengths
from geo.risk.factors import FACTORS

if TYPE_CHECKING:
    from geo.risk.model import ScoreResult

#: Distances (km) from each neighbour's border within which actor features are counted.
SUMMARY_BANDS_KM = (50, 100, 200)
#: A crossing counts for the border segment nearest to it when within this distance.
CROSSING_SNAP_KM = 25.0


def cell_breakdown(result: ScoreResult, cell_id: int) -> dict:
    """Factor-by-factor account of one cell's score; the contributions add up to ``score``.

    Each factor row names what drives it (for actors: the nearest contributing claim, its
    actor and status); ``nearest_actor_claim`` is that claim's id ("" when none counts).

    Raises
    ------
    KeyError
        When ``cell_id`` is not a cell of this grid.
    """
    fields = result.fields
    if cell_id not in result.factors.index:
        raise KeyError(f"There is no cell {cell_id!r} in this grid (ids run 0–{fields.n_cells - 1}).")
    row = int(result.factors.index.get_loc(cell_id))
    cell = fields.grid.iloc[row]
    nearest = _nearest_details(result, row)
    nearest_claim = nearest.pop("_nearest_actor_claim", "")
    rows = []
    for name in FACTORS:
        value = float(result.factors.iat[row, FACTORS.index(name)])
        weight = float(result.params.weights[name])
        rows.append({"factor": name, "value": value, "weight": weight,
                     "contribution": weight * value / len(FACTORS), **nearest[name]})
    return {"cell_id": int(cell_id), "country": cell["country"], "lon": float(cell["lon"]),
            "lat": float(cell["lat"]), "score": float(result.scores[row]), "decay_km": result.params.decay_km,
            "nearest_actor_claim": nearest_claim, "factors": rows}


def _nearest_details(result: ScoreResult, row: int) -> dict[str, dict]:
    """Distance (km) to what drives each factor in one cell, and a short description."""
    fields = result.fields

    def km(metres: float) -> float | None:
        return round(metres / 1000.0, 1) if np.isfinite(metres) else None

    single = {"crossings": fields.crossing_m, "corridors": fields.corridor_m, "pathways": fields.pathway_m}
    out = {name: {"distance_km": km(float(d[row])), "detail": ""} for name, d in single.items()}
    status_w = result.params.status_weights
    weighted = np.array([status_w.get(s, 0.0) > 0 for s in fields.actor_status], dtype=bool)
    counted = result.actor_mask & weighted
    if counted.any():
        d = np.where(counted, fields.actor_m[row], np.inf)
        k = int(np.argmin(d))
        label = fields.actor_label[k] if len(fields.actor_label) > k and fields.actor_label[k] else ""
        # The claim's label names its actor in words; the actor id is only the fallback.
        detail = f"nearest: {label or fields.actor_name[k]} ({fields.actor_status[k].replace('_', ' ')})"
        out["actors"] = {"distance_km": km(d[k]), "detail": detail}
        out["_nearest_actor_claim"] = str(fields.actor_claim[k]) if len(fields.actor_claim) > k else ""
    else:
        out["actors"] = {"distance_km": None, "detail": "no selected actor feature counts"}
    if fields.border_m.shape[1]:
        k = int(np.argmin(fields.border_m[row]))
        detail = f"nearest: {fields.border_neighbour[k]}"
        out["border"] = {"distance_km": km(fields.border_m[row, k]), "detail": detail}
    else:
        out["border"] = {"distance_km": None, "detail": "no border segments"}
    return out


def neighbour_summary(result: ScoreResult, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per neighbour of Afghanistan: border lengths, crossings, nearby actors, risk.

    ``published`` defaults to :func:`geo.geography.published.published_lengths` (columns
    ``neighbour``, ``source``, ``length_km``); pass an empty frame to leave those columns blank.

    Columns: ``neighbour``, ``border_km`` (computed, geodesic, Natural Earth 1:10m),
    ``published_km`` (text: each published figure with its source), ``published_min_km``,
    ``published_max_km``, ``crossings`` (crossings whose nearest Afghan border segment is this
    one, within :data:`CROSSING_SNAP_KM`), ``actors_within_{50,100,200}km`` (selected actor
    features within that distance of this border), ``cells``, ``mean_risk``, ``max_risk``.
    """
    fields = result.fields
    published = published_lengths() if published is None else published
    crossing_d = fields.crossing_to_border_m
    if crossing_d.size:
        crossing_seg = np.argmin(crossing_d, axis=1)
        crossing_ok = crossing_d.min(axis=1) <= CROSSING_SNAP_KM * 1000
    else:
        crossing_seg = crossing_ok = np.zeros(len(crossing_d), dtype=bool)
    country = fields.grid["country"].to_numpy()
    rows = []
    for k, name in enumerate(fields.border_neighbour):
        pub = published[published["neighbour"] == name]
        cells = result.scores[country == name]
        row = {
            "neighbour": name,
            "border_km": float(fields.border_length_km[k]),
            "published_km": "; ".join(
                f"{v:,.0f} km ({s})" for s, v in zip(pub["source"], pub["length_km"], strict=True)),
            "published_min_km": float(pub["length_km"].min()) if len(pub) else np.nan,
            "published_max_km": float(pub["length_km"].max()) if len(pub) else np.nan,
            "crossings": int(np.sum(crossing_ok & (crossing_seg == k))),
        }
        for band in SUMMARY_BANDS_KM:
            near = fields.actor_to_border_m[:, k] <= band * 1000
            row[f"actors_within_{band}km"] = int(np.sum(near & result.actor_mask))
        row.update(cells=len(cells), mean_risk=float(cells.mean()) if len(cells) else np.nan,
                   max_risk=float(cells.max()) if len(cells) else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)
